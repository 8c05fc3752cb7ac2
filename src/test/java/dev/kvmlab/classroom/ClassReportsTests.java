package dev.kvmlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kvmlab.content.Lang;
import dev.kvmlab.content.Text;
import dev.kvmlab.fixtures.Results;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.i18n.Messages;
import dev.kvmlab.report.Ansi;
import dev.kvmlab.report.ClassReports;
import dev.kvmlab.report.HtmlRenderer;

/** Class reports rendered from fixed records (no host): structure, every criterion, escaping and quoting. */
class ClassReportsTests {

	static final String EVIL_NAME = "=HYPERLINK(\"http://x\"),\n" + Results.HOSTILE;

	private final Messages messages = new Messages();

	private final ClassReports reports = new ClassReports(messages, new HtmlRenderer(messages));

	static ClassResult fixture() {
		Instant at = Instant.parse("2025-03-02T09:30:00Z");
		GradeResult sixty = Results.bridgeNetwork60(at);
		GradeResult hundred = new GradeResult("bridge-network", "test:///x.xml", true, at, 5, 100, 100, 80, true,
				sixty.criteria().stream().map(c -> new dev.kvmlab.grading.CriterionResult(c.id(), c.title(),
						dev.kvmlab.grading.Status.PASS, c.points(), c.points(), c.expected(), "ok", null, c.lesson())).toList());
		List<ClassResult.CriterionColumn> columns = sixty.criteria().stream()
			.map(c -> new ClassResult.CriterionColumn(c.id(), c.title(), c.points())).toList();
		ClassResult.LabColumn lab = new ClassResult.LabColumn("bridge-network", 2, Text.of("Put a VM on a bridged network",
				"让虚拟机接入桥接网络"), 80, columns);
		String cause = "connection refused: " + Results.HOSTILE;
		ClassResult.LearnerResult error = new ClassResult.LearnerResult("zed", List.of(), "qemu+tcp://127.0.0.1:1/system",
				cause, List.of(new GradeResult("bridge-network", "qemu+tcp://127.0.0.1:1/system", false, at, 3, 0, 100, 80,
						false, sixty.criteria().stream().map(c -> new dev.kvmlab.grading.CriterionResult(c.id(), c.title(),
								dev.kvmlab.grading.Status.ERROR, c.points(), 0, "(not evaluated)", cause, null, c.lesson()))
							.toList())), null, 3);
		return new ClassResult(at, 1234, 4, List.of(lab), null, List.of(
				new ClassResult.LearnerResult(EVIL_NAME, List.of("g,1", "@x"), "qemu:///system", null, List.of(sixty), null, 40),
				new ClassResult.LearnerResult("amy", List.of("g2"), "test:///x.xml", null, List.of(hundred), null, 4),
				error));
	}

	@Nested
	class Csv {

		@Test
		void quotesCommasQuotesAndNewlinesAndDefusesFormulas() {
			List<List<String>> rows = parseCsv(reports.csv(fixture(), Lang.EN));

			assertThat(rows).hasSize(4);
			assertThat(rows.get(1).get(0)).isEqualTo("'" + EVIL_NAME);
			assertThat(rows.get(1).get(1)).isEqualTo("g,1 @x");
			assertThat(rows.get(0)).containsSubsequence("learner", "labels", "uri", "outcome", "percent", "bridge-network:score",
					"bridge-network/bridge-up", "bridge-network/network-bridge-mode", "bridge-network/network-active",
					"bridge-network/network-autostart", "bridge-network/vm-virtio-nic", "error");
			assertThat(rows.get(1)).containsSubsequence("FAIL", "60", "60", "100", "60", "false", "PASS", "PASS", "FAIL", "FAIL",
					"PASS");
			assertThat(rows.get(3)).contains("ERROR", "connection refused: " + Results.HOSTILE);
		}

		@Test
		void theCriteriaFileHasOneRowPerLearnerAndCriterionWithEvidence() {
			List<List<String>> rows = parseCsv(reports.criteriaCsv(fixture(), Lang.EN));

			assertThat(rows).hasSize(1 + 3 * 5);
			assertThat(rows.get(3)).containsExactly("'" + EVIL_NAME, "g,1 @x", "bridge-network", "network-active",
					"Criterion network-active", "FAIL", "0", "20", "expected for network-active",
					"no domain named " + Results.HOSTILE, "hint for network-active");
		}

