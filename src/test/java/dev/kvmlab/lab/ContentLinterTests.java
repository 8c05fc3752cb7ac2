package dev.kvmlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.support.ContentDir;
import dev.kvmlab.support.Wiring;

/** `lab lint` on content written under @TempDir: clean content is clean, every problem is reported. */
class ContentLinterTests {

	@TempDir
	Path home;

	@TempDir
	Path data;

	private ContentDir content;

	private Wiring wiring;

	@BeforeEach
	void content() {
		content = new ContentDir(home);
		wiring = Wiring.content(home, data);
	}

	@AfterEach
	void close() {
		wiring.close();
	}

	private ContentLinter.Report lint() {
		return wiring.get(ContentLinter.class).lint();
	}

	private void curriculum(String en, String zh) {
		content.write("curriculum/en/m1.adoc", en);
		content.write("curriculum/zh-CN/m1.adoc", zh);
	}

	@Test
	void cleanContentHasNoProblems() {
		// given
		content.validLab("alpha").validLab("beta");
		curriculum("[[m1-1]]\n== One\n", "[[m1-1]]\n== 一\n");

		// when
		ContentLinter.Report report = lint();

		// then
		assertThat(report.problems()).isEmpty();
		assertThat(report.labs()).isEqualTo(2);
		assertThat(report.rubrics()).isEqualTo(2);
	}

	@Test
	void aLabWithoutARubric() {
		// given
		content.validLab("alpha");
		content.lab("beta", ContentDir.minimalLab("beta"));
		content.write("labs/beta/lab-beta.xml", "<network><name>lab-beta</name></network>");

		// then
		assertThat(lint().problems()).containsExactly(
				home.resolve("labs/beta/lab.yaml") + ": lab beta has no rubric grading/beta.yaml");
	}

	@Test
	void aRubricWithoutALab() {
		// given
		content.validLab("alpha");
		content.rubric("gamma", ContentDir.minimalRubric("gamma"));

		// then
		assertThat(lint().problems()).containsExactly(
				home.resolve("grading/gamma.yaml") + ": rubric for 'gamma', which is not a lab");
	}

	@Test
	void aCriterionWithoutUndoThatIsNotAHostFact() {
		// given
		content.validLab("alpha");
		content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("""
				    undo:
				      - action: network-state
				        name: lab-alpha
				        active: false
				""", ""));

		// then
		assertThat(lint().problems()).containsExactly(home.resolve("grading/alpha.yaml")
				+ ": criterion net-active has no 'undo' steps (needed to prove it fails alone) and is not marked host_fact");
	}

	@Test
	void aHostFactNeedsNoUndo() {
		// given
		content.validLab("alpha");
		content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("""
				    undo:
				      - action: network-state
				        name: lab-alpha
				        active: false
				""", "    host_fact: true\n"));

		// then
		assertThat(lint().problems()).isEmpty();
	}

	@Test
	void lessonReferencesThatNoAnchorHas() {
		// given
		content.validLab("alpha");
		content.lab("alpha", ContentDir.minimalLab("alpha").replace("    zh-CN: \"再仔细看看。\"\n",
				"    zh-CN: \"再仔细看看。\"\n    lesson: m9-9\n"));
		content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("    points: 10\n",
				"    points: 10\n    lesson: m1-2\n"));
		curriculum("[[m1-1]]\n== One\n", "[[m1-1]]\n== 一\n");

		// then
		assertThat(lint().problems()).containsExactlyInAnyOrder(
				home.resolve("labs/alpha/lab.yaml") + ": hint points at lesson section 'm9-9', which no lesson has",
				home.resolve("grading/alpha.yaml")
						+ ": criterion net-active points at lesson section 'm1-2', which no lesson has");
	}

	@Test
	void lessonReferencesThatAnAnchorHasAreFine() {
		// given
		content.validLab("alpha");
		content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("    points: 10\n",
				"    points: 10\n    lesson: m1-2\n"));
		curriculum("intro\n\n[[m1-1]]\n== One\n\n[[m1-2]]\n== Two\n", "[[m1-1]]\n== 一\n\n[[m1-2]]\n== 二\n");

		// then
		assertThat(lint().problems()).isEmpty();
	}

	@Test
	void sectionIdsThatDifferBetweenTheLanguages() {
		// given
		content.validLab("alpha");
		curriculum("[[m1-1]]\n[[m1-2]]\n", "[[m1-1]]\n[[m1-3]]\n");

		// then
		assertThat(lint().problems()).singleElement().asString()
			.startsWith(home.resolve("curriculum") + ": section ids differ between en and zh-CN")
			.contains("only en: [m1-2]").contains("only zh-CN: [m1-3]");
	}

	@Test
	void anUnknownPrerequisite() {
		// given
		content.validLab("alpha");
		content.lab("alpha", ContentDir.minimalLab("alpha") + "prerequisites: [omega]\n");

		// then
		assertThat(lint().problems()).containsExactly(
				home.resolve("labs/alpha/lab.yaml") + ": prerequisite 'omega' is not a lab");
	}

	@Test
	void aStepNamingALabFileThatIsNotThere() {
		// given
		content.validLab("alpha");
		content.lab("alpha", ContentDir.minimalLab("alpha").replace("xml: lab-alpha.xml", "xml: lab-missing.xml"));

		// then
		assertThat(lint().problems()).containsExactly(home.resolve("labs/alpha/lab.yaml") + ":14: define-network names"
				+ " lab file 'lab-missing.xml', which is not in " + home.resolve("labs/alpha"));
	}

	@Test
	void aLibvirtdRestartThatIsNotTheLastStep() {
		// given
		content.validLab("alpha");
		content.lab("alpha", ContentDir.minimalLab("alpha").replace("setup:\n", "setup:\n  - action: restart-libvirtd\n"));

		// then
		assertThat(lint().problems()).containsExactly(home.resolve("labs/alpha/lab.yaml") + ":14: restart-libvirtd must be"
				+ " the last step of its list (the steps' connection does not survive the restart)");
	}

	@Test
	void everyBrokenFileIsReportedNotJustTheFirst() {
		// given
		content.validLab("alpha");
		content.lab("beta", ContentDir.minimalLab("beta").replace("module: 1", "module: 7"));
		content.rubric("beta", ContentDir.minimalRubric("beta").replace("check: network-active", "check: nope"));

		// when
		ContentLinter.Report report = lint();

		// then
		assertThat(report.problems()).containsExactly(
				home.resolve("labs/beta/lab.yaml") + ":3: module: module is 1 to 6, found 7",
				home.resolve("grading/beta.yaml") + ":8: criteria[0].check: unknown check type 'nope' (see `kvmlab checks`)");
		assertThat(report.labs()).isEqualTo(1);
		assertThat(report.rubrics()).isEqualTo(1);
	}

	@Test
	void missingFoldersAreProblems() {
		// then: an empty home has neither labs/ nor grading/
		assertThat(lint().problems()).containsExactly(home.resolve("labs") + ": missing folder",
				home.resolve("grading") + ": missing folder");
	}
}
