package dev.kvmlab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jline.terminal.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.jline.JLineInputProvider;

import dev.kvmlab.ExitCode;
import dev.kvmlab.Settings;
import dev.kvmlab.content.Lang;
import dev.kvmlab.curriculum.CurriculumService;
import dev.kvmlab.curriculum.Quiz;
import dev.kvmlab.curriculum.QuizLoader;
import dev.kvmlab.curriculum.ReadingLog;
import dev.kvmlab.i18n.Messages;
import dev.kvmlab.lab.ContentRoot;
import dev.kvmlab.progress.Progress;
import dev.kvmlab.progress.ProgressStore;

/**
 * The course commands end to end, as the one-shot runner executes them (parser, registry, command,
 * exit code), on this repository's lessons and a temporary progress file.
 */
class CurriculumCommandsTests {

	@TempDir
	Path data;

	private static final ContentRoot ROOT = new ContentRoot(Path.of(""));

	/** One service for the class: the lessons are parsed once. */
	private static final CurriculumService LESSONS = new CurriculumService(ROOT);

	private Settings settings;

	private ProgressStore store;

	private KvmlabRunner runner;

	private final StringWriter text = new StringWriter();

	@BeforeEach
	void setUp() {
		settings = new Settings("test:///default", "en");
		store = new ProgressStore(data);
		ShellSupport support = new ShellSupport(settings, new Messages(), store);
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		LessonScreen screen = new LessonScreen(beans.getBeanProvider(Terminal.class), support);
		LessonCompletion completion = new LessonCompletion(ROOT, support);
		CurriculumCommands c = new CurriculumCommands();
		Set<Command> commands = Set.of(c.learnCommand(support, LESSONS, store, screen, completion),
				c.learnNextCommand(support, LESSONS, store, screen), c.learnSearchCommand(support, LESSONS, screen),
				c.quizCommand(support, store, screen, completion, ROOT), c.curriculumExportCommand(support, LESSONS),
				c.curriculumLintCommand(support, LESSONS));
		CommandRegistry registry = new CommandRegistry(commands);
		runner = new KvmlabRunner(new KvmlabCommandParser(registry), registry, support,
				beans.getBeanProvider(JLineInputProvider.class), new StandardEnvironment());
	}

	private ExitCode run(String line) {
		return run(line, new InputReader() {
		});
	}

	private ExitCode run(String line, InputReader reader) {
		text.getBuffer().setLength(0);
		return runner.execute(line, new PrintWriter(text, true), reader);
	}

	private String out() {
		return text.toString();
	}

