package dev.kvmlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kvmlab.classroom.ClassResult;
import dev.kvmlab.classroom.ClassResult.LabColumn;
import dev.kvmlab.classroom.ClassResult.LearnerResult;
import dev.kvmlab.classroom.CoursePolicy;
import dev.kvmlab.classroom.CourseGrade;
import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.i18n.Messages;
import dev.kvmlab.progress.AtomicFiles;

/**
 * Renders one {@link ClassResult} as the class reports: a terminal table, CSV (a matrix of
 * learners by criteria, and one row per learner and criterion with the evidence), JSON, JUnit XML
 * (one testcase per learner and criterion) and a self-contained HTML page (the coloured matrix,
 * totals, the class's score distribution as inline SVG). Renderers never grade.
 */
@Component
public class ClassReports {

	public static final String CSV = "class.csv";

	public static final String CRITERIA_CSV = "class-criteria.csv";

	public static final String JSON_FILE = "class.json";

	public static final String JUNIT = "class-junit.xml";

	public static final String HTML = "class-report.html";

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private final Messages messages;

	private final HtmlRenderer html;

	private ZoneId zone = ZoneId.systemDefault();

	public ClassReports(Messages messages, HtmlRenderer html) {
		this.messages = messages;
		this.html = html;
	}

	public void zone(ZoneId zone) {
		this.zone = zone;
	}

	/** Writes every file report into {@code dir} (made if missing); returns the files. */
	public List<Path> writeAll(ClassResult r, Path dir, Lang lang) throws IOException {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(HTML, html(r, lang));
		files.put(CSV, csv(r, lang));
		files.put(CRITERIA_CSV, criteriaCsv(r, lang));
		files.put(JSON_FILE, json(r, lang));
		files.put(JUNIT, junit(r, lang));
		List<Path> out = new ArrayList<>();
		Files.createDirectories(dir);
		for (Map.Entry<String, String> e : files.entrySet()) {
			Path file = dir.resolve(e.getKey());
			AtomicFiles.write(file, e.getValue().getBytes(StandardCharsets.UTF_8));
			out.add(file);
		}
		return out;
	}

	// ------------------------------------------------------------------ terminal

	public String text(ClassResult r, Lang lang, Ansi ansi) {
		StringBuilder out = new StringBuilder();
		out.append(ansi.bold(t(lang, "class.header", String.join(", ", r.labs().stream().map(LabColumn::id).toList()),
				r.learners().size(), seconds(r.durationMillis()), r.parallel()))).append('\n');
		List<String> head = new ArrayList<>(List.of(t(lang, "class.col.learner"), t(lang, "class.col.labels")));
		r.labs().forEach(l -> head.add(l.id()));
		boolean course = r.policy() != null;
		if (course) {
			head.add(t(lang, "class.col.course"));
		}
		head.add(t(lang, "class.col.outcome"));
		List<List<String>> rows = new ArrayList<>();
		for (LearnerResult l : r.learners()) {
			List<String> row = new ArrayList<>(List.of(l.name(), String.join(",", l.labels())));
			for (GradeResult g : l.results()) {
				row.add(l.error() != null || g.incomplete() ? "-" : g.score() + "/" + g.maxScore() + " " + g.percent() + "%");
			}
			if (course) {
				row.add(l.course() == null || l.course().percent() == null ? "-" : l.course().percent() + "%");
			}
			row.add(l.outcome().name());
			rows.add(row);
		}
		int[] widths = new int[head.size()];
		for (int i = 0; i < head.size(); i++) {
			widths[i] = ProgressRenderer.width(head.get(i));
			for (List<String> row : rows) {
				widths[i] = Math.min(40, Math.max(widths[i], ProgressRenderer.width(row.get(i))));
			}
		}
		StringBuilder h = new StringBuilder("  ");
		for (int i = 0; i < head.size(); i++) {
			h.append(ProgressRenderer.pad(head.get(i), widths[i] + 1));
		}
		out.append(ansi.dim(h.toString().stripTrailing())).append('\n');
		for (List<String> row : rows) {
			StringBuilder line = new StringBuilder("  ");
			for (int i = 0; i < row.size(); i++) {
				String cell = ProgressRenderer.pad(clip(row.get(i), 40), widths[i] + 1);
				if (i == row.size() - 1) {
					cell = switch (row.get(i)) {
						case "PASS" -> ansi.green(cell);
						case "FAIL" -> ansi.red(cell);
						default -> ansi.yellow(cell);
					};
				}
				line.append(cell);
			}
			out.append(line.toString().stripTrailing()).append('\n');
		}
		List<LearnerResult> errors = r.learners().stream().filter(l -> l.outcome() == Status.ERROR).toList();
		if (!errors.isEmpty()) {
			out.append(t(lang, "class.errors")).append('\n');
			for (LearnerResult l : errors) {
				out.append("  ").append(ansi.yellow(l.name())).append(": ").append(cause(l)).append('\n');
			}
		}
		Integer mean = mean(r);
		out.append(ansi.bold(t(lang, "class.summary", r.count(Status.PASS), r.count(Status.FAIL), r.count(Status.ERROR),
				mean == null ? "-" : mean + "%")));
		return out.toString();
	}

