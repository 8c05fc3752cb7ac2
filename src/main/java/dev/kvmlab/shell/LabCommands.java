package dev.kvmlab.shell;

import java.io.PrintWriter;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;

import dev.kvmlab.ExitCode;
import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabService;
import dev.kvmlab.report.GradeReporter;

/** The {@code lab ...} verbs: show, start, hint, grade, solve, finish, reset. Each is thin and calls {@link LabService}. */
@Configuration(proxyBeanMethods = false)
class LabCommands {

	@Bean
	Command labShow(ShellSupport s, LabService labs, LabIdCompletion ids) {
		return completing(new KvmlabCommand("lab show", "Show a lab: what to do, objectives, steps",
				"lab show <lab-id>: the lab's instructions, objectives and steps in the current language.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				Lab lab = labs.lab(inv.arg(0, "lab-id"));
				Lang lang = s.lang();
				PrintWriter out = inv.out();
				out.println(lab.title().get(lang) + "  [" + lab.id() + ", " + s.t("lab.module", lab.module()) + "]");
				out.println(lab.summary().get(lang));
				out.println();
				out.println(labs.forReading(lab, lab.instructions().get(lang)).strip());
				out.println();
				out.println(s.t("lab.objectives") + ":");
				lab.objectives().forEach(o -> out.println("  - " + o.get(lang)));
				out.println(s.t("lab.steps") + ":");
				int i = 1;
				for (var step : lab.steps()) {
					out.println("  " + i++ + ". " + labs.forReading(lab, step.get(lang)));
				}
				if (!lab.prerequisites().isEmpty()) {
					out.println(s.t("lab.prerequisites") + ": " + String.join(", ", lab.prerequisites()));
				}
				out.println(s.t("lab.seed") + ": " + String.join(", ", lab.seed()));
				return ExitCode.OK;
			}
		}, ids);
	}

	@Bean
	Command labStart(ShellSupport s, LabService labs, LabIdCompletion ids) {
		return completing(new KvmlabCommand("lab start", "Set a lab up on the host (safe to repeat)",
				"lab start <lab-id>: prepares what the lab needs (a VM, a disk...) and remembers what was already there,"
						+ " which kvmlab will never change or remove.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				Lab lab = labs.lab(inv.arg(0, "lab-id"));
				labs.start(lab, line -> inv.out().println("  " + line));
				inv.out().println(s.t("lab.start.done", lab.id()));
				return ExitCode.OK;
			}
		}, ids);
	}

	@Bean
	Command labSolve(ShellSupport s, LabService labs, LabIdCompletion ids) {
		return completing(new KvmlabCommand("lab solve", "Apply the reference solution (instructors, self-tests)",
				"lab solve <lab-id>: runs the lab's reference solution through libvirt on the host.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				Lab lab = labs.lab(inv.arg(0, "lab-id"));
				labs.solve(lab, line -> inv.out().println("  " + line));
				inv.out().println(s.t("lab.solve.done", lab.id()));
				return ExitCode.OK;
			}
		}, ids);
	}

	@Bean
	Command labFinish(ShellSupport s, LabService labs, LabIdCompletion ids) {
		return completing(new KvmlabCommand("lab finish", "Remove what the lab created, and nothing else",
				"lab finish <lab-id>: removes the lab's resources that carry its mark (or that the lab session created);"
						+ " anything else is left alone and reported.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				Lab lab = labs.lab(inv.arg(0, "lab-id"));
				labs.finish(lab, line -> inv.out().println("  " + line));
				inv.out().println(s.t("lab.finish.done", lab.id()));
				return ExitCode.OK;
			}
		}, ids);
	}

	@Bean
	Command labReset(ShellSupport s, LabService labs, LabIdCompletion ids) {
		return completing(new KvmlabCommand("lab reset", "Finish and start a lab again, from scratch",
				"lab reset <lab-id>: lab finish, then lab start.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				Lab lab = labs.lab(inv.arg(0, "lab-id"));
				labs.reset(lab, line -> inv.out().println("  " + line));
				inv.out().println(s.t("lab.reset.done", lab.id()));
				return ExitCode.OK;
			}
		}, ids);
	}

	@Bean
	Command labHint(ShellSupport s, LabService labs, LabIdCompletion ids) {
		KvmlabCommand c = new KvmlabCommand("lab hint", "Show the next hint tier of a lab",
				"lab hint <lab-id> [--all]: hints come in tiers, from a nudge to the answer; each call shows the next one.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("all"));
				Lab lab = labs.lab(inv.arg(0, "lab-id"));
				boolean all = inv.flag("all");
				int upTo = labs.nextHintTier(lab, all);
				int from = all ? 1 : upTo;
				for (int tier = from; tier <= upTo; tier++) {
					Lab.Hint hint = lab.hints().get(tier - 1);
					inv.out().println(s.t("lab.hint.tier", tier, lab.hints().size()) + ": " + hint.text().get(s.lang()));
					if (hint.lesson() != null) {
						inv.out().println("  " + s.t("lab.hint.lesson", hint.lesson()));
					}
				}
				inv.out().println(upTo < lab.hints().size() ? s.t("lab.hint.more", lab.id()) : s.t("lab.hint.last", lab.id()));
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("all", "show every tier at once", Boolean.class)));
		return completing(c, ids);
	}

	@Bean
	Command labGrade(ShellSupport s, LabService labs, LabIdCompletion ids, List<GradeReporter> reporters) {
		KvmlabCommand c = new KvmlabCommand("lab grade", "Grade a lab against what is really on the host",
				"lab grade <lab-id> [--format text|json|junit]: reads the host once (read-only) and checks every criterion."
						+ " Exit code 0 passed, 1 below the pass mark, 2 usage/content error, 3 host unreachable or not evaluable.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("format"));
				String format = inv.option("format", "text");
				GradeReporter reporter = reporters.stream().filter(r -> r.format().equals(format)).findFirst()
					.orElseThrow(() -> dev.kvmlab.KvmlabException.usageKey("error.unknown-format", format, "text, json, junit"));
				Lab lab = labs.lab(inv.arg(0, "lab-id"));
				GradeResult result = labs.grade(lab);
				inv.out().println(reporter.render(result, s.lang()));
				s.flushProgressWarning(inv.context());
				if (result.passed()) {
					return ExitCode.OK;
				}
				return result.incomplete() ? ExitCode.HOST_UNREACHABLE : ExitCode.BELOW_PASS_MARK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("format", "text (default), json or junit", String.class)));
		return completing(c, ids);
	}

	private static Command completing(KvmlabCommand command, LabIdCompletion ids) {
		command.setCompletionProvider(context -> {
			if (context.getCommandOption() != null && "format".equals(context.getCommandOption().longName())) {
				return List.of(new org.springframework.shell.core.command.completion.CompletionProposal("text"),
						new org.springframework.shell.core.command.completion.CompletionProposal("json"),
						new org.springframework.shell.core.command.completion.CompletionProposal("junit"));
			}
			return ids.apply(context);
		});
		return command;
	}
}
