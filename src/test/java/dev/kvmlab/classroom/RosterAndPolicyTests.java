package dev.kvmlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.Lang;
import dev.kvmlab.fixtures.Kvmlab;
import dev.kvmlab.grading.GradeResult;

class RosterAndPolicyTests {

	@TempDir
	Path dir;

	private Path file(String name, String text) throws Exception {
		Path f = dir.resolve(name);
		Files.writeString(f, text);
		return f;
	}

	@Nested
	class Rosters {

		@Test
		void readsLearnersWithUrisAndLabels() throws Exception {
			Roster r = new RosterLoader().load(file("roster.yaml", """
					format_version: 1
					learners:
					  - {name: alice, uri: "qemu+ssh://alice@lab01/system", labels: [group-a, morning]}
					  - name: bob
					    uri: test:///default
					"""));

			assertThat(r.learners()).containsExactly(
					new Roster.Learner("alice", "qemu+ssh://alice@lab01/system", List.of("group-a", "morning")),
					new Roster.Learner("bob", "test:///default", List.of()));
		}

		@Test
		void mistakesAreReportedWithFileAndLine() throws Exception {
			Path typo = file("typo.yaml", "format_version: 1\nlearners:\n  - {name: a, uri: x}\n  - {name: b, url: y}\n");
			Path twice = file("twice.yaml", "format_version: 1\nlearners:\n  - {name: a, uri: x}\n  - {name: a, uri: y}\n");
			Path empty = file("empty.yaml", "format_version: 1\nlearners: []\n");
			Path version = file("v2.yaml", "format_version: 2\nlearners: []\n");

			assertThatThrownBy(() -> new RosterLoader().load(typo)).isInstanceOf(ContentException.class)
				.hasMessageContaining("typo.yaml:4").hasMessageContaining("missing required key 'uri'");
			assertThatThrownBy(() -> new RosterLoader().load(twice)).hasMessageContaining("twice.yaml:4")
				.hasMessageContaining("duplicate learner name 'a'");
			assertThatThrownBy(() -> new RosterLoader().load(empty)).hasMessageContaining("at least one learner");
			assertThatThrownBy(() -> new RosterLoader().load(version)).hasMessageContaining("unsupported format_version 2");
		}
	}

	@Nested
	class Policies {

		@Test
		void theCoursePolicyLoadsWithWeightsAndTheSeedsValidationStandards() {
			CoursePolicy p = new CoursePolicyLoader().load(Kvmlab.projectRoot().resolve("grading/course.yaml"));

			assertThat(p.modules()).hasSize(6);
			assertThat(p.modules().values().stream().mapToInt(CoursePolicy.Module::weight).sum()).isEqualTo(100);
			assertThat(p.standards()).hasSize(8);
			assertThat(p.standards().get(0).text().get(Lang.ZH_CN)).startsWith("部署能力");
			assertThat(p.standards()).extracting(CoursePolicy.Standard::id).contains("fault-drills", "roadmap");
		}

		@Test
		void aBadPolicyIsReportedWithFileAndLine() throws Exception {
			Path bad = file("course.yaml", "format_version: 1\npass_mark: 75\nmodules:\n  - {module: 7, weight: 1}\n");

			assertThatThrownBy(() -> new CoursePolicyLoader().load(bad)).hasMessageContaining("course.yaml:4")
				.hasMessageContaining("modules are numbered 1 to 6");
		}

		private GradeResult result(String lab, int score, int max, boolean incomplete) {
			var criteria = incomplete ? List.of(new dev.kvmlab.grading.CriterionResult("c", dev.kvmlab.content.Text.of("c", "c"),
					dev.kvmlab.grading.Status.ERROR, max, 0, "", "", null, null)) : List.<dev.kvmlab.grading.CriterionResult>of();
			return new GradeResult(lab, "test:///default", true, Instant.EPOCH, 0, score, max, 80, score * 100 >= 80 * max,
					criteria);
		}

		@Test
		void theCourseGradeIsTheWeightedMeanOfModuleMeans() {
			CoursePolicy p = new CoursePolicy(null, 70, Map.of(1, new CoursePolicy.Module(1, 10, 60),
					2, new CoursePolicy.Module(2, 30, 60)), List.of());
			Map<String, Integer> modules = Map.of("a", 1, "b", 2, "c", 2);

			CourseGrade g = CourseGrade.of(p, modules, List.of(result("a", 100, 100, false), result("b", 50, 100, false),
					result("c", 70, 100, false)));

			assertThat(g.modules()).containsEntry(1, 100).containsEntry(2, 60);
			assertThat(g.percent()).isEqualTo(70); // (10*100 + 30*60) / 40
			assertThat(g.passed()).isTrue();
		}

		@Test
		void aModuleBelowItsOwnPassMarkFailsTheCourse() {
			CoursePolicy p = new CoursePolicy(null, 50, Map.of(1, new CoursePolicy.Module(1, 90, 60),
					2, new CoursePolicy.Module(2, 10, 60)), List.of());

			CourseGrade g = CourseGrade.of(p, Map.of("a", 1, "b", 2), List.of(result("a", 100, 100, false),
					result("b", 10, 100, false)));

			assertThat(g.percent()).isEqualTo(91);
			assertThat(g.passed()).isFalse();
			assertThat(g.belowModulePassMark()).containsExactly(2);
		}

		@Test
		void anUnevaluatedLabMakesTheCourseGradeIncompleteNotZero() {
			CourseGrade g = CourseGrade.of(CoursePolicy.equalWeights(), Map.of("a", 1), List.of(result("a", 0, 100, true)));

			assertThat(g.incomplete()).isTrue();
			assertThat(g.percent()).isNull();
			assertThat(g.passed()).isFalse();
		}
	}
}
