package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.lab.Lab;
import dev.kvmlab.progress.LabSession;

/**
 * Lab storage-pools on the real qemu:///system: a dir pool, a block-backed pool on a loop device
 * that `lab start` attaches (fs without device-mapper, logical with it), a qcow2 volume and its
 * clone (graded from qemu-img info), and a pool volume as lab-vm2's disk. Proves the grading cycle
 * and that finish removes exactly the pools, volumes, loop device and files the lab made, leaving
 * the bystanders (among them an unmarked dir pool) byte-identical.
 */
class StoragePoolsLabIT extends LabTestBase {

	private static final Path BACKING = Host.IMAGES.resolve("lab-blk.img");

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("sp"));

	@Test
	void startSolveUndoEachCriterionFinish_leavesBystandersAlone() throws Exception {
		Lab lab = lab("storage-pools");
		requireHostFreeOf(lab);
		assertThat(Host.pools()).doesNotContain("lab-dir", "lab-blk");
		assertThat(loopsOf(BACKING)).isEmpty();
		bystanders.createLibvirtObjects().snapshot();
		Map<String, List<String>> before = Host.inventory();
		String loopsBefore = Cmd.run("losetup", "-a").ok().out();

		assertFreshStartBelowPassMark(lab);
		List<String> loops = loopsOf(BACKING);
		assertThat(loops).as("lab start attached the sparse file as one loop device; log:\n%s", logText()).hasSize(1);
		LabSession session = progress.load().lab(lab.id()).sessions.get(Host.URI);
		boolean deviceMapper = Files.exists(Path.of("/sys/class/misc/device-mapper")) || Files.exists(Path.of("/dev/mapper/control"));
		assertThat(session.vars).containsEntry("loop_device", loops.get(0))
			.containsEntry("block_pool_type", deviceMapper ? "logical" : "fs");
		if (!deviceMapper) {
			assertThat(Cmd.run("blkid", "-o", "value", "-s", "TYPE", loops.get(0)).ok().out().strip()).isEqualTo("ext4");
		}
		// idempotent: a second start keeps the device
		start(lab);
		assertThat(loopsOf(BACKING)).isEqualTo(loops);
		bystanders.assertUntouched("lab start");

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> bystanders.assertUntouched("an undo step or re-solve"));

		// the solved lab as the host shows it
		assertThat(Host.virsh("pool-info", "lab-dir").ok().out()).containsPattern("State:\\s+running")
			.containsPattern("Autostart:\\s+yes");
		assertThat(Host.virsh("pool-dumpxml", "lab-blk").ok().out()).contains("type='" + (deviceMapper ? "logical" : "fs") + "'")
			.contains(loops.get(0));
		String clone = Host.virsh("vol-path", "lab-vol1-clone.qcow2", "--pool", "lab-dir").ok().out().strip();
		assertThat(Cmd.run("qemu-img", "info", "-U", clone).ok().out()).contains("file format: qcow2")
			.contains("virtual size: 128 MiB");
		assertThat(Host.virsh("domblklist", "lab-vm2", "--inactive").ok().out()).contains("lab-vol1.qcow2");

		finish(lab);
		bystanders.assertUntouched("lab finish");
		assertThat(loopsOf(BACKING)).as("loop devices of %s after finish", BACKING).isEmpty();
		assertThat(Cmd.run("losetup", "-a").ok().out()).isEqualTo(loopsBefore);
		assertThat(Host.IMAGES.resolve("lab-dir")).doesNotExist();
		assertThat(Host.IMAGES.resolve("lab-blk")).doesNotExist();
		assertThat(BACKING).doesNotExist();
		assertFinishedClean(lab, before, List.of());
		assertThat(Host.pools()).doesNotContain("lab-dir", "lab-blk");
	}

	@Test
	void aPreexistingUnmarkedLabDirPool_isUsedButNeitherChangedNorRemoved() throws Exception {
		Lab lab = lab("storage-pools");
		requireHostFreeOf(lab);
		assertThat(Host.pools()).doesNotContain("lab-dir", "lab-blk");
		Path dir = Files.createTempDirectory("kvmlab-it-labdir-");
		Path xml = Files.createTempFile("kvmlab-it-", ".xml");
		Files.writeString(xml, "<pool type='dir'><name>lab-dir</name><target><path>" + dir + "</path></target></pool>");
		Host.virsh("pool-define", xml.toString()).ok();
		Files.delete(xml);
		cleanUpAfterwards((AutoCloseable) () -> {
			Host.virsh("pool-destroy", "lab-dir");
			Host.virsh("pool-undefine", "lab-dir");
			deleteTree(dir);
		});
		String poolXml = Host.virsh("pool-dumpxml", "--inactive", "lab-dir").ok().out();

		start(lab);
		assertThat(logText()).contains("pool lab-dir was already here without kvmlab's mark");
		finish(lab);
		assertThat(logText()).contains("pool lab-dir: left alone");
		assertThat(Host.virsh("pool-dumpxml", "--inactive", "lab-dir").ok().out()).isEqualTo(poolXml);
		assertThat(loopsOf(BACKING)).isEmpty();
		assertThat(BACKING).doesNotExist();
	}

	private static List<String> loopsOf(Path file) {
		return Host.loopsOf(file.toString());
	}
}
