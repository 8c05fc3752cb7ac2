package dev.kvmlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.fixtures.Kvmlab;

/**
 * Lab libvirt-hook in practice mode (test:///default): nothing on the machine is touched (no hook is
 * moved or written, libvirtd is not restarted, no probe domain is started), and every criterion is SKIP
 * with the reason, since the test driver runs no hooks.
 */
class LibvirtHookPracticeTests {

	@TempDir
	Path data;

	@Test
	void startSolveGradeAndFinishTouchNothingOnTheMachineAndEveryCriterionIsSkip() {
		List<String> log = new ArrayList<>();
		GradeResult graded;
		try (Kvmlab kvmlab = new Kvmlab(data)) {
			LabService labs = kvmlab.get(LabService.class);
			Lab lab = labs.lab("libvirt-hook");

			labs.start(lab, log::add);
			labs.solve(lab, log::add);
			graded = labs.grade(lab);
			labs.finish(lab, log::add);
		}

		assertThat(log).contains("practice mode: /etc/libvirt/hooks/qemu on the real machine is not touched",
				"practice mode: the real libvirtd is not restarted", "hook /etc/libvirt/hooks/qemu: not there (practice mode)");
		assertThat(log).noneMatch(l -> l.startsWith("wrote hook") || l.startsWith("restarted") || l.startsWith("removed hook"));
		assertThat(graded.practice()).isTrue();
		assertThat(graded.criteria()).extracting(CriterionResult::status).containsOnly(Status.SKIP);
		assertThat(graded.criteria()).allSatisfy(c -> assertThat(c.found()).contains("practice mode"));
		assertThat(graded.maxScore()).isZero();
	}
}
