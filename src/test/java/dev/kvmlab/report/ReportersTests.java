package dev.kvmlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kvmlab.content.Lang;
import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.i18n.Messages;

/** The three renderings of one grade: JSON (a contract), JUnit XML (well-formed, escaped), terminal. */
class ReportersTests {

	private static final String HOSTILE = "<script>&\"'</script> ]]> \u0001";

	private static CriterionResult criterion(String id, Status status, int points, String expected, String found) {
		return new CriterionResult(id, Text.of("Title " + id, "标题 " + id), status, points,
				status == Status.PASS ? points : 0, expected, found,
				status == Status.PASS ? null : Text.of("Hint " + id, "提示 " + id), "m2-" + id);
	}

	private static GradeResult result(boolean practice, boolean passed, CriterionResult... criteria) {
		int score = 0;
		int max = 0;
		for (CriterionResult c : criteria) {
			score += c.awarded();
			max += c.status() == Status.SKIP ? 0 : c.points();
		}
		return new GradeResult("bridge-network", practice ? "test:///default" : "qemu:///system", practice,
				Instant.parse("2025-01-02T03:04:05Z"), 1234, score, max, 80, passed, List.of(criteria));
	}

	private static GradeResult mixed() {
		return result(false, false, criterion("a-pass", Status.PASS, 20, "bridge lab-br0 up", "lab-br0: bridge, up"),
				criterion("b-fail", Status.FAIL, 20, "network lab-bridge active", "network lab-bridge inactive"),
				criterion("c-error", Status.ERROR, 20, "domain lab-vm1", "connection reset"),
				criterion("d-skip", Status.SKIP, 20, "kvm", "practice mode"));
	}

	private static GradeResult hostile() {
		return new GradeResult("lab-" + HOSTILE, HOSTILE, false, Instant.parse("2025-01-02T03:04:05Z"), 5, 0, 10, 80,
				false, List.of(new CriterionResult("x" + HOSTILE, Text.of(HOSTILE, HOSTILE), Status.FAIL, 10, 0, HOSTILE,
						HOSTILE, Text.of(HOSTILE, HOSTILE), null),
						new CriterionResult("y", Text.of("y", "y"), Status.SKIP, 10, 0, "e", HOSTILE, null, null)));
	}

	@Nested
	class Json {

		private final JsonReporter reporter = new JsonReporter();

		private JsonNode parse(GradeResult r, Lang lang) throws Exception {
			return new ObjectMapper().readTree(reporter.render(r, lang));
		}

		@Test
		void hasTheContractFields() throws Exception {
			// when
			JsonNode json = parse(mixed(), Lang.EN);

			// then
			assertThat(reporter.format()).isEqualTo("json");
			assertThat(json.get("lab").asText()).isEqualTo("bridge-network");
			assertThat(json.get("score").asInt()).isEqualTo(20);
			assertThat(json.get("maxScore").asInt()).isEqualTo(60);
			assertThat(json.get("passed").isBoolean()).isTrue();
			assertThat(json.get("passed").asBoolean()).isFalse();
			assertThat(json.get("incomplete").asBoolean()).isTrue();
			assertThat(json.get("practice").asBoolean()).isFalse();
			assertThat(json.get("percent").asInt()).isEqualTo(33);
			assertThat(json.get("passMark").asInt()).isEqualTo(80);
			JsonNode criteria = json.get("criteria");
			assertThat(criteria.isArray()).isTrue();
			assertThat(criteria).hasSize(4);
			List<String> statuses = new ArrayList<>();
			for (JsonNode c : criteria) {
				for (String field : List.of("id", "status", "points", "awarded", "expected", "found", "hint")) {
					assertThat(c.has(field)).as(c.get("id") + " has " + field).isTrue();
				}
				statuses.add(c.get("status").asText());
			}
			assertThat(statuses).containsExactly("PASS", "FAIL", "ERROR", "SKIP");
			JsonNode fail = criteria.get(1);
			assertThat(fail.get("id").asText()).isEqualTo("b-fail");
			assertThat(fail.get("points").asInt()).isEqualTo(20);
			assertThat(fail.get("awarded").asInt()).isZero();
			assertThat(fail.get("expected").asText()).isEqualTo("network lab-bridge active");
			assertThat(fail.get("found").asText()).isEqualTo("network lab-bridge inactive");
			assertThat(fail.get("hint").asText()).isEqualTo("Hint b-fail");
			assertThat(criteria.get(0).get("hint").isNull()).isTrue();
		}

