package dev.kvmlab.grading.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.Params;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.DirectIo;
import dev.kvmlab.host.DomainCapabilities;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.DomainState;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.HugepagePool;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.QemuThreads;
import dev.kvmlab.host.XmlDoc;

/**
 * The check types of lab tuned-vm against snapshots built by hand: a domain's XML with the QEMU
 * threads, huge page counters and domain capabilities the host reported.
 */
class TunedVmChecksTests {

	private static final String TUNED = """
			<domain type='qemu' id='3'><name>lab-tuned</name>
			  <memory unit='KiB'>262144</memory>
			  <memoryBacking><hugepages><page size='2048' unit='KiB'/></hugepages><source type='memfd'/></memoryBacking>
			  <vcpu placement='static'>2</vcpu><iothreads>1</iothreads>
			  <cputune><vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='1' cpuset='1'/><emulatorpin cpuset='0'/>
			    <iothreadpin iothread='1' cpuset='0'/></cputune>
			  <cpu mode='custom' match='exact' check='none'><model fallback='allow'>qemu64</model></cpu>
			  <devices><disk type='file' device='disk'><driver name='qemu' type='raw' cache='none' io='native'/>
			    <source file='/img/lab-tuned-disk.img'/><target dev='sda' bus='scsi'/></disk></devices>
			</domain>""";

	private static final String CAPS = """
			<domainCapabilities><domain>qemu</domain><cpu>
			  <mode name='host-passthrough' supported='no'/>
			  <mode name='host-model' supported='yes'/>
			  <mode name='custom' supported='yes'>
			    <model usable='yes' vendor='unknown'>qemu64</model><model usable='no' vendor='AMD'>phenom</model>
			  </mode></cpu></domainCapabilities>""";

