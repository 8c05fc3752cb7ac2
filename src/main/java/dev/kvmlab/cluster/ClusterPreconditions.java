package dev.kvmlab.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.kvmlab.host.LocalSystem;

/**
 * What {@code cluster up} needs from this machine, checked before anything is made: root, the tools
 * (iproute2, util-linux, libvirt's daemons), network, mount, UTS and cgroup namespaces, the file
 * systems it mounts inside each host, cgroup v1 hierarchies, Linux bridges and veth pairs, and
 * libvirt's folders to mount over. Reads the machine through {@link LocalSystem}, so tests describe another one.
 */
public final class ClusterPreconditions {

	/** A reason the cluster cannot be built here: a message key and its arguments. */
	public record Problem(String key, Object... args) {
	}

	/** Tool and the Debian package that has it. */
	static final List<String[]> TOOLS = List.of(new String[] { "ip", "iproute2" }, new String[] { "unshare", "util-linux" },
			new String[] { "nsenter", "util-linux" }, new String[] { "setsid", "util-linux" },
			new String[] { "flock", "util-linux" }, new String[] { "mount", "mount" },
			new String[] { "libvirtd", "libvirt-daemon-system" }, new String[] { "virtlogd", "libvirt-daemon-system" },
			new String[] { "virsh", "libvirt-clients" }, new String[] { "sysctl", "procps" },
			new String[] { "hostname", "hostname" });

	private final LocalSystem machine;

	private final Predicate<String> tool;

	public ClusterPreconditions(LocalSystem machine, Predicate<String> tool) {
		this.machine = machine;
		this.tool = tool;
	}

	private Path at(String absolute) {
		return machine.at(absolute);
	}

	private List<String> lines(String absolute) {
		return machine.lines(absolute);
	}

	/** Refusal when kvmlab does not run as root (effective uid); empty when it does. */
	public List<Problem> notRoot() {
		String uid = lines("/proc/self/status").stream().filter(l -> l.startsWith("Uid:")).map(l -> l.split("\\s+"))
			.filter(f -> f.length > 2).map(f -> f[2]).findFirst().orElse("?");
		return uid.equals("0") ? List.of() : List.of(new Problem("cluster.refuse.root", uid));
	}

	/** Every reason the cluster cannot be built here; empty when it can. */
	public List<Problem> check() {
		List<Problem> out = new ArrayList<>(notRoot());
		for (String[] t : TOOLS) {
			if (!tool.test(t[0])) {
				out.add(new Problem("cluster.refuse.tool", t[0], t[1]));
			}
		}
		for (String ns : List.of("net", "mnt", "uts", "cgroup")) {
			if (!Files.exists(at("/proc/self/ns/" + ns))) {
				out.add(new Problem("cluster.refuse.namespace", ns));
			}
		}
		List<String> filesystems = lines("/proc/filesystems").stream().map(l -> l.replace("nodev", "").strip()).toList();
		for (String fs : List.of("sysfs", "tmpfs", "cgroup", "hugetlbfs")) {
			if (!filesystems.contains(fs)) {
				out.add(new Problem("cluster.refuse.filesystem", fs));
			}
		}
		boolean v1 = false;
		boolean v2 = false;
		for (String line : lines("/proc/self/mountinfo")) {
			String[] f = line.split(" ");
			int dash = java.util.Arrays.asList(f).indexOf("-");
			if (dash < 0 || dash + 1 >= f.length || !f[4].startsWith("/sys/fs/cgroup")) {
				continue;
			}
			v1 |= f[dash + 1].equals("cgroup");
			v2 |= f[dash + 1].equals("cgroup2");
		}
		if (!v1) {
			out.add(new Problem(v2 ? "cluster.refuse.cgroup2" : "cluster.refuse.cgroup"));
		}
		String release = lines("/proc/sys/kernel/osrelease").stream().findFirst().orElse("").strip();
		for (String module : List.of("bridge", "veth")) {
			if (knownMissing(module, release)) {
				out.add(new Problem("cluster.refuse.module", module, release));
			}
		}
		for (String m : ClusterFiles.MOUNTS) {
			String folder = m.substring(m.indexOf(':') + 1);
			if (!Files.isDirectory(at(folder))) {
				out.add(new Problem("cluster.refuse.folder", folder));
			}
		}
		return out;
	}

	/**
	 * A kernel feature is missing only when we can tell: not loaded, and the kernel's module lists
	 * exist but name it nowhere. A kernel without module lists (built-in everything) is given the
	 * benefit of the doubt; {@code cluster.sh} then says so if making the link fails.
	 */
	private boolean knownMissing(String module, String release) {
		if (Files.exists(at("/sys/module/" + module))) {
			return false;
		}
		Path dir = at("/lib/modules/" + release);
		if (release.isEmpty() || !Files.isDirectory(dir)) {
			return false;
		}
		String file = "/" + module + ".ko";
		for (String list : List.of("modules.builtin", "modules.dep")) {
			try (var lines = Files.lines(dir.resolve(list))) {
				if (lines.anyMatch(l -> l.contains(file))) {
					return false;
				}
			}
			catch (IOException | java.io.UncheckedIOException e) {
				// not there: look at the other list
			}
		}
		return true;
	}
}
