package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;

/**
 * Lab tuned-vm on the real qemu:///system: lab-tuned running under TCG with a vCPU topology, pinned
 * vCPU and emulator threads (checked in /proc), a NUMA cell and numatune, memory on 2 MiB huge pages
 * (memfd) from a pool sized next to someone else's pages, virtio-scsi with queues and an IOThread,
 * cache='none' io='native', a balloon with statistics. Start below the pass mark, solve 100%, each undo
 * breaks exactly its criterion, finish removes everything and puts the huge page pool and the
 * hugetlbfs mount back as they were; bystanders (one holding huge pages) stay untouched.
 */
class TunedVmLabIT extends LabTestBase {

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("tv"));

	@Test
	void startSolveUndoEachCriterionFinish_restoresThePoolAndLeavesOthersPagesAlone() throws Exception {
		Lab lab = lab("tuned-vm");
		requireHostFreeOf(lab);
		List<String> mountsBefore = HugepageHolder.hugetlbfsMounts();
		bystanders.createLibvirtObjects().snapshot();
		HugepageHolder holder = cleanUpAfterwards(new HugepageHolder());
		long poolAtStart = HugepageHolder.persistentPool();
		Map<String, List<String>> before = Host.inventory();
		Runnable untouched = () -> {
			bystanders.assertUntouched("a lab step");
			holder.assertUntouched("a lab step");
		};

		assertFreshStartBelowPassMark(lab);
		assertThat(HugepageHolder.hugetlbfsMounts()).as("lab start mounts hugetlbfs when none is mounted").isNotEmpty();
		if (mountsBefore.isEmpty()) {
			assertThat(logText()).contains("mounted hugetlbfs on /dev/hugepages").contains("libvirtd");
		}
		assertThat(progress.load().lab("tuned-vm").sessions.get(Host.URI).vars).as("recorded at lab start; now %s; log:\n%s",
				HugepageHolder.meminfo(), logText()).containsEntry("recorded_nr_hugepages",
				Long.toString(poolAtStart));
		assertThat(Host.IMAGES.resolve("lab-tuned-disk.img")).exists();
		untouched.run();

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), untouched);

		// the solved lab as the host shows it: the pool sized next to the holder's pages, the threads pinned
		assertThat(HugepageHolder.persistentPool()).as("vm.nr_hugepages after solve").isGreaterThanOrEqualTo(128 + HugepageHolder.PAGES);
		String pid = Files.readString(Path.of("/run/libvirt/qemu/lab-tuned.pid")).strip();
		assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).containsPattern("HugetlbPages:\\s+262144 kB");
		assertThat(Host.virsh("vcpupin", "lab-tuned").ok().out()).containsPattern("0\\s+0").containsPattern("1\\s+1");
		try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
			List<String> vcpus = tasks.filter(t -> read(t.resolve("comm")).startsWith("CPU "))
				.map(t -> read(t.resolve("comm")) + " " + read(t.resolve("status")).lines()
					.filter(l -> l.startsWith("Cpus_allowed_list")).findFirst().orElseThrow().split("\\s+")[1])
				.sorted().toList();
			assertThat(vcpus).containsExactly("CPU 0/TCG 0", "CPU 1/TCG 1");
		}

		finish(lab);
		untouched.run();
		assertThat(HugepageHolder.persistentPool()).as("vm.nr_hugepages after lab finish: as recorded at lab start")
			.isEqualTo(poolAtStart);
		assertThat(HugepageHolder.hugetlbfsMounts()).as("hugetlbfs mounts after lab finish").isEqualTo(mountsBefore);
		assertFinishedClean(lab, before, List.of());
	}

	/**
	 * The learner's way, with the commands of the lab's steps: virsh allocpages for the pool (128 pages
	 * on top of those in use), virt-install with the tuning options. It grades 100%, and `lab finish`
	 * removes the learner's unmarked lab-tuned and puts the pool back. virt-install registers the image
	 * folder as the storage pool `kvmlab`: the test removes it when it was not there before.
	 */
	@Test
	void theStepsAsWrittenWithVirshAndVirtInstallGradeFullAndFinishRestoresThePool() throws Exception {
		Lab lab = lab("tuned-vm");
		requireHostFreeOf(lab);
		Runnable dropPool = dropVirtInstallPoolAfterwards();
		List<String> mountsBefore = HugepageHolder.hugetlbfsMounts();
		long poolAtStart = HugepageHolder.persistentPool();
		Map<String, List<String>> before = Host.inventory();
		Path images = Host.IMAGES;

		start(lab);
		Map<String, String> meminfo = new java.util.HashMap<>();
		Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("HugePages_"))
			.forEach(l -> meminfo.put(l.split(":")[0], l.split(":")[1].strip()));
		long inUse = Long.parseLong(meminfo.get("HugePages_Total")) - Long.parseLong(meminfo.get("HugePages_Free"));
		Host.virsh("allocpages", "2048", Long.toString(128 + inUse)).ok();
		Cmd.run(Map.of(), null, Cmd.DEFAULT_TIMEOUT, Cmd.list("virt-install", "--connect", Host.URI, "--name", "lab-tuned",
				"--memory", "256", "--vcpus", "2,sockets=1,cores=2,threads=1",
				"--cpu", "qemu64,cell0.id=0,cell0.cpus=0-1,cell0.memory=262144", "--numatune", "0,mode=strict",
				"--cputune", "vcpupin0.vcpu=0,vcpupin0.cpuset=0,vcpupin1.vcpu=1,vcpupin1.cpuset=1,emulatorpin.cpuset=0,"
						+ "iothreadpin0.iothread=1,iothreadpin0.cpuset=0",
				"--memorybacking", "hugepages.page0.size=2048,hugepages.page0.unit=KiB,source.type=memfd", "--iothreads", "1",
				"--controller", "type=scsi,model=virtio-scsi,driver.queues=2,driver.iothread=1",
				"--disk", "path=" + images.resolve("lab-tuned-disk.img") + ",format=raw,bus=scsi,cache=none,io=native",
				"--memballoon", "virtio,stats.period=5", "--virt-type", "qemu", "--osinfo", "linux2022", "--import", "--boot",
				"kernel=" + images.resolve("lab-tuned-vmlinuz") + ",initrd=" + images.resolve("lab-tuned-initrd.img")
						+ ",kernel_args=console=ttyS0 kvmlab.hostname=lab-tuned kvmlab.ip=none",
				"--network", "none", "--graphics", "none", "--console", "pty,target_type=serial", "--noautoconsole")).ok();

		GradeResult graded = grade(lab);
		assertThat(graded.criteria()).as("grade after the learner's virsh allocpages and virt-install:\n%s", describe(graded))
			.extracting(CriterionResult::status).containsOnly(Status.PASS);
		assertThat(Host.ownerLab(Host.virsh("dumpxml", "--inactive", "lab-tuned").ok().out())).isNull();

		finish(lab);
		assertThat(logText()).contains("removed domain lab-tuned").contains("restored vm.nr_hugepages");
		assertThat(HugepageHolder.persistentPool()).as("vm.nr_hugepages after lab finish").isEqualTo(poolAtStart);
		assertThat(HugepageHolder.hugetlbfsMounts()).isEqualTo(mountsBefore);
		dropPool.run();
		assertFinishedClean(lab, before, List.of());
	}

	private static String read(Path file) {
		try {
			return Files.readString(file).strip();
		}
		catch (java.io.IOException e) {
			return "";
		}
	}
}
