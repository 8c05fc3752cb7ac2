package dev.kvmlab.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.content.Lang;
import dev.kvmlab.curriculum.CourseSection;
import dev.kvmlab.curriculum.Curriculum;
import dev.kvmlab.curriculum.CurriculumSearch;
import dev.kvmlab.curriculum.CurriculumService;
import dev.kvmlab.curriculum.HtmlExporter;
import dev.kvmlab.curriculum.ModuleDoc;
import dev.kvmlab.curriculum.Outline;
import dev.kvmlab.curriculum.Quiz;
import dev.kvmlab.curriculum.QuizLoader;
import dev.kvmlab.curriculum.QuizRunner;
import dev.kvmlab.curriculum.ReadingLog;
import dev.kvmlab.curriculum.TermText;
import dev.kvmlab.progress.Progress;
import dev.kvmlab.progress.ProgressStore;

/**
 * The course in the terminal: {@code learn} (the outline with what was read, a module, a section,
 * {@code next}, {@code search}), {@code quiz}, {@code curriculum export --html} and
 * {@code curriculum lint}. Each command is thin: {@link CurriculumService} does the work.
 */
@Configuration(proxyBeanMethods = false)
class CurriculumCommands {

	/** A quiz passes at this percentage (exit code 0; below it, 1). */
	static final int QUIZ_PASS_PERCENT = 70;

