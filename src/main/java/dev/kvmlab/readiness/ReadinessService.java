package dev.kvmlab.readiness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.Settings;
import dev.kvmlab.host.HostCommands;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.LocalSystem;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.lab.HostConnector;

/**
 * Runs the readiness check for {@code host check}: reads the host once and, on the machine itself,
 * adds what {@code virt-host-validate qemu} says. When libvirt cannot be reached the local facts are
 * still checked, and the libvirt line says why.
 */
@Service
public class ReadinessService {

	/** The items, plus virt-host-validate's own lines (empty when it is not installed or the host is remote). */
	public record Report(String uri, boolean practice, List<ReadinessItem> items, List<String> virtHostValidate,
			boolean virtHostValidateMissing) {
	}

	private final HostConnector connector;

	private final Settings settings;

	private final ReadinessCheck check;

	public ReadinessService(HostConnector connector, Settings settings, ReadinessCheck check) {
		this.connector = connector;
		this.settings = settings;
		this.check = check;
	}

	public Report run() {
		String uri = settings.uri();
		HostSnapshot snapshot;
		try (LibvirtHost host = connector.open(true)) {
			snapshot = host.snapshot(ReadinessCheck.needs());
		}
		catch (KvmlabException e) {
			Lookup<dev.kvmlab.host.HostFacts> facts = LibvirtHost.isLocalUri(uri) ? Lookup.found(LocalSystem.real().facts())
					: Lookup.unsupported("remote host: facts not read");
			snapshot = new HostSnapshot(uri, false, Instant.now(), Map.of("default", Lookup.failed("libvirt not reachable")),
					Lookup.unsupported("not asked"), Map.of("default", Lookup.failed("libvirt not reachable")), Map.of(),
					Lookup.unsupported("not asked"), facts, Lookup.failed(e.getMessage()));
		}
		List<String> vhv = new ArrayList<>();
		HostCommands commands = new HostCommands();
		boolean missing = false;
		if (LibvirtHost.isLocalUri(uri)) {
			if (commands.available("virt-host-validate")) {
				try { // it exits non-zero when something FAILs; its lines are wanted all the same
					vhv.addAll(commands.output(List.of("virt-host-validate", "qemu")).lines().map(String::strip)
						.filter(l -> !l.isEmpty()).toList());
				}
				catch (HostException e) {
					vhv.add(e.getMessage());
				}
			}
			else {
				missing = true;
			}
		}
		return new Report(uri, snapshot.practice(), check.evaluate(snapshot), vhv, missing);
	}
}
