package dev.kvmlab.curriculum;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import dev.kvmlab.content.Lang;
import dev.kvmlab.i18n.Messages;
import dev.kvmlab.progress.Progress;

/**
 * Asks a quiz's questions one by one, grades each answer at once and explains a wrong one with a
 * pointer to the section that teaches it ({@code learn 2 m2-3}), then prints the score. Answers
 * come from {@link Answers}: the shell's line reader, or stdin lines in a one-shot run.
 */
public final class QuizRunner {

	/** Where answers come from; null means there are no more (end of input). */
	@FunctionalInterface
	public interface Answers {

		String next(String prompt) throws Exception;
	}

	/** Thrown by {@link Answers} when the learner interrupts (Ctrl-C): the quiz stops and is not recorded. */
	public static class Interrupted extends RuntimeException {

		public Interrupted() {
			super("interrupted");
		}
	}

	/** How it went: points, the questions answered wrong (or not at all), and whether input ended early. */
	public record Outcome(int score, int max, List<Quiz.Question> wrong, boolean endOfInput) {

		public int percent() {
			return max == 0 ? 0 : score * 100 / max;
		}
	}

	private final Messages messages;

	private final Lang lang;

	private final PrintWriter out;

	private final boolean color;

	private final int width;

	private final boolean retryInvalid;

	public QuizRunner(Messages messages, Lang lang, PrintWriter out, boolean color, int width, boolean retryInvalid) {
		this.messages = messages;
		this.lang = lang;
		this.out = out;
		this.color = color;
		this.width = Math.max(40, width);
		this.retryInvalid = retryInvalid;
	}

	private String t(String key, Object... args) {
		return messages.get(lang, key, args);
	}

	private void print(String text, AttributedStyle style) {
		AttributedString s = new AttributedString(text, style);
		out.println(color ? s.toAnsi() : s.toString());
	}

	private void wrapped(String text, String indent) {
		wrapped(text, indent, indent);
	}

	/** Wrapped to the width, the first line after {@code first}, the others after {@code rest}. */
	private void wrapped(String text, String first, String rest) {
		boolean firstLine = true;
		for (String para : text.split("\n")) {
			for (AttributedString line : TermText.wrap(new AttributedString(para), width - TermText.width(rest))) {
				out.println((firstLine ? first : rest) + line);
				firstLine = false;
			}
		}
	}

	public Outcome run(Quiz quiz, Answers answers) throws Exception {
		List<Quiz.Question> qs = quiz.questions();
		print(t("quiz.header", quiz.module(), qs.size()), AttributedStyle.BOLD.foreground(AttributedStyle.CYAN));
		out.println(t("quiz.how"));
		int score = 0;
		List<Quiz.Question> wrong = new ArrayList<>();
		boolean eof = false;
		int unanswered = 0;
		for (int i = 0; i < qs.size(); i++) {
			Quiz.Question q = qs.get(i);
			if (eof) {
				wrong.add(q);
				unanswered++;
				continue;
			}
			out.println();
			print(t("quiz.question", i + 1, qs.size()) + "  [" + q.section() + "]", AttributedStyle.BOLD);
			wrapped(q.prompt().get(lang), "");
			for (Quiz.Choice c : q.choices()) {
				String label = "  " + c.id() + ") ";
				wrapped(c.text().get(lang), label, " ".repeat(TermText.width(label)));
			}
			String given;
			while (true) {
				out.flush();
				given = answers.next(t("quiz.prompt." + q.type().key()) + "> ");
				if (given == null) {
					break;
				}
				boolean choice = q.type() == Quiz.Type.SINGLE || q.type() == Quiz.Type.MULTIPLE;
				if (retryInvalid && choice && !given.isBlank() && q.choiceIds(given) == null) {
					out.println("  " + t("quiz.invalid", String.join(", ", q.choices().stream().map(Quiz.Choice::id).toList())));
					continue;
				}
				break;
			}
			if (given == null) {
				eof = true;
				wrong.add(q);
				unanswered++;
				continue;
			}
			if (q.isCorrect(given)) {
				score++;
				print("  ✓ " + t("quiz.correct"), AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
			}
			else {
				wrong.add(q);
				print("  ✗ " + t(given.isBlank() ? "quiz.skipped" : "quiz.wrong", q.expected()),
						AttributedStyle.DEFAULT.foreground(AttributedStyle.RED));
				wrapped(q.explain().get(lang), "    ");
				out.println("    " + t("quiz.reread", pointer(q)));
			}
		}
		Outcome outcome = new Outcome(score, qs.size(), wrong, eof);
		out.println();
		if (eof) {
			out.println(t("quiz.eof", unanswered));
		}
		return outcome;
	}

	/** The command that shows the section a question is about: {@code learn 2 m2-3}. */
	public static String pointer(Quiz.Question q) {
		String module = q.section().startsWith("app-") ? Curriculum.APPENDIX
				: q.section().replaceFirst("^m(\\d+)-.*$", "$1");
		return "learn " + module + " " + q.section();
	}

	/** Prints the score, the best so far and what to reread. */
	public void summary(Outcome o, Map<String, Object> record) {
		print(t("quiz.score", o.score(), o.max(), o.percent()), AttributedStyle.BOLD);
		out.println(t("quiz.best", record.get("best"), o.max(), record.get("attempts")));
		Set<String> reread = new LinkedHashSet<>();
		o.wrong().forEach(q -> reread.add(pointer(q)));
		if (!reread.isEmpty()) {
			out.println(t("quiz.review"));
			reread.forEach(p -> out.println("  " + p));
		}
	}

	/** Adds the attempt to {@link Progress#quizzes} under {@code m<module>}; returns that record. */
	public static Map<String, Object> record(Progress p, String module, Outcome o) {
		Map<String, Object> r = p.quizzes.computeIfAbsent("m" + module, k -> new LinkedHashMap<>());
		int attempts = r.get("attempts") instanceof Number n ? n.intValue() : 0;
		int best = r.get("best") instanceof Number n ? n.intValue() : 0;
		r.put("attempts", attempts + 1);
		r.put("score", o.score());
		r.put("max", o.max());
		r.put("best", Math.max(best, o.score()));
		r.put("last", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		r.put("wrong", o.wrong().stream().map(Quiz.Question::id).toList());
		return r;
	}
}
