package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.cluster.ClusterLayout;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;

/**
 * Lab shared-storage on a real two-host cluster with a real iSCSI target (tgtd on the cluster's
 * storage network): `lab start` serves the target and defines lab-san on A without a disk; a fresh
 * start fails, the reference solution (iscsi-direct pools on both hosts, the LUN as lab-san's disk,
 * a live migration without --unsafe) grades 100%, each undo fails exactly its criterion, and finish
 * leaves neither host, the shared folder nor the storage network with anything of the lab (no pool,
 * no target daemon, no LUN file, no address). The learner's virsh steps as the lab writes them grade
 * 100%; pools of the learner's own on both hosts are left as they were; and what the lesson says of a disk file in the shared folder holds: libvirt refuses to
 * migrate it without --unsafe.
 */
class SharedStorageLabIT extends ClusterLabTestBase {

	private static final Path LOG = SHARED.resolve("lab-san-serial.log");

	private static final ClusterLayout LAYOUT = HOSTS.layout();

	private static final String IQN = "iqn.2026-11.dev.kvmlab:lab-shared";

	@Test
	void startSolveUndoEachCriterionFinish() throws Exception {
		Lab lab = lab("shared-storage");
		requireClean("lab-san");
		Map<String, List<String>> systemBefore = Host.inventory();
		// a learner's own pools on both hosts (not kvmlab's): untouched by start, solve, undo and finish
		Path bystanderDir = Files.createTempDirectory("kvmlab-it-ss-bystander-");
		cleanUpAfterwards((AutoCloseable) () -> deleteTree(bystanderDir));
		for (String uri : List.of(A, B)) {
			cleanUpAfterwards((AutoCloseable) () -> virsh(uri, "pool-undefine", "ss-bystander"));
			virsh(uri, "pool-define-as", "ss-bystander", "dir", "--target", bystanderDir.toString()).ok();
		}
		String bystanderA = virsh(A, "pool-dumpxml", "ss-bystander").ok().out();
		String bystanderB = virsh(B, "pool-dumpxml", "ss-bystander").ok().out();

		assertFreshStartBelowPassMark(lab);
		assertThat(virsh(A, "domstate", "lab-san").ok().out().strip()).isEqualTo("shut off");
		assertThat(virsh(A, "domblklist", "lab-san", "--inactive").ok().out()).doesNotContain("vda");
		assertThat(targetServed()).as("the lab's iSCSI target after lab start; log:\n%s", logText()).isTrue();
		assertThat(Files.size(LAYOUT.sanDir().resolve("lab-shared-lun1.img"))).isEqualTo(64L << 20);

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> { });

		GradeResult solved = grade(lab);
		assertThat(solved.criteria()).filteredOn(c -> c.id().equals("moved-live")).singleElement()
			.satisfies(c -> assertThat(c.found()).contains("incoming migration completed").contains("one boot, heartbeats"));
		assertThat(virsh(B, "domblklist", "lab-san").ok().out()).contains("unit:0:0:1");

		start(lab); // again, after the move: lab-san must not come back on A, the target keeps its data
		assertThat(logText()).contains("skipped define-domain: domain lab-san is on lab-host-b").contains("already serving");
		assertThat(on(A, "lab-san")).isFalse();