	private static Params params(Object... kv) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			map.put((String) kv[i], kv[i + 1]);
		}
		return new Params(map);
	}

	private static DomainInfo domain(String xml, DomainState state) {
		XmlDoc doc = XmlDoc.parse(xml);
		return new DomainInfo("lab-tuned", "u", state, true, false, doc, doc, List.of());
	}

	private static QemuThreads.Process qemu(String vcpu0, String vcpu1, String main, long hugetlbKib) {
		return new QemuThreads.Process(100, hugetlbKib, List.of(new QemuThreads.Task(100, "qemu-system-x86", QemuThreads.cpuList(main)),
				new QemuThreads.Task(104, "IO iothread1", Set.of(0)), new QemuThreads.Task(110, "CPU 0/TCG", QemuThreads.cpuList(vcpu0)),
				new QemuThreads.Task(111, "CPU 1/TCG", QemuThreads.cpuList(vcpu1))));
	}

	private static HostSnapshot snapshot(DomainInfo d, Map<Need.Reading<?>, Lookup<?>> readings) {
		return new HostSnapshot("qemu:///system", false, Instant.now(), Map.of("lab-tuned", Lookup.found(d)), Lookup.unsupported("-"),
				Map.of(), Map.of(), Lookup.unsupported("-"), Lookup.unsupported("-"), Lookup.unsupported("-")).withReadings(readings);
	}

	private static HostSnapshot withThreads(DomainInfo d, Lookup<QemuThreads.Process> threads) {
		return snapshot(d, Map.of(new QemuThreads("lab-tuned"), threads));
	}

	@Test
	void pinningPassesOnlyWhenTheThreadsFollowTheDefinition() {
		DomainInfo d = domain(TUNED, DomainState.RUNNING);
		QemuPinning check = new QemuPinning();

		CheckResult pinned = check.evaluate(params("name", "lab-tuned", "threads", "vcpu"), withThreads(d, Lookup.found(qemu("0", "1", "0", 0))));
		CheckResult edited = check.evaluate(params("name", "lab-tuned", "threads", "vcpu"), withThreads(d, Lookup.found(qemu("0-1", "0-1", "0-1", 0))));
		CheckResult emulator = check.evaluate(params("name", "lab-tuned", "threads", "emulator"), withThreads(d, Lookup.found(qemu("0", "1", "0", 0))));
		CheckResult iothread = check.evaluate(params("name", "lab-tuned", "threads", "iothread"), withThreads(d, Lookup.found(qemu("0", "1", "0", 0))));
		CheckResult off = check.evaluate(params("name", "lab-tuned", "threads", "vcpu"), withThreads(d, Lookup.absent()));
		CheckResult remote = check.evaluate(params("name", "lab-tuned", "threads", "vcpu"), withThreads(d, Lookup.unsupported("remote")));

		assertThat(pinned.status()).isEqualTo(Status.PASS);
		assertThat(pinned.found()).contains("'CPU 0/TCG' (thread 110) may run on CPUs 0").contains("'CPU 1/TCG' (thread 111) may run on CPUs 1");
		assertThat(edited.status()).isEqualTo(Status.FAIL);
		assertThat(edited.found()).contains("may run on CPUs 0-1, but the definition says <vcpupin vcpu='0' cpuset='0'>").contains("restart");
		assertThat(emulator.status()).isEqualTo(Status.PASS);
		assertThat(iothread.status()).isEqualTo(Status.PASS);
		assertThat(off.status()).isEqualTo(Status.FAIL);
		assertThat(off.found()).contains("not running");
		assertThat(remote.status()).isEqualTo(Status.SKIP);
	}

	@Test
	void pinningFailsOnTheDefinitionBeforeLookingAtThreads() {
		DomainInfo unpinned = domain(TUNED.replace("<vcpupin vcpu='1' cpuset='1'/>", "").replace("<emulatorpin cpuset='0'/>", ""),
				DomainState.RUNNING);

		CheckResult vcpu = new QemuPinning().evaluate(params("name", "lab-tuned", "threads", "vcpu"), withThreads(unpinned, Lookup.unsupported("remote")));
		CheckResult emulator = new QemuPinning().evaluate(params("name", "lab-tuned", "threads", "emulator"),
				withThreads(unpinned, Lookup.found(qemu("0", "1", "0", 0))));

		assertThat(vcpu.status()).isEqualTo(Status.FAIL);
		assertThat(vcpu.found()).isEqualTo("vCPU 1 of lab-tuned has no <vcpupin> in its definition (2 vCPUs)");
		assertThat(emulator.found()).isEqualTo("lab-tuned has no <emulatorpin> in its definition");
	}

	private static Lookup<HugepagePool.Pools> pool(long total, long free, long surplus) {
		return Lookup.found(new HugepagePool.Pools(2048, List.of(new HugepagePool.Counts(2048, total, free, 0, surplus)), List.of()));
	}

	private static HostSnapshot hugepages(DomainInfo d, Lookup<QemuThreads.Process> threads, Lookup<HugepagePool.Pools> pools) {
		return snapshot(d, Map.of(new QemuThreads("lab-tuned"), threads, new HugepagePool(), pools));
	}

	@Test
	void thePoolMustFitTheGuestNextToThePagesOthersHold() {
		DomainInfo running = domain(TUNED, DomainState.RUNNING);
		DomainInfo off = domain(TUNED, DomainState.SHUTOFF);
		HugepagesCheck check = new HugepagesCheck();
		Params pool = params("name", "lab-tuned", "of", "pool");
		Lookup<QemuThreads.Process> holding = Lookup.found(qemu("0", "1", "0", 262144));

		// the guest holds its 128 pages, a bystander 16: the persistent pool must be 144
		assertThat(check.evaluate(pool, hugepages(running, holding, pool(144, 0, 0))).status()).isEqualTo(Status.PASS);
		CheckResult tooSmall = check.evaluate(pool, hugepages(running, holding, pool(144, 0, 16)));
		assertThat(tooSmall.status()).isEqualTo(Status.FAIL);
		assertThat(tooSmall.found()).isEqualTo("vm.nr_hugepages = 128 pages of 2048 KiB (144 in all, 0 free, 16 surplus);"
				+ " lab-tuned needs 128 for 256 MiB, others hold 16");
		// lowered under a running guest: its pages are surplus and go when it stops
		assertThat(check.evaluate(pool, hugepages(running, holding, pool(128, 0, 128))).status()).isEqualTo(Status.FAIL);
		// not running: the free pages must be there
		assertThat(check.evaluate(pool, hugepages(off, Lookup.absent(), pool(128, 128, 0))).status()).isEqualTo(Status.PASS);
		assertThat(check.evaluate(pool, hugepages(off, Lookup.absent(), pool(128, 100, 0))).status()).isEqualTo(Status.FAIL);
		assertThat(check.evaluate(pool, hugepages(off, Lookup.unsupported("remote"), Lookup.unsupported("remote"))).status())
			.isEqualTo(Status.SKIP);
	}

	@Test
	void theGuestMustHoldItsMemoryInHugePages() {
		DomainInfo running = domain(TUNED, DomainState.RUNNING);
		HugepagesCheck check = new HugepagesCheck();
		Params guest = params("name", "lab-tuned", "of", "guest");

		CheckResult backed = check.evaluate(guest, hugepages(running, Lookup.found(qemu("0", "1", "0", 262144)), pool(128, 0, 0)));
		CheckResult notBacked = check.evaluate(guest, hugepages(running, Lookup.found(qemu("0", "1", "0", 0)), pool(128, 128, 0)));
		CheckResult off = check.evaluate(guest, hugepages(domain(TUNED, DomainState.SHUTOFF), Lookup.absent(), pool(128, 128, 0)));

		assertThat(backed.status()).isEqualTo(Status.PASS);
		assertThat(backed.found()).isEqualTo("QEMU process 100 holds 256 MiB in huge pages of 256 MiB (<hugepages/> in its <memoryBacking>)");
		assertThat(notBacked.status()).isEqualTo(Status.FAIL);
		assertThat(off.found()).contains("not running");
	}

	private static HostSnapshot caps(DomainInfo d, Lookup<XmlDoc> qemuCaps) {
		return snapshot(d, Map.of(new DomainCapabilities("qemu", "x86_64", ""), qemuCaps, new DomainCapabilities("kvm", "x86_64", ""),
				Lookup.failed("no kvm")));
	}

	@Test
	void theCpuModeMustBeOfferedForTheDomainTypeAndTheDomainRunning() {
		Lookup<XmlDoc> offered = Lookup.found(XmlDoc.parse(CAPS));
		DomainCpuMode check = new DomainCpuMode();
		Params p = params("name", "lab-tuned");

		CheckResult qemu64 = check.evaluate(p, caps(domain(TUNED, DomainState.RUNNING), offered));
		CheckResult phenom = check.evaluate(p, caps(domain(TUNED.replace(">qemu64<", ">phenom<"), DomainState.RUNNING), offered));
		CheckResult passthrough = check.evaluate(p, caps(domain(TUNED.replace("mode='custom'", "mode='host-passthrough'"),
				DomainState.RUNNING), offered));
		CheckResult hostModel = check.evaluate(p, caps(domain(TUNED.replace("mode='custom'", "mode='host-model'"), DomainState.RUNNING), offered));
		CheckResult off = check.evaluate(p, caps(domain(TUNED, DomainState.SHUTOFF), offered));
		CheckResult practice = check.evaluate(p, caps(domain(TUNED, DomainState.RUNNING), Lookup.unsupported("practice mode")));

		assertThat(qemu64.status()).isEqualTo(Status.PASS);
		assertThat(qemu64.found()).isEqualTo("mode custom, model qemu64: usable='yes' for type qemu");
		assertThat(phenom.status()).isEqualTo(Status.FAIL);
		assertThat(phenom.found()).contains("usable='no'");
		assertThat(passthrough.status()).isEqualTo(Status.FAIL);
		assertThat(passthrough.found()).contains("host-passthrough is not supported for type qemu");
		assertThat(hostModel.status()).isEqualTo(Status.PASS);
		assertThat(off.status()).isEqualTo(Status.FAIL);
		assertThat(off.found()).contains("a CPU mode counts when the VM runs with it");
		assertThat(practice.status()).isEqualTo(Status.SKIP);
	}

	@Test
	void diskCacheReadsTheDriverAndIsSkipWhereTheFileSystemRefusesODirect() {
		DiskCache check = new DiskCache();
		Params p = params("name", "lab-tuned", "cache", "none", "io", "native");
		DomainInfo tuned = domain(TUNED, DomainState.RUNNING);
		DomainInfo cached = domain(TUNED.replace(" cache='none' io='native'", " cache='writeback'"), DomainState.RUNNING);
		Map<Need.Reading<?>, Lookup<?>> direct = Map.of(new DirectIo("lab-tuned"), Lookup.found(Map.of("/img/lab-tuned-disk.img", true)));
		Map<Need.Reading<?>, Lookup<?>> tmpfs = Map.of(new DirectIo("lab-tuned"), Lookup.found(Map.of("/img/lab-tuned-disk.img", false)));

		CheckResult ok = check.evaluate(p, snapshot(tuned, direct));
		CheckResult wrong = check.evaluate(p, snapshot(cached, direct));
		CheckResult remote = check.evaluate(p, snapshot(cached, Map.of(new DirectIo("lab-tuned"), Lookup.unsupported("remote"))));
		CheckResult noDirectIo = check.evaluate(p, snapshot(cached, tmpfs));
		CheckResult otherDisk = check.evaluate(params("name", "lab-tuned", "target", "vda", "cache", "none"), snapshot(tuned, direct));

		assertThat(ok.status()).isEqualTo(Status.PASS);
		assertThat(ok.found()).isEqualTo("<driver cache='none' io='native'/> on /img/lab-tuned-disk.img");
		assertThat(wrong.status()).isEqualTo(Status.FAIL);
		assertThat(wrong.found()).startsWith("<driver cache='writeback' io='(default)'/>");
		assertThat(remote.status()).as("the XML is graded where the files cannot be read").isEqualTo(Status.FAIL);
		assertThat(noDirectIo.status()).isEqualTo(Status.SKIP);
		assertThat(noDirectIo.found()).contains("refuses O_DIRECT");
		assertThat(otherDisk.found()).isEqualTo("lab-tuned has no disk vda");
	}
}