		@Test
		void textsAreInTheAskedLanguage() throws Exception {
			JsonNode json = parse(mixed(), Lang.ZH_CN);
			assertThat(json.get("lang").asText()).isEqualTo("zh-CN");
			assertThat(json.get("criteria").get(1).get("hint").asText()).isEqualTo("提示 b-fail");
			assertThat(json.get("criteria").get(1).get("title").asText()).isEqualTo("标题 b-fail");
		}

		@Test
		void hostileStringsSurviveExactly() throws Exception {
			JsonNode json = parse(hostile(), Lang.EN);
			assertThat(json.get("lab").asText()).isEqualTo("lab-" + HOSTILE);
			assertThat(json.get("criteria").get(0).get("found").asText()).isEqualTo(HOSTILE);
			assertThat(json.get("criteria").get(0).get("hint").asText()).isEqualTo(HOSTILE);
		}
	}

	@Nested
	class Junit {

		private final JunitReporter reporter = new JunitReporter();

		private Document parse(GradeResult r, Lang lang) throws Exception {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			return f.newDocumentBuilder().parse(new InputSource(new StringReader(reporter.render(r, lang))));
		}

		private static Element testcase(Document doc, int i) {
			return (Element) doc.getElementsByTagName("testcase").item(i);
		}

		@Test
		void isWellFormedWithTheCounts() throws Exception {
			// when
			Document doc = parse(mixed(), Lang.EN);

			// then
			Element suite = doc.getDocumentElement();
			assertThat(reporter.format()).isEqualTo("junit");
			assertThat(suite.getTagName()).isEqualTo("testsuite");
			assertThat(suite.getAttribute("name")).isEqualTo("kvmlab.bridge-network");
			assertThat(suite.getAttribute("tests")).isEqualTo("4");
			assertThat(suite.getAttribute("failures")).isEqualTo("1");
			assertThat(suite.getAttribute("errors")).isEqualTo("1");
			assertThat(suite.getAttribute("skipped")).isEqualTo("1");
			assertThat(suite.getAttribute("time")).isEqualTo("1.234");
			assertThat(suite.getAttribute("timestamp")).isEqualTo("2025-01-02T03:04:05Z");
			NodeList cases = doc.getElementsByTagName("testcase");
			assertThat(cases.getLength()).isEqualTo(4);
			assertThat(testcase(doc, 0).getAttribute("name")).isEqualTo("a-pass");
			assertThat(testcase(doc, 0).getElementsByTagName("system-out").getLength()).isEqualTo(1);
			Element failure = (Element) testcase(doc, 1).getElementsByTagName("failure").item(0);
			assertThat(failure.getAttribute("message")).isEqualTo("Title b-fail");
			assertThat(failure.getTextContent()).isEqualTo(
					"expected: network lab-bridge active\nfound: network lab-bridge inactive\nhint: Hint b-fail");
			assertThat(testcase(doc, 2).getElementsByTagName("error").getLength()).isEqualTo(1);
			Element skipped = (Element) testcase(doc, 3).getElementsByTagName("skipped").item(0);
			assertThat(skipped.getAttribute("message")).isEqualTo("practice mode");
		}

		@Test
		void propertiesNameTheHostAndTheVerdict() throws Exception {
			Document doc = parse(result(true, true, criterion("a", Status.PASS, 10, "e", "f")), Lang.EN);
			NodeList props = doc.getElementsByTagName("property");
			List<String> pairs = new ArrayList<>();
			for (int i = 0; i < props.getLength(); i++) {
				Element p = (Element) props.item(i);
				pairs.add(p.getAttribute("name") + "=" + p.getAttribute("value"));
			}
			assertThat(pairs).containsExactly("uri=test:///default", "practice=true", "score=10/10", "passMark=80%",
					"passed=true");
		}

