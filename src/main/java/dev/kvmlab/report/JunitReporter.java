package dev.kvmlab.report;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;

/** JUnit XML (one testsuite per lab, one testcase per criterion) for CI servers. */
@Component
public class JunitReporter implements GradeReporter {

	@Override
	public String format() {
		return "junit";
	}

	@Override
	public String render(GradeResult r, Lang lang) {
		StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		x.append("<testsuite name=\"kvmlab.").append(esc(r.lab())).append("\" tests=\"").append(r.criteria().size())
			.append("\" failures=\"").append(r.count(Status.FAIL)).append("\" errors=\"").append(r.count(Status.ERROR))
			.append("\" skipped=\"").append(r.count(Status.SKIP)).append("\" time=\"")
			.append(String.format(java.util.Locale.ROOT, "%.3f", r.durationMillis() / 1000.0)).append("\" timestamp=\"")
			.append(r.gradedAt()).append("\">\n");
		x.append("  <properties>\n");
		prop(x, "uri", r.uri());
		prop(x, "practice", String.valueOf(r.practice()));
		prop(x, "score", r.score() + "/" + r.maxScore());
		prop(x, "passMark", r.passMark() + "%");
		prop(x, "passed", String.valueOf(r.passed()));
		x.append("  </properties>\n");
		for (CriterionResult c : r.criteria()) {
			x.append("  <testcase classname=\"kvmlab.").append(esc(r.lab())).append("\" name=\"").append(esc(c.id()))
				.append("\" time=\"0\">\n");
			String detail = "expected: " + c.expected() + "\nfound: " + c.found()
					+ (c.hint() == null ? "" : "\nhint: " + c.hint().get(lang));
			switch (c.status()) {
				case FAIL -> x.append("    <failure message=\"").append(esc(c.title().get(lang))).append("\">")
					.append(esc(detail)).append("</failure>\n");
				case ERROR -> x.append("    <error message=\"could not evaluate\">").append(esc(detail)).append("</error>\n");
				case SKIP -> x.append("    <skipped message=\"").append(esc(c.found())).append("\"/>\n");
				case PASS -> x.append("    <system-out>").append(esc(detail)).append("</system-out>\n");
			}
			x.append("  </testcase>\n");
		}
		return x.append("</testsuite>").toString();
	}

	private static void prop(StringBuilder x, String name, String value) {
		x.append("    <property name=\"").append(name).append("\" value=\"").append(esc(value)).append("\"/>\n");
	}

	static String esc(String s) {
		if (s == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(s.length());
		for (char ch : s.toCharArray()) {
			switch (ch) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&apos;");
				default -> {
					if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
						out.append('?');
					}
					else {
						out.append(ch);
					}
				}
			}
		}
		return out.toString();
	}
}