		finish(lab);
		assertNothingLeft("lab-san", systemBefore);
		assertStorageNetworkClean();
		assertThat(virsh(A, "pool-dumpxml", "ss-bystander").ok().out()).isEqualTo(bystanderA);
		assertThat(virsh(B, "pool-dumpxml", "ss-bystander").ok().out()).isEqualTo(bystanderB);
	}

	@Test
	void theLearnersVirshStepsGradeFull() throws Exception {
		Lab lab = lab("shared-storage");
		requireClean("lab-san");
		Map<String, List<String>> systemBefore = Host.inventory();

		start(lab);
		Path work = Files.createTempDirectory("kvmlab-it-shared-storage-");
		cleanUpAfterwards((AutoCloseable) () -> deleteTree(work));
		Files.writeString(work.resolve("lab-san-disk.xml"), """
				<disk type='volume' device='disk'>
				  <driver name='qemu' type='raw' cache='none'/>
				  <source pool='lab-shared' volume='unit:0:0:1'/>
				  <target dev='vda' bus='virtio'/>
				</disk>
				""");
		Map<String, String> env = Map.of("A", A, "B", B);
		learner(work, env,
				"virsh -c \"$A\" pool-define-as lab-shared iscsi-direct --source-host 10.77.0.1 --source-dev " + IQN
						+ " --source-initiator iqn.2026-11.dev.kvmlab:lab-host-a",
				"virsh -c \"$A\" pool-start lab-shared && virsh -c \"$A\" pool-autostart lab-shared",
				"virsh -c \"$B\" pool-define-as lab-shared iscsi-direct --source-host 10.77.0.1 --source-dev " + IQN
						+ " --source-initiator iqn.2026-11.dev.kvmlab:lab-host-b",
				"virsh -c \"$B\" pool-start lab-shared && virsh -c \"$B\" pool-autostart lab-shared",
				"virsh -c \"$B\" vol-list lab-shared --details | grep -q 'unit:0:0:1'",
				"virsh -c \"$A\" attach-device lab-san lab-san-disk.xml --config",
				"virsh -c \"$A\" start lab-san");
		waitForText(LOG, "KVMLAB-HEARTBEAT lab-san 2");
		learner(work, env,
				"virsh -c \"$A\" migrate --live --p2p --persistent --undefinesource --verbose lab-san qemu+tcp://lab-host-b/system",
				"virsh -c \"$B\" domjobinfo lab-san --completed --keep-completed | grep -q 'Incoming migration'");

		assertGradesFull(lab, "the learner's virsh steps");
		finish(lab);
		assertNothingLeft("lab-san", systemBefore);
		assertStorageNetworkClean();
	}

	/**
	 * The lesson's claim, on this cluster: a disk file in the folder both hosts see at the same path is
	 * local storage to libvirt, so `virsh migrate` without --unsafe refuses; lab-san does not move.
	 */
	@Test
	void aDiskFileInTheSharedFolderIsRefusedWithoutUnsafe() throws Exception {
		Lab lab = lab("shared-storage");
		requireClean("lab-san");
		Path local = SHARED.resolve("lab-san-local.raw");
		assertThat(local).doesNotExist();
		start(lab);
		cleanUpAfterwards((AutoCloseable) () -> Files.deleteIfExists(local));
		Cmd.run("qemu-img", "create", "-q", "-f", "raw", local.toString(), "16M").ok();
		Cmd.run("chown", "libvirt-qemu:libvirt-qemu", local.toString()).ok();
		virsh(A, "attach-disk", "lab-san", local.toString(), "vda", "--config", "--cache", "none").ok();
		virsh(A, "start", "lab-san").ok();
		waitForText(LOG, "KVMLAB-HEARTBEAT lab-san 1");

		Cmd.Result refused = Cmd.run(Map.of(), null, Duration.ofMinutes(2), Cmd.list("virsh", "-c", A, "migrate", "--live", "--p2p",
				"--persistent", "--undefinesource", "lab-san", "qemu+tcp://lab-host-b/system"));

		assertThat(refused.exit()).as(refused.describe()).isNotZero();
		assertThat(refused.err()).contains("Migration without shared storage is unsafe");
		assertThat(virsh(A, "domstate", "lab-san").ok().out().strip()).isEqualTo("running");
		assertThat(on(B, "lab-san")).isFalse();
		GradeResult r = grade(lab);
		assertThat(statuses(r)).as(describe(r)).containsEntry("disk-on-shared-pool", Status.FAIL).containsEntry("running-on-b", Status.FAIL);
		finish(lab);
		Files.deleteIfExists(local);
		assertStorageNetworkClean();
	}

	private static void learner(Path dir, Map<String, String> env, String... lines) {
		Cmd.run(env, dir, Duration.ofMinutes(3), Cmd.list("sh", "-ec", String.join("\n", lines))).ok();
	}

	/** tgtd runs in the cluster bridge's namespace and serves the lab's target. */
	private static boolean targetServed() {
		Cmd.Result show = Cmd.run(Map.of("TGT_IPC_SOCKET", LAYOUT.sanDir().resolve("tgtd.socket").toString()), null,
				Cmd.DEFAULT_TIMEOUT, Cmd.list("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show"));
		return show.exit() == 0 && show.out().contains(IQN) && !tgtdPids().isEmpty();
	}

	private static List<String> tgtdPids() {
		return Cmd.run("ip", "netns", "pids", LAYOUT.bridgeNetns()).ok().out().lines()
			.filter(pid -> Cmd.run("cat", "/proc/" + pid + "/comm").out().strip().equals("tgtd")).toList();
	}

	/** No pool on either host, no target daemon, no LUN file or folder, no storage address on the bridge. */
	private void assertStorageNetworkClean() {
		assertThat(virsh(A, "pool-list", "--all", "--name").ok().out()).as("pools on lab-host-a; log:\n%s", logText())
			.doesNotContain("lab-shared");
		assertThat(virsh(B, "pool-list", "--all", "--name").ok().out()).as("pools on lab-host-b").doesNotContain("lab-shared");
		assertThat(tgtdPids()).as("tgtd after lab finish; log:\n%s", logText()).isEmpty();
		assertThat(LAYOUT.sanDir()).as("the storage network's folder after lab finish").doesNotExist();
		assertThat(Cmd.run("ip", "-n", LAYOUT.bridgeNetns(), "-4", "addr", "show", "dev", LAYOUT.bridge()).ok().out())
			.doesNotContain(LAYOUT.sanAddress() + "/");
	}
}