	@Bean
	Command learnCommand(ShellSupport s, CurriculumService lessons, ProgressStore store, LessonScreen screen,
			LessonCompletion completion) {
		KvmlabCommand c = new KvmlabCommand("learn", "Read the course: outline, a module or a section",
				"learn: the modules and sections, with what you have read. learn <module> (1-6, appendix): a module's"
						+ " sections; add --all to read it whole. learn <module> <section> or learn <section> (m2-2, 2.2,"
						+ " m2-2-bridge): one section. learn next: the next section you have not read. learn search <words>:"
						+ " find sections.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("all"));
				List<String> args = inv.args();
				Lang lang = s.lang();
				if (args.isEmpty()) {
					outline(s, lessons, store, screen, inv.out());
					return ExitCode.OK;
				}
				if (args.size() > 2) {
					throw KvmlabException.usageKey("error.learn-args", String.join(" ", args));
				}
				Curriculum c = lessons.curriculum();
				String key = Curriculum.moduleKey(args.get(0));
				if (args.size() == 1 && key != null) {
					if (inv.flag("all")) {
						ModuleDoc doc = c.module(key, lang);
						String text = note(s, doc, lang) + lessons.render(key, null, lang, screen.width(), screen.color());
						List<String> ids = doc.sections().stream().map(CourseSection::id).toList();
						show(s, lessons, store, screen, inv, text, doc.title(), ids, key);
					}
					else {
						module(s, lessons, store, screen, inv.out(), key);
					}
					return ExitCode.OK;
				}
				CourseSection section = section(s, c, lang, args, key);
				readSection(s, lessons, store, screen, inv, section);
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("all", "with a module: show the whole module", Boolean.class)));
		c.setCompletionProvider(completion.learn());
		return c;
	}

	@Bean
	Command learnNextCommand(ShellSupport s, CurriculumService lessons, ProgressStore store, LessonScreen screen) {
		return new KvmlabCommand("learn next", "Read the next section you have not read",
				"learn next: continues after the last section you read, with the first one you have not read yet.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				Progress p = store.load();
				s.flushProgressWarning(inv.context());
				Optional<Outline.Entry> next = ReadingLog.next(lessons.outline(s.lang()), p);
				if (next.isEmpty()) {
					inv.out().println(s.t("learn.all-read"));
					return ExitCode.OK;
				}
				CourseSection section = lessons.curriculum().find(next.get().id(), s.lang())
					.orElseThrow(() -> KvmlabException.usage(s.t("learn.unknown", next.get().id())));
				readSection(s, lessons, store, screen, inv, section);
				return ExitCode.OK;
			}
		};
	}

	@Bean
	Command learnSearchCommand(ShellSupport s, CurriculumService lessons, LessonScreen screen) {
		return new KvmlabCommand("learn search", "Find sections by words (English or Chinese)",
				"learn search <words>: sections whose title or text contain the words, best first; Chinese works too"
						+ " (learn search 网桥).", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				String query = String.join(" ", inv.args()).strip();
				if (query.isEmpty()) {
					throw KvmlabException.usage(s.t("learn.search.usage"));
				}
				CurriculumSearch.Result result = lessons.search(query, s.lang());
				PrintWriter out = inv.out();
				if (result.hits().isEmpty()) {
					out.println(s.t("learn.search.none", query));
					return ExitCode.OK;
				}
				boolean color = screen.color();
				out.println(s.t("learn.search.header", query, result.hits().size()));
				if (result.fallback()) {
					out.println(s.t("learn.search.fallback", result.lang().tag()));
				}
				int shown = 0;
				for (CurriculumSearch.Hit hit : result.hits()) {
					if (shown++ == 10) {
						out.println(s.t("learn.search.more", result.hits().size() - 10));
						break;
					}
					AttributedStringBuilder b = new AttributedStringBuilder();
					b.append("  ").styled(AttributedStyle.BOLD.foreground(AttributedStyle.CYAN), pad(hit.section().id(), 8))
						.append(" ").styled(AttributedStyle.BOLD, hit.section().title())
						.styled(AttributedStyle.DEFAULT.faint(), "  (" + s.t("learn.search.hits", hit.score()) + ")");
					out.println(ansi(b.toAttributedString(), color));
					if (!hit.snippet().isEmpty()) {
						out.println(ansi(highlight("           " + hit.snippet(), query), color));
					}
				}
				out.println(s.t("learn.search.read", result.hits().get(0).section().id()));
				return ExitCode.OK;
			}
		};
	}

	@Bean
	Command quizCommand(ShellSupport s, ProgressStore store, LessonScreen screen, LessonCompletion completion,
			dev.kvmlab.lab.ContentRoot root) {
		KvmlabCommand c = new KvmlabCommand("quiz", "Test yourself on a module",
				"quiz <module> (1-6): asks the module's questions; answer with a letter (b), letters (a,c), or type the"
						+ " command or XML. Each wrong answer is explained with the section to reread; score, best and"
						+ " attempts are saved. Without a terminal, answers are read one per line from standard input"
						+ " (kvmlab quiz 1 < answers.txt). Exit code 0 at " + QUIZ_PASS_PERCENT + "% or more, 1 below.", s) {
			@Override
			protected ExitCode run(Invocation inv) throws Exception {
				inv.allowOnly(List.of());
				String arg = inv.arg(0, "module");
				String key = Curriculum.moduleKey(arg);
				if (key == null || key.equals(Curriculum.APPENDIX)) {
					throw KvmlabException.usageKey("error.unknown-module", arg);
				}
				Path file = QuizLoader.file(root.curriculum(), key);
				if (!java.nio.file.Files.isRegularFile(file)) {
					throw KvmlabException.usage(s.t("quiz.none", key));
				}
				Quiz quiz = QuizLoader.load(file);
				QuizRunner runner = new QuizRunner(s.messages(), s.lang(), inv.out(), screen.color(), screen.width(),
						s.interactive());
				var reader = inv.context().inputReader();
				QuizRunner.Outcome outcome;
				try {
					outcome = runner.run(quiz, prompt -> {
						try {
							return reader.readInput(prompt);
						}
						catch (UserInterruptException | EndOfFileException e) {
							throw new QuizRunner.Interrupted();
						}
					});
				}
				catch (QuizRunner.Interrupted e) {
					inv.out().println();
					inv.out().println(s.t("quiz.stopped"));
					return ExitCode.OK;
				}
				Map<String, Object> record = store.update(p -> QuizRunner.record(p, key, outcome)).quizzes.get("m" + key);
				s.flushProgressWarning(inv.context());
				runner.summary(outcome, record);
				return outcome.percent() >= QUIZ_PASS_PERCENT ? ExitCode.OK : ExitCode.BELOW_PASS_MARK;
			}
		};
		c.setCompletionProvider(completion.quiz());
		return c;
	}

	@Bean
	Command curriculumExportCommand(ShellSupport s, CurriculumService lessons) {
		KvmlabCommand c = new KvmlabCommand("curriculum export", "Export the course as HTML pages, both languages",
				"curriculum export --html <dir>: writes <dir>/index.html (contents of both languages) and"
						+ " <dir>/en/m1.html ... <dir>/zh-CN/appendix.html, linked to each other.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("html"));
				String dir = inv.option("html", null);
				if (dir == null || dir.isBlank() || dir.equals("true")) {
					throw KvmlabException.usageKey("error.missing-html");
				}
				Path target = Path.of(dir).toAbsolutePath().normalize();
				List<HtmlExporter.Page> pages = lessons.exportHtml(target);
				long fallback = pages.stream().filter(HtmlExporter.Page::fallback).count();
				inv.out().println(s.t("export.done", pages.size(), target, target.resolve("index.html")));
				if (fallback > 0) {
					inv.out().println(s.t("export.fallback", fallback));
				}
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("html", "the folder to write the HTML pages to", String.class)));
		return c;
	}

	@Bean
	Command curriculumLintCommand(ShellSupport s, CurriculumService lessons) {
		return new KvmlabCommand("curriculum lint", "Check the lessons, quizzes and coverage manifest",
				"curriculum lint: loads and renders every lesson (no AsciiDoc warnings allowed), checks the structure,"
						+ " that both languages have the same section ids, cross references, every quiz's answer key and"
						+ " sections, and that coverage.yaml maps every seed section. Exit code 2 on any problem.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				List<String> problems = lessons.validate();
				for (String problem : problems) {
					inv.out().println(s.t("lint.problem") + ": " + problem);
				}
				if (!problems.isEmpty()) {
					inv.out().println(s.t("curriculum.lint.problems", problems.size()));
					return ExitCode.USAGE_OR_CONTENT;
				}
				inv.out().println(s.t("curriculum.lint.ok"));
				return ExitCode.OK;
			}
		};
	}

	// ------------------------------------------------------------------------------------------------

	/** The section the arguments name: {@code m2-2}, {@code 2.2}, {@code 2 m2-2}, {@code 2 2.2}, {@code 2 2}. */
	static CourseSection section(ShellSupport s, Curriculum c, Lang lang, List<String> args, String key) {
		if (args.size() == 1) {
			return c.find(args.get(0), lang)
				.orElseThrow(() -> KvmlabException.usage(s.t("learn.unknown", args.get(0))));
		}
		if (key == null) {
			throw KvmlabException.usage(s.t("learn.unknown", args.get(0)));
		}
		String q = args.get(1);
		Optional<CourseSection> found = c.find(q, lang);
		if (found.isEmpty() && q.matches("\\d+")) {
			found = c.find(key + "." + q, lang); // learn 2 3 → 2.3
		}
		CourseSection section = found.orElseThrow(() -> KvmlabException.usage(s.t("learn.unknown", q)));
		if (!section.module().equals(key)) {
			throw KvmlabException.usage(s.t("learn.not-in-module", q, key));
		}
		return section;
	}

	private static String note(ShellSupport s, ModuleDoc doc, Lang lang) {
		return doc.lang() == lang ? "" : s.t("learn.fallback", doc.lang().tag()) + "\n\n";
	}

	static void readSection(ShellSupport s, CurriculumService lessons, ProgressStore store, LessonScreen screen,
			Invocation inv, CourseSection section) {
		Lang lang = s.lang();
		Curriculum c = lessons.curriculum();
		ModuleDoc doc = c.module(section.module(), lang);
		String text = note(s, doc, lang) + lessons.render(section.module(), section.id(), lang, screen.width(),
				screen.color());
		show(s, lessons, store, screen, inv, text, section.title(), List.of(section.id()), section.module());
	}

	private static void show(ShellSupport s, CurriculumService lessons, ProgressStore store, LessonScreen screen,
			Invocation inv, String text, String title, List<String> read, String module) {
		Progress p = store.update(progress -> ReadingLog.record(progress, read));
		s.flushProgressWarning(inv.context());
		Optional<Outline.Entry> next = ReadingLog.next(lessons.outline(s.lang()), p);
		StringBuilder footer = new StringBuilder("\n");
		AttributedStyle faint = AttributedStyle.DEFAULT.faint();
		String nextText = next.map(n -> s.t("learn.footer.next", n.id(), n.title())).orElse(s.t("learn.all-read"));
		footer.append(ansi(new AttributedString(nextText, faint), screen.color())).append('\n');
		if (!module.equals(Curriculum.APPENDIX)) {
			footer.append(ansi(new AttributedString(s.t("learn.footer.quiz", module), faint), screen.color())).append('\n');
		}
		screen.show(inv.out(), text + footer, title);
	}

	/** {@code learn}: every module with its sections, what was read, and what comes next. */
	static void outline(ShellSupport s, CurriculumService lessons, ProgressStore store, LessonScreen screen,
			PrintWriter out) {
		Lang lang = s.lang();
		Curriculum c = lessons.curriculum();
		Progress p = store.load();
		Set<String> read = ReadingLog.read(p);
		boolean color = screen.color();
		int width = screen.width();
		StringBuilder b = new StringBuilder();
		b.append(s.t("learn.header")).append("\n");
		for (String key : c.moduleKeys()) {
			ModuleDoc doc = c.module(key, lang);
			long done = doc.sections().stream().filter(x -> read.contains(x.id())).count();
			b.append('\n');
			b.append(ansi(new AttributedStringBuilder().styled(AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA),
					doc.title()).styled(AttributedStyle.DEFAULT.faint(), "  " + s.t("learn.read", done, doc.sections().size())
							+ "  learn " + key).toAttributedString(), color)).append('\n');
			sectionLines(doc, read, width, color, b);
		}
		Optional<Outline.Entry> next = ReadingLog.next(lessons.outline(lang), p);
		b.append('\n').append(next.map(n -> s.t("learn.next", n.id(), n.title())).orElse(s.t("learn.all-read"))).append('\n');
		screen.show(out, b.toString(), s.t("learn.header"));
	}

	/** {@code learn 2}: the module's title, introduction and sections. */
	static void module(ShellSupport s, CurriculumService lessons, ProgressStore store, LessonScreen screen,
			PrintWriter out, String key) {
		Lang lang = s.lang();
		Curriculum c = lessons.curriculum();
		ModuleDoc doc = c.module(key, lang);
		Set<String> read = ReadingLog.read(store.load());
		boolean color = screen.color();
		int width = screen.width();
		StringBuilder b = new StringBuilder(note(s, doc, lang));
		b.append(ansi(new AttributedString(doc.title(), AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA)), color))
			.append('\n');
		String preamble = lessons.renderPreamble(key, lang, width, color);
		if (!preamble.isBlank()) {
			b.append('\n').append(preamble);
		}
		b.append('\n');
		sectionLines(doc, read, width, color, b);
		String first = doc.sections().stream().filter(x -> !read.contains(x.id())).findFirst()
			.or(() -> doc.sections().stream().findFirst()).map(CourseSection::id).orElse(key);
		b.append('\n').append(s.t("learn.module.hint", key, first)).append('\n');
		screen.show(out, b.toString(), doc.title());
	}

	private static void sectionLines(ModuleDoc doc, Set<String> read, int width, boolean color, StringBuilder b) {
		for (CourseSection sec : doc.sections()) {
			boolean done = read.contains(sec.id());
			AttributedStringBuilder line = new AttributedStringBuilder();
			line.append("  ");
			line.styled(done ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN) : AttributedStyle.DEFAULT.faint(),
					done ? "✓" : "·");
			line.append(" ");
			int titleWidth = Math.max(20, width - 16);
			line.append(TermText.pad(new AttributedString(sec.title()), titleWidth, 'l'));
			line.styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN), " " + sec.id());
			b.append(ansi(TermText.rtrim(line.toAttributedString()), color)).append('\n');
		}
	}

	static String ansi(AttributedString s, boolean color) {
		return color ? s.toAnsi() : s.toString();
	}

	private static String pad(String s, int width) {
		return TermText.pad(new AttributedString(s), Math.max(width, TermText.width(s)), 'l').toString();
	}

	/** The snippet with each query word in bold. */
	static AttributedString highlight(String text, String query) {
		List<int[]> spans = new ArrayList<>();
		String lower = text.toLowerCase(java.util.Locale.ROOT);
		for (String w : query.toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
			if (w.isEmpty()) {
				continue;
			}
			for (int i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + w.length())) {
				spans.add(new int[] { i, i + w.length() });
			}
		}
		AttributedStringBuilder b = new AttributedStringBuilder();
		for (int i = 0; i < text.length(); i++) {
			int at = i;
			boolean hit = spans.stream().anyMatch(sp -> at >= sp[0] && at < sp[1]);
			b.style(hit ? AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW) : AttributedStyle.DEFAULT.faint())
				.append(text.charAt(i));
		}
		return b.toAttributedString();
	}
}