		@Test
		void cells() {
			assertThat(ClassReports.csvCell("plain")).isEqualTo("plain");
			assertThat(ClassReports.csvCell("a,b")).isEqualTo("\"a,b\"");
			assertThat(ClassReports.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
			assertThat(ClassReports.csvCell("=1+1")).isEqualTo("'=1+1");
			assertThat(ClassReports.csvCell("-5")).isEqualTo("-5");
			assertThat(ClassReports.csvCell(" padded")).isEqualTo("\" padded\"");
		}
	}

	@Nested
	class Junit {

		@Test
		void isWellFormedWithOneTestcasePerLearnerAndCriterion() throws Exception {
			String xml = reports.junit(fixture(), Lang.EN);
			Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
				.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

			assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(15);
			assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(2);
			assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo(5);
			Element first = (Element) doc.getElementsByTagName("testsuite").item(0);
			assertThat(first.getAttribute("name")).isEqualTo(EVIL_NAME);
			assertThat(xml).doesNotContain(Results.HOSTILE).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
			Element failure = (Element) doc.getElementsByTagName("failure").item(0);
			assertThat(failure.getTextContent()).contains("found: no domain named " + Results.HOSTILE);
		}
	}

	@Nested
	class Html {

		@Test
		void showsTheMatrixEscapedWithTotalsAndTheDistribution() {
			String html = reports.html(fixture(), Lang.EN);

			assertThat(html).doesNotContain(Results.HOSTILE).doesNotContainIgnoringCase("<script");
			assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
			for (String id : List.of("bridge-up", "network-bridge-mode", "network-active", "network-autostart", "vm-virtio-nic")) {
				assertThat(html).contains("<span>" + id + "</span>");
			}
			assertThat(html.split("class=\"cell s-PASS", -1)).hasSize(1 + 3 + 5);
			assertThat(html.split("class=\"cell s-FAIL", -1)).hasSize(1 + 2);
			assertThat(html).contains("class=\"cause first\"").contains("colspan=\"6\"");
			assertThat(html).contains("<td class=\"good\">2/2</td>").contains("<td class=\"good\">1/2</td>")
				.contains("<td class=\"lab\">1/3</td>");
			assertThat(html).containsPattern("(?s)<svg class=\"chart\".*<rect[^>]*class=\"fail\"");
			assertThat(html).doesNotContainPattern("(?i)\\s(src|href)\\s*=").contains("@media print");
		}

		@Test
		void speaksChinese() {
			String html = reports.html(fixture(), Lang.ZH_CN);

			assertThat(html).contains("kvmlab 班级评分报告").contains("让虚拟机接入桥接网络").doesNotContain("??");
		}
	}

	@Nested
	class JsonAndTerminal {

		@Test
		void jsonHasSummaryAndEveryCriterion() throws Exception {
			JsonNode root = new ObjectMapper().readTree(reports.json(fixture(), Lang.EN));

			assertThat(root.at("/summary/passed").asInt()).isEqualTo(1);
			assertThat(root.at("/summary/failed").asInt()).isEqualTo(1);
			assertThat(root.at("/summary/errors").asInt()).isEqualTo(1);
			assertThat(root.at("/summary/meanPercent").asInt()).isEqualTo(80);
			assertThat(root.at("/learners/0/name").asText()).isEqualTo(EVIL_NAME);
			assertThat(root.at("/learners/0/results/0/criteria")).hasSize(5);
			assertThat(root.at("/learners/2/percent").isNull()).isTrue();
		}

		@Test
		void theTerminalTableListsErrorsWithTheirCause() {
			String text = reports.text(fixture(), Lang.EN, new Ansi(false));

			assertThat(text).contains("Class grade: bridge-network, 3 learner(s)");
			assertThat(text).containsPattern("amy +g2 +100/100 100% +PASS");
			assertThat(text).contains("zed: connection refused");
			assertThat(text).contains("1 passed, 1 not yet, 1 could not be graded; class mean 80%");
		}
	}

	/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF rows. */
	static List<List<String>> parseCsv(String text) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					cell.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				row.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
				row.add(cell.toString());
				cell.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
				i++;
			}
			else {
				cell.append(c);
			}
		}
		return rows;
	}
}
