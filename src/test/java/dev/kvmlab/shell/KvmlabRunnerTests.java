package dev.kvmlab.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.DefaultCommandParser;
import org.springframework.shell.core.command.ParsedInput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabApplication;
import dev.kvmlab.Settings;
import dev.kvmlab.lab.HostConnector;
import dev.kvmlab.support.TestHosts;

/**
 * The whole application as `kvmlab <command>` runs it, one-shot: parsing, exit codes, and errors as
 * one line on stderr. The application is started once, non-interactive and without a command, in
 * practice mode with the repository's content and progress in a temporary folder.
 */
class KvmlabRunnerTests {

	@TempDir
	static Path data;

	private static ConfigurableApplicationContext app;

	private static KvmlabRunner runner;

	private static ShellSupport support;

	private static Settings settings;

	private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

	private StringWriter stdout;

	@BeforeAll
	static void start() {
		app = new SpringApplicationBuilder(KvmlabApplication.class)
			.properties("spring.shell.interactive.enabled=false", "kvmlab.home=" + TestHosts.projectRoot(),
					"kvmlab.data=" + data, "kvmlab.connect=" + Settings.PRACTICE_URI, "kvmlab.lang=en")
			.run();
		runner = app.getBean(KvmlabRunner.class);
		support = app.getBean(ShellSupport.class);
		settings = app.getBean(Settings.class);
	}

	@AfterAll
	static void stop() {
		app.getBean(HostConnector.class).closePractice();
		app.close();
	}

	@BeforeEach
	void capture() {
		support.stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
		stdout = new StringWriter();
		settings.uri(Settings.PRACTICE_URI);
	}

	@AfterEach
	void release() {
		support.interactive(false);
		settings.uri(Settings.PRACTICE_URI);
		app.getBean(HostConnector.class).closePractice();
	}

	private ExitCode run(String line) {
		PrintWriter out = new PrintWriter(stdout, true);
		ExitCode code = runner.execute(line, out, new InputReader() {
		});
		out.flush();
		return code;
	}

	private List<String> errLines() {
		return stderr.toString(StandardCharsets.UTF_8).lines().toList();
	}

	/** Exactly one line on stderr, without a stack trace, and nothing on stdout. */
	private String oneErrorLine() {
		assertThat(errLines()).hasSize(1);
		assertThat(stdout.toString()).isEmpty();
		String line = errLines().get(0);
		assertThat(line).startsWith("kvmlab: error: ").doesNotContain("Exception").doesNotContain("\tat ");
		return line;
	}

	@Nested
	class Parsing {

		private CommandRegistry registry() {
			return app.getBean(CommandRegistry.class);
		}

		@Test
		void aBooleanFlagAfterTheLabIdIsAnOptionNotAMissingValue() {
			// when
			ParsedInput in = new KvmlabCommandParser(registry()).parse("lab hint bridge-network --all");

			// then
			assertThat(in.commandName()).isEqualTo("lab");
			assertThat(in.subCommands()).containsExactly("hint");
			assertThat(in.arguments()).extracting(CommandArgument::value).containsExactly("bridge-network");
			assertThat(in.options()).singleElement().satisfies(o -> {
				assertThat(o.longName()).isEqualTo("all");
				assertThat(o.value()).isEqualTo("true");
			});
		}

		@Test
		void springShellsOwnParserRefusesIt() {
			assertThatThrownBy(() -> new DefaultCommandParser(registry()).parse("lab hint bridge-network --all"))
				.hasMessageContaining("requires a value");
		}

		@Test
		void aBooleanFlagBeforeTheLabIdDoesNotEatIt() {
			ParsedInput in = new KvmlabCommandParser(registry()).parse("lab hint --all bridge-network");
			assertThat(in.arguments()).extracting(CommandArgument::value).containsExactly("bridge-network");
			assertThat(in.options()).extracting(CommandOption::value).containsExactly("true");
		}

		@Test
		void anExplicitBooleanValueIsKept() {
			ParsedInput in = new KvmlabCommandParser(registry()).parse("lab hint bridge-network --all false");
			assertThat(in.options()).extracting(CommandOption::value).containsExactly("false");
		}

		@Test
		void aValuedOptionTakesTheNextWord() {
			ParsedInput in = new KvmlabCommandParser(registry()).parse("lab grade bridge-network --format json");
			assertThat(in.subCommands()).containsExactly("grade");
			assertThat(in.arguments()).extracting(CommandArgument::value).containsExactly("bridge-network");
			assertThat(in.options()).singleElement().satisfies(o -> {
				assertThat(o.longName()).isEqualTo("format");
				assertThat(o.value()).isEqualTo("json");
			});
		}

