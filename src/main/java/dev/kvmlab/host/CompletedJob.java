package dev.kvmlab.host;

import java.util.Map;

/**
 * The statistics of a domain's last completed job on a host ({@code virsh domjobinfo --completed}):
 * after a migration, its time, downtime and the memory it moved. Absent when the domain does not
 * exist; found but empty when no job has completed there (or the domain has stopped since).
 */
public record CompletedJob(String domain) implements Need.Reading<Map<String, String>> {

	@Override
	public Lookup<Map<String, String>> read(LibvirtHost host) {
		if (host.findDomain(domain) == null) {
			return Lookup.absent();
		}
		try {
			return Lookup.found(host.completedJob(domain));
		}
		catch (HostException e) {
			if ("VIR_ERR_NO_SUPPORT".equals(e.code())) {
				return Lookup.unsupported("this host's driver keeps no job statistics");
			}
			throw e;
		}
	}
}
