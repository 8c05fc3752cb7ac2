package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;

/**
 * Lab first-vm on the real qemu:///system: the offline guest's kernel copied for direct kernel boot,
 * a qcow2 base image, an overlay on it, a cloud-init seed ISO, and lab-vm1 running with 2 vCPUs,
 * 256 MiB, a virtio disk and NIC (on libvirt's default network, which kvmlab must not touch) and a
 * serial console. Start below the pass mark, solve 100%, each undo breaks exactly its criterion,
 * finish removes everything, bystanders and the default network stay byte-identical.
 */
class FirstVmLabIT extends LabTestBase {

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("fv"));

	@Test
	void startSolveUndoEachCriterionFinish_leavesBystandersAndDefaultAlone() throws Exception {
		Lab lab = lab("first-vm");
		requireHostFreeOf(lab);
		assumeTrue(Host.virsh("net-info", "default").out().matches("(?s).*Active:\\s+yes.*"),
				"libvirt's default network is not active here; kvmlab does not start it (virsh net-start default)");
		String defaultXml = Host.virsh("net-dumpxml", "--inactive", "default").ok().out();
		bystanders.createLibvirtObjects().snapshot();
		Map<String, List<String>> before = Host.inventory();

		assertFreshStartBelowPassMark(lab);
		assertThat(Host.IMAGES.resolve("lab-base.qcow2")).as("lab start made the base image").exists();
		assertThat(Host.IMAGES.resolve("lab-first-vm-vmlinuz")).as("lab start copied the guest kernel").exists();
		assertThat(Host.IMAGES.resolve("lab-first-vm-initrd.img")).exists();
		bystanders.assertUntouched("lab start");

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> bystanders.assertUntouched("an undo step or re-solve"));

		// the solved lab as the host shows it
		assertThat(Host.domainState("lab-vm1")).isEqualTo("running");
		String live = Host.virsh("dumpxml", "lab-vm1").ok().out();
		assertThat(live).contains("<vcpu placement='static'>2</vcpu>").contains("lab-vm1-seed.iso")
			.contains("<model type='virtio'/>");
		assertThat(Cmd.run(Map.of(), null, Cmd.DEFAULT_TIMEOUT, Cmd.list("qemu-img", "info", "-U",
				Host.IMAGES.resolve("lab-vm1-disk.qcow2").toString())).ok().out()).contains("backing file: "
						+ Host.IMAGES.resolve("lab-base.qcow2"));
		assertThat(Host.virsh("net-dumpxml", "--inactive", "default").ok().out()).as("default network").isEqualTo(defaultXml);

		finish(lab);
		bystanders.assertUntouched("lab finish");
		assertThat(Host.virsh("net-dumpxml", "--inactive", "default").ok().out()).as("default network").isEqualTo(defaultXml);
		assertFinishedClean(lab, before, List.of());
	}

	/**
	 * The learner's way, with the commands of the lab's steps: qemu-img, genisoimage, virt-install.
	 * It grades 100%, and `lab finish` removes what the learner made (not marked, but lab-* and new).
	 * virt-install registers the image folder as the storage pool `kvmlab`, as the instructions say:
	 * the test removes that pool when it was not there before.
	 */
	@Test
	void theStepsAsWrittenWithVirtInstallGradeFullAndFinishRemovesTheLearnersObjects() throws Exception {
		Lab lab = lab("first-vm");
		requireHostFreeOf(lab);
		assumeTrue(Host.virsh("net-info", "default").out().matches("(?s).*Active:\\s+yes.*"),
				"libvirt's default network is not active here; kvmlab does not start it");
		assumeTrue(Cmd.run("sh", "-c", "command -v virt-install && command -v genisoimage").exit() == 0,
				"virt-install (virtinst) or genisoimage is missing");
		Runnable dropPool = dropVirtInstallPoolAfterwards();
		Map<String, List<String>> before = Host.inventory();
		Path images = Host.IMAGES;
		Path work = DATA.resolve("labs").resolve("first-vm");

		start(lab);
		Cmd.run(Map.of(), images, Cmd.DEFAULT_TIMEOUT, Cmd.list("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b",
				"lab-base.qcow2", "lab-vm1-disk.qcow2")).ok();
		Cmd.run(Map.of(), work, Cmd.DEFAULT_TIMEOUT, Cmd.list("genisoimage", "-quiet", "-output",
				images.resolve("lab-vm1-seed.iso").toString(), "-volid", "cidata", "-joliet", "-rock", "user-data", "meta-data")).ok();
		Cmd.run(Map.of(), null, Cmd.DEFAULT_TIMEOUT, Cmd.list("virt-install", "--connect", Host.URI, "--name", "lab-vm1",
				"--vcpus", "2", "--memory", "256", "--virt-type", "qemu", "--osinfo", "linux2022", "--import", "--boot",
				"kernel=" + images.resolve("lab-first-vm-vmlinuz") + ",initrd=" + images.resolve("lab-first-vm-initrd.img")
						+ ",kernel_args=console=ttyS0 kvmlab.hostname=lab-vm1",
				"--disk", "path=" + images.resolve("lab-vm1-disk.qcow2") + ",format=qcow2,bus=virtio",
				"--disk", "path=" + images.resolve("lab-vm1-seed.iso") + ",device=cdrom",
				"--network", "network=default,model=virtio", "--graphics", "none", "--console", "pty,target_type=serial",
				"--noautoconsole")).ok();

		GradeResult graded = grade(lab);
		assertThat(graded.criteria()).as("grade after the learner's virt-install:\n%s", describe(graded))
			.extracting(CriterionResult::status).containsOnly(Status.PASS);
		assertThat(Host.ownerLab(Host.virsh("dumpxml", "--inactive", "lab-vm1").ok().out())).isNull();

		finish(lab);
		assertThat(logText()).contains("removed domain lab-vm1").contains("removed file " + images.resolve("lab-vm1-disk.qcow2"));
		dropPool.run();
		assertFinishedClean(lab, before, List.of());
	}
}
