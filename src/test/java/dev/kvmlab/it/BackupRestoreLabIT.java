package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;

/**
 * Lab backup-restore on the real qemu:///system: lab-bak running the offline guest (TCG where KVM
 * cannot boot it) with its console logged to a file and 1 MiB of data on its disk; an external disk-only snapshot committed back
 * with an active block commit and pivot; a cold backup made with qemu-img convert; the XML kept; and
 * lab-bak-restored defined on the backup, booted until its console shows KVMLAB-GUEST-READY. Start
 * below the pass mark, solve 100%, each undo breaks exactly its criterion, finish removes the domains
 * (snapshot metadata too) and every lab file, bystanders stay byte-identical, and a lab-* file the lab
 * declares but did not make is left alone.
 */
class BackupRestoreLabIT extends LabTestBase {

	private static final Path IMAGES = Host.IMAGES;

	private static final Duration BOOT = Duration.ofSeconds(120);

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("br"));

	@Test
	void startSolveUndoEachCriterionFinish_leavesBystandersAlone() throws Exception {
		Lab lab = lab("backup-restore");
		requireHostFreeOf(lab);
		// a learner's own file with a name the lab declares (libvirt's default overlay name): not the lab's
		Path learners = IMAGES.resolve("lab-bak.before-backup");
		bystanders.createLibvirtObjects().createDisk(learners).snapshot();
		Map<String, List<String>> before = Host.inventory();

		assertFreshStartBelowPassMark(lab);
		assertThat(Host.domainState("lab-bak")).as("lab start leaves lab-bak running").isEqualTo("running");
		assertThat(logText()).contains("file " + learners + " was already here without kvmlab's mark");
		bystanders.assertUntouched("lab start");

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> bystanders.assertUntouched("an undo step or re-solve"));

		// the solved lab as virsh and qemu-img show it
		assertThat(Host.virsh("snapshot-dumpxml", "lab-bak", "before-backup").ok().out())
			.contains("<disk name='vda' snapshot='external'").contains(IMAGES.resolve("lab-bak-overlay.qcow2").toString());
		assertThat(Host.virsh("domblklist", "lab-bak").ok().out()).contains(IMAGES.resolve("lab-bak.qcow2").toString())
			.doesNotContain("overlay");
		assertThat(Cmd.run("qemu-img", "info", "-U", IMAGES.resolve("lab-bak-backup.qcow2").toString()).ok().out())
			.contains("file format: qcow2").contains("virtual size: 64 MiB").doesNotContain("backing file");
		assertThat(Cmd.run("qemu-img", "compare", "-U", IMAGES.resolve("lab-bak.qcow2").toString(),
				IMAGES.resolve("lab-bak-backup.qcow2").toString()).ok().out()).contains("Images are identical");
		assertThat(Cmd.run("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -P 0x4b 0 1M", IMAGES.resolve("lab-bak.qcow2").toString())
			.ok().out()).as("lab start wrote lab-bak's data").startsWith("read 1048576/1048576");
		assertThat(Host.domainState("lab-bak-restored")).isEqualTo("running");
		assertThat(Host.virsh("domblklist", "lab-bak-restored").ok().out()).contains(IMAGES.resolve("lab-bak-backup.qcow2").toString());
		assertThat(Files.readString(IMAGES.resolve("lab-bak-restored-serial.log"))).contains("KVMLAB-GUEST-READY lab-bak ");
		assertThat(Host.ownerLab(Host.virsh("dumpxml", "--inactive", "lab-bak-restored").ok().out())).isEqualTo(lab.id());

		finish(lab);
		bystanders.assertUntouched("lab finish");
		assertThat(logText()).contains("file " + learners + ": left alone");
		assertThat(DATA.resolve("labs/backup-restore/lab-bak.xml")).doesNotExist();
		assertFinishedClean(lab, before, List.of("file:${images}/lab-bak.before-backup"));
	}

	/**
	 * The learner's way, with the commands of the lab's steps: virsh snapshot-create-as --disk-only,
	 * blockcommit --active --pivot, shutdown, qemu-img convert, dumpxml into the work folder, the sed
	 * edit, define and start. It grades 100%, and `lab finish` removes both domains, the overlay, the
	 * backup and the console logs.
	 */
	@Test
	void theStepsAsWrittenWithVirshAndQemuImgGradeFull() throws Exception {
		Lab lab = lab("backup-restore");
		requireHostFreeOf(lab);
		Map<String, List<String>> before = Host.inventory();
		Path work = DATA.resolve("labs").resolve("backup-restore");
		String overlay = IMAGES.resolve("lab-bak-overlay.qcow2").toString();

		start(lab);
		waitForMarker(IMAGES.resolve("lab-bak-serial.log"));
		Host.virsh("snapshot-create-as", "lab-bak", "before-backup", "--disk-only", "--atomic", "--diskspec",
				"vda,file=" + overlay).ok();
		assertThat(Host.virsh("domblklist", "lab-bak").ok().out()).contains(overlay);
		assertThat(Cmd.run("qemu-img", "info", "-U", "--backing-chain", overlay).ok().out())
			.contains("backing file: " + IMAGES.resolve("lab-bak.qcow2"));
		GradeResult onOverlay = grade(lab);
		assertThat(onOverlay.criteria()).filteredOn(c -> c.id().equals("snapshot-committed")).singleElement()
			.satisfies(c -> assertThat(c.found()).contains("still uses the overlay"));
		Host.virsh("blockcommit", "lab-bak", "vda", "--active", "--pivot", "--verbose").ok();
		assertThat(Host.virsh("domblklist", "lab-bak").ok().out()).doesNotContain(overlay);
		Host.virsh("shutdown", "lab-bak").ok();
		waitUntilShutOff("lab-bak");
		// a wrong answer first: an empty image of the same size is not a backup
		Path backup = IMAGES.resolve("lab-bak-backup.qcow2");
		Cmd.run("qemu-img", "create", "-q", "-f", "qcow2", backup.toString(), "64M").ok();
		assertThat(grade(lab).criteria()).filteredOn(c -> c.id().equals("cold-backup")).singleElement().satisfies(c -> {
			assertThat(c.status()).isEqualTo(Status.FAIL);
			assertThat(c.found()).contains("qemu-img compare with " + IMAGES.resolve("lab-bak.qcow2") + ": Content mismatch");
		});
		Files.delete(backup);
		Cmd.run("qemu-img", "convert", "-O", "qcow2", IMAGES.resolve("lab-bak.qcow2").toString(), backup.toString()).ok();
		Files.writeString(work.resolve("lab-bak.xml"), Host.virsh("dumpxml", "--inactive", "lab-bak").ok().out());
		Files.writeString(work.resolve("lab-bak-restored.xml"), Cmd.run("sed", "-e", "s#<name>lab-bak</name>#<name>lab-bak-restored</name>#",
				"-e", "/<uuid>/d", "-e", "s#/lab-bak.qcow2#/lab-bak-backup.qcow2#", "-e", "s#/lab-bak-serial.log#/lab-bak-restored-serial.log#",
				work.resolve("lab-bak.xml").toString()).ok().out());
		Host.virsh("define", work.resolve("lab-bak-restored.xml").toString()).ok();
		Host.virsh("start", "lab-bak-restored").ok();
		waitForMarker(IMAGES.resolve("lab-bak-restored-serial.log"));

		GradeResult graded = grade(lab);
		assertThat(graded.criteria()).as("grade after the learner's virsh and qemu-img:\n%s", describe(graded))
			.extracting(CriterionResult::status).containsOnly(Status.PASS);

		finish(lab);
		assertThat(logText()).contains("removed domain lab-bak-restored").contains("removed domain lab-bak")
			.contains("removed file " + overlay).contains("removed file " + IMAGES.resolve("lab-bak-backup.qcow2"))
			.contains("removed file " + IMAGES.resolve("lab-bak-restored-serial.log"));
		assertFinishedClean(lab, before, List.of());
	}

	private static void waitForMarker(Path log) throws Exception {
		long deadline = System.nanoTime() + BOOT.toNanos();
		while (!(Files.exists(log) && Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1).contains("KVMLAB-GUEST-READY"))) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("no KVMLAB-GUEST-READY in " + log + " after " + BOOT);
			}
			Thread.sleep(250);
		}
	}

	private static void waitUntilShutOff(String domain) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!Host.domainState(domain).equals("shut off")) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(domain + " did not shut down in 60 s after virsh shutdown (ACPI)");
			}
			Thread.sleep(250);
		}
	}
}
