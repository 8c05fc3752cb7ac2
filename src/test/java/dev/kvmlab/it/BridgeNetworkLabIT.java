package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;

/**
 * Lab bridge-network on the real qemu:///system: a Linux bridge made with iproute2, a bridge-mode
 * libvirt network on it, and a virtio NIC in a KVM domain's persistent config. Proves the grading
 * cycle (start below the pass mark, solve 100%, each undo breaks exactly its criterion) and that
 * kvmlab keeps its hands off what is not the lab's: unmarked bystanders, and a lab-br0 bridge and a
 * lab-vm1.qcow2 disk that were there before `lab start`.
 */
class BridgeNetworkLabIT extends LabTestBase {

	private static final Path DISK = Host.IMAGES.resolve("lab-vm1.qcow2");

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("bn"));

	@Test
	void startSolveUndoEachCriterionFinish_leavesBystandersAlone() throws Exception {
		Lab lab = lab("bridge-network");
		requireHostFreeOf(lab);
		bystanders.createLibvirtObjects().snapshot();
		Map<String, List<String>> before = Host.inventory();

		assertFreshStartBelowPassMark(lab);
		assertThat(DISK).as("lab start made the disk with qemu-img").exists();
		assertThat(Host.ownerLab(Host.virsh("dumpxml", "--inactive", "lab-vm1").ok().out())).isEqualTo(lab.id());
		bystanders.assertUntouched("lab start");

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> bystanders.assertUntouched("an undo step or re-solve"));

		// the solved lab as the host shows it
		assertThat(Host.bridges()).contains("lab-br0");
		assertThat(Host.virsh("net-info", "lab-bridge").ok().out()).containsPattern("Active:\\s+yes")
			.containsPattern("Autostart:\\s+yes");
		assertThat(Host.virsh("domiflist", "lab-vm1", "--inactive").ok().out()).contains("lab-bridge").contains("virtio");

		finish(lab);
		bystanders.assertUntouched("lab finish");
		assertFinishedClean(lab, before, List.of());
	}

	/**
	 * The learner's way: the lab's steps as written (ip link, a hand-written network XML, net-define,
	 * net-start, net-autostart, attach-interface --config). It grades 100%, and `lab finish` removes
	 * the learner's bridge and network (lab-* and new since lab start, not marked).
	 */
	@Test
	void theStepsAsWrittenWithIpAndVirshGradeFullAndFinishRemovesTheLearnersObjects() throws Exception {
		Lab lab = lab("bridge-network");
		requireHostFreeOf(lab);
		Map<String, List<String>> before = Host.inventory();
		Path work = java.nio.file.Files.createTempDirectory("kvmlab-it-learner-");
		cleanUpAfterwards((AutoCloseable) () -> deleteTree(work));
		cleanUpAfterwards((AutoCloseable) () -> {
			if (Host.networkExists("lab-bridge")) {
				Host.virsh("net-destroy", "lab-bridge");
				Host.virsh("net-undefine", "lab-bridge");
			}
			if (Host.linkExists("lab-br0")) {
				Cmd.run("ip", "link", "delete", "lab-br0");
			}
		});
		java.nio.file.Files.writeString(work.resolve("lab-bridge.xml"),
				"<network><name>lab-bridge</name><forward mode='bridge'/><bridge name='lab-br0'/></network>\n");

		start(lab);
		runLearnerSteps(work, Map.of(),
				"ip link add lab-br0 type bridge && ip link set lab-br0 up && ip -d link show lab-br0",
				"virsh net-define lab-bridge.xml",
				"virsh net-start lab-bridge && virsh net-autostart lab-bridge && virsh net-list --all",
				"virsh attach-interface lab-vm1 --type network --source lab-bridge --model virtio --config && virsh domiflist lab-vm1 --inactive");

		assertGradesFull(lab, "the learner's steps");

		finish(lab);
		assertThat(Host.networks()).doesNotContain("lab-bridge");
		assertThat(Host.linkExists("lab-br0")).isFalse();
		assertFinishedClean(lab, before, List.of());
	}

	@Test
	void finishWhileTheLearnersVmRunsOnTheBridge_removesEverything() throws Exception {
		Lab lab = lab("bridge-network");
		requireHostFreeOf(lab);
		Map<String, List<String>> before = Host.inventory();

		assertSolvedGradesFull(lab, "before starting lab-vm1");
		// the learner boots the VM: a KVM guest whose virtio NIC is a tap port of lab-br0
		Host.virsh("start", "lab-vm1").ok();
		assertThat(Host.domainState("lab-vm1")).isEqualTo("running");
		assertThat(Host.virsh("dumpxml", "lab-vm1").ok().out()).contains("<domain type='kvm'");
		List<String> taps = Host.guestTaps().stream().filter(t -> !before.get("guest taps").contains(t)).toList();
		assertThat(taps).as("the running guest's tap device").hasSize(1);
		assertThat(Path.of("/sys/class/net/lab-br0/brif", taps.get(0))).as("tap %s is a port of lab-br0", taps.get(0))
			.exists();
		GradeResult running = grade(lab);
		assertThat(running.passed()).as(describe(running)).isTrue();

		finish(lab);
		assertFinishedClean(lab, before, List.of());
	}

	@Test
	void preexistingUnmarkedBridgeAndDisk_areUsedButNeitherChangedNorRemoved() throws Exception {
		Lab lab = lab("bridge-network");
		requireHostFreeOf(lab);
		bystanders.createLibvirtObjects().createBridge("lab-br0", true).createDisk(DISK).snapshot();
		Map<String, List<String>> before = Host.inventory();

		start(lab);
		assertThat(logText()).contains("bridge lab-br0 was already here without kvmlab's mark")
			.contains("lab-vm1.qcow2 was already here without kvmlab's mark");
		GradeResult fresh = grade(lab);
		assertThat(fresh.passed()).as(describe(fresh)).isFalse();
		assertThat(fresh.criteria()).as("the learner's own bridge counts").filteredOn(c -> c.id().equals("bridge-up"))
			.extracting(CriterionResult::status).containsExactly(Status.PASS);
		bystanders.assertUntouched("lab start");

		// the bridge is not the lab's: its undo (ip link set lab-br0 down) must be refused
		assertEachUndoBreaksExactlyItsCriterion(lab, List.of("bridge-up"),
				() -> bystanders.assertUntouched("an undo step or re-solve"));
		assertThat(logText()).contains("bridge lab-br0 was already here (not this lab's): used as it is");

		finish(lab);
		assertThat(logText()).contains("bridge lab-br0: left alone").contains("lab-vm1.qcow2: left alone");
		bystanders.assertUntouched("lab finish");
		assertFinishedClean(lab, before, List.of("bridge:lab-br0", "file:${images}/lab-vm1.qcow2"));
	}

	@Test
	void preexistingUnmarkedBridgeThatIsDown_solveRefusesToBringItUp() throws Exception {
		Lab lab = lab("bridge-network");
		requireHostFreeOf(lab);
		bystanders.createBridge("lab-br0", false).snapshot();
		Map<String, List<String>> before = Host.inventory();

		start(lab);
		assertThatThrownBy(() -> solve(lab)).isInstanceOf(KvmlabException.class)
			.hasMessageContaining("create-bridge").hasMessageContaining("not this lab's");
		bystanders.assertUntouched("the refused lab solve");
		GradeResult graded = grade(lab);
		assertThat(graded.criteria()).filteredOn(c -> c.id().equals("bridge-up")).extracting(CriterionResult::status)
			.as(describe(graded)).containsExactly(Status.FAIL);

		finish(lab);
		bystanders.assertUntouched("lab finish");
		assertFinishedClean(lab, before, List.of("bridge:lab-br0"));
	}
}
