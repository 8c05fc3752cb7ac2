package dev.kvmlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.Settings;
import dev.kvmlab.grading.Criterion;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.GradingEngine;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.HostInterface;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.progress.LabProgress;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.support.TestHosts;
import dev.kvmlab.support.Wiring;

/**
 * The lab lifecycle end to end in practice mode: the repository's labs on libvirt's test driver
 * (test:///default), progress in a temporary folder. start grades below the pass mark, solve grades
 * 100%, each criterion's undo fails exactly that criterion, and finish removes what is the lab's and
 * nothing else.
 */
class LabServicePracticeTests {

	/** Objects the labs own or the tests make; removed before and after each test. */
	private static final List<String> DOMAINS = List.of("lab-tuned", "lab-vm1", "lab-probe", "lab-stray", "lab-vm2", "lab-net-vm",
			"lab-bak", "lab-bak-restored");

	private static final List<String> NETWORKS = List.of("lab-bridge", "lab-other", "lab-nat", "lab-macvtap", "lab-iso",
			"lab-ovs");

	private static final List<String> POOLS = List.of("lab-dir", "lab-blk");

	private static final List<String> INTERFACES = List.of("lab-br0");

	@TempDir
	Path data;

	private Wiring wiring;

	private LabService labs;

	private final List<String> log = new ArrayList<>();

	@BeforeEach
	void wire() {
		wiring = Wiring.of(Settings.PRACTICE_URI, TestHosts.projectRoot(), data);
		labs = wiring.get(LabService.class);
		scrub();
	}

	@AfterEach
	void close() {
		scrub();
		wiring.close();
	}

	/** The practice connection LabService uses (test:///default keeps its state only while it is open). */
	private LibvirtHost host() {
		return wiring.get(HostConnector.class).open(false);
	}

	/** test:///default is shared by every connection of this process: leave it as it was found. */
	private void scrub() {
		LibvirtHost h = host();
		h.domainNames().stream().filter(DOMAINS::contains).forEach(h::undefineDomain);
		h.networkNames().stream().filter(NETWORKS::contains).forEach(h::undefineNetwork);
		for (String pool : h.poolNames().stream().filter(POOLS::contains).toList()) {
			if (h.pool(pool).active()) {
				h.pool(pool).volumes().forEach(v -> h.deleteVolume(pool, v.name()));
			}
			h.undefinePool(pool);
		}
		h.libvirtInterfaces().stream().map(HostInterface::name).filter(INTERFACES::contains)
			.forEach(h::undefineInterface);
	}

	private Lab lab(String id) {
		return labs.lab(id);
	}

	private List<Criterion> criteria(Lab lab) {
		return wiring.get(LabCatalog.class).rubric(lab).criteria();
	}

	private static List<String> failing(GradeResult r) {
		return r.criteria().stream().filter(c -> c.status() == Status.FAIL || c.status() == Status.ERROR)
			.map(CriterionResult::id).toList();
	}

	private LabProgress progress(String id) {
		return wiring.get(ProgressStore.class).load().lab(id);
	}

	/** Everything about an object that could change, as libvirt writes it. */
	private Map<String, String> xmlOfEverything() {
		LibvirtHost h = host();
		Map<String, String> xml = new LinkedHashMap<>();
		for (String d : h.domainNames()) {
			var info = h.domain(d);
			xml.put("domain:" + d, info.liveXml().text() + "\n--config--\n" + (info.configXml() == null ? "" : info.configXml().text())
					+ "\n" + info.state());
		}
		for (String n : h.networkNames()) {
			var info = h.network(n);
			xml.put("network:" + n, info.xml().text() + "\n" + info.active() + " " + info.autostart());
		}
		for (HostInterface i : h.libvirtInterfaces()) {
			xml.put("interface:" + i.name(), i.toString());
		}
		return xml;
	}

	private void defineBystanders() {
		LibvirtHost h = host();
		h.defineDomain("<domain type='test'><name>lab-stray</name><memory unit='MiB'>64</memory>"
				+ "<os><type>hvm</type></os></domain>");
		h.defineNetwork(Ownership.mark("<network><name>lab-other</name><bridge name='lab-br8'/></network>", "host-readiness"));
		h.startNetwork("lab-other");
	}