		@Test
		void quotedArgumentsStayWhole() {
			ParsedInput in = new KvmlabCommandParser(registry()).parse("connect \"qemu+ssh://me@box/system?x=a b\"");
			assertThat(in.arguments()).extracting(CommandArgument::value).containsExactly("qemu+ssh://me@box/system?x=a b");
		}
	}

	@Nested
	class Completion {

		private List<String> withFormat(List<String> ids) {
			List<String> out = new java.util.ArrayList<>(ids);
			out.add("--format");
			return out;
		}

		private List<String> complete(String line) {
			List<org.jline.reader.Candidate> candidates = new java.util.ArrayList<>();
			new KvmlabCompleter(app.getBean(CommandRegistry.class)).complete(null,
					new org.jline.reader.impl.DefaultParser().parse(line, line.length()), candidates);
			return candidates.stream().map(org.jline.reader.Candidate::value).toList();
		}

		@Test
		void aLabIdCompletesFromItsFirstLetters() {
			assertThat(complete("lab grade bri")).containsExactly("bridge-network");
			assertThat(complete("lab start ho")).containsExactly("host-readiness");
		}

		@Test
		void anEmptyWordOffersEveryLabAndTheOptions() {
			assertThat(complete("lab grade ")).containsExactlyInAnyOrderElementsOf(withFormat(dev.kvmlab.fixtures.Kvmlab.LAB_IDS));
		}

		@Test
		void nothingMatchesNothing() {
			assertThat(complete("lab show zz")).containsExactly();
		}
	}

	@Nested
	class OneShotErrors {

