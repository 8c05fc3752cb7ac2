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

	/**
	 * The learner's way: the lab's steps as written (virsh pool-define-as, pool-build, pool-start,
	 * pool-autostart, vol-create-as, vol-clone, attach-device --config). It grades 100%, and
	 * `lab finish` removes the learner's pools (lab-* and new since lab start, not marked) and volumes.
	 */
	@Test
	void theStepsAsWrittenWithVirshGradeFullAndFinishRemovesTheLearnersPools() throws Exception {
		Lab lab = lab("storage-pools");
		requireHostFreeOf(lab);
		assertThat(Host.pools()).doesNotContain("lab-dir", "lab-blk");
		Map<String, List<String>> before = Host.inventory();
		cleanUpAfterwards((AutoCloseable) () -> {
			for (String pool : List.of("lab-dir", "lab-blk")) {
				if (Host.pools().contains(pool)) {
					Host.virsh("pool-destroy", pool);
					Host.virsh("pool-undefine", pool);
				}
			}
		});

		start(lab);
		String type = progress.load().lab(lab.id()).sessions.get(Host.URI).vars.get("block_pool_type");
		String images = Host.IMAGES.toString();
		String blk = "fs".equals(type)
				? "virsh pool-define-as lab-blk fs --source-dev $LOOP --source-format ext4 --target " + images + "/lab-blk"
				: "virsh pool-define-as lab-blk logical --source-dev $LOOP --source-name lab-blk --target /dev/lab-blk";
		Path work = Files.createTempDirectory("kvmlab-it-learner-");
		cleanUpAfterwards((AutoCloseable) () -> deleteTree(work));
		Files.writeString(work.resolve("disk.xml"), "<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/>"
				+ "<source pool='lab-dir' volume='lab-vol1.qcow2'/><target dev='vda' bus='virtio'/></disk>");
		runLearnerSteps(work, Map.of(),
				"virsh pool-define-as lab-dir dir --target " + images + "/lab-dir && virsh pool-build lab-dir && virsh pool-start lab-dir && virsh pool-autostart lab-dir",
				"LOOP=$(losetup -j " + images + "/lab-blk.img | cut -d: -f1)",
				blk,
				"virsh pool-build lab-blk && virsh pool-start lab-blk && virsh pool-autostart lab-blk",
				"virsh vol-create-as lab-dir lab-vol1.qcow2 128M --format qcow2 && virsh vol-list lab-dir",
				"virsh vol-clone lab-vol1.qcow2 lab-vol1-clone.qcow2 --pool lab-dir && qemu-img info -U $(virsh vol-path lab-vol1-clone.qcow2 --pool lab-dir)",
				"virsh attach-device lab-vm2 disk.xml --config && virsh domblklist lab-vm2 --inactive");

		assertGradesFull(lab, "the learner's virsh steps");

		finish(lab);
		assertThat(Host.pools()).doesNotContain("lab-dir", "lab-blk");
		assertThat(loopsOf(BACKING)).isEmpty();
		assertThat(BACKING).doesNotExist();
		assertFinishedClean(lab, before, List.of());
	}

	private static List<String> loopsOf(Path file) {
		return Host.loopsOf(file.toString());
	}
}
