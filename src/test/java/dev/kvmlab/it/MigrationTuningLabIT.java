package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.lab.Lab;

/**
 * Lab migration-tuning on a real two-host cluster: a guest rewriting 300 MiB of memory, migrated
 * under a 40 MiB/s cap: the grader self-test (the reference solution migrates with auto-converge), the
 * learner's virsh migration with --auto-converge, and the kernel setting the lab may change
 * (vm.unprivileged_userfaultfd) back at its old value after finish.
 */
class MigrationTuningLabIT extends ClusterLabTestBase {

	private static final Path LOG = SHARED.resolve("lab-tune-serial.log");

	private static final Path USERFAULTFD = Path.of("/proc/sys/vm/unprivileged_userfaultfd");

	@Test
	void startSolveUndoEachCriterionFinish_putsTheKernelSettingBack() throws Exception {
		Lab lab = lab("migration-tuning");
		requireClean("lab-tune");
		Map<String, List<String>> systemBefore = Host.inventory();
		String userfaultfdBefore = Files.readString(USERFAULTFD).strip();

		assertFreshStartBelowPassMark(lab);
		assertThat(Files.readString(USERFAULTFD).strip()).isEqualTo("1");
		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> { });

		GradeResult solved = grade(lab);
		assertThat(solved.criteria()).filteredOn(c -> c.id().equals("converged")).singleElement()
			.satisfies(c -> assertThat(c.found()).contains("incoming migration completed").contains("memory passes"));

		finish(lab);
		assertThat(Files.readString(USERFAULTFD).strip()).isEqualTo(userfaultfdBefore);
		assertNothingLeft("lab-tune", systemBefore);
	}

	@Test
	void theLearnersAutoConvergedVirshMigrationGradesFull() throws Exception {
		Lab lab = lab("migration-tuning");
		requireClean("lab-tune");
		Map<String, List<String>> systemBefore = Host.inventory();

		start(lab);
		waitForText(LOG, "rewriting 300 MiB");
		migrateToB("lab-tune", Duration.ofMinutes(3), "--bandwidth", "40", "--auto-converge", "--auto-converge-initial", "60",
				"--auto-converge-increment", "20");
		assertThat(virsh(B, "domjobinfo", "lab-tune", "--completed", "--keep-completed").ok().out()).contains("Incoming migration");
		assertGradesFull(lab, "the learner's auto-converged migration");

		finish(lab);
		assertNothingLeft("lab-tune", systemBefore);
	}
}
