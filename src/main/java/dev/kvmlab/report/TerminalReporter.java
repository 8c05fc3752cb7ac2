package dev.kvmlab.report;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.i18n.Messages;

/** The checklist a learner reads in the terminal: one line per criterion, evidence and hint under each non-pass. */
@Component
public class TerminalReporter implements GradeReporter {

	private final Messages messages;

	private Ansi ansi = Ansi.auto();

	public TerminalReporter(Messages messages) {
		this.messages = messages;
	}

	public void ansi(Ansi ansi) {
		this.ansi = ansi;
	}

	@Override
	public String format() {
		return "text";
	}

	@Override
	public String render(GradeResult r, Lang lang) {
		StringBuilder out = new StringBuilder();
		if (r.practice()) {
			out.append(ansi.yellow(messages.get(lang, "grade.practice-banner", r.uri()))).append('\n');
		}
		out.append(ansi.bold(messages.get(lang, "grade.header", r.lab(), r.uri()))).append('\n');
		for (CriterionResult c : r.criteria()) {
			String mark = switch (c.status()) {
				case PASS -> ansi.green("[PASS]");
				case FAIL -> ansi.red("[FAIL]");
				case ERROR -> ansi.yellow("[ERROR]");
				case SKIP -> ansi.dim("[SKIP]");
			};
			out.append(String.format("  %s %s  %s%n", mark, c.title().get(lang),
					ansi.dim("(" + c.awarded() + "/" + c.points() + ", " + c.id() + ")")));
			if (c.status() != dev.kvmlab.grading.Status.PASS) {
				out.append("         ").append(messages.get(lang, "grade.expected")).append(": ").append(c.expected()).append('\n');
				out.append("         ").append(messages.get(lang, "grade.found")).append(": ").append(c.found()).append('\n');
				if (c.hint() != null && c.status() == dev.kvmlab.grading.Status.FAIL) {
					out.append("         ").append(ansi.cyan(messages.get(lang, "grade.hint") + ": " + c.hint().get(lang)));
					if (c.lesson() != null) {
						out.append(ansi.dim("  [learn " + c.lesson() + "]"));
					}
					out.append('\n');
				}
			}
		}
		String verdict;
		if (r.incomplete()) {
			verdict = ansi.yellow(messages.get(lang, "grade.incomplete", r.score(), r.maxScore(), r.count(dev.kvmlab.grading.Status.ERROR)));
		}
		else if (r.passed()) {
			verdict = ansi.green(messages.get(lang, "grade.passed", r.score(), r.maxScore(), r.percent(), r.passMark()));
		}
		else {
			verdict = ansi.red(messages.get(lang, "grade.below", r.score(), r.maxScore(), r.percent(), r.passMark()));
		}
		out.append(verdict);
		if (r.practice()) {
			out.append(' ').append(ansi.yellow(messages.get(lang, "grade.practice-tag")));
		}
		return out.toString();
	}
}
