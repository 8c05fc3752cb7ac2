package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;

import dev.kvmlab.lab.Lab;

/**
 * Lab lifecycle-snapshots on the real qemu:///system: an internal snapshot of the shut-off qcow2
 * domain lab-life, its maximum memory raised in the persistent config, its XML exported to the work
 * folder, and a clone with its own UUID, MAC and disk. Start below the pass mark, solve 100%, each
 * undo breaks exactly its criterion, finish removes both domains and every file, bystanders stay
 * byte-identical.
 */
class LifecycleSnapshotsLabIT extends LabTestBase {

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("ls"));

	@Test
	void startSolveUndoEachCriterionFinish_leavesBystandersAlone() throws Exception {
		Lab lab = lab("lifecycle-snapshots");
		requireHostFreeOf(lab);
		bystanders.createLibvirtObjects().snapshot();
		Map<String, List<String>> before = Host.inventory();

		assertFreshStartBelowPassMark(lab);
		assertThat(Host.domainState("lab-life")).isEqualTo("shut off");
		assertThat(DATA.resolve("labs/lifecycle-snapshots")).as("the work folder for virsh dumpxml > ...").isDirectory();
		bystanders.assertUntouched("lab start");

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> bystanders.assertUntouched("an undo step or re-solve"));

		// the solved lab as the host shows it
		assertThat(Host.virsh("snapshot-list", "--name", "lab-life").ok().out()).contains("before-change");
		assertThat(Host.virsh("dominfo", "lab-life").ok().out()).containsPattern("Max memory:\\s+393216 KiB");
		String orig = Host.virsh("dumpxml", "--inactive", "lab-life").ok().out();
		String clone = Host.virsh("dumpxml", "--inactive", "lab-life-clone").ok().out();
		assertThat(clone).contains("lab-life-clone.qcow2").doesNotContain("lab-life.qcow2");
		assertThat(Host.ownerLab(clone)).isEqualTo(lab.id());
		assertThat(uuid(clone)).isNotEqualTo(uuid(orig));
		assertThat(Host.IMAGES.resolve("lab-life-clone.qcow2")).exists();
		assertThat(Files.readString(DATA.resolve("labs/lifecycle-snapshots/lab-life.xml"))).contains("<name>lab-life</name>");

		finish(lab);
		bystanders.assertUntouched("lab finish");
		assertThat(DATA.resolve("labs/lifecycle-snapshots/lab-life.xml")).doesNotExist();
		assertFinishedClean(lab, before, List.of());
	}

	/**
	 * The learner's way, with the commands of the lab's steps: virsh start/suspend/resume/destroy,
	 * snapshot-create-as, setmaxmem --config, dumpxml into the work folder, virt-clone. It grades 100%,
	 * and `lab finish` removes the unmarked clone and its disk. virt-clone registers the image folder
	 * as the storage pool `kvmlab`: removed when it was not there before.
	 */
	@Test
	void theStepsAsWrittenWithVirshAndVirtCloneGradeFull() throws Exception {
		Lab lab = lab("lifecycle-snapshots");
		requireHostFreeOf(lab);
		assumeTrue(Host.virsh("net-info", "default").out().matches("(?s).*Active:\\s+yes.*"),
				"libvirt's default network is not active here; kvmlab does not start it");
		assumeTrue(Cmd.run("sh", "-c", "command -v virt-clone").exit() == 0, "virt-clone (virtinst) is missing");
		Runnable dropPool = dropVirtInstallPoolAfterwards();
		Map<String, List<String>> before = Host.inventory();

		start(lab);
		Host.virsh("start", "lab-life").ok();
		Host.virsh("suspend", "lab-life").ok();
		assertThat(Host.domainState("lab-life")).isEqualTo("paused");
		Host.virsh("resume", "lab-life").ok();
		Host.virsh("destroy", "lab-life").ok();
		Host.virsh("snapshot-create-as", "lab-life", "before-change", "--description", "before the memory change").ok();
		Host.virsh("setmaxmem", "lab-life", "384M", "--config").ok();
		Files.writeString(DATA.resolve("labs/lifecycle-snapshots/lab-life.xml"), Host.virsh("dumpxml", "lab-life").ok().out());
		Cmd.run(Map.of(), null, Cmd.DEFAULT_TIMEOUT, Cmd.list("virt-clone", "--connect", Host.URI, "--original", "lab-life",
				"--name", "lab-life-clone", "--file", Host.IMAGES.resolve("lab-life-clone.qcow2").toString())).ok();

		GradeResult graded = grade(lab);
		assertThat(graded.criteria()).as("grade after the learner's virsh and virt-clone:\n%s", describe(graded))
			.extracting(CriterionResult::status).containsOnly(Status.PASS);

		finish(lab);
		assertThat(logText()).contains("removed domain lab-life-clone")
			.contains("removed file " + Host.IMAGES.resolve("lab-life-clone.qcow2"));
		dropPool.run();
		assertFinishedClean(lab, before, List.of());
	}

	private static String uuid(String xml) {
		return xml.replaceAll("(?s).*<uuid>([^<]+)</uuid>.*", "$1");
	}
}