		@Test
		void anUnknownCommandIsExit2WithOneLine() {
			assertThat(run("frobnicate now")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
			assertThat(oneErrorLine()).isEqualTo("kvmlab: error: unknown command 'frobnicate'; `help` lists the commands");
		}

		@Test
		void anUnknownLabIdIsExit2NamingTheKnownIds() {
			assertThat(run("lab show bridge-netwrok")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
			assertThat(oneErrorLine()).isEqualTo(
					"kvmlab: error: " + dev.kvmlab.fixtures.Kvmlab.unknownLab("bridge-netwrok"));
		}

		@Test
		void inChineseTheErrorLineIsChineseAndTheExitCodeTheSame() {
			settings.lang(dev.kvmlab.content.Lang.ZH_CN);
			try {
				assertThat(run("lab show bridge-netwrok")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
				assertThat(errLines()).singleElement().satisfies(l -> assertThat(l)
					.startsWith(support.t("error.prefix") + " 未知的实验 'bridge-netwrok'；`labs` 会列出所有实验：host-readiness, "));
				stderr.reset();
				assertThat(run("lab grade bridge-network --colour red")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
				assertThat(errLines()).containsExactly(support.t("error.prefix") + " 未知的选项 --colour（此命令接受 --format）");
				stderr.reset();
				assertThat(run("frobnicate")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
				assertThat(errLines()).containsExactly(support.t("error.prefix") + " 未知的命令 'frobnicate'；`help` 会列出所有命令");
			}
			finally {
				settings.lang(dev.kvmlab.content.Lang.EN);
			}
		}

		@Test
		void aMissingLabIdIsExit2() {
			assertThat(run("lab grade")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
			assertThat(oneErrorLine()).isEqualTo("kvmlab: error: missing lab id (see `labs`)");
		}

		@Test
		void anUnknownOptionIsExit2() {
			assertThat(run("lab grade bridge-network --colour red")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
			assertThat(oneErrorLine()).isEqualTo("kvmlab: error: unknown option --colour (this command takes --format)");
		}

		@Test
		void anUnknownReportFormatIsExit2() {
			assertThat(run("lab grade bridge-network --format xml")).isEqualTo(ExitCode.USAGE_OR_CONTENT);
			assertThat(oneErrorLine()).isEqualTo("kvmlab: error: unknown --format xml (text, json, junit)");
		}

		@Test
		void anUnreachableUriIsExit3WithOneLineThatOffersPracticeMode() {
			// given
			settings.uri("qemu+tcp://127.0.0.1:1/system");

			// when
			ExitCode code = run("lab grade bridge-network");

			// then
			assertThat(code).isEqualTo(ExitCode.HOST_UNREACHABLE);
			assertThat(oneErrorLine()).startsWith("kvmlab: error: cannot connect to qemu+tcp://127.0.0.1:1/system: ")
				.contains("is libvirtd running").endsWith("To practise without a host: --connect test:///default");
		}

		@Test
		void connectingToAnUnreachableUriIsExit3Too() {
			assertThat(run("connect qemu+tcp://127.0.0.1:1/system")).isEqualTo(ExitCode.HOST_UNREACHABLE);
			assertThat(oneErrorLine()).startsWith("kvmlab: error: cannot connect to qemu+tcp://127.0.0.1:1/system: ");
		}

		@Test
		void inTheInteractiveShellTheErrorGoesToTheShellWithAWayOut() {
			// given
			support.interactive(true);
			settings.uri("qemu+tcp://127.0.0.1:1/system");

			// when
			ExitCode code = run("lab grade bridge-network");

			// then
			assertThat(code).isEqualTo(ExitCode.HOST_UNREACHABLE);
			assertThat(errLines()).isEmpty();
			assertThat(stdout.toString().lines().toList()).hasSize(2).satisfies(lines -> {
				assertThat(lines.get(0)).startsWith("kvmlab: error: cannot connect to");
				assertThat(lines.get(1)).isEqualTo("  `connect practice` practice mode (libvirt test driver)");
			});
		}
	}

	@Nested
	class OneShotCommands {

		@Test
		void labShowFillsInThePlacesALabNamesOnThisMachine() {
			assertThat(run("lab show shared-storage")).isEqualTo(ExitCode.OK);
			assertThat(errLines()).isEmpty();
			String shared = dev.kvmlab.cluster.ClusterLayout.standard().sharedDir().toString();
			assertThat(stdout.toString()).contains(shared + "/lab-san-serial.log").doesNotContain("${");
			stdout.getBuffer().setLength(0);
			assertThat(run("lab show backup-restore")).isEqualTo(ExitCode.OK);
			assertThat(stdout.toString()).contains(dev.kvmlab.lab.LabService.imagesDir() + "/lab-bak.qcow2")
				.contains(data.resolve("labs").resolve("backup-restore").resolve("lab-bak.xml").toString()).doesNotContain("${");
		}

		@Test
		void hintAllShowsEveryTier() {
			assertThat(run("lab hint bridge-network --all")).isEqualTo(ExitCode.OK);
			assertThat(errLines()).isEmpty();
			assertThat(stdout.toString()).contains("Hint 1 of 3: ").contains("Hint 2 of 3: ").contains("Hint 3 of 3: ")
				.contains("That was the last hint.");
		}

		@Test
		void gradeAsJsonIsCleanJsonOnStdoutAndExit1BelowThePassMark() throws Exception {
			// when
			ExitCode code = run("lab grade bridge-network --format json");

			// then
			assertThat(code).isEqualTo(ExitCode.BELOW_PASS_MARK);
			assertThat(errLines()).isEmpty();
			JsonNode json = new ObjectMapper().readTree(stdout.toString());
			assertThat(json.get("lab").asText()).isEqualTo("bridge-network");
			assertThat(json.get("practice").asBoolean()).isTrue();
			assertThat(json.get("passed").asBoolean()).isFalse();
		}

		@Test
		void lintPassesOnTheRepositoryContent() {
			assertThat(run("lab lint")).isEqualTo(ExitCode.OK);
			assertThat(stdout.toString().strip()).isEqualTo("Content OK: " + dev.kvmlab.fixtures.Kvmlab.LAB_IDS.size() + " labs, "
					+ dev.kvmlab.fixtures.Kvmlab.LAB_IDS.size() + " rubrics, 31 check types.");
		}

		@Test
		void labsListsEveryLabByModule() {
			assertThat(run("labs")).isEqualTo(ExitCode.OK);
			assertThat(stdout.toString()).contains("Module 1").contains("host-readiness").contains("Module 2")
				.contains("bridge-network");
		}
	}

	@Test
	void aOneShotRunRecordsTheExitCodeForTheProcess() throws Exception {
		// when
		runner.run(new DefaultApplicationArguments("lab", "show", "nope"));

		// then
		assertThat(support.lastExit()).isEqualTo(ExitCode.USAGE_OR_CONTENT);
		assertThat(errLines()).containsExactly("kvmlab: error: " + dev.kvmlab.fixtures.Kvmlab.unknownLab("nope"));
	}

	@Test
	void withoutACommandTheOneShotRunnerRunsNothing() throws Exception {
		// given
		support.recordExit(ExitCode.HOST_UNREACHABLE);

		// when
		runner.run(new DefaultApplicationArguments());

		// then: nothing ran, so nothing recorded an exit code
		assertThat(support.lastExit()).isEqualTo(ExitCode.HOST_UNREACHABLE);
		assertThat(errLines()).isEmpty();
	}
}
