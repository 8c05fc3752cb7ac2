package dev.kvmlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.support.FakeRoot;

/** Why `cluster up` refuses a machine, read from a tree that describes one. */
class ClusterPreconditionsTests {

	private static final String CGROUP_V1 = String.join("\n",
			"22 27 0:21 / /proc rw,relatime - proc proc rw",
			"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
			"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime shared:7 - cgroup cgroup rw,cpu",
			"35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory") + "\n";

	@TempDir
	Path tmp;

	private FakeRoot root;

	private Set<String> tools;

	@BeforeEach
	void aMachineWhereItWorks() {
		root = new FakeRoot(tmp).file("proc/self/status", "Name:\tjava\nUid:\t0\t0\t0\t0\n")
			.file("proc/self/mountinfo", CGROUP_V1)
			.file("proc/filesystems", "nodev\tsysfs\nnodev\ttmpfs\nnodev\tcgroup\nnodev\tcgroup2\nnodev\thugetlbfs\n\text4\n")
			.file("proc/sys/kernel/osrelease", "6.1.0-test\n")
			.file("proc/self/ns/net", "").file("proc/self/ns/mnt", "").file("proc/self/ns/uts", "").file("proc/self/ns/cgroup", "")
			.module("bridge").module("veth");
		ClusterFiles.MOUNTS.forEach(m -> root.dir(m.substring(m.indexOf(':') + 2)));
		tools = new java.util.HashSet<>(ClusterPreconditions.TOOLS.stream().map(t -> t[0]).toList());
	}

	private List<String> problems() {
		return new ClusterPreconditions(new dev.kvmlab.host.LocalSystem(tmp), tools::contains).check().stream()
			.map(p -> p.key() + List.of(p.args())).toList();
	}

	@Test
	void aRootShellOnACgroupV1HostWithEveryToolPasses() {
		assertThat(problems()).isEmpty();
	}

	@Test
	void notRootIsRefusedWithTheUid() {
		root.file("proc/self/status", "Uid:\t1000\t1000\t1000\t1000\n");

		assertThat(problems()).containsExactly("cluster.refuse.root[1000]");
	}

	@Test
	void aMissingToolIsNamedWithItsPackage() {
		tools.remove("nsenter");
		tools.remove("libvirtd");

		assertThat(problems()).containsExactly("cluster.refuse.tool[nsenter, util-linux]",
				"cluster.refuse.tool[libvirtd, libvirt-daemon-system]");
	}

	@Test
	void aPureCgroupV2HostIsRefused() {
		root.file("proc/self/mountinfo", "31 23 0:28 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n");

		assertThat(problems()).containsExactly("cluster.refuse.cgroup2[]");
	}

	@Test
	void missingNamespacesAndFileSystemsAreNamed() {
		root.file("proc/filesystems", "nodev\tsysfs\nnodev\ttmpfs\nnodev\tcgroup\n");
		new java.io.File(tmp.resolve("proc/self/ns/cgroup").toString()).delete();

		assertThat(problems()).containsExactly("cluster.refuse.namespace[cgroup]", "cluster.refuse.filesystem[hugetlbfs]");
	}

	@Test
	void vethIsMissingOnlyWhenTheKernelsModuleListsSaySo() {
		new java.io.File(tmp.resolve("sys/module/veth").toString()).delete();
		assertThat(problems()).as("no module lists: cannot tell, so not refused").isEmpty();

		root.file("lib/modules/6.1.0-test/modules.builtin", "kernel/net/bridge/bridge.ko\n")
			.file("lib/modules/6.1.0-test/modules.dep", "kernel/drivers/net/tun.ko:\n");
		assertThat(problems()).containsExactly("cluster.refuse.module[veth, 6.1.0-test]");

		root.file("lib/modules/6.1.0-test/modules.dep", "kernel/drivers/net/veth.ko:\n");
		assertThat(problems()).isEmpty();
	}

	@Test
	void libvirtsFoldersMustExistToBeMountedOver() {
		new java.io.File(tmp.resolve("var/cache/libvirt").toString()).delete();

		assertThat(problems()).containsExactly("cluster.refuse.folder[/var/cache/libvirt]");
	}
}