	@Test
	void learnASectionByIdAloneAsLabHintsPrintIt() {
		assertThat(run("learn m2-2")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("2.2 libvirt network modes", "virsh", "Next: learn m2-3", "Test yourself: quiz 2")
			.doesNotContain("\u001b[");
		Progress p = store.load();
		assertThat(ReadingLog.read(p)).containsExactly("m2-2");
		assertThat(ReadingLog.last(p)).isEqualTo("m2-2");
	}

	@Test
	void learnAModuleAndASectionByIdOrNumber() {
		assertThat(run("learn 2 m2-3")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("2.3 ");
		assertThat(run("learn 2 2.4")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("2.4 ");
		assertThat(run("learn 2 5")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("2.5 ");
		assertThat(run("learn m2 m2-2-bridge")).isEqualTo(ExitCode.OK);
		assertThat(ReadingLog.read(store.load())).contains("m2-3", "m2-4", "m2-5", "m2-2-bridge");
		assertThat(run("learn appendix A")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("A. ");
		assertThat(run("learn 1 m2-3")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
		assertThat(run("learn m9-9")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
		assertThat(run("learn 1 2 3")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
	}

	@Test
	void learnNextContinuesAfterTheLastSectionRead() {
		assertThat(run("learn next")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("1.1 ");
		assertThat(run("learn m1-1")).isEqualTo(ExitCode.OK);
		assertThat(run("learn next")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("1.2 ");
		assertThat(run("learn m1-7")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("Next: learn m2-1");
		assertThat(run("learn next")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("2.1 ");
		assertThat(ReadingLog.read(store.load())).containsExactlyInAnyOrder("m1-1", "m1-2", "m1-7", "m2-1");
	}

	@Test
	void learnAloneListsModulesSectionsAndWhatWasRead() {
		run("learn m1-1");
		assertThat(run("learn")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("Module 1", "Module 6", "Appendix", "1/7 read", "✓ 1.1 ", "· 1.2 ", "m6-8",
				"Next: learn m1-2");
	}

	@Test
	void learnAModuleShowsItsSectionsAndWithAllTheWholeModule() {
		assertThat(run("learn 3")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("Module 3", "3.1 ", "3.10 ", "learn 3 m3-1", "learn 3 --all");
		assertThat(ReadingLog.read(store.load())).isEmpty();
		assertThat(run("learn 6 --all")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("6.1 ", "6.8 ");
		assertThat(ReadingLog.read(store.load())).contains("m6-1", "m6-8");
	}

	@Test
	void learnInChinese() {
		settings.lang(Lang.ZH_CN);
		assertThat(run("learn m1-1")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("1.1 虚拟化技术演进", "下一节：learn m1-2");
	}

	@Test
	void learnSearchFindsAChineseWord() {
		settings.lang(Lang.ZH_CN);
		assertThat(run("learn search 网桥")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("m2-2", "2.2 ", "网桥", "阅读：learn m2-2");
		settings.lang(Lang.EN);
		assertThat(run("learn search macvtap")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("m2-2");
		assertThat(run("learn search qqqzzzxxx")).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("Nothing found");
		assertThat(run("learn search")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
	}

	private static InputReader answering(Quiz quiz, int wrongOnes) {
		Deque<String> answers = new ArrayDeque<>();
		for (int i = 0; i < quiz.questions().size(); i++) {
			Quiz.Question q = quiz.questions().get(i);
			boolean wrong = i < wrongOnes;
			answers.add(wrong ? (q.type() == Quiz.Type.SINGLE || q.type() == Quiz.Type.MULTIPLE ? "zz" : "nope") : q.expected());
		}
		return new InputReader() {
			@Override
			public String readInput(String prompt) {
				return answers.poll();
			}
		};
	}

	@Test
	void quizGradesRecordsAndPointsAtSections() {
		Quiz quiz = QuizLoader.load(QuizLoader.file(ROOT.curriculum(), "2"));
		int n = quiz.questions().size();
		assertThat(run("quiz 2", answering(quiz, n))).isEqualTo(ExitCode.BELOW_PASS_MARK);
		assertThat(out()).contains("Score: 0/" + n, "Reread: learn 2 m2-", "To review:");
		assertThat(run("quiz m2", answering(quiz, 0))).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("Score: " + n + "/" + n + " (100%)", "Best so far: " + n + "/" + n + "; attempts: 2");
		Map<String, Object> record = store.load().quizzes.get("m2");
		assertThat(record).containsEntry("attempts", 2).containsEntry("best", n).containsEntry("score", n);
		assertThat(run("quiz 7")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
		assertThat(run("quiz appendix")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
	}

	@Test
	void quizStoppedWithCtrlCIsNotRecorded() {
		assertThat(run("quiz 1", new InputReader() {
			@Override
			public String readInput(String prompt) {
				throw new org.jline.reader.UserInterruptException("");
			}
		})).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("Quiz stopped");
		assertThat(store.load().quizzes).isEmpty();
	}

	@Test
	void exportWritesTheCourse(@TempDir Path html) throws Exception {
		assertThat(run("curriculum export --html " + html)).isEqualTo(ExitCode.OK);
		assertThat(out()).contains("Exported 15 pages");
		assertThat(html.resolve("index.html")).isRegularFile();
		assertThat(Files.readString(html.resolve("zh-CN/m1.html"))).contains("模块一");
		assertThat(run("curriculum export")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
	}

	@Test
	void lessonCompletionOffersModulesAndSectionIdsWithoutParsing() {
		ShellSupport support = new ShellSupport(settings, new Messages(), store);
		var provider = new LessonCompletion(ROOT, support).learn();
		Command learn = org.mockito.Mockito.mock(Command.class);
		org.mockito.Mockito.when(learn.getName()).thenReturn("learn");
		var first = provider.apply(new org.springframework.shell.core.command.completion.CompletionContext(
				List.of("learn", "m2-"), 1, 3, learn, null));
		assertThat(first).extracting(p -> p.value()).contains("m2-1", "m2-2", "m2-2-bridge").doesNotContain("m1-1");
		var second = provider.apply(new org.springframework.shell.core.command.completion.CompletionContext(
				List.of("learn", "3", ""), 2, 0, learn, null));
		assertThat(second).extracting(p -> p.value()).contains("m3-1", "m3-10").doesNotContain("m2-1", "next");
	}
}
