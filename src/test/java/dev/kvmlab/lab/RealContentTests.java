package dev.kvmlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.Criterion;
import dev.kvmlab.grading.Rubric;
import dev.kvmlab.support.TestHosts;
import dev.kvmlab.support.Wiring;

/** The labs/ and grading/ content of this repository loads cleanly and lints clean. */
class RealContentTests {

	@TempDir
	static Path data;

	private static Wiring wiring;

	@BeforeAll
	static void wire() {
		wiring = Wiring.content(TestHosts.projectRoot(), data);
	}

	@AfterAll
	static void close() {
		wiring.close();
	}

	@Test
	void everyLabLoadsByModuleWithItsRubric() {
		// given
		LabCatalog catalog = wiring.get(LabCatalog.class);

		// when
		List<Lab> labs = catalog.all();

		// then
		assertThat(labs).extracting(Lab::id).containsExactlyElementsOf(dev.kvmlab.fixtures.Kvmlab.LAB_IDS);
		for (Lab lab : labs) {
			Rubric rubric = catalog.rubric(lab);
			assertThat(rubric.labId()).isEqualTo(lab.id());
			assertThat(rubric.totalPoints()).isPositive();
			assertThat(catalog.find(lab.id())).contains(lab);
		}
	}

	@Test
	void lintFindsNoProblem() {
		// when
		ContentLinter.Report report = wiring.get(ContentLinter.class).lint();

		// then
		assertThat(report.problems()).isEmpty();
		assertThat(report.labs()).isEqualTo(dev.kvmlab.fixtures.Kvmlab.LAB_IDS.size());
		assertThat(report.rubrics()).isEqualTo(dev.kvmlab.fixtures.Kvmlab.LAB_IDS.size());
	}

	@Test
	void everyCriterionCanBeProvedToFailAloneOrIsAHostFact() {
		LabCatalog catalog = wiring.get(LabCatalog.class);
		for (Lab lab : catalog.all()) {
			for (Criterion c : catalog.rubric(lab).criteria()) {
				assertThat(!c.undo().isEmpty() || c.hostFact()).as(lab.id() + "/" + c.id()).isTrue();
			}
		}
	}

	@Test
	void everyLearnerFacingTextIsInEnglishAndChinese() {
		LabCatalog catalog = wiring.get(LabCatalog.class);
		for (Lab lab : catalog.all()) {
			List<Text> texts = new ArrayList<>(List.of(lab.title(), lab.summary(), lab.instructions()));
			texts.addAll(lab.objectives());
			texts.addAll(lab.steps());
			lab.hints().forEach(h -> texts.add(h.text()));
			for (Criterion c : catalog.rubric(lab).criteria()) {
				texts.add(c.title());
				texts.add(c.hint());
			}
			for (Text t : texts) {
				assertThat(t.en()).as(lab.id()).isNotBlank();
				assertThat(t.zhCN()).as(lab.id() + ": " + t.en()).isNotBlank();
			}
			assertThat(lab.title().zhCN()).containsPattern("\\p{IsHan}");
		}
	}
}
