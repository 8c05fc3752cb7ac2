package dev.kvmlab.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.UriRedactor;
import dev.kvmlab.i18n.Messages;
import dev.kvmlab.progress.Attempt;

/**
 * Renders a {@link ProgressReport}: the terminal view of {@code progress} (a bar per module), its
 * JSON ({@code progress --format json}) and the self-contained HTML report ({@code report html}).
 */
@Component
public class ProgressRenderer {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private final Messages messages;

	private final HtmlRenderer html;

	private ZoneId zone = ZoneId.systemDefault();

	public ProgressRenderer(Messages messages, HtmlRenderer html) {
		this.messages = messages;
		this.html = html;
	}

	/** The time zone dates are shown in (the machine's; tests fix it). */
	public void zone(ZoneId zone) {
		this.zone = zone;
	}

	// ------------------------------------------------------------------ terminal

	public String text(ProgressReport r, Lang lang, Ansi ansi) {
		StringBuilder out = new StringBuilder();
		out.append(ansi.bold(t(lang, "progress.header", r.learner(), date(r.generatedAt().toString())))).append('\n');
		int[] cols = columns(r, lang);
		for (ProgressReport.Module m : r.modules()) {
			String head = m.number() == 0 ? "" : t(lang, "labs.module", m.number());
			if (m.total() == 0) {
				out.append(pad(head, 10)).append(ansi.dim(pad(t(lang, "progress.module.empty"), 41))).append(m.title())
					.append('\n');
				continue;
			}
			String bar = bar(m.percent(), 20);
			String coloured = m.passed() == m.total() ? ansi.green(bar) : m.percent() > 0 ? ansi.yellow(bar) : ansi.dim(bar);
			out.append(ansi.bold(pad(head, 10))).append('[').append(coloured).append("] ")
				.append(String.format("%3d%%", m.percent())).append("  ")
				.append(pad(t(lang, "progress.module.passed", m.passed(), m.total()), 12)).append(ansi.bold(m.title()))
				.append('\n');
			for (ProgressReport.Lab lab : m.labs()) {
				String status = t(lang, "labs.status." + lab.status());
				String suffix = lab.latest() != null && lab.latest().practice()
						? "  " + ansi.yellow(t(lang, "progress.practice", lab.latest().percent())) : "";
				out.append(row(cols, lab.id(), lab.title(), lab.passed() ? ansi.green(pad(status, 12)) : pad(status, 12),
						lab.bestPercent() == null ? "-" : t(lang, "labs.best", lab.bestPercent()),
						t(lang, "labs.attempts", lab.attempts()),
						lab.lastGraded() == null ? "" : t(lang, "progress.last", date(lab.lastGraded())), suffix));
			}
			for (ProgressReport.Quiz q : m.quizzes()) {
				String status = q.passedFlag() == null ? "" : t(lang, q.passed() ? "labs.status.passed" : "progress.quiz.not-passed");
				out.append(row(cols, t(lang, "progress.quiz", q.id()), q.title() == null ? "" : q.title(),
						q.passed() ? ansi.green(pad(status, 12)) : pad(status, 12),
						q.score() == null ? "-" : q.score() + (q.max() == null ? "" : "/" + q.max()),
						q.attempts() == null ? "" : t(lang, "labs.attempts", q.attempts()),
						q.last() == null ? "" : t(lang, "progress.last", date(q.last())), ""));
			}
		}
		out.append(ansi.bold(t(lang, "progress.overall", r.passed(), r.items(), r.percent(), r.attempts())));
		for (String w : r.warnings()) {
			out.append('\n').append(ansi.yellow(t(lang, "progress.warning") + ": " + w));
		}
		return out.toString();
	}

	/** Widths of the name and title columns: as wide as the longest, titles at most {@link #MAX_TITLE}. */
	private int[] columns(ProgressReport r, Lang lang) {
		int name = 17;
		int title = 33;
		for (ProgressReport.Module m : r.modules()) {
			for (ProgressReport.Lab lab : m.labs()) {
				name = Math.max(name, width(lab.id()));
				title = Math.max(title, width(lab.title()));
			}
			for (ProgressReport.Quiz q : m.quizzes()) {
				name = Math.max(name, width(t(lang, "progress.quiz", q.id())));
				title = Math.max(title, width(q.title() == null ? "" : q.title()));
			}
		}
		return new int[] { name + 1, Math.min(title, MAX_TITLE) + 1 };
	}

	private static final int MAX_TITLE = 44;

