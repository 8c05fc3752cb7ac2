package dev.kvmlab.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.content.Text;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.support.TestHosts;
import dev.kvmlab.support.Wiring;

/** Scoring: SKIP leaves the maximum, ERROR makes a grade incomplete and never passed, pass marks. */
class GradingEngineTests {

	private final GradingEngine engine = new GradingEngine();

	/** A check type whose outcome is given: the scoring rules do not depend on what is checked. */
	private record Fixed(Status status) implements CheckType {

		@Override
		public String key() {
			return "fixed-" + status.name().toLowerCase();
		}

		@Override
		public Text description() {
			return Text.of("fixed", "固定");
		}

		@Override
		public List<ParamSpec> params() {
			return List.of();
		}

		@Override
		public String example() {
			return "";
		}

		@Override
		public Set<Need> needs(Params params) {
			return Set.of();
		}

		@Override
		public CheckResult evaluate(Params params, HostSnapshot host) {
			return new CheckResult(status, "expected " + status, "found " + status);
		}
	}

	private record Throwing() implements CheckType {

		@Override
		public String key() {
			return "throwing";
		}

		@Override
		public Text description() {
			return Text.of("throws", "抛出");
		}

		@Override
		public List<ParamSpec> params() {
			return List.of();
		}

		@Override
		public String example() {
			return "";
		}

		@Override
		public Set<Need> needs(Params params) {
			return Set.of();
		}

		@Override
		public CheckResult evaluate(Params params, HostSnapshot host) {
			throw new IllegalStateException("boom");
		}
	}

	private static Criterion criterion(String id, int points, CheckType check) {
		return criterion(id, points, check, false);
	}

	private static Criterion criterion(String id, int points, CheckType check, boolean hostFact) {
		return new Criterion(id, Text.of(id, id), points, check, new Params(Map.of()), Text.of("hint " + id, "提示 " + id),
				"m1-" + id, List.of(), hostFact);
	}

	/** Criteria of the given statuses and points, in order: "PASS:10", "SKIP:20". */
	private static Rubric rubric(int passMark, String... outcomes) {
		List<Criterion> criteria = new ArrayList<>();
		int i = 0;
		for (String o : outcomes) {
			String[] sp = o.split(":");
			criteria.add(criterion("c" + i++, Integer.parseInt(sp[1]), new Fixed(Status.valueOf(sp[0]))));
		}
		return new Rubric("alpha", passMark, criteria, Path.of("grading/alpha.yaml"));
	}

	private static HostSnapshot emptySnapshot(boolean practice) {
		return new HostSnapshot("qemu:///system", practice, Instant.parse("2025-01-02T03:04:05Z"), Map.of(),
				Lookup.unsupported(""), Map.of(), Map.of(), Lookup.unsupported(""), Lookup.unsupported(""),
				Lookup.unsupported(""));
	}

	private GradeResult grade(Rubric rubric) {
		return engine.grade(rubric, emptySnapshot(false), Instant.now());
	}

	@Nested
	class Scoring {

		@Test
		void passingEveryCriterionScoresTheTotal() {
			GradeResult r = grade(rubric(100, "PASS:10", "PASS:30"));
			assertThat(r.score()).isEqualTo(40);
			assertThat(r.maxScore()).isEqualTo(40);
			assertThat(r.percent()).isEqualTo(100);
			assertThat(r.passed()).isTrue();
			assertThat(r.incomplete()).isFalse();
		}

		@Test
		void skipTakesItsPointsOutOfTheMaximum() {
			GradeResult r = grade(rubric(100, "PASS:10", "SKIP:20", "PASS:30"));
			assertThat(r.score()).isEqualTo(40);
			assertThat(r.maxScore()).isEqualTo(40);
			assertThat(r.passed()).isTrue();
			assertThat(r.count(Status.SKIP)).isEqualTo(1);
			assertThat(r.criteria().get(1).awarded()).isZero();
			assertThat(r.criteria().get(1).points()).isEqualTo(20);
		}

