package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

	private static String uuid(String xml) {
		return xml.replaceAll("(?s).*<uuid>([^<]+)</uuid>.*", "$1");
	}
}
