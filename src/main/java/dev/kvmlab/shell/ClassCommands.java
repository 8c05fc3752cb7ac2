package dev.kvmlab.shell;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.classroom.ClassGrader;
import dev.kvmlab.classroom.ClassResult;
import dev.kvmlab.classroom.CoursePolicy;
import dev.kvmlab.classroom.CoursePolicyLoader;
import dev.kvmlab.classroom.Roster;
import dev.kvmlab.classroom.RosterLoader;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.ContentRoot;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabService;
import dev.kvmlab.report.Ansi;
import dev.kvmlab.report.ClassReports;

/** {@code class grade}: an instructor grades every learner's host in a roster, read-only, in parallel. */
@Configuration(proxyBeanMethods = false)
class ClassCommands {

	static final int DEFAULT_PARALLEL = 8;

	static final int DEFAULT_TIMEOUT_SECONDS = 60;

	@Bean
	Command classGrade(ShellSupport s, RosterLoader rosters, CoursePolicyLoader policies, ContentRoot root,
			LabService labs, ClassGrader grader, ClassReports reports) {
		KvmlabCommand c = new KvmlabCommand("class grade", "Grade a whole class's hosts, read-only, in parallel",
				"class grade <roster.yaml> --lab <id>[,<id>...] [--parallel N] [--out DIR] [--policy FILE] [--timeout SECONDS]"
						+ " [--format text|json]", s) {
			@Override
			protected ExitCode run(Invocation inv) throws Exception {
				inv.allowOnly(List.of("lab", "parallel", "out", "policy", "timeout", "format"));
				Roster roster = rosters.load(Path.of(inv.arg(0, "roster-file", "format_version: 1, learners: [{name, uri, labels}]")));
				String labOption = inv.option("lab", null);
				if (labOption == null || labOption.isBlank() || labOption.equals("true")) {
					throw KvmlabException.usageKey("error.class-lab-required");
				}
				Set<String> ids = new LinkedHashSet<>();
				for (String id : labOption.split(",")) {
					if (!id.isBlank()) {
						ids.add(labs.lab(id.strip()).id());
					}
				}
				List<Lab> labList = new ArrayList<>();
				ids.forEach(id -> labList.add(labs.lab(id)));
				int parallel = positive(inv.option("parallel", String.valueOf(DEFAULT_PARALLEL)), "--parallel");
				int timeout = positive(inv.option("timeout", String.valueOf(DEFAULT_TIMEOUT_SECONDS)), "--timeout");
				String format = inv.option("format", "text");
				if (!format.equals("text") && !format.equals("json")) {
					throw KvmlabException.usageKey("error.unknown-format", format, "text, json");
				}
				CoursePolicy policy = policy(inv.option("policy", null), labList.size(), policies, root);
				Path out = Path.of(inv.option("out", "kvmlab-class-"
						+ DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault()).format(Instant.now())));

				Progress progress = new Progress(s, inv);
				ClassResult result = grader.grade(roster, labList, policy,
						new ClassGrader.Options(parallel, Duration.ofSeconds(timeout)),
						(done, total, learner) -> progress.show(s.t("class.progress", done, total, learner.name(),
								learner.outcome().name())));
				progress.end();

				List<Path> files = reports.writeAll(result, out, s.lang());
				if (format.equals("json")) {
					inv.out().println(reports.json(result, s.lang()));
				}
				else {
					inv.out().println(reports.text(result, s.lang(), Ansi.auto()));
				}
				String written = s.t("class.written", out.toAbsolutePath().normalize(),
						String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList()));
				if (format.equals("json")) {
					s.warn(inv.context(), written);
				}
				else {
					inv.out().println(written);
				}
				if (result.count(Status.ERROR) > 0) {
					return ExitCode.HOST_UNREACHABLE;
				}
				return result.count(Status.FAIL) > 0 ? ExitCode.BELOW_PASS_MARK : ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("lab", "lab id(s) to grade, comma-separated", String.class),
				KvmlabCommand.option("parallel", "hosts graded at a time (default " + DEFAULT_PARALLEL + ")", String.class),
				KvmlabCommand.option("out", "folder for the reports (default kvmlab-class-<time>)", String.class),
				KvmlabCommand.option("policy", "course policy (default grading/course.yaml with several labs)", String.class),
				KvmlabCommand.option("timeout", "seconds one host may take (default " + DEFAULT_TIMEOUT_SECONDS + ")",
						String.class),
				KvmlabCommand.option("format", "text (default) or json on stdout", String.class)));
		c.setCompletionProvider(context -> ReportCommands.formats(context, "text", "json"));
		return c;
	}

	/**
	 * The course policy: the file given, else with several labs grading/course.yaml (or equal
	 * weights when there is none), else none (one lab: its own pass mark decides).
	 */
	static CoursePolicy policy(String option, int labs, CoursePolicyLoader loader, ContentRoot root) {
		if (option != null && !option.isBlank() && !option.equals("true")) {
			Path file = Path.of(option);
			if (!Files.isRegularFile(file)) {
				throw KvmlabException.usageKey("error.no-policy-file", file);
			}
			return loader.load(file);
		}
		if (labs < 2) {
			return null;
		}
		Path course = root.grading().resolve("course.yaml");
		return Files.isRegularFile(course) ? loader.load(course) : CoursePolicy.equalWeights();
	}

	static int positive(String value, String option) {
		try {
			int n = Integer.parseInt(value.trim());
			if (n >= 1) {
				return n;
			}
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw KvmlabException.usageKey("error.whole-number", option, value);
	}

	/**
	 * The progress line: rewritten in place on a terminal, one line per learner otherwise (logs);
	 * on stderr in one-shot runs, so stdout carries only the report.
	 */
	private static final class Progress {

		private final boolean inPlace;

		private final PrintWriter shell;

		private final PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
				StandardCharsets.UTF_8);

		private int width;

		Progress(ShellSupport s, Invocation inv) {
			this.shell = s.interactive() ? inv.out() : null;
			this.inPlace = s.interactive() || System.console() != null;
		}

		synchronized void show(String line) {
			if (inPlace) {
				String padded = line + " ".repeat(Math.max(0, width - line.length()));
				width = line.length();
				write("\r" + padded);
			}
			else {
				write(line + "\n");
			}
		}

		synchronized void end() {
			if (inPlace && width > 0) {
				write("\n");
			}
		}

		private void write(String text) {
			if (shell != null) {
				shell.print(text);
				shell.flush();
			}
			else {
				err.print(text);
				err.flush();
			}
		}
	}
}
