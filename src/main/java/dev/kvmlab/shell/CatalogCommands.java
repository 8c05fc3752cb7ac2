package dev.kvmlab.shell;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;

import dev.kvmlab.ExitCode;
import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.CheckRegistry;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.lab.ContentLinter;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabCatalog;
import dev.kvmlab.progress.LabProgress;
import dev.kvmlab.progress.Progress;
import dev.kvmlab.progress.ProgressStore;

/** {@code labs} (the catalogue), {@code checks} (the check registry) and {@code lab lint} (the content linter). */
@Configuration(proxyBeanMethods = false)
class CatalogCommands {

	@Bean
	Command labsCommand(ShellSupport s, LabCatalog catalog, ProgressStore store) {
		return new KvmlabCommand("labs", "List the labs by module, with status and best score",
				"labs: every lab by module with its status, best score on a real host and attempts.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				Progress progress = store.load();
				s.flushProgressWarning(inv.context());
				Lang lang = s.lang();
				PrintWriter out = inv.out();
				out.println(s.t("labs.header"));
				Map<Integer, List<Lab>> byModule = new TreeMap<>();
				for (Lab lab : catalog.all()) {
					byModule.computeIfAbsent(lab.module(), m -> new java.util.ArrayList<>()).add(lab);
				}
				for (var e : byModule.entrySet()) {
					out.println(s.t("labs.module", e.getKey()));
					for (Lab lab : e.getValue()) {
						LabProgress lp = progress.labs.get(lab.id());
						String status = s.t("labs.status." + (lp == null ? "not-started" : lp.status));
						String best = lp == null || lp.bestPercent() == null ? "" : ", " + s.t("labs.best", lp.bestPercent());
						String attempts = lp == null || lp.attempts == 0 ? "" : ", " + s.t("labs.attempts", lp.attempts);
						out.printf("  %-20s %s  (%s%s%s)%n", lab.id(), lab.title().get(lang), status, best, attempts);
					}
				}
				return ExitCode.OK;
			}
		};
	}

	@Bean
	Command checksCommand(ShellSupport s, CheckRegistry registry) {
		return new KvmlabCommand("checks", "List every check type a rubric can use",
				"checks: each check type with its parameters and an example, straight from the registry.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				Lang lang = s.lang();
				PrintWriter out = inv.out();
				out.println(s.t("checks.header", registry.all().size()));
				for (CheckType type : registry.all()) {
					out.println();
					out.println(type.key() + ": " + type.description().get(lang));
					out.println("  " + s.t("checks.params") + ":");
					for (ParamSpec p : type.params()) {
						out.printf("    %-10s %-8s %s%s%n", p.name(), s.t(p.required() ? "checks.required" : "checks.optional"),
								p.description().get(lang), p.allowed().isEmpty() ? "" : " " + p.allowed());
					}
					out.println("  " + s.t("checks.example") + ":");
					type.example().lines().forEach(l -> out.println("    " + l));
				}
				return ExitCode.OK;
			}
		};
	}

	@Bean
	Command labLint(ShellSupport s, ContentLinter linter, CheckRegistry registry) {
		return new KvmlabCommand("lab lint", "Check all content: labs, rubrics, both languages, references",
				"lab lint: loads every lab and rubric and checks ids, keys, points, both languages and references;"
						+ " prints file:line for each problem. Exit code 2 when there is any.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				ContentLinter.Report report = linter.lint();
				for (String problem : report.problems()) {
					inv.out().println(s.t("lint.problem") + ": " + problem);
				}
				if (!report.problems().isEmpty()) {
					return ExitCode.USAGE_OR_CONTENT;
				}
				inv.out().println(s.t("lint.ok", report.labs(), report.rubrics(), registry.all().size()));
				return ExitCode.OK;
			}
		};
	}
}