		@Test
		void failAwardsNothingButTheGradeIsComplete() {
			GradeResult r = grade(rubric(50, "PASS:60", "FAIL:40"));
			assertThat(r.score()).isEqualTo(60);
			assertThat(r.maxScore()).isEqualTo(100);
			assertThat(r.passed()).isTrue();
			assertThat(r.incomplete()).isFalse();
		}

		@Test
		void errorAwardsNothingAndTheGradeIsIncompleteAndNotPassedWhateverTheScore() {
			GradeResult r = grade(rubric(50, "PASS:90", "ERROR:10"));
			assertThat(r.score()).isEqualTo(90);
			assertThat(r.maxScore()).isEqualTo(100);
			assertThat(r.percent()).isEqualTo(90);
			assertThat(r.passed()).isFalse();
			assertThat(r.incomplete()).isTrue();
			assertThat(r.count(Status.ERROR)).isEqualTo(1);
		}

		@Test
		void nothingThatAppliesIsNotAPass() {
			GradeResult r = grade(rubric(50, "SKIP:10", "SKIP:20"));
			assertThat(r.maxScore()).isZero();
			assertThat(r.percent()).isZero();
			assertThat(r.passed()).isFalse();
		}

		@Test
		void hintsAreGivenOnEveryNonPassAndLessonsAlways() {
			GradeResult r = grade(rubric(50, "PASS:1", "FAIL:1", "ERROR:1", "SKIP:1"));
			assertThat(r.criteria()).extracting(CriterionResult::hint)
				.containsExactly(null, Text.of("hint c1", "提示 c1"), Text.of("hint c2", "提示 c2"), Text.of("hint c3", "提示 c3"));
			assertThat(r.criteria()).extracting(CriterionResult::lesson).containsExactly("m1-c0", "m1-c1", "m1-c2", "m1-c3");
			assertThat(r.criteria().get(1).expected()).isEqualTo("expected FAIL");
			assertThat(r.criteria().get(1).found()).isEqualTo("found FAIL");
		}

		@Test
		void theResultCarriesTheLabTheHostAndTheTimeOfTheRead() {
			GradeResult r = engine.grade(rubric(80, "PASS:1"), emptySnapshot(true), Instant.now());
			assertThat(r.lab()).isEqualTo("alpha");
			assertThat(r.uri()).isEqualTo("qemu:///system");
			assertThat(r.practice()).isTrue();
			assertThat(r.gradedAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
			assertThat(r.passMark()).isEqualTo(80);
			assertThat(r.durationMillis()).isNotNegative();
		}
	}

	@Nested
	class PassMark {

		@Test
		void exactlyThePassMarkPasses() {
			GradeResult r = grade(rubric(80, "PASS:24", "FAIL:6"));
			assertThat(r.percent()).isEqualTo(80);
			assertThat(r.passed()).isTrue();
		}

		@Test
		void justBelowThePassMarkFails() {
			GradeResult r = grade(rubric(80, "PASS:23", "FAIL:7"));
			assertThat(r.percent()).isEqualTo(76);
			assertThat(r.passed()).isFalse();
		}

		@Test
		void twoThirdsIsBelowSixtySevenPercentAndTheShownPercentIsNotRoundedUp() {
			GradeResult r = grade(rubric(67, "PASS:2", "FAIL:1"));
			assertThat(r.percent()).isEqualTo(66);
			assertThat(r.passed()).isFalse();
		}

		@Test
		void twoThirdsReachesSixtySixPercent() {
			assertThat(grade(rubric(66, "PASS:2", "FAIL:1")).passed()).isTrue();
		}

		@Test
		void aHundredPercentMarkNeedsEveryPoint() {
			GradeResult r = grade(rubric(100, "PASS:199", "FAIL:1"));
			assertThat(r.percent()).isEqualTo(99);
			assertThat(r.passed()).isFalse();
		}
	}

	@Nested
	class ChecksThatGoWrong {