	@Nested
	class BridgeNetwork {

		@Test
		void startSetsTheLabUpAndItGradesBelowThePassMark() {
			// when
			labs.start(lab("bridge-network"), log::add);
			GradeResult r = labs.grade(lab("bridge-network"));

			// then
			assertThat(log).contains("defined domain lab-vm1")
				.anyMatch(l -> l.startsWith("practice mode: disk ") && l.endsWith("lab-vm1.qcow2 is not created on the real machine"));
			assertThat(host().domain("lab-vm1").ownerLab()).contains("bridge-network");
			assertThat(host().domain("lab-vm1").definition().value("/domain/@type")).isEqualTo("kvm");
			assertThat(r.practice()).isTrue();
			assertThat(r.uri()).isEqualTo("test:///default");
			assertThat(r.incomplete()).isFalse();
			assertThat(r.passed()).isFalse();
			assertThat(r.percent()).isLessThan(r.passMark());
			assertThat(failing(r)).containsExactly("bridge-up", "network-bridge-mode", "network-active", "network-autostart",
					"vm-virtio-nic");
			LabProgress p = progress("bridge-network");
			assertThat(p.status).isEqualTo("started");
			assertThat(p.sessions).containsOnlyKeys("test:///default");
			assertThat(p.sessions.get("test:///default").startedAt).isNotNull();
			assertThat(p.sessions.get("test:///default").preexisting).isEmpty();
			assertThat(p.sessions.get("test:///default").created).contains("domain:lab-vm1");
			assertThat(p.attempts).isEqualTo(1);
			assertThat(p.history).singleElement().satisfies(a -> assertThat(a.practice()).isTrue());
			assertThat(p.bestScore).as("practice grades are not a best score").isNull();
		}

		@Test
		void solveGradesAHundredPercent() {
			// when
			labs.solve(lab("bridge-network"), log::add);
			GradeResult r = labs.grade(lab("bridge-network"));

			// then
			assertThat(r.criteria()).extracting(CriterionResult::status).containsOnly(Status.PASS);
			assertThat(r.score()).isEqualTo(r.maxScore()).isEqualTo(100);
			assertThat(r.passed()).isTrue();
			assertThat(log).contains("created bridge lab-br0, up", "defined network lab-bridge, started, autostart on",
					"attached nic.xml to lab-vm1 (persistent config)");
		}

		@Test
		void solvingTwiceChangesNothing() {
			// given
			labs.solve(lab("bridge-network"), log::add);
			Map<String, String> once = xmlOfEverything();

			// when
			labs.solve(lab("bridge-network"), log::add);

			// then
			assertThat(xmlOfEverything()).isEqualTo(once);
			assertThat(log).contains("domain lab-vm1 already has that device", "bridge lab-br0 already exists, up");
		}

		@Test
		void eachCriterionsUndoFailsExactlyThatCriterion() {
			Lab lab = lab("bridge-network");
			for (Criterion c : criteria(lab)) {
				// given
				labs.solve(lab, log::add);
				assertThat(failing(labs.grade(lab))).as("after solving, before undoing " + c.id()).isEmpty();

				// when
				labs.runSteps(lab, c.undo(), log::add);

				// then
				assertThat(failing(labs.grade(lab))).as("after undoing " + c.id()).containsExactly(c.id());
			}
		}

		@Test
		void finishRemovesWhatTheLabMadeAndLeavesEveryBystanderByteForByte() {
			// given
			defineBystanders();
			Map<String, String> before = xmlOfEverything();
			labs.solve(lab("bridge-network"), log::add);

			// when
			labs.finish(lab("bridge-network"), log::add);

			// then
			assertThat(log).contains("removed network lab-bridge", "removed bridge lab-br0", "removed domain lab-vm1");
			assertThat(xmlOfEverything()).isEqualTo(before);
			assertThat(before).containsKeys("domain:test", "network:default", "interface:eth1", "domain:lab-stray",
					"network:lab-other");
			LabProgress p = progress("bridge-network");
			assertThat(p.status).isEqualTo("not-started");
			assertThat(p.sessions).as("the session on this host is closed").isEmpty();
		}

