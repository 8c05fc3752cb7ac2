package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Someone else's huge pages, for the tuned-vm lab's test: the default-size pool is raised by 16 pages
 * and an unmarked, running domain (no OS; SeaBIOS finds nothing to boot and waits) holds them, memfd
 * backed. kvmlab must size its own pool next to these pages, and never take them away: its XML stays
 * byte-identical and its QEMU keeps holding 32 MiB. {@link #close} stops and undefines it and puts the
 * pool back to what it was.
 */
final class HugepageHolder implements AutoCloseable {

	static final int PAGES = 16;

	private final String domain = "kvmlab-it-bystander-tv-huge";

	private final long poolBefore;

	private boolean logThere;

	private String liveXml;

	private String configXml;

	HugepageHolder() throws IOException {
		assertThat(Host.domains()).doesNotContain(domain);
		poolBefore = persistentPool();
		Host.virsh("allocpages", "2048", Long.toString(poolBefore + PAGES)).ok();
		Path xml = Files.createTempFile("kvmlab-it-", ".xml");
		try {
			Files.writeString(xml, """
					<domain type='qemu'>
					  <name>%s</name>
					  <memory unit='MiB'>32</memory>
					  <memoryBacking>
					    <hugepages><page size='2048' unit='KiB'/></hugepages>
					    <source type='memfd'/>
					  </memoryBacking>
					  <vcpu>1</vcpu>
					  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
					  <devices><memballoon model='none'/></devices>
					</domain>
					""".formatted(domain));
			logThere = Files.exists(Host.qemuLog(domain));
			Host.virsh("define", xml.toString()).ok();
			Host.virsh("start", domain).ok();
		}
		finally {
			Files.deleteIfExists(xml);
		}
		liveXml = Host.virsh("dumpxml", domain).ok().out();
		configXml = Host.virsh("dumpxml", "--inactive", domain).ok().out();
		assertThat(hugetlbKib()).as("the holder's QEMU holds its 32 MiB in huge pages").isEqualTo(PAGES * 2048L);
	}

	String domain() {
		return domain;
	}

	void assertUntouched(String after) {
		assertThat(Host.domainState(domain)).as("%s after %s", domain, after).isEqualTo("running");
		assertThat(Host.virsh("dumpxml", domain).ok().out()).as("%s live XML after %s", domain, after).isEqualTo(liveXml);
		assertThat(Host.virsh("dumpxml", "--inactive", domain).ok().out()).as("%s XML after %s", domain, after).isEqualTo(configXml);
		assertThat(hugetlbKib()).as("huge pages %s holds after %s", domain, after).isEqualTo(PAGES * 2048L);
	}

	long hugetlbKib() {
		try {
			String pid = Files.readString(Path.of("/run/libvirt/qemu/" + domain + ".pid")).strip();
			return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("HugetlbPages:"))
				.map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
		}
		catch (IOException e) {
			return -1;
		}
	}

	/** The persistent pool of 2 MiB pages ({@code vm.nr_hugepages}): all pages but the surplus ones. */
	static long persistentPool() {
		String dir = "/sys/kernel/mm/hugepages/hugepages-2048kB/";
		return Long.parseLong(read(dir + "nr_hugepages")) - Long.parseLong(read(dir + "surplus_hugepages"));
	}

	/** The huge page lines of /proc/meminfo, for assertion messages. */
	static String meminfo() {
		try {
			return String.join("; ", Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("HugePages_"))
				.map(l -> l.replaceAll("\\s+", " ")).toList()) + "; vm.nr_hugepages=" + read("/proc/sys/vm/nr_hugepages");
		}
		catch (IOException e) {
			return e.toString();
		}
	}

	/** hugetlbfs mount points, from /proc/mounts. */
	static List<String> hugetlbfsMounts() {
		try {
			return Files.readAllLines(Path.of("/proc/mounts")).stream().map(l -> l.split(" "))
				.filter(f -> f.length > 2 && f[2].equals("hugetlbfs")).map(f -> f[1]).toList();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String read(String file) {
		try {
			return Files.readString(Path.of(file)).strip();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public void close() {
		Host.virsh("destroy", domain);
		Host.virsh("undefine", domain);
		Host.removeQemuLogIfNew(domain, logThere);
		Host.virsh("allocpages", "2048", Long.toString(poolBefore)).ok();
	}
}
