package dev.kvmlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.Settings;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.support.TestHosts;
import dev.kvmlab.support.Wiring;

/**
 * Lab tuned-vm in practice mode (libvirt's test driver): the machine's huge pages, QEMU threads and
 * domain capabilities are not there to read, so those criteria are SKIP with the reason, and the XML
 * criteria are graded; nothing on the real machine is touched (no hugetlbfs mount, no pool change).
 */
class TunedVmPracticeTests {

	@TempDir
	Path data;

	private Wiring wiring;

	private LabService labs;

	private final List<String> log = new ArrayList<>();

	@BeforeEach
	void wire() {
		wiring = Wiring.of(Settings.PRACTICE_URI, TestHosts.projectRoot(), data);
		labs = wiring.get(LabService.class);
		scrub();
	}

	@AfterEach
	void close() {
		scrub();
		wiring.close();
	}

	private void scrub() {
		LibvirtHost h = wiring.get(HostConnector.class).open(false);
		if (h.domainNames().contains("lab-tuned")) {
			h.undefineDomain("lab-tuned");
		}
	}

	@Test
	void startsBelowThePassMarkSolvesWhatAppliesAndSkipsWhatNeedsTheMachine() {
		Lab lab = labs.lab("tuned-vm");
		labs.start(lab, log::add);
		assertThat(log).contains("practice mode: the machine's huge pages are not changed");
		assertThat(labs.grade(lab).passed()).isFalse();

		labs.solve(lab, log::add);
		GradeResult solved = labs.grade(lab);

		assertThat(solved.criteria()).as(String.join("\n", log)).filteredOn(c -> c.status() != Status.SKIP)
			.extracting(CriterionResult::status).containsOnly(Status.PASS);
		assertThat(solved.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::id)
			.containsExactly("cpu-mode", "vcpu-pinning", "emulator-pinning", "iothread-pinning", "hugepages-pool", "hugepages-guest");
		assertThat(solved.criteria()).filteredOn(c -> c.status() == Status.SKIP).extracting(CriterionResult::found)
			.allSatisfy(found -> assertThat(found).startsWith("practice mode: "));
		assertThat(solved.passed()).isTrue();

		labs.finish(lab, log::add);
		assertThat(log).contains("huge pages: not changed (not this machine)");
		assertThat(wiring.get(HostConnector.class).open(false).domainNames()).doesNotContain("lab-tuned");
	}
}