		@Test
		void anUnmarkedLabResourceThatWasThereBeforeStartIsNeverTouched() {
			// given: someone's own lab-bridge, without kvmlab's mark, before the lab starts
			host().defineNetwork("<network><name>lab-bridge</name><forward mode='bridge'/><bridge name='br0'/></network>");
			String theirs = host().network("lab-bridge").xml().text();

			// when
			labs.start(lab("bridge-network"), log::add);

			// then: noted, kept by a solve that would change it, and by finish
			assertThat(log).contains("note: network lab-bridge was already here without kvmlab's mark: kvmlab will not"
					+ " change or remove it");
			assertThat(progress("bridge-network").sessions.get("test:///default").preexisting)
				.containsExactly("network:lab-bridge");
			assertThatThrownBy(() -> labs.solve(lab("bridge-network"), log::add)).isInstanceOf(KvmlabException.class)
				.hasMessageContaining("network 'lab-bridge' exists and is not this lab's");
			assertThat(host().network("lab-bridge").xml().text()).isEqualTo(theirs);

			// when
			labs.finish(lab("bridge-network"), log::add);

			// then
			assertThat(log).contains("network lab-bridge: left alone (not this lab's)", "removed domain lab-vm1",
					"removed bridge lab-br0");
			assertThat(host().network("lab-bridge").xml().text()).isEqualTo(theirs);
			assertThat(host().domainNames()).doesNotContain("lab-vm1");
		}

		@Test
		void aNetworkMarkedForAnotherLabIsNeverTouched() {
			// given
			host().defineNetwork(Ownership.mark("<network><name>lab-bridge</name><bridge name='lab-br3'/></network>",
					"host-readiness"));
			String theirs = host().network("lab-bridge").xml().text();

			// when
			labs.start(lab("bridge-network"), log::add);
			labs.finish(lab("bridge-network"), log::add);

			// then
			assertThat(log).contains("network lab-bridge: left alone (not this lab's)");
			assertThat(host().network("lab-bridge").xml().text()).isEqualTo(theirs);
		}

		@Test
		void whatTheLearnerMadeDuringTheLabGoesWithIt() {
			// given: after start, the learner defines lab-bridge by hand (no mark)
			labs.start(lab("bridge-network"), log::add);
			host().defineNetwork("<network><name>lab-bridge</name><forward mode='bridge'/><bridge name='lab-br0'/></network>");

			// when
			labs.finish(lab("bridge-network"), log::add);

			// then
			assertThat(log).contains("removed network lab-bridge");
			assertThat(host().networkNames()).doesNotContain("lab-bridge");
		}

		@Test
		void finishingALabNeverStartedHereRemovesOnlyMarkedObjects() {
			// given: lab-vm1 marked, lab-bridge not, no record of a start
			host().defineDomain(Ownership.mark("<domain type='test'><name>lab-vm1</name><memory unit='MiB'>64</memory>"
					+ "<os><type>hvm</type></os></domain>", "bridge-network"));
			host().defineNetwork("<network><name>lab-bridge</name><bridge name='lab-br0'/></network>");

			// when
			labs.finish(lab("bridge-network"), log::add);

			// then
			assertThat(host().domainNames()).doesNotContain("lab-vm1");
			assertThat(host().networkNames()).contains("lab-bridge");
		}
	}

	/** The two labs of issue 4 in practice mode: what needs the real machine (loop device, veth, qemu-img, OVS) is skipped. */
	@Nested
	class StorageAndNetworkLabs {

