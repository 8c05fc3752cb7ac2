package dev.kvmlab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.curriculum.Quiz;
import dev.kvmlab.curriculum.QuizLoader;

/**
 * kvmlab as a learner runs it, one command per process: commands that do not read lessons never
 * load AsciidoctorJ (JRuby's classes are never loaded), a quiz reads its answers from standard
 * input, and a lesson renders. Each runs {@code dev.kvmlab.KvmlabApplication} in a new JVM on the
 * test class path, with libvirt's test driver and a temporary data folder.
 */
class OneShotCurriculumTests {

	@TempDir
	Path data;

	private record Run(int exit, String out, String err, String classes) {
	}

	private Run kvmlab(String stdin, String... args) throws IOException, InterruptedException {
		Path classLog = data.resolve("classes-" + System.nanoTime() + ".log");
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
				"-Xlog:class+load=info:file=" + classLog, "-Dkvmlab.home=" + Path.of("").toAbsolutePath(), "-cp",
				System.getProperty("java.class.path"), "dev.kvmlab.KvmlabApplication", "--connect", "test:///default"));
		cmd.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().put("KVMLAB_DATA", data.toString());
		pb.environment().put("KVMLAB_LANG", "en");
		pb.environment().remove("NO_COLOR");
		Path out = data.resolve("out.txt");
		Path err = data.resolve("err.txt");
		pb.redirectOutput(out.toFile()).redirectError(err.toFile());
		Process p = pb.start();
		try (var in = p.getOutputStream()) {
			if (stdin != null) {
				in.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
		}
		assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kvmlab " + String.join(" ", args) + " finished").isTrue();
		String classes = Files.exists(classLog) ? Files.readString(classLog) : "";
		return new Run(p.exitValue(), Files.readString(out), Files.readString(err), classes);
	}

	private static void noAsciidoctor(Run run) {
		assertThat(run.classes()).as("class-load log written").contains("dev.kvmlab.KvmlabApplication");
		assertThat(run.classes()).doesNotContain("org.jruby.Ruby ").doesNotContain("org.asciidoctor.jruby");
	}

	@Test
	void labsAndLabLintAndLabGradeNeverLoadAsciidoctor() throws Exception {
		Run labs = kvmlab(null, "labs");
		assertThat(labs.exit()).as(labs.err()).isZero();
		assertThat(labs.out()).contains("bridge-network");
		noAsciidoctor(labs);
		Run lint = kvmlab(null, "lab", "lint");
		assertThat(lint.out() + lint.err()).contains("lab");
		noAsciidoctor(lint);
		Run grade = kvmlab(null, "lab", "grade", "bridge-network");
		assertThat(grade.out() + grade.err()).containsIgnoringCase("bridge-network");
		noAsciidoctor(grade);
	}

	@Test
	void quizReadsAnswersFromStandardInputWithoutAsciidoctor() throws Exception {
		Quiz quiz = QuizLoader.load(QuizLoader.file(Path.of("curriculum"), "1"));
		StringBuilder answers = new StringBuilder();
		for (Quiz.Question q : quiz.questions()) {
			answers.append(q.expected()).append('\n');
		}
		Run run = kvmlab(answers.toString(), "quiz", "1");
		assertThat(run.exit()).as(run.out() + run.err()).isZero();
		int n = quiz.questions().size();
		assertThat(run.out()).contains("Question 1/" + n, "✓ Correct.", "Score: " + n + "/" + n + " (100%)");
		assertThat(Files.readString(data.resolve("progress.json"))).contains("\"m1\"", "\"best\" : " + n);
		noAsciidoctor(run);

		Run partial = kvmlab("zz\n", "quiz", "1");
		assertThat(partial.exit()).isEqualTo(1);
		assertThat(partial.out()).contains("Reread: learn 1 m1-", "left unanswered");
	}

	@Test
	void learnRendersALessonInANewProcess() throws Exception {
		Run run = kvmlab(null, "learn", "1", "m1-1");
		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.out()).contains("1.1 The evolution of virtualisation", "┌", "Next: learn m1-2")
			.as("not a terminal: no colour").doesNotContain("\u001b[");
		assertThat(run.err()).doesNotContain("WARN").doesNotContain("Exception");
		assertThat(run.classes()).as("the check in noAsciidoctor would see JRuby").contains("org.jruby.Ruby ");
		assertThat(Files.readString(data.resolve("progress.json"))).contains("\"m1-1\"");
	}
}
