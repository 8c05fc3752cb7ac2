package dev.kvmlab.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QemuThreads} and {@link HugepagePool} against fake /run, /proc and /sys trees written as the
 * kernel and libvirt write them (a QEMU under TCG with pinned vCPUs, an IOThread and huge pages).
 */
class QemuThreadsAndHugepagesTests {

	@TempDir
	Path root;

	private void write(String path, String text) throws IOException {
		Path file = root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

	private void task(int pid, int tid, String comm, String cpus) throws IOException {
		write("proc/" + pid + "/task/" + tid + "/comm", comm + "\n");
		write("proc/" + pid + "/task/" + tid + "/status", "Name:\t" + comm + "\nCpus_allowed:\t3\nCpus_allowed_list:\t" + cpus + "\n");
	}

	private void qemu(String domain, int pid) throws IOException {
		write("run/libvirt/qemu/" + domain + ".pid", pid + "");
		write("proc/" + pid + "/cmdline", "/usr/bin/qemu-system-x86_64\0-name\0guest=" + domain + ",debug-threads=on\0-S\0");
		write("proc/" + pid + "/status", "Name:\tqemu-system-x86\nVmRSS:\t  300000 kB\nHugetlbPages:\t  262144 kB\n");
		task(pid, pid, "qemu-system-x86", "0");
		task(pid, pid + 4, "IO iothread1", "0");
		task(pid, pid + 10, "CPU 0/TCG", "0");
		task(pid, pid + 11, "CPU 1/TCG", "1");
		task(pid, pid + 20, "worker", "0-1");
	}

	@Test
	void readsEachThreadsCpusAndTheHugePagesTheProcessHolds() throws IOException {
		qemu("lab-tuned", 9904);

		QemuThreads.Process p = QemuThreads.read(root, "lab-tuned").orNull();

		assertThat(p.pid()).isEqualTo(9904);
		assertThat(p.hugetlbKib()).isEqualTo(262144);
		assertThat(p.main().comm()).isEqualTo("qemu-system-x86");
		assertThat(p.vcpu(0).cpus()).containsExactly(0);
		assertThat(p.vcpu(1).tid()).isEqualTo(9915);
		assertThat(p.vcpu(2)).isNull();
		assertThat(p.iothread(1).cpus()).containsExactly(0);
		assertThat(p.tasks()).hasSize(5);
	}

	@Test
	void aDomainWithoutPidFileOrWithAStalePidIsNotRunning() throws IOException {
		assertThat(QemuThreads.read(root, "lab-tuned")).isInstanceOf(Lookup.Absent.class);

		qemu("lab-other", 500);
		write("run/libvirt/qemu/lab-tuned.pid", "500"); // the pid now belongs to another guest's QEMU
		assertThat(QemuThreads.read(root, "lab-tuned")).isInstanceOf(Lookup.Absent.class);
		assertThat(QemuThreads.read(root, "lab-other")).isInstanceOf(Lookup.Found.class);
	}

	@Test
	void cpuListsAreParsedAndWrittenAsTheKernelDoes() {
		assertThat(QemuThreads.cpuList("0-3,6,8-9,^2")).containsExactly(0, 1, 3, 6, 8, 9);
		assertThat(QemuThreads.cpuList("1")).containsExactly(1);
		assertThat(QemuThreads.cpuListText(Set.of(0, 1, 3, 6, 8, 9))).isEqualTo("0-1,3,6,8-9");
	}

	@Test
	void practiceAndRemoteHostsCannotBeReadAndSaySo() {
		try (LibvirtHost host = LibvirtHost.open("test:///default", true)) {
			HostSnapshot s = host.snapshot(List.of(new QemuThreads("test"), new HugepagePool(), new DomainCapabilities("qemu", "x86_64", "")));
			assertThat(s.reading(new QemuThreads("test"))).isInstanceOfSatisfying(Lookup.Unsupported.class,
					u -> assertThat(u.reason()).contains("practice mode"));
			assertThat(s.reading(new HugepagePool())).isInstanceOf(Lookup.Unsupported.class);
			assertThat(s.reading(new DomainCapabilities("qemu", "x86_64", ""))).isInstanceOf(Lookup.Unsupported.class);
		}
	}

	@Test
	void hugepagePoolsPerSizeWithTheDefaultAndTheMounts() throws IOException {
		write("proc/meminfo", "MemTotal:       24000000 kB\nHugePages_Total:     128\nHugepagesize:       2048 kB\n");
		write("proc/mounts", "sysfs /sys sysfs rw 0 0\nhugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n");
		for (String[] f : new String[][] { { "nr_hugepages", "160" }, { "free_hugepages", "16" }, { "resv_hugepages", "0" },
				{ "surplus_hugepages", "32" } }) {
			write("sys/kernel/mm/hugepages/hugepages-2048kB/" + f[0], f[1] + "\n");
			write("sys/kernel/mm/hugepages/hugepages-1048576kB/" + f[0], "0\n");
		}

		HugepagePool.Pools pools = HugepagePool.read(root).orNull();

		assertThat(pools.defaultPageKib()).isEqualTo(2048);
		assertThat(pools.hugetlbfsMounts()).containsExactly("/dev/hugepages");
		HugepagePool.Counts c = pools.of(0);
		assertThat(c.persistent()).isEqualTo(128);
		assertThat(c.held()).isEqualTo(144);
		assertThat(pools.of(1048576).total()).isZero();
		assertThat(pools.of(64)).isNull();
	}

	@Test
	void aKernelWithoutHugePagesHasNoPools() {
		assertThat(HugepagePool.read(root)).isInstanceOf(Lookup.Absent.class);
	}
}