		@Test
		void storagePoolsStartsBelowThePassMarkSolvesToAllThatAppliesAndFinishesClean() {
			Lab lab = lab("storage-pools");
			labs.start(lab, log::add);
			GradeResult fresh = labs.grade(lab);
			assertThat(fresh.passed()).isFalse();
			assertThat(progress("storage-pools").sessions.get("test:///default").vars).containsEntry("block_pool_type", "fs");

			labs.solve(lab, log::add);
			GradeResult solved = labs.grade(lab);
			assertThat(failing(solved)).as(String.join("\n", log)).isEmpty();
			assertThat(solved.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::id)
				.containsExactly("clone-image");
			assertThat(solved.passed()).isTrue();

			// a file disk on the volume's path counts as well as a disk of type volume
			host().defineDomain(Ownership.mark("<domain type='test'><name>lab-vm2</name><uuid>" + host().domain("lab-vm2").uuid()
					+ "</uuid><memory unit='MiB'>128</memory>"
					+ "<os><type>hvm</type></os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
					+ "<source file='/var/lib/libvirt/images/kvmlab/lab-dir/lab-vol1.qcow2'/><target dev='vda' bus='virtio'/>"
					+ "</disk></devices></domain>", "storage-pools"));
			assertThat(labs.grade(lab).criteria()).filteredOn(c -> c.id().equals("vm-pool-disk"))
				.extracting(CriterionResult::status).containsExactly(Status.PASS);
			host().defineDomain(Ownership.mark("<domain type='test'><name>lab-vm2</name><uuid>" + host().domain("lab-vm2").uuid()
					+ "</uuid><memory unit='MiB'>128</memory>"
					+ "<os><type>hvm</type></os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
					+ "<source file='/var/lib/libvirt/images/kvmlab/lab-vol1.qcow2'/><target dev='vda' bus='virtio'/>"
					+ "</disk></devices></domain>", "storage-pools"));
			assertThat(labs.grade(lab).criteria()).filteredOn(c -> c.id().equals("vm-pool-disk"))
				.extracting(CriterionResult::status).containsExactly(Status.FAIL);

			labs.finish(lab, log::add);
			assertThat(host().poolNames()).doesNotContain("lab-dir", "lab-blk");
			assertThat(host().domainNames()).doesNotContain("lab-vm2");
		}

		@Test
		void networkModesStartsBelowThePassMarkSolvesToAllThatAppliesAndFinishesClean() {
			Lab lab = lab("network-modes");
			labs.start(lab, log::add);
			assertThat(labs.grade(lab).passed()).isFalse();

			labs.solve(lab, log::add);
			GradeResult solved = labs.grade(lab);
			assertThat(failing(solved)).as(String.join("\n", log)).isEmpty();
			assertThat(solved.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::id)
				.containsExactly("ovs-vlans");
			assertThat(solved.passed()).isTrue();

			labs.finish(lab, log::add);
			assertThat(host().networkNames()).doesNotContain("lab-nat", "lab-macvtap", "lab-iso");
			assertThat(host().domainNames()).doesNotContain("lab-net-vm");
		}
	}

	/**
	 * Lab tuned-vm in practice mode: the machine's huge pages, QEMU threads and domain capabilities are
	 * not there to read, so those criteria are SKIP with the reason, and the XML criteria are graded;
	 * nothing on the real machine is touched (no hugetlbfs mount, no pool change).
	 */
	@Nested
	class TunedVmLab {

		@Test
		void startsBelowThePassMarkSolvesWhatAppliesAndSkipsWhatNeedsTheMachine() {
			Lab lab = lab("tuned-vm");
			labs.start(lab, log::add);
			assertThat(log).contains("practice mode: the machine's huge pages are not changed");
			assertThat(labs.grade(lab).passed()).isFalse();

			labs.solve(lab, log::add);
			GradeResult solved = labs.grade(lab);

			assertThat(solved.criteria()).as(String.join("\n", log)).filteredOn(c -> c.status() != Status.SKIP)
				.extracting(CriterionResult::status).containsOnly(Status.PASS);
			assertThat(solved.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::id)
				.containsExactly("cpu-mode", "vcpu-pinning", "emulator-pinning", "iothread-pinning", "hugepages-pool", "hugepages-guest");
			assertThat(solved.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::found)
				.allSatisfy(found -> assertThat(found).startsWith("practice mode: "));
			assertThat(solved.passed()).isTrue();

			labs.finish(lab, log::add);
			assertThat(log).contains("huge pages: not changed (not this machine)");
			assertThat(wiring.get(HostConnector.class).open(false).domainNames()).doesNotContain("lab-tuned");
		}
	}

	/**
	 * Lab backup-restore: what needs the real machine (external snapshots and block jobs, which the test
	 * driver does not have; qemu-img; files such as the XML backup and the console log) is skipped with
	 * the reason, the rest grades.
	 */
	@Nested
	class BackupRestoreLab {