		@Test
		void hostileStringsAreEscapedAndReadBackIntact() throws Exception {
			// when
			String xml = reporter.render(hostile(), Lang.EN);
			Document doc = parse(hostile(), Lang.EN);

			// then: control characters cannot be in XML 1.0 at all, so they become '?'
			String readable = HOSTILE.replace('\u0001', '?');
			assertThat(xml).doesNotContain("<script>").doesNotContain("\u0001");
			assertThat(doc.getDocumentElement().getAttribute("name")).isEqualTo("kvmlab.lab-" + readable);
			Element failure = (Element) testcase(doc, 0).getElementsByTagName("failure").item(0);
			assertThat(testcase(doc, 0).getAttribute("name")).isEqualTo("x" + readable);
			assertThat(failure.getAttribute("message")).isEqualTo(readable);
			assertThat(failure.getTextContent()).isEqualTo(
					"expected: " + readable + "\nfound: " + readable + "\nhint: " + readable);
			Element skipped = (Element) testcase(doc, 1).getElementsByTagName("skipped").item(0);
			assertThat(skipped.getAttribute("message")).isEqualTo(readable);
		}
	}

	@Nested
	class Terminal {

		private final TerminalReporter reporter = new TerminalReporter(new Messages());

		Terminal() {
			reporter.ansi(new Ansi(false));
		}

		@Test
		void practiceModeIsLabelledAboveAndBelow() {
			// when
			String text = reporter.render(result(true, true, criterion("a", Status.PASS, 10, "e", "f")), Lang.EN);

			// then
			List<String> lines = text.lines().toList();
			assertThat(lines.get(0)).isEqualTo("PRACTICE MODE (test:///default): libvirt's test driver, not a real host."
					+ " Results are for practice only.");
			assertThat(lines.get(lines.size() - 1)).endsWith(" [practice]").startsWith("PASSED: 10/10 points (100%");
		}

		@Test
		void practiceModeIsLabelledInChineseToo() {
			String text = reporter.render(result(true, true, criterion("a", Status.PASS, 10, "e", "f")), Lang.ZH_CN);
			assertThat(text.lines().findFirst().orElseThrow()).startsWith("练习模式（test:///default）");
			assertThat(text).endsWith("[练习]");
		}

		@Test
		void aRealHostIsNotLabelledPractice() {
			String text = reporter.render(result(false, true, criterion("a", Status.PASS, 10, "e", "f")), Lang.EN);
			assertThat(text).doesNotContain("PRACTICE").doesNotContain("[practice]")
				.startsWith("Grading bridge-network on qemu:///system");
		}

		@Test
		void eachCriterionWithItsEvidenceAndTheHintOnlyForAFail() {
			// when
			String text = reporter.render(mixed(), Lang.EN);

			// then
			assertThat(text).contains("  [PASS] Title a-pass  (20/20, a-pass)")
				.contains("  [FAIL] Title b-fail  (0/20, b-fail)")
				.contains("         expected: network lab-bridge active")
				.contains("         found: network lab-bridge inactive")
				.contains("         hint: Hint b-fail  [learn m2-b-fail]")
				.contains("  [ERROR] Title c-error").contains("  [SKIP] Title d-skip")
				.doesNotContain("Hint c-error").doesNotContain("Hint d-skip").doesNotContain("found: lab-br0: bridge, up");
			assertThat(text.lines().reduce((a, b) -> b).orElseThrow())
				.isEqualTo("INCOMPLETE: 20/60 points; 1 criteria could not be evaluated (see ERROR lines). This is not a fail.");
		}

		@Test
		void belowThePassMarkSaysSo() {
			String text = reporter.render(result(false, false, criterion("a", Status.PASS, 10, "e", "f"),
					criterion("b", Status.FAIL, 30, "e", "f")), Lang.EN);
			assertThat(text).endsWith("NOT YET: 10/40 points (25%, pass mark 80%). Fix the failing lines and grade again.");
		}

		@Test
		void colourIsOnlyAddedWhenAsked() {
			assertThat(new Ansi(true).red("x")).isEqualTo("\u001b[31mx\u001b[0m");
			assertThat(new Ansi(false).red("x")).isEqualTo("x");
			String coloured = new TerminalReporter(new Messages()) {
				{
					ansi(new Ansi(true));
				}
			}.render(mixed(), Lang.EN);
			assertThat(coloured).contains("\u001b[32m[PASS]\u001b[0m");
		}
	}
}
