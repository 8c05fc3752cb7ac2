package dev.kvmlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kvmlab.content.Lang;
import dev.kvmlab.fixtures.Kvmlab;
import dev.kvmlab.fixtures.Results;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.progress.Attempt;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.progress.ResultStore;

/** The progress report rendered from fixed records: structure, every criterion, escaping, both languages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressReportTests {

	@TempDir
	static Path data;

	private Kvmlab kvmlab;

	private ProgressReports reports;

	private ProgressRenderer renderer;

	static final GradeResult LATEST = Results.bridgeNetwork60(Instant.parse("2025-03-02T09:30:00Z"));

	@BeforeAll
	void aLearnerHalfwayThroughModuleTwo() {
		kvmlab = new Kvmlab(data);
		ProgressFixture.write(kvmlab.get(ProgressStore.class), kvmlab.get(ResultStore.class), LATEST);
		reports = kvmlab.get(ProgressReports.class);
		renderer = kvmlab.get(ProgressRenderer.class);
		renderer.zone(ZoneOffset.UTC);
	}

	@AfterAll
	void close() {
		kvmlab.close();
	}

	/** Labs in the catalogue, over all modules. */
	private static int allLabs(ProgressReport r) {
		return r.modules().stream().mapToInt(m -> m.labs().size()).sum();
	}

	@Nested
	class Model {

		@Test
		void everyModuleIsListedWithItsLabsAndQuizzes() {
			ProgressReport r = reports.build("alice", Lang.EN);

			assertThat(r.modules()).extracting(ProgressReport.Module::number).containsExactly(1, 2, 3, 4, 5, 6, 0);
			ProgressReport.Module two = r.modules().get(1);
			// module 2's other labs are not started: they count 0 in the module's mean
			assertThat(two.labs().get(0)).satisfies(lab -> {
				assertThat(lab.id()).isEqualTo("bridge-network");
				assertThat(lab.bestPercent()).isEqualTo(60);
				assertThat(lab.attempts()).isEqualTo(3);
				assertThat(lab.history()).hasSize(3);
				assertThat(lab.latest()).isEqualTo(LATEST);
			});
			assertThat(two.percent()).isEqualTo(60 / two.labs().size());
			ProgressReport.Module one = r.modules().get(0);
			assertThat(one.quizzes()).singleElement().satisfies(q -> {
				assertThat(q.percent()).isEqualTo(80);
				assertThat(q.passed()).isTrue();
			});
			assertThat(one.labs()).singleElement().satisfies(lab -> assertThat(lab.latest()).isNull());
			assertThat(r.modules().get(6).quizzes()).extracting(ProgressReport.Quiz::id).containsExactly("odd-one");
			assertThat(r.passed()).isEqualTo(1); // the m1 quiz
			assertThat(r.items()).isEqualTo(2 + allLabs(r)); // two quizzes and every lab
		}
	}

	@Nested
	class Terminal {

		private int labsInModule2() {
			return reports.build("alice", Lang.EN).modules().get(1).labs().size();
		}

		@Test
		void keepsTheColumnsAlignedWhateverTheLengthOfIdsAndTitles() {
			String text = renderer.text(reports.build("alice", Lang.EN), Lang.EN, new Ansi(false));

			// every lab row's status starts in the same column, long ids and titles included
			assertThat(text.lines().filter(l -> l.matches("  [a-z].*(not started|graded).*"))
				.map(l -> Math.max(l.indexOf("not started"), l.indexOf("graded"))).distinct()).hasSize(1);
		}

		@Test
		void showsABarPerModuleAndEachLabsNumbers() {
			String text = renderer.text(reports.build("alice", Lang.EN), Lang.EN, new Ansi(false));

			assertThat(text).containsPattern("Module 2  \\[[█░]{20}\\] +" + 60 / labsInModule2() + "%  0/" + labsInModule2()
					+ " passed  Deployment and VM lifecycle");
			assertThat(text).containsPattern("bridge-network +Put a VM on a bridged network +graded +best 60% +3 attempt\\(s\\) +last 2025-03-02 09:30");
			assertThat(text).contains("quiz m1").contains("8/10");
			ProgressReport report = reports.build("alice", Lang.EN);
			report.modules().stream().filter(m -> m.number() > 0 && m.labs().isEmpty() && m.quizzes().isEmpty())
				.forEach(m -> assertThat(text).containsPattern("Module " + m.number() + " +no labs or quizzes yet"));
			assertThat(text).contains("Overall: 1/" + (2 + allLabs(report)) + " passed");
		}

		@Test
		void speaksChinese() {
			String text = renderer.text(reports.build("alice", Lang.ZH_CN), Lang.ZH_CN, new Ansi(false));

			assertThat(text).contains("模块 2").contains("基础部署与虚拟机生命周期管理").contains("最佳 60%").contains("尝试 3 次");
		}
	}

	@Nested
	class Json {

		@Test
		void carriesModulesLabsLatestResultAndHistory() throws Exception {
			JsonNode root = new ObjectMapper().readTree(renderer.json(reports.build("alice", Lang.EN)));

			assertThat(root.path("learner").asText()).isEqualTo("alice");
			assertThat(root.path("modules")).hasSize(7);
			JsonNode lab = root.at("/modules/1/labs/0");
			assertThat(lab.path("id").asText()).isEqualTo("bridge-network");
			assertThat(lab.path("bestPercent").asInt()).isEqualTo(60);
			assertThat(lab.path("attempts").asInt()).isEqualTo(3);
			assertThat(lab.at("/latest/score").asInt()).isEqualTo(60);
			assertThat(lab.at("/latest/notPassed")).extracting(JsonNode::asText).containsExactly("network-active",
					"network-autostart");
			assertThat(lab.path("history")).hasSize(3);
			assertThat(root.at("/modules/0/quizzes/0/percent").asInt()).isEqualTo(80);
		}
	}

	@Nested
	class Html {

		@Test
		void showsEveryCriterionWithItsEvidence() {
			String html = renderer.html(reports.build("alice", Lang.EN), Lang.EN);

			for (CriterionResult c : LATEST.criteria()) {
				assertThat(html).contains("data-criterion=\"" + c.id() + "\"").contains(c.title().en());
			}
			assertThat(html).contains("class=\"criterion criterion-FAIL\"");
			assertThat(html).contains("expected for network-autostart").contains("hint for network-autostart");
			assertThat(html).contains("NOT YET: 60/100 points (60%, pass mark 80%)");
			assertThat(html).contains("data-lab=\"bridge-network\"").contains("data-lab=\"host-readiness\"");
			assertThat(html).contains("Not graded yet.");
		}

		@Test
		void hasTheTimelineAndAChartOfProgressOverTime() {
			String html = renderer.html(reports.build("alice", Lang.EN), Lang.EN);

			assertThat(html).contains("class=\"grid timeline\"");
			assertThat(html).containsPattern("(?s)<svg[^>]*class=\"chart\".*<polyline[^>]*points=\"[0-9., ]+\"");
			assertThat(html.split("<circle", -1)).hasSize(4); // three attempts
			assertThat(html).contains("2025-03-01 08:00").contains("2025-03-02 09:30");
		}

		@Test
		void escapesWhatCameFromAHostOrAName() {
			String html = renderer.html(reports.build(Results.HOSTILE, Lang.EN), Lang.EN);

			assertThat(html).doesNotContain(Results.HOSTILE).doesNotContainIgnoringCase("<script");
			assertThat(html).contains("no domain named &lt;script&gt;alert(1)&lt;/script&gt;");
			assertThat(html).contains("<dd class=\"learner\">&lt;script&gt;alert(1)&lt;/script&gt;</dd>");
		}

		@Test
		void isSelfContainedAndPrintable() {
			String html = renderer.html(reports.build("alice", Lang.EN), Lang.EN);

			assertThat(html).doesNotContainPattern("(?i)\\s(src|href)\\s*=").doesNotContain("@import").doesNotContain("url(");
			assertThat(html).doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
			assertThat(html).contains("<style>").contains("@media print").contains("@page");
		}

		@Test
		void speaksChineseWhenTheLearnerDoes() {
			String html = renderer.html(reports.build("张三", Lang.ZH_CN), Lang.ZH_CN);

			assertThat(html).contains("<html lang=\"zh-CN\">").contains("KVM 课程学习进度报告").contains("评分项 network-active")
				.contains("提示 network-autostart").contains("尚未通过：60/100 分").contains("张三");
			assertThat(html).doesNotContain("??");
		}
	}

	/** Writes the fixture learner: three bridge-network attempts (practice 80, real 0, real 60) and a quiz. */
	static final class ProgressFixture {

		static void write(ProgressStore store, ResultStore results, GradeResult latest) {
			results.saveLatest(latest);
			store.update(p -> {
				var lp = p.lab("bridge-network");
				lp.status = "graded";
				lp.attempts = 3;
				lp.bestScore = 60;
				lp.bestMax = 100;
				lp.lastGraded = latest.gradedAt().toString();
				lp.history.add(new Attempt("2025-03-01T08:00:00Z", "test:///default", true, 80, 100, true, false));
				lp.history.add(new Attempt("2025-03-01T12:00:00Z", "qemu:///system", false, 0, 100, false, false));
				lp.history.add(new Attempt(latest.gradedAt().toString(), "qemu:///system", false, 60, 100, false, false));
				p.quizzes.put("m1", Map.of("score", 8, "max", 10, "passed", true, "attempts", 2, "last", "2025-03-01T07:00:00Z"));
				p.quizzes.put("odd-one", Map.of("note", "no module"));
			});
		}
	}
}
