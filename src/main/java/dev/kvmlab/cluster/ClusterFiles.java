package dev.kvmlab.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.kvmlab.cluster.ClusterLayout.ClusterHost;
import dev.kvmlab.progress.AtomicFiles;

/**
 * The files kvmlab writes into the cluster's state folder before {@code cluster.sh} runs: the script
 * itself, {@code cluster.env} (the layout, for the script), {@code hosts} (the /etc/hosts of every
 * host), each host's {@code etc/libvirtd.conf}, and {@code sysctl.want}. The texts are pure
 * functions of the layout, so writing them again changes nothing.
 */
final class ClusterFiles {

	static final String SCRIPT = "cluster.sh";

	static final String JOURNAL = "journal";

	/** The host's folders, relative to its folder; {@code lib/hugepages} is where its hugetlbfs is mounted. */
	static final List<String> HOST_DIRS = List.of("etc", "run", "lib", "lib/hugepages", "log", "cache");

	/** Host folder : the machine's libvirt folder it is bind-mounted on inside the host. */
	static final List<String> MOUNTS = List.of("etc:/etc/libvirt", "run:/run/libvirt", "lib:/var/lib/libvirt",
			"log:/var/log/libvirt", "cache:/var/cache/libvirt");

	/** Kernel settings the cluster needs while it is up (restored by {@code cluster down}): post-copy migration. */
	static final List<String> SYSCTLS = List.of("vm.unprivileged_userfaultfd 1");

	private ClusterFiles() {
	}

	static String env(ClusterLayout layout) {
		return "# written by kvmlab (cluster up): the layout cluster.sh works with\n"
				+ "HOSTS=(" + layout.hosts().stream().map(ClusterHost::name).collect(Collectors.joining(" ")) + ")\n"
				+ "ADDRS=(" + layout.hosts().stream().map(ClusterHost::address).collect(Collectors.joining(" ")) + ")\n"
				+ "PREFIX=" + layout.prefixLength() + "\n"
				+ "BRIDGE_NS=" + layout.bridgeNetns() + "\n"
				+ "BRIDGE=" + layout.bridge() + "\n"
				+ "NS_PREFIX=" + layout.netnsPrefix() + "\n"
				+ "CGROUP=" + layout.cgroup() + "\n"
				+ "HOST_DIRS=(" + String.join(" ", HOST_DIRS) + ")\n"
				+ "MOUNTS=(" + String.join(" ", MOUNTS) + ")\n"
				+ "SAN_ADDR=" + layout.sanAddress() + "\n";
	}

	static String hosts(ClusterLayout layout) {
		StringBuilder out = new StringBuilder("# /etc/hosts inside every host of the kvmlab cluster\n");
		out.append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
		layout.hosts().forEach(h -> out.append(h.address()).append('\t').append(h.name()).append('\n'));
		return out.toString();
	}

	static String libvirtdConf(ClusterHost host) {
		return "# libvirtd of " + host.name() + " in the kvmlab cluster (written by `kvmlab cluster up`)\n"
				+ "# TCP without authentication, on this host's address only: that address exists only inside the\n"
				+ "# cluster's private network namespaces, never on the machine's own network.\n"
				+ "listen_tls = 0\n"
				+ "listen_tcp = 1\n"
				+ "listen_addr = \"" + host.address() + "\"\n"
				+ "auth_tcp = \"none\"\n"
				+ "# fixed and different per host: equal UUIDs make libvirt refuse a migration \"to the same host\"\n"
				+ "host_uuid = \"" + host.uuid() + "\"\n"
				+ "log_outputs = \"3:file:/var/log/libvirt/libvirtd.log\"\n";
	}

	/**
	 * Makes the state folder (recording in the journal the parent folders that kvmlab made, so that
	 * {@code cluster down} removes them again) and writes every file {@code cluster up} needs.
	 */
	static void writeAll(ClusterLayout layout) throws IOException {
		Path dir = layout.dir();
		List<Path> made = new ArrayList<>();
		for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
			made.add(0, p);
		}
		if (made.isEmpty() && !Files.exists(dir.resolve(JOURNAL)) && !isEmpty(dir)) {
			throw new IOException(dir + " exists and is not a kvmlab cluster folder (it has no journal); not using it");
		}
		Files.createDirectories(dir);
		StringBuilder parents = new StringBuilder();
		made.stream().filter(p -> !p.equals(dir)).forEach(p -> parents.append("parent ").append(p).append('\n'));
		Files.writeString(dir.resolve(JOURNAL), parents, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		writeScript(layout);
		put(dir.resolve("hosts"), hosts(layout));
		put(dir.resolve("sysctl.want"), String.join("\n", SYSCTLS) + "\n");
		Files.createDirectories(layout.sharedDir());
		for (ClusterHost host : layout.hosts()) {
			Path etc = layout.hostDir(host).resolve("etc");
			Files.createDirectories(etc);
			put(etc.resolve("libvirtd.conf"), libvirtdConf(host));
		}
	}

	/** The script (from kvmlab's own resources, so it always matches this kvmlab) and the layout it reads. */
	static void writeScript(ClusterLayout layout) throws IOException {
		try (InputStream in = ClusterFiles.class.getResourceAsStream("/cluster/" + SCRIPT)) {
			if (in == null) {
				throw new IOException("cluster/" + SCRIPT + " is missing from kvmlab's resources");
			}
			Path script = layout.dir().resolve(SCRIPT);
			if (put(script, new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
				Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
		put(layout.dir().resolve("cluster.env"), env(layout));
	}

	/**
	 * Writes only what changed (true when it wrote): a running host has {@code hosts} bind-mounted and
	 * keeps the file it mounted, and {@code cluster status} reads without writing.
	 */
	private static boolean put(Path file, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
			return false;
		}
		AtomicFiles.write(file, bytes);
		return true;
	}

	private static boolean isEmpty(Path dir) throws IOException {
		try (var s = Files.list(dir)) {
			return s.findAny().isEmpty();
		}
	}
}