	/** Why a learner is ERROR: the host's failure, or the criteria that could not be evaluated. */
	static String cause(LearnerResult l) {
		if (l.error() != null) {
			return l.error();
		}
		List<String> parts = new ArrayList<>();
		for (GradeResult g : l.results()) {
			for (CriterionResult c : g.criteria()) {
				if (c.status() == Status.ERROR) {
					parts.add(g.lab() + "/" + c.id() + ": " + c.found());
				}
			}
		}
		return String.join("; ", parts);
	}

	private static String clip(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max - 1) + "…";
	}

	/** The mean percentage over the learners who could be graded; null when none could. */
	static Integer mean(ClassResult r) {
		List<Integer> p = percents(r);
		return p.isEmpty() ? null : (int) Math.round(p.stream().mapToInt(Integer::intValue).average().orElse(0));
	}

	static List<Integer> percents(ClassResult r) {
		return r.learners().stream().map(LearnerResult::percent).filter(java.util.Objects::nonNull).toList();
	}

	// ------------------------------------------------------------------ CSV

	/** One row per learner: outcome, scores per lab, the course grade, and each criterion's status. */
	public String csv(ClassResult r, Lang lang) {
		StringBuilder out = new StringBuilder();
		List<String> head = new ArrayList<>(List.of("learner", "labels", "uri", "outcome", "percent"));
		if (r.policy() != null) {
			head.add("course_percent");
			head.add("course_passed");
		}
		for (LabColumn lab : r.labs()) {
			head.add(lab.id() + ":score");
			head.add(lab.id() + ":max");
			head.add(lab.id() + ":percent");
			head.add(lab.id() + ":passed");
			lab.criteria().forEach(c -> head.add(lab.id() + "/" + c.id()));
		}
		head.add("error");
		row(out, head);
		for (LearnerResult l : r.learners()) {
			List<String> row = new ArrayList<>(List.of(l.name(), String.join(" ", l.labels()), l.uri(), l.outcome().name(),
					l.percent() == null ? "" : l.percent().toString()));
			if (r.policy() != null) {
				CourseGrade c = l.course();
				row.add(c == null || c.percent() == null ? "" : c.percent().toString());
				row.add(c == null || c.incomplete() ? "" : String.valueOf(c.passed()));
			}
			for (LabColumn lab : r.labs()) {
				GradeResult g = l.result(lab.id());
				boolean graded = g != null && l.error() == null;
				row.add(graded ? String.valueOf(g.score()) : "");
				row.add(graded ? String.valueOf(g.maxScore()) : "");
				row.add(graded && !g.incomplete() ? String.valueOf(g.percent()) : "");
				row.add(graded && !g.incomplete() ? String.valueOf(g.passed()) : "");
				for (ClassResult.CriterionColumn c : lab.criteria()) {
					CriterionResult cr = g == null ? null : criterion(g, c.id());
					row.add(cr == null ? "" : cr.status().name());
				}
			}
			row.add(l.outcome() == Status.ERROR ? cause(l) : "");
			row(out, row);
		}
		return out.toString();
	}

	/** One row per learner and criterion, with the evidence (expected, found) and the hint. */
	public String criteriaCsv(ClassResult r, Lang lang) {
		StringBuilder out = new StringBuilder();
		row(out, List.of("learner", "labels", "lab", "criterion", "title", "status", "awarded", "points", "expected",
				"found", "hint"));
		for (LearnerResult l : r.learners()) {
			for (GradeResult g : l.results()) {
				for (CriterionResult c : g.criteria()) {
					row(out, List.of(l.name(), String.join(" ", l.labels()), g.lab(), c.id(), c.title().get(lang),
							c.status().name(), String.valueOf(c.awarded()), String.valueOf(c.points()), nz(c.expected()),
							nz(c.found()), c.hint() == null ? "" : c.hint().get(lang)));
				}
			}
		}
		return out.toString();
	}

	private static void row(StringBuilder out, List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			out.append(csvCell(cells.get(i)));
		}
		out.append("\r\n");
	}

	/**
	 * RFC 4180 quoting, and a cell that a spreadsheet would run as a formula (it starts with
	 * {@code = + - @}, a tab or a carriage return) is prefixed with {@code '}.
	 */
	public static String csvCell(String s) {
		if (s == null) {
			return "";
		}
		String v = s;
		if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+")) {
			v = "'" + v;
		}
		if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(v.strip())) {
			v = "\"" + v.replace("\"", "\"\"") + "\"";
		}
		return v;
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}

	private static CriterionResult criterion(GradeResult g, String id) {
		return g.criteria().stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
	}

	// ------------------------------------------------------------------ JSON

	public String json(ClassResult r, Lang lang) {
		ObjectNode root = JSON.createObjectNode();
		root.put("kind", "kvmlab-class-grade");
		root.put("format_version", 1);
		root.put("startedAt", r.startedAt().toString());
		root.put("durationMillis", r.durationMillis());
		root.put("parallel", r.parallel());
		root.put("lang", lang.tag());
		ArrayNode labs = root.putArray("labs");
		for (LabColumn lab : r.labs()) {
			ObjectNode n = labs.addObject();
			n.put("id", lab.id());
			n.put("module", lab.module());
			n.put("title", lab.title().get(lang));
			n.put("passMark", lab.passMark());
			ArrayNode cs = n.putArray("criteria");
			lab.criteria().forEach(c -> cs.addObject().put("id", c.id()).put("title", c.title().get(lang)).put("points",
					c.points()));
		}
		if (r.policy() == null) {
			root.putNull("policy");
		}
		else {
			ObjectNode p = root.putObject("policy");
			p.put("file", r.policy().file() == null ? null : r.policy().file().getFileName().toString());
			p.put("passMark", r.policy().passMark());
			ArrayNode ms = p.putArray("modules");
			r.policy().modules().values().forEach(m -> ms.addObject().put("module", m.number()).put("weight", m.weight())
				.put("passMark", m.passMark()));
		}
		ObjectNode summary = root.putObject("summary");
		summary.put("learners", r.learners().size());
		summary.put("passed", r.count(Status.PASS));
		summary.put("failed", r.count(Status.FAIL));
		summary.put("errors", r.count(Status.ERROR));
		summary.put("meanPercent", mean(r));
		ArrayNode learners = root.putArray("learners");
		for (LearnerResult l : r.learners()) {
			ObjectNode n = learners.addObject();
			n.put("name", l.name());
			ArrayNode labels = n.putArray("labels");
			l.labels().forEach(labels::add);
			n.put("uri", l.uri());
			n.put("outcome", l.outcome().name());
			n.put("percent", l.percent());
			n.put("error", l.outcome() == Status.ERROR ? cause(l) : null);
			n.put("durationMillis", l.durationMillis());
			if (l.course() == null) {
				n.putNull("course");
			}
			else {
				ObjectNode c = n.putObject("course");
				c.put("percent", l.course().percent());
				c.put("passed", l.course().passed());
				c.put("incomplete", l.course().incomplete());
				ObjectNode mods = c.putObject("modules");
				l.course().modules().forEach((k, v) -> mods.put(String.valueOf(k), v));
				ArrayNode below = c.putArray("belowModulePassMark");
				l.course().belowModulePassMark().forEach(below::add);
			}
			ArrayNode results = n.putArray("results");
			for (GradeResult g : l.results()) {
				ObjectNode gn = results.addObject();
				gn.put("lab", g.lab());
				gn.put("score", g.score());
				gn.put("maxScore", g.maxScore());
				gn.put("percent", g.percent());
				gn.put("passed", g.passed());
				gn.put("incomplete", g.incomplete());
				gn.put("practice", g.practice());
				gn.put("gradedAt", g.gradedAt().toString());
				ArrayNode cs = gn.putArray("criteria");
				for (CriterionResult c : g.criteria()) {
					cs.addObject().put("id", c.id()).put("status", c.status().name()).put("points", c.points())
						.put("awarded", c.awarded()).put("expected", c.expected()).put("found", c.found())
						.put("hint", c.hint() == null ? null : c.hint().get(lang));
				}
			}
		}
		try {
			return JSON.writeValueAsString(root);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	// ------------------------------------------------------------------ JUnit XML

	/** One testsuite per learner, one testcase per learner and criterion (classname learner.lab). */
	public String junit(ClassResult r, Lang lang) {
		StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		long tests = r.learners().stream().mapToLong(l -> l.results().stream().mapToLong(g -> g.criteria().size()).sum()).sum();
		long failures = countAll(r, Status.FAIL);
		long errors = countAll(r, Status.ERROR);
		x.append("<testsuites name=\"kvmlab class grade\" tests=\"").append(tests).append("\" failures=\"").append(failures)
			.append("\" errors=\"").append(errors).append("\" time=\"").append(seconds(r.durationMillis())).append("\">\n");
		for (LearnerResult l : r.learners()) {
			long lt = l.results().stream().mapToLong(g -> g.criteria().size()).sum();
			x.append("  <testsuite name=\"").append(attr(l.name())).append("\" tests=\"").append(lt)
				.append("\" failures=\"").append(l.results().stream().mapToLong(g -> g.count(Status.FAIL)).sum())
				.append("\" errors=\"").append(l.results().stream().mapToLong(g -> g.count(Status.ERROR)).sum())
				.append("\" skipped=\"").append(l.results().stream().mapToLong(g -> g.count(Status.SKIP)).sum())
				.append("\" time=\"").append(seconds(l.durationMillis())).append("\" timestamp=\"").append(r.startedAt())
				.append("\">\n");
			x.append("    <properties>\n");
			prop(x, "uri", l.uri());
			prop(x, "labels", String.join(",", l.labels()));
			prop(x, "outcome", l.outcome().name());
			if (l.percent() != null) {
				prop(x, "percent", l.percent() + "%");
			}
			if (l.error() != null) {
				prop(x, "error", l.error());
			}
			x.append("    </properties>\n");
			for (GradeResult g : l.results()) {
				for (CriterionResult c : g.criteria()) {
					x.append("    <testcase classname=\"").append(attr(l.name() + "." + g.lab()))
						.append("\" name=\"").append(attr(c.id())).append("\" time=\"0\">\n");
					String detail = "expected: " + nz(c.expected()) + "\nfound: " + nz(c.found())
							+ (c.hint() == null ? "" : "\nhint: " + c.hint().get(lang));
					switch (c.status()) {
						case FAIL -> x.append("      <failure message=\"").append(attr(c.title().get(lang)))
							.append("\">").append(attr(detail)).append("</failure>\n");
						case ERROR -> x.append("      <error message=\"")
							.append(attr(l.error() != null ? l.error() : "could not evaluate")).append("\">")
							.append(attr(detail)).append("</error>\n");
						case SKIP -> x.append("      <skipped message=\"").append(attr(c.found())).append("\"/>\n");
						case PASS -> x.append("      <system-out>").append(attr(detail)).append("</system-out>\n");
					}
					x.append("    </testcase>\n");
				}
			}
			x.append("  </testsuite>\n");
		}
		return x.append("</testsuites>\n").toString();
	}

	/** XML escaping that also keeps line breaks and tabs in attribute values (a parser would fold them to spaces). */
	static String attr(String s) {
		return JunitReporter.esc(s).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
	}

	private static long countAll(ClassResult r, Status s) {
		return r.learners().stream().mapToLong(l -> l.results().stream().mapToLong(g -> g.count(s)).sum()).sum();
	}

	private static void prop(StringBuilder x, String name, String value) {
		x.append("      <property name=\"").append(name).append("\" value=\"").append(attr(value))
			.append("\"/>\n");
	}

	private static String seconds(long millis) {
		return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
	}

	// ------------------------------------------------------------------ HTML

	/** A cell of the matrix: one learner's outcome on one criterion. */
	public record Cell(String status, String text, String tip) {
	}

	/** A learner's lab in the matrix: its criterion cells and score. */
	public record LabCells(String lab, List<Cell> cells, String score, String kind) {
	}

	public record Row(LearnerResult learner, String outcome, List<LabCells> labs, String course, String cause,
			int span) {
	}

	/** The bottom line: per criterion, how many graded learners passed it. */
	public record Total(String text, String kind) {
	}

	public String html(ClassResult r, Lang lang) {
		int columns = r.labs().stream().mapToInt(l -> l.criteria().size() + 1).sum();
		List<Row> rows = new ArrayList<>();
		for (LearnerResult l : r.learners()) {
			List<LabCells> labs = new ArrayList<>();
			for (LabColumn lab : r.labs()) {
				GradeResult g = l.result(lab.id());
				List<Cell> cells = new ArrayList<>();
				for (ClassResult.CriterionColumn c : lab.criteria()) {
					CriterionResult cr = g == null ? null : criterion(g, c.id());
					if (cr == null) {
						cells.add(new Cell("SKIP", "–", c.title().get(lang)));
						continue;
					}
					String mark = switch (cr.status()) {
						case PASS -> "✓";
						case FAIL -> "✗";
						case ERROR -> "!";
						case SKIP -> "–";
					};
					String tip = c.title().get(lang) + " (" + cr.awarded() + "/" + cr.points() + ")\n"
							+ t(lang, "grade.expected") + ": " + nz(cr.expected()) + "\n" + t(lang, "grade.found") + ": "
							+ nz(cr.found());
					cells.add(new Cell(cr.status().name(), mark, tip));
				}
				String score = g == null || g.incomplete() ? "–" : g.score() + "/" + g.maxScore();
				String kind = g == null || g.incomplete() ? "ERROR" : g.passed() ? "PASS" : "FAIL";
				labs.add(new LabCells(lab.id(), cells, score, kind));
			}
			String course = l.course() == null ? null : l.course().percent() == null ? "–" : l.course().percent() + "%";
			rows.add(new Row(l, l.outcome().name(), labs, course, l.outcome() == Status.ERROR ? cause(l) : null, columns));
		}
		List<Total> totals = new ArrayList<>();
		for (LabColumn lab : r.labs()) {
			for (ClassResult.CriterionColumn c : lab.criteria()) {
				int passed = 0;
				int graded = 0;
				for (LearnerResult l : r.learners()) {
					GradeResult g = l.result(lab.id());
					CriterionResult cr = g == null ? null : criterion(g, c.id());
					if (cr != null && (cr.status() == Status.PASS || cr.status() == Status.FAIL)) {
						graded++;
						passed += cr.status() == Status.PASS ? 1 : 0;
					}
				}
				String kind = graded == 0 ? "none" : passed * 2 >= graded ? "good" : "weak";
				totals.add(new Total(passed + "/" + graded, kind));
			}
			long labPassed = r.learners().stream().filter(l -> l.result(lab.id()) != null && l.result(lab.id()).passed()).count();
			totals.add(new Total(labPassed + "/" + r.learners().size(), "lab"));
		}
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("r", r);
		vars.put("L", lang);
		vars.put("rows", rows);
		vars.put("totals", totals);
		vars.put("generated", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(r.startedAt()));
		vars.put("labIds", String.join(", ", r.labs().stream().map(LabColumn::id).toList()));
		Integer mean = mean(r);
		vars.put("mean", mean == null ? "–" : mean + "%");
		vars.put("median", median(percents(r)));
		vars.put("passed", r.count(Status.PASS));
		vars.put("failed", r.count(Status.FAIL));
		vars.put("errors", r.count(Status.ERROR));
		Charts.Histogram histogram = Charts.distribution(percents(r), (int) r.count(Status.ERROR), r.passMark(), "ERROR");
		vars.put("histogram", histogram);
		vars.put("mixed", histogram.bars().stream().anyMatch(b -> b.kind().equals("mixed")));
		vars.put("policy", r.policy());
		vars.put("standards", r.policy() == null ? List.of()
				: r.policy().standards().stream().map(s -> s.text().get(lang)).toList());
		vars.put("moduleWeights", r.policy() == null ? List.of() : r.policy().modules().values().stream()
			.filter(m -> m.weight() > 0).map(CoursePolicy.Module.class::cast).toList());
		return html.render("class-report", lang, vars);
	}

	private static String median(List<Integer> values) {
		if (values.isEmpty()) {
			return "–";
		}
		List<Integer> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		int m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return m + "%";
	}

	private String t(Lang lang, String key, Object... args) {
		return messages.get(lang, key, args);
	}
}