		@Test
		void aCheckThatThrowsIsAnErrorWithTheReason() {
			// given
			Rubric rubric = new Rubric("alpha", 50, List.of(criterion("ok", 10, new Fixed(Status.PASS)),
					criterion("bad", 10, new Throwing())), Path.of("grading/alpha.yaml"));

			// when
			GradeResult r = grade(rubric);

			// then
			CriterionResult bad = r.criteria().get(1);
			assertThat(bad.status()).isEqualTo(Status.ERROR);
			assertThat(bad.expected()).isEqualTo("(check throwing)");
			assertThat(bad.found()).isEqualTo("could not evaluate: boom");
			assertThat(bad.awarded()).isZero();
			assertThat(r.passed()).isFalse();
			assertThat(r.incomplete()).isTrue();
		}
	}

	@Nested
	class HostFacts {

		@Test
		void hostFactsAreSkippedInPracticeMode() {
			// given
			Rubric rubric = new Rubric("alpha", 100, List.of(criterion("fact", 10, new Fixed(Status.PASS), true),
					criterion("work", 10, new Fixed(Status.PASS))), Path.of("grading/alpha.yaml"));

			// when
			GradeResult r = engine.grade(rubric, emptySnapshot(true), Instant.now());

			// then
			assertThat(r.criteria().get(0).status()).isEqualTo(Status.SKIP);
			assertThat(r.criteria().get(0).found()).isEqualTo(GradingEngine.PRACTICE_HOST_FACT);
			assertThat(r.maxScore()).isEqualTo(10);
			assertThat(r.score()).isEqualTo(10);
		}

		@Test
		void hostFactsAreGradedOnARealHost() {
			// given
			Rubric rubric = new Rubric("alpha", 100, List.of(criterion("fact", 10, new Fixed(Status.FAIL), true)),
					Path.of("grading/alpha.yaml"));

			// then
			assertThat(grade(rubric).criteria().get(0).status()).isEqualTo(Status.FAIL);
		}
	}

	@Nested
	class DaemonDiesMidGrade {

		@TempDir
		static Path data;

		private static Wiring wiring;

		@BeforeAll
		static void wire() {
			wiring = Wiring.content(data, data);
		}

		@AfterAll
		static void close() {
			wiring.close();
		}

		private Rubric classroomRubric() {
			CheckRegistry checks = wiring.get(CheckRegistry.class);
			return new Rubric("classroom", 50, List.of(
					new Criterion("web-running", Text.of("web runs", "web 运行"), 10, checks.find("domain-state").orElseThrow(),
							new Params(Map.of("name", "web", "state", "running")), Text.of("h", "提示"), null, List.of(), false),
					new Criterion("lan-active", Text.of("lan active", "lan 启动"), 10,
							checks.find("network-active").orElseThrow(), new Params(Map.of("name", "lan")), Text.of("h", "提示"),
							null, List.of(), false),
					new Criterion("br0-up", Text.of("br0 up", "br0 启用"), 10, checks.find("host-bridge").orElseThrow(),
							new Params(Map.of("name", "br0")), Text.of("h", "提示"), null, List.of(), false)),
					Path.of("grading/classroom.yaml"));
		}

		@Test
		void withTheConnectionUpEveryCriterionPasses() {
			// given
			Rubric rubric = classroomRubric();

			// when
			GradeResult r;
			try (LibvirtHost host = TestHosts.classroom()) {
				r = engine.grade(rubric, host.snapshot(rubric.needs()), Instant.now());
			}

			// then
			assertThat(r.criteria()).extracting(CriterionResult::status).containsOnly(Status.PASS);
			assertThat(r.passed()).isTrue();
		}

		@Test
		void aConnectionClosedUnderneathMakesEveryCriterionErrorNotFail() {
			// given
			Rubric rubric = classroomRubric();
			LibvirtHost host = TestHosts.classroom();
			host.closeForGood();

			// when
			GradeResult r = engine.grade(rubric, host.snapshot(rubric.needs()), Instant.now());

			// then
			assertThat(r.criteria()).extracting(CriterionResult::status).containsOnly(Status.ERROR);
			assertThat(r.count(Status.FAIL)).isZero();
			assertThat(r.score()).isZero();
			assertThat(r.maxScore()).isEqualTo(30);
			assertThat(r.passed()).isFalse();
			assertThat(r.incomplete()).isTrue();
			assertThat(r.criteria()).allSatisfy(c -> assertThat(c.found()).isNotBlank());
		}
	}
}
