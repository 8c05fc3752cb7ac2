package dev.kvmlab.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.completion.CompletionProposal;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabService;
import dev.kvmlab.progress.AtomicFiles;
import dev.kvmlab.report.Ansi;
import dev.kvmlab.report.ProgressRenderer;
import dev.kvmlab.report.ProgressReport;
import dev.kvmlab.report.ProgressReports;
import dev.kvmlab.report.ResultBundles;
import dev.kvmlab.report.SigningKeys;

/**
 * The learner's reports: {@code progress} (terminal or JSON), {@code report html} (the
 * self-contained HTML report), {@code report export} and {@code report verify} (signed result
 * bundles).
 */
@Configuration(proxyBeanMethods = false)
class ReportCommands {

	@Bean
	Command progressCommand(ShellSupport s, ProgressReports reports, ProgressRenderer renderer) {
		KvmlabCommand c = new KvmlabCommand("progress", "Show your course progress: modules, labs, scores, attempts",
				"progress [--format text|json]: every module with a bar, each lab (and quiz) with status, best score, attempts"
						+ " and when it was last graded.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("format"));
				String format = inv.option("format", "text");
				if (!format.equals("text") && !format.equals("json")) {
					throw KvmlabException.usageKey("error.unknown-format", format, "text, json");
				}
				ProgressReport report = reports.build(learner(null), s.lang());
				inv.out().println(format.equals("json") ? renderer.json(report) : renderer.text(report, s.lang(), Ansi.auto()));
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("format", "text (default) or json", String.class)));
		c.setCompletionProvider(context -> formats(context, "text", "json"));
		return c;
	}

	@Bean
	Command reportHtml(ShellSupport s, ProgressReports reports, ProgressRenderer renderer) {
		KvmlabCommand c = new KvmlabCommand("report html", "Write your progress as a self-contained HTML report",
				"report html <file> [--name NAME]: scores, evidence, attempts and a chart, in one HTML file that opens offline.",
				s) {
			@Override
			protected ExitCode run(Invocation inv) throws IOException {
				inv.allowOnly(List.of("name"));
				Path file = Path.of(inv.arg(0, "output-file", "progress.html"));
				Lang lang = s.lang();
				ProgressReport report = reports.build(learner(inv.option("name", null)), lang);
				AtomicFiles.write(file, renderer.html(report, lang).getBytes(StandardCharsets.UTF_8));
				report.warnings().forEach(w -> s.warn(inv.context(), w));
				inv.out().println(s.t("report.html.written", file.toAbsolutePath().normalize()));
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("name", "the learner's name on the report (default: your user name)",
				String.class)));
		return c;
	}

	@Bean
	Command reportExport(ShellSupport s, LabService labs, ResultBundles bundles, SigningKeys keys, LabIdCompletion ids) {
		KvmlabCommand c = new KvmlabCommand("report export", "Export a lab's latest result as a signed bundle",
				"report export <lab-id> <file> [--name NAME]: the latest result with evidence and attempts, signed with this"
						+ " machine's Ed25519 key.", s) {
			@Override
			protected ExitCode run(Invocation inv) throws IOException {
				inv.allowOnly(List.of("name"));
				Lab lab = labs.lab(inv.arg(0, "lab-id"));
				Path file = Path.of(inv.arg(1, "output-file", lab.id() + ".kvmlab.json"));
				ResultBundles.Export export = bundles.export(lab.id(), learner(inv.option("name", null)));
				AtomicFiles.write(file, export.json().getBytes(StandardCharsets.UTF_8));
				GradeResult r = export.result();
				if (export.keyCreated()) {
					inv.out().println(s.t("export.key.created", keys.privateFile(), keys.publicFile()));
				}
				inv.out().println(s.t("export.written", lab.id(), file.toAbsolutePath().normalize(), r.score(), r.maxScore(),
						r.gradedAt()));
				inv.out().println(s.t("export.key", export.fingerprint()));
				inv.out().println(s.t("export.note"));
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("name", "the learner's name in the bundle (default: your user name)",
				String.class)));
		c.setCompletionProvider(ids);
		return c;
	}

	@Bean
	Command reportVerify(ShellSupport s, ResultBundles bundles) {
		KvmlabCommand c = new KvmlabCommand("report verify", "Check a signed result bundle",
				"report verify <file> [--fingerprint SHA256:...]: exit code 0 valid, 2 invalid (with the reason).", s) {
			@Override
			protected ExitCode run(Invocation inv) throws IOException {
				inv.allowOnly(List.of("fingerprint"));
				Path file = Path.of(inv.arg(0, "bundle-file"));
				byte[] bytes;
				try {
					bytes = Files.readAllBytes(file);
				}
				catch (NoSuchFileException e) {
					throw KvmlabException.usageKey("error.no-such-file", file);
				}
				ResultBundles.Verification v = bundles.verify(bytes, inv.option("fingerprint", null));
				if (!v.valid()) {
					String reason = s.t(v.reasonKey(), v.reasonArgs().toArray());
					inv.out().println(s.t("verify.invalid", reason));
					return ExitCode.USAGE_OR_CONTENT;
				}
				GradeResult r = v.result();
				String verdict = s.t(r.incomplete() ? "verify.incomplete" : r.passed() ? "verify.passed" : "verify.not-passed");
				inv.out().println(s.t("verify.valid", v.fingerprint(), v.thisMachinesKey() ? s.t("verify.valid.mine") : ""));
				inv.out().println(s.t("verify.result", r.lab(), v.learner(), r.score(), r.maxScore(), r.percent(), verdict,
						r.gradedAt(), r.uri(), r.practice() ? " " + s.t("grade.practice-tag") : ""));
				inv.out().println(s.t("verify.note"));
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("fingerprint", "accept only a bundle signed with this key", String.class)));
		return c;
	}

	static String learner(String given) {
		if (given != null && !given.isBlank() && !given.equals("true")) {
			return given;
		}
		String user = System.getProperty("user.name");
		return user == null || user.isBlank() ? "learner" : user;
	}

	static List<CompletionProposal> formats(org.springframework.shell.core.command.completion.CompletionContext context,
			String... formats) {
		if (context.getCommandOption() != null && "format".equals(context.getCommandOption().longName())) {
			return java.util.Arrays.stream(formats).map(CompletionProposal::new).toList();
		}
		return List.of();
	}
}
