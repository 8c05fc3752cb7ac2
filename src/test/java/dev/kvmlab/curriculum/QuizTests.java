package dev.kvmlab.curriculum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.Lang;
import dev.kvmlab.content.Text;
import dev.kvmlab.i18n.Messages;
import dev.kvmlab.progress.Progress;

/** Quiz files, answer checking, the question loop and what is recorded. No AsciidoctorJ needed. */
class QuizTests {

	@TempDir
	Path tmp;

	private static final String QUIZ = """
			format_version: 1
			module: 9
			questions:
			- id: q1
			  type: single
			  section: m9-1
			  prompt: {en: "Which one?", zh-CN: "哪一个？"}
			  choices:
			  - {id: a, en: "A", zh-CN: "甲"}
			  - {id: b, en: "B", zh-CN: "乙"}
			  answer: [b]
			  explain: {en: "B it is.", zh-CN: "是乙。"}
			- id: q2
			  type: multiple
			  section: m9-2
			  prompt: {en: "Which ones?", zh-CN: "哪几个？"}
			  choices:
			  - {id: a, en: "A", zh-CN: "甲"}
			  - {id: b, en: "B", zh-CN: "乙"}
			  - {id: c, en: "C", zh-CN: "丙"}
			  answer: [a, c]
			  explain: {en: "A and C.", zh-CN: "甲和丙。"}
			- id: q3
			  type: command
			  section: m9-2
			  prompt: {en: "List all VMs.", zh-CN: "列出所有虚拟机。"}
			  accept: ["virsh list --all"]
			  explain: {en: "--all includes shut-off ones.", zh-CN: "--all 包括已关机的。"}
			- id: q4
			  type: xml
			  section: m9-3
			  prompt: {en: "The virtio model element.", zh-CN: "virtio 型号元素。"}
			  accept: ["<model type='virtio'/>"]
			  explain: {en: "model type virtio.", zh-CN: "型号为 virtio。"}
			""";

	private Path write(String name, String text) throws Exception {
		Path f = tmp.resolve(name);
		Files.writeString(f, text);
		return f;
	}

	private Quiz quiz() throws Exception {
		return QuizLoader.load(write("m9.yaml", QUIZ));
	}

	@Test
	void loadsAllFourQuestionTypes() throws Exception {
		Quiz q = quiz();
		assertThat(q.module()).isEqualTo("9");
		assertThat(q.questions()).extracting(Quiz.Question::type).containsExactly(Quiz.Type.SINGLE, Quiz.Type.MULTIPLE,
				Quiz.Type.COMMAND, Quiz.Type.XML);
		assertThat(q.question("q1").prompt().get(Lang.ZH_CN)).isEqualTo("哪一个？");
		assertThat(q.question("q2").answer()).containsExactly("a", "c");
	}

	@Test
	void badAnswerKeysAreReportedWithFileAndLine() throws Exception {
		Path f = write("m9.yaml", QUIZ.replace("answer: [b]", "answer: [x]"));
		assertThatThrownBy(() -> QuizLoader.load(f)).isInstanceOf(ContentException.class)
			.hasMessageContaining("m9.yaml:").hasMessageContaining("answer 'x' is not one of the choices");
		Path single = write("m9.yaml", QUIZ.replace("answer: [b]", "answer: [a, b]"));
		assertThatThrownBy(() -> QuizLoader.load(single)).hasMessageContaining("exactly one answer");
		Path multiple = write("m9.yaml", QUIZ.replace("answer: [a, c]", "answer: [a]"));
		assertThatThrownBy(() -> QuizLoader.load(multiple)).hasMessageContaining("at least two answers");
		Path noZh = write("m9.yaml", QUIZ.replace("prompt: {en: \"Which one?\", zh-CN: \"哪一个？\"}",
				"prompt: {en: \"Which one?\"}"));
		assertThatThrownBy(() -> QuizLoader.load(noZh)).hasMessageContaining("missing required key 'zh-CN'");
		Path typo = write("m9.yaml", QUIZ.replace("  section: m9-1", "  section: m9-1\n  hint: nope"));
		assertThatThrownBy(() -> QuizLoader.load(typo)).hasMessageContaining("unknown key 'hint'");
		Path wrongModule = write("m8.yaml", QUIZ);
		assertThatThrownBy(() -> QuizLoader.load(wrongModule)).hasMessageContaining("does not match the file name");
	}

	@Test
	void choiceAnswersAcceptCommonSpellings() throws Exception {
		Quiz.Question single = quiz().question("q1");
		assertThat(single.isCorrect("b")).isTrue();
		assertThat(single.isCorrect(" B ")).isTrue();
		assertThat(single.isCorrect("b)")).isTrue();
		assertThat(single.isCorrect("a")).isFalse();
		assertThat(single.isCorrect("a,b")).isFalse();
		assertThat(single.isCorrect("z")).isFalse();
		Quiz.Question multiple = quiz().question("q2");
		assertThat(multiple.isCorrect("a,c")).isTrue();
		assertThat(multiple.isCorrect("c, a")).isTrue();
		assertThat(multiple.isCorrect("a;c")).isTrue();
		assertThat(multiple.isCorrect("ac")).isTrue();
		assertThat(multiple.isCorrect("a")).isFalse();
		assertThat(multiple.isCorrect("a,b,c")).isFalse();
	}