		@Test
		void startsBelowThePassMarkSolvesToAllThatAppliesAndFinishesClean() {
			Lab lab = lab("backup-restore");
			labs.start(lab, log::add);
			assertThat(labs.grade(lab).passed()).isFalse();
			assertThat(host().domain("lab-bak").isActive()).as("lab start runs lab-bak").isTrue();

			labs.solve(lab, log::add);
			GradeResult solved = labs.grade(lab);
			assertThat(failing(solved)).as(String.join("\n", log)).isEmpty();
			assertThat(solved.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::id)
				.containsExactly("snapshot-committed", "cold-backup", "xml-backup", "restored-boots");
			assertThat(solved.criteria()).filteredOn(c -> c.status() == Status.SKIP)
				.allSatisfy(c -> assertThat(c.found()).contains("practice mode"));
			assertThat(solved.passed()).isTrue();
			assertThat(log).anyMatch(l -> l.startsWith("practice mode: libvirt's test driver takes no external (disk-only) snapshots"));

			labs.finish(lab, log::add);
			assertThat(host().domainNames()).doesNotContain("lab-bak", "lab-bak-restored");
		}
	}

	@Nested
	class HostReadinessLab {

		@Test
		void startWritesTheProbeAndHostFactsAreSkipped() throws Exception {
			// when
			labs.start(lab("host-readiness"), log::add);
			GradeResult r = labs.grade(lab("host-readiness"));

			// then
			Path probe = data.resolve("labs/host-readiness/lab-probe.xml");
			assertThat(Files.readString(probe)).contains("<domain type='kvm'>").contains("kvmlab:owner")
				.doesNotContain("${");
			assertThat(r.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::id)
				.containsExactly("cpu-virt", "kvm-module", "kvm-device", "libvirt", "kvm-domain-type", "cgroups");
			assertThat(r.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::found)
				.allSatisfy(found -> assertThat(found).startsWith("practice mode: "))
				.contains(GradingEngine.PRACTICE_HOST_FACT);
			assertThat(failing(r)).containsExactly("probe-defined-kvm", "probe-running");
			assertThat(r.maxScore()).isEqualTo(40);
			assertThat(r.passed()).isFalse();
		}

		@Test
		void solveGradesAHundredPercentOfWhatApplies() {
			// when
			labs.solve(lab("host-readiness"), log::add);
			GradeResult r = labs.grade(lab("host-readiness"));

			// then
			assertThat(r.score()).isEqualTo(40);
			assertThat(r.maxScore()).isEqualTo(40);
			assertThat(r.passed()).isTrue();
			assertThat(r.count(Status.SKIP)).isEqualTo(6);
		}

		@Test
		void eachCriterionsUndoFailsExactlyThatCriterion() {
			Lab lab = lab("host-readiness");
			for (Criterion c : criteria(lab)) {
				if (c.hostFact()) {
					continue;
				}
				labs.solve(lab, log::add);
				assertThat(failing(labs.grade(lab))).as("after solving, before undoing " + c.id()).isEmpty();

				labs.runSteps(lab, c.undo(), log::add);

				assertThat(failing(labs.grade(lab))).as("after undoing " + c.id()).containsExactly(c.id());
			}
		}

		@Test
		void finishRemovesTheProbe() {
			// given
			labs.solve(lab("host-readiness"), log::add);

			// when
			labs.finish(lab("host-readiness"), log::add);

			// then
			assertThat(host().domainNames()).doesNotContain("lab-probe");
			assertThat(log).contains("removed domain lab-probe");
		}
	}

	@Test
	void anUnknownLabIdIsAUsageErrorNamingTheKnownOnes() {
		assertThatThrownBy(() -> labs.lab("bridge-netwrok")).isInstanceOfSatisfying(KvmlabException.class, e -> {
			assertThat(e.exitCode()).isEqualTo(dev.kvmlab.ExitCode.USAGE_OR_CONTENT);
			assertThat(e.getMessage()).isEqualTo(
					dev.kvmlab.fixtures.Kvmlab.unknownLab("bridge-netwrok"));
		});
	}
}