	private static String row(int[] cols, String name, String title, String status, String score, String attempts,
			String last, String suffix) {
		String line = "  " + pad(name, cols[0]) + pad(clip(title, cols[1] - 1), cols[1]) + status + pad(score, 11)
				+ pad(attempts, 14) + last + suffix;
		return line.stripTrailing() + "\n";
	}

	/** Cuts a title to a display width, with an ellipsis. */
	static String clip(String s, int width) {
		if (width(s) <= width) {
			return s;
		}
		StringBuilder out = new StringBuilder();
		int w = 0;
		for (int i = 0; i < s.length();) {
			int cp = s.codePointAt(i);
			int cw = wide(cp) ? 2 : 1;
			if (w + cw > width - 1) {
				break;
			}
			out.appendCodePoint(cp);
			w += cw;
			i += Character.charCount(cp);
		}
		return out.append('…').toString();
	}

	static String bar(int percent, int width) {
		int full = Math.round(width * Math.max(0, Math.min(100, percent)) / 100f);
		return "█".repeat(full) + "░".repeat(width - full);
	}

	/** Pads to a display width, counting CJK characters as two columns. */
	static String pad(String s, int width) {
		int w = width(s);
		return w >= width ? s + " " : s + " ".repeat(width - w);
	}

	static int width(String s) {
		int w = 0;
		for (int i = 0; i < s.length();) {
			int cp = s.codePointAt(i);
			i += Character.charCount(cp);
			w += wide(cp) ? 2 : 1;
		}
		return w;
	}