	@Test
	void commandAnswersAreExactButWhitespaceNormalised() throws Exception {
		Quiz.Question q = quiz().question("q3");
		assertThat(q.isCorrect("virsh list --all")).isTrue();
		assertThat(q.isCorrect("  virsh   list\t--all  ")).isTrue();
		assertThat(q.isCorrect("sudo virsh list --all")).isTrue();
		assertThat(q.isCorrect("$ virsh list --all")).isTrue();
		assertThat(q.isCorrect("virsh list")).isFalse();
		assertThat(q.isCorrect("VIRSH LIST --ALL")).as("commands are case-sensitive").isFalse();
	}

	@Test
	void xmlAnswersIgnoreQuotesSpacingAttributeOrderAndElementCase() throws Exception {
		Quiz.Question q = quiz().question("q4");
		assertThat(q.isCorrect("<model type=\"virtio\"/>")).isTrue();
		assertThat(q.isCorrect("<model type='virtio' />")).isTrue();
		assertThat(q.isCorrect("<MODEL type='virtio'></MODEL>")).isTrue();
		assertThat(q.isCorrect("<model type='e1000'/>")).isFalse();
		assertThat(Quiz.sameXml("<source bridge='br0' mode='x'/>", "<source mode=\"x\"   bridge=\"br0\"/>")).isTrue();
		assertThat(Quiz.sameXml("<interface type='bridge'>\n  <source bridge='br0'/>\n</interface>",
				"<interface type='bridge'><source bridge='br0'/></interface>")).isTrue();
		assertThat(Quiz.sameXml("<a x='1'>", "<A x=\"1\">")).as("not XML: compared as normalised text").isTrue();
	}

	private static QuizRunner.Answers scripted(String... answers) {
		Deque<String> q = new ArrayDeque<>(List.of(answers));
		return prompt -> q.poll();
	}

	@Test
	void runGradesExplainsWrongAnswersAndPointsAtTheSection() throws Exception {
		StringWriter text = new StringWriter();
		QuizRunner runner = new QuizRunner(new Messages(), Lang.EN, new PrintWriter(text), false, 80, false);
		QuizRunner.Outcome o = runner.run(quiz(), scripted("b", "a", "virsh list --all", "<model type=\"virtio\"/>"));
		assertThat(o.score()).isEqualTo(3);
		assertThat(o.max()).isEqualTo(4);
		assertThat(o.wrong()).extracting(Quiz.Question::id).containsExactly("q2");
		String out = text.toString();
		assertThat(out).contains("Question 1/4", "a) A", "✓ Correct.", "✗ Not quite. Answer: a,c", "A and C.",
				"Reread: learn 9 m9-2");
		assertThat(out).doesNotContain("B it is.");
	}

	@Test
	void runInChineseAndWithInputEndingEarly() throws Exception {
		StringWriter text = new StringWriter();
		QuizRunner runner = new QuizRunner(new Messages(), Lang.ZH_CN, new PrintWriter(text), false, 80, false);
		QuizRunner.Outcome o = runner.run(quiz(), scripted("b"));
		assertThat(o.score()).isEqualTo(1);
		assertThat(o.endOfInput()).isTrue();
		assertThat(o.wrong()).hasSize(3);
		assertThat(text.toString()).contains("哪一个？", "乙", "回答正确", "还有 3 道题未作答");
	}

	@Test
	void interactiveRunAsksAgainForAChoiceThatDoesNotExist() throws Exception {
		StringWriter text = new StringWriter();
		QuizRunner runner = new QuizRunner(new Messages(), Lang.EN, new PrintWriter(text), false, 80, true);
		QuizRunner.Outcome o = runner.run(quiz(), scripted("x", "b", "a,c", "", "<model type='virtio'/>"));
		assertThat(o.score()).isEqualTo(3);
		assertThat(text.toString()).contains("That is not one of the choices", "✗ Skipped.");
	}

	@Test
	void attemptsAndBestScoreAreRecorded() {
		Progress p = new Progress();
		Quiz.Question q = new Quiz.Question("q", Quiz.Type.COMMAND, "m1-1", Text.of("p", "p"), List.of(), List.of(),
				List.of("x"), Text.of("e", "e"), 1);
		QuizRunner.record(p, "1", new QuizRunner.Outcome(3, 5, List.of(q, q), false));
		Map<String, Object> r = QuizRunner.record(p, "1", new QuizRunner.Outcome(2, 5, List.of(q, q, q), false));
		assertThat(r).containsEntry("attempts", 2).containsEntry("best", 3).containsEntry("score", 2).containsEntry("max", 5);
		assertThat(p.quizzes).containsKey("m1");
	}

	@Test
	void pointersNameTheModuleAndSection() {
		Quiz.Question q = new Quiz.Question("q", Quiz.Type.COMMAND, "m2-10", Text.of("p", "p"), List.of(), List.of(),
				List.of("x"), Text.of("e", "e"), 1);
		assertThat(QuizRunner.pointer(q)).isEqualTo("learn 2 m2-10");
	}
}
