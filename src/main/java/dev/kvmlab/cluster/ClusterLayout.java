package dev.kvmlab.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the two-host cluster lives and what its parts are called: the state folder (default
 * {@code /var/lib/kvmlab/cluster}, or {@code KVMLAB_CLUSTER_DIR}), the hosts with their addresses
 * and fixed host UUIDs, and the names of its network namespaces, bridge and cgroup. One cluster per
 * machine; everything here is derived, so kvmlab and {@code cluster.sh} agree without asking.
 */
public record ClusterLayout(Path dir, List<ClusterHost> hosts, String bridgeNetns, String bridge, String netnsPrefix,
		String cgroup, int prefixLength) {

	public static final Path DEFAULT_DIR = Path.of("/var/lib/kvmlab/cluster");

	/** The host names, which {@code --connect} also takes as aliases of their URIs. */
	public static final List<String> HOST_NAMES = List.of("lab-host-a", "lab-host-b");

	private static final String SUBNET = "10.77.0.";

	/** kvmlab's iSCSI qualified names: "iqn." + the month the name was taken + the reversed domain + ":". */
	public static final String IQN_PREFIX = "iqn.2026-11.dev.kvmlab:";

	/** One host of the cluster: its name (hostname and alias), address on the cluster bridge, libvirt host UUID. */
	public record ClusterHost(String name, String address, String uuid) {
	}

	/** The cluster in {@code KVMLAB_CLUSTER_DIR}, else in {@link #DEFAULT_DIR}. */
	public static ClusterLayout standard() {
		String env = System.getenv("KVMLAB_CLUSTER_DIR");
		return of(env != null && !env.isBlank() ? Path.of(env) : DEFAULT_DIR, machineId(Path.of("/etc/machine-id")));
	}

	/**
	 * The layout in {@code dir}. Host UUIDs derive from the machine id and the host name: fixed
	 * across restarts (libvirt makes a new one at every start otherwise) and different per host
	 * (equal ones make libvirt refuse a migration "to the same host").
	 */
	public static ClusterLayout of(Path dir, String machineId) {
		List<ClusterHost> hosts = new java.util.ArrayList<>();
		for (int i = 0; i < HOST_NAMES.size(); i++) {
			String name = HOST_NAMES.get(i);
			hosts.add(new ClusterHost(name, SUBNET + (11 + i), UUID
				.nameUUIDFromBytes(("kvmlab-cluster/" + machineId + "/" + name).getBytes(StandardCharsets.UTF_8)).toString()));
		}
		return new ClusterLayout(dir.toAbsolutePath().normalize(), List.copyOf(hosts), "kvmlab-cluster", "br0", "kvmlab-",
				"kvmlab-cluster", 24);
	}

	static String machineId(Path file) {
		try {
			return Files.readString(file).strip();
		}
		catch (IOException e) {
			return "";
		}
	}

	public Optional<ClusterHost> host(String name) {
		return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
	}

	/** The host's folder in the state folder ({@code <dir>/<name>}). */
	public Path hostDir(ClusterHost host) {
		return dir.resolve(host.name());
	}

	public String netns(ClusterHost host) {
		return netnsPrefix + host.name();
	}

	/** The URI of the host from this machine's own namespaces: its libvirtd's UNIX socket. */
	public String socketUri(ClusterHost host) {
		return "qemu:///system?socket=" + hostDir(host).resolve("run").resolve("libvirt-sock");
	}

	/** The URI by which the hosts reach each other (TCP on the cluster bridge; names resolve only inside the cluster). */
	public static String peerUri(ClusterHost host) {
		return "qemu+tcp://" + host.name() + "/system";
	}

	/** The cluster host a URI points at (its socket URI), if any. */
	public Optional<ClusterHost> hostOfUri(String uri) {
		return hosts.stream().filter(h -> socketUri(h).equals(uri)).findFirst();
	}

	/**
	 * {@code --connect lab-host-a}: a cluster host's name stands for its socket URI (in the standard
	 * cluster folder); any other URI is returned as it is.
	 */
	public static String resolveAlias(String uriOrName) {
		return uriOrName != null && HOST_NAMES.contains(uriOrName) ? standard().resolve(uriOrName) : uriOrName;
	}

	/** A host name stands for its socket URI ({@code --connect lab-host-a}); anything else is returned as it is. */
	public String resolve(String uriOrName) {
		return host(uriOrName).map(this::socketUri).orElse(uriOrName);
	}

	/** The storage network's address on the cluster bridge: where {@code cluster.sh san-up} serves iSCSI targets. */
	public String sanAddress() {
		return SUBNET + "1";
	}

	/** The IQN of a lab's iSCSI target ({@code lab-shared} gives {@code iqn.2026-11.dev.kvmlab:lab-shared}). */
	public static String iqn(String target) {
		return IQN_PREFIX + target;
	}

	/** Where the iSCSI target daemon keeps its control socket and log, and each target its LUN file. */
	public Path sanDir() {
		return dir.resolve("san");
	}

	/** A folder that has the same path on every host (not bind-mounted over): guest kernels for migration. */
	public Path sharedDir() {
		return dir.resolve("shared");
	}
}
