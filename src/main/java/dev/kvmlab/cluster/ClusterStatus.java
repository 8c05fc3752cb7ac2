package dev.kvmlab.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kvmlab.cluster.ClusterLayout.ClusterHost;

/**
 * What the cluster looks like now: whether it exists, its bridge namespace, and per host its
 * namespaces, daemons and whether its libvirtd answers (with the host UUID and libvirt version it
 * reports). Built from the {@code key=value} lines of {@code cluster.sh status} and a read-only
 * libvirt connection to each host.
 */
public record ClusterStatus(ClusterLayout layout, boolean exists, boolean bridge, List<HostStatus> hosts, List<String> sanTargets) {

	public enum State {
		/** Nothing of the cluster is on this machine. */
		ABSENT,
		/** Every host answers on its URI. */
		UP,
		/** Some of it is there, but not every host answers. */
		DEGRADED
	}

	/** Why a host is down. */
	public enum Problem {
		NAMESPACES_GONE, LIBVIRTD_NOT_RUNNING, LIBVIRTD_NOT_ANSWERING;

		/** The name in JSON and message keys: {@code namespaces-gone} ... */
		public String key() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}
	}

	/** One host: what {@code cluster.sh status} saw, and what its libvirtd said when asked. */
	public record HostStatus(ClusterHost host, String socketUri, boolean netns, String holder, String libvirtd,
			String virtlogd, String hostname, String address, Probe probe) {

		public boolean up() {
			return problem() == null;
		}

		/** Why the host is down, the first of: its namespaces are gone, libvirtd is not running, libvirtd does not answer; null when up. */
		public Problem problem() {
			if (!netns || holder == null) {
				return Problem.NAMESPACES_GONE;
			}
			if (libvirtd == null) {
				return Problem.LIBVIRTD_NOT_RUNNING;
			}
			return probe == null || probe.error() != null ? Problem.LIBVIRTD_NOT_ANSWERING : null;
		}

		HostStatus withProbe(Probe p) {
			return new HostStatus(host, socketUri, netns, holder, libvirtd, virtlogd, hostname, address, p);
		}
	}

	/** A libvirt connection's answer: host UUID and version, or why it could not be asked. */
	public record Probe(String uuid, String libvirtVersion, String error) {

		public static Probe failed(String error) {
			return new Probe(null, null, error);
		}
	}

	public State state() {
		if (!exists) {
			return State.ABSENT;
		}
		return bridge && hosts.stream().allMatch(HostStatus::up) ? State.UP : State.DEGRADED;
	}

	/** No cluster here: every host absent. */
	static ClusterStatus absent(ClusterLayout layout) {
		List<HostStatus> hosts = layout.hosts().stream()
			.map(h -> new HostStatus(h, layout.socketUri(h), false, null, null, null, null, null, null)).toList();
		return new ClusterStatus(layout, false, false, hosts, List.of());
	}

	/** Reads {@code cluster.sh status} output ({@code key=value} lines); probes are added later. */
	static ClusterStatus parse(ClusterLayout layout, String output) {
		Map<String, String> kv = new LinkedHashMap<>();
		output.lines().forEach(l -> {
			int eq = l.indexOf('=');
			if (eq > 0) {
				kv.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
			}
		});
		List<HostStatus> hosts = new ArrayList<>();
		for (ClusterHost h : layout.hosts()) {
			String p = "host." + h.name() + ".";
			hosts.add(new HostStatus(h, layout.socketUri(h), "present".equals(kv.get(p + "netns")), pid(kv.get(p + "holder")),
					pid(kv.get(p + "libvirtd")), pid(kv.get(p + "virtlogd")), blank(kv.get(p + "hostname")),
					blank(kv.get(p + "eth0")), null));
		}
		String targets = blank(kv.get("san.targets"));
		return new ClusterStatus(layout, "present".equals(kv.get("journal")), "present".equals(kv.get("bridge.netns")), hosts,
				targets == null ? List.of() : List.of(targets.split("\\s+")));
	}

	ClusterStatus withHosts(List<HostStatus> probed) {
		return new ClusterStatus(layout, exists, bridge, probed, sanTargets);
	}

	private static String pid(String value) {
		return value == null || !value.matches("\\d+") ? null : value;
	}

	private static String blank(String value) {
		return value == null || value.isBlank() ? null : value;
	}
}