	private static boolean wide(int cp) {
		return cp >= 0x1100 && (cp <= 0x115f || cp == 0x2329 || cp == 0x232a || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f)
				|| (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe6f)
				|| (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6));
	}

	// ------------------------------------------------------------------ JSON

	public String json(ProgressReport r) {
		ObjectNode root = JSON.createObjectNode();
		root.put("learner", r.learner());
		root.put("generatedAt", r.generatedAt().toString());
		root.put("lang", r.lang());
		root.put("percent", r.percent());
		root.put("passed", r.passed());
		root.put("items", r.items());
		root.put("attempts", r.attempts());
		ArrayNode modules = root.putArray("modules");
		for (ProgressReport.Module m : r.modules()) {
			ObjectNode mn = modules.addObject();
			mn.put("module", m.number());
			mn.put("title", m.title());
			mn.put("percent", m.percent());
			mn.put("passed", m.passed());
			mn.put("total", m.total());
			ArrayNode labs = mn.putArray("labs");
			for (ProgressReport.Lab lab : m.labs()) {
				ObjectNode ln = labs.addObject();
				ln.put("id", lab.id());
				ln.put("title", lab.title());
				ln.put("status", lab.status());
				ln.put("bestPercent", lab.bestPercent());
				ln.put("bestScore", lab.bestScore());
				ln.put("bestMax", lab.bestMax());
				ln.put("attempts", lab.attempts());
				ln.put("lastGraded", lab.lastGraded());
				GradeResult latest = lab.latest();
				if (latest == null) {
					ln.putNull("latest");
				}
				else {
					ObjectNode l = ln.putObject("latest");
					l.put("score", latest.score());
					l.put("maxScore", latest.maxScore());
					l.put("percent", latest.percent());
					l.put("passed", latest.passed());
					l.put("incomplete", latest.incomplete());
					l.put("practice", latest.practice());
					l.put("gradedAt", latest.gradedAt().toString());
					ArrayNode failing = l.putArray("notPassed");
					latest.criteria().stream().filter(c -> c.status() == Status.FAIL || c.status() == Status.ERROR)
						.forEach(c -> failing.add(c.id()));
				}
				ArrayNode history = ln.putArray("history");
				for (Attempt a : lab.history()) {
					ObjectNode h = history.addObject();
					h.put("at", a.at());
					h.put("score", a.score());
					h.put("maxScore", a.maxScore());
					h.put("passed", a.passed());
					h.put("incomplete", a.incomplete());
					h.put("practice", a.practice());
				}
			}
			ArrayNode quizzes = mn.putArray("quizzes");
			for (ProgressReport.Quiz q : m.quizzes()) {
				ObjectNode qn = quizzes.addObject();
				qn.put("id", q.id());
				qn.put("title", q.title());
				qn.put("score", q.score());
				qn.put("max", q.max());
				qn.put("percent", q.percent());
				qn.put("passed", q.passedFlag());
				qn.put("attempts", q.attempts());
				qn.put("last", q.last());
			}
		}
		ArrayNode warnings = root.putArray("warnings");
		r.warnings().forEach(warnings::add);
		try {
			return JSON.writeValueAsString(root);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	// ------------------------------------------------------------------ HTML

	/** One criterion row of a lab's latest result, in the report's language. */
	public record CriterionRow(String id, String status, String title, int points, int awarded, String expected,
			String found, String hint, String lesson) {
	}

	/** One attempt of the timeline. */
	public record AttemptRow(int number, String at, String uri, String score, int percent, String outcome,
			boolean practice) {
	}

	/** A lab as the HTML report shows it. */
	public record LabCard(ProgressReport.Lab lab, String statusText, String lastGraded, GradeResult latest,
			String latestAt, String verdict, String verdictKind, List<CriterionRow> criteria, List<AttemptRow> attempts) {
	}

	public record ModuleCard(ProgressReport.Module module, List<LabCard> labs, List<ProgressReport.Quiz> quizzes) {
	}

	public String html(ProgressReport r, Lang lang) {
		List<ModuleCard> modules = new ArrayList<>();
		List<Charts.SeriesInput> series = new ArrayList<>();
		for (ProgressReport.Module m : r.modules()) {
			List<LabCard> cards = new ArrayList<>();
			for (ProgressReport.Lab lab : m.labs()) {
				cards.add(card(lab, lang));
				List<Charts.Sample> samples = new ArrayList<>();
				for (Attempt a : lab.history()) {
					Instant at = instant(a.at());
					if (at != null) {
						int pct = a.maxScore() == 0 ? 0 : a.score() * 100 / a.maxScore();
						samples.add(new Charts.Sample(at, pct, a.practice(), lab.id() + " " + date(a.at()) + ": "
								+ a.score() + "/" + a.maxScore() + (a.practice() ? " " + t(lang, "grade.practice-tag") : "")));
					}
				}
				series.add(new Charts.SeriesInput(lab.id(), samples));
			}
			List<ProgressReport.Quiz> quizzes = m.quizzes().stream().map(q -> new ProgressReport.Quiz(q.id(), q.title(),
					q.score(), q.max(), q.passedFlag(), q.attempts(), q.last() == null ? null : date(q.last()))).toList();
			modules.add(new ModuleCard(m, cards, quizzes));
		}
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("report", r);
		vars.put("modules", modules);
		vars.put("generated", date(r.generatedAt().toString()));
		vars.put("chart", Charts.progress(series, zone, lang.locale()));
		return html.render("progress-report", lang, vars);
	}

	private LabCard card(ProgressReport.Lab lab, Lang lang) {
		List<CriterionRow> criteria = new ArrayList<>();
		GradeResult latest = lab.latest();
		String verdict = null;
		String kind = "none";
		if (latest != null) {
			for (CriterionResult c : latest.criteria()) {
				criteria.add(new CriterionRow(c.id(), c.status().name(), c.title().get(lang), c.points(), c.awarded(),
						c.expected(), c.found(), c.hint() == null ? null : c.hint().get(lang), c.lesson()));
			}
			if (latest.incomplete()) {
				verdict = t(lang, "grade.incomplete", latest.score(), latest.maxScore(), latest.count(Status.ERROR));
				kind = "error";
			}
			else if (latest.passed()) {
				verdict = t(lang, "grade.passed", latest.score(), latest.maxScore(), latest.percent(), latest.passMark());
				kind = "pass";
			}
			else {
				verdict = t(lang, "grade.below", latest.score(), latest.maxScore(), latest.percent(), latest.passMark());
				kind = "fail";
			}
		}
		List<AttemptRow> attempts = new ArrayList<>();
		int n = 1;
		for (Attempt a : lab.history()) {
			int pct = a.maxScore() == 0 ? 0 : a.score() * 100 / a.maxScore();
			String outcome = a.incomplete() ? "ERROR" : a.passed() ? "PASS" : "FAIL";
			attempts.add(new AttemptRow(n++, date(a.at()), UriRedactor.redact(a.uri()), a.score() + "/" + a.maxScore(), pct, outcome,
					a.practice()));
		}
		return new LabCard(lab, t(lang, "labs.status." + lab.status()),
				lab.lastGraded() == null ? null : date(lab.lastGraded()), latest,
				latest == null ? null : date(latest.gradedAt().toString()), verdict, kind, criteria, attempts);
	}

	// ------------------------------------------------------------------ helpers

	private String t(Lang lang, String key, Object... args) {
		return messages.get(lang, key, args);
	}

	private static Instant instant(String iso) {
		try {
			return Instant.parse(iso);
		}
		catch (DateTimeParseException | NullPointerException e) {
			return null;
		}
	}

	/** An ISO instant as local "yyyy-MM-dd HH:mm"; anything else as it is. */
	String date(String iso) {
		Instant at = instant(iso);
		return at == null ? String.valueOf(iso) : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(at);
	}
}
