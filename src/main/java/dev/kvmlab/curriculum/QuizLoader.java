package dev.kvmlab.curriculum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.YamlNode;

/**
 * Reads {@code curriculum/quizzes/mN.yaml} through {@link YamlNode}, so every mistake is reported as
 * {@code file:line: what is wrong} and unknown keys are errors. Checks what can be checked without
 * the lessons: the format version, the module, unique ids, both languages, and an answer key that
 * fits the question type (choice ids exist, a single-choice question has exactly one answer, a
 * multiple-choice one at least two, command and xml questions at least one accepted answer).
 */
public final class QuizLoader {

	public static final int FORMAT_VERSION = 1;

	private QuizLoader() {
	}

	public static Path file(Path curriculumDir, String moduleKey) {
		return curriculumDir.resolve("quizzes").resolve("m" + moduleKey + ".yaml");
	}

	public static Quiz load(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new ContentException(file, 0, "no such quiz file");
		}
		YamlNode root = YamlNode.load(file);
		int version = root.integer("format_version");
		if (version != FORMAT_VERSION) {
			throw root.get("format_version").error("format_version " + version + " is not supported (expected "
					+ FORMAT_VERSION + ")");
		}
		String module = root.get("module").string().trim();
		String expected = file.getFileName().toString().replaceFirst("^m", "").replaceFirst("\\.yaml$", "");
		if (!module.equals(expected)) {
			throw root.get("module").error("module '" + module + "' does not match the file name (expected " + expected + ")");
		}
		List<Quiz.Question> questions = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (YamlNode q : root.get("questions").list()) {
			Quiz.Question question = question(q);
			if (!ids.add(question.id())) {
				throw q.get("id").error("duplicate question id '" + question.id() + "'");
			}
			questions.add(question);
		}
		if (questions.isEmpty()) {
			throw root.get("questions").error("a quiz needs at least one question");
		}
		root.rejectUnknownKeys();
		return new Quiz(file, module, List.copyOf(questions));
	}

	private static Quiz.Question question(YamlNode q) {
		String id = q.string("id").trim();
		String typeText = q.string("type").trim().toLowerCase(Locale.ROOT);
		Quiz.Type type;
		try {
			type = Quiz.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw q.get("type").error("unknown question type '" + typeText + "' (single, multiple, command, xml)");
		}
		String section = q.string("section").trim();
		var prompt = q.text("prompt");
		var explain = q.text("explain");
		List<Quiz.Choice> choices = new ArrayList<>();
		List<String> answer = new ArrayList<>();
		List<String> accept = new ArrayList<>();
		if (type == Quiz.Type.SINGLE || type == Quiz.Type.MULTIPLE) {
			Set<String> choiceIds = new HashSet<>();
			for (YamlNode c : q.get("choices").list()) {
				String cid = c.string("id").trim();
				String en = c.string("en");
				String zh = c.string("zh-CN");
				c.rejectUnknownKeys();
				if (!choiceIds.add(cid.toLowerCase(Locale.ROOT))) {
					throw c.get("id").error("duplicate choice id '" + cid + "'");
				}
				choices.add(new Quiz.Choice(cid, dev.kvmlab.content.Text.of(en.strip(), zh.strip())));
			}
			if (choices.size() < 2) {
				throw q.get("choices").error("a " + type.key() + " question needs at least two choices");
			}
			for (YamlNode a : q.get("answer").list()) {
				String aid = a.string().trim();
				if (!choiceIds.contains(aid.toLowerCase(Locale.ROOT))) {
					throw a.error("answer '" + aid + "' is not one of the choices " + choices.stream().map(Quiz.Choice::id).toList());
				}
				answer.add(aid);
			}
			if (type == Quiz.Type.SINGLE && answer.size() != 1) {
				throw q.get("answer").error("a single-choice question has exactly one answer, found " + answer.size());
			}
			if (type == Quiz.Type.MULTIPLE && answer.size() < 2) {
				throw q.get("answer").error("a multiple-choice question has at least two answers, found " + answer.size());
			}
			if (q.has("accept")) {
				throw q.get("accept").error("'accept' is for command and xml questions; use 'answer'");
			}
		}
		else {
			for (YamlNode a : q.get("accept").list()) {
				String text = a.string();
				if (text.isBlank()) {
					throw a.error("an accepted answer must not be empty");
				}
				accept.add(text.strip());
			}
			if (accept.isEmpty()) {
				throw q.get("accept").error("a " + type.key() + " question needs at least one accepted answer");
			}
			if (q.has("choices") || q.has("answer")) {
				throw q.error("'choices' and 'answer' are for single and multiple questions; use 'accept'");
			}
		}
		q.rejectUnknownKeys();
		return new Quiz.Question(id, type, section, prompt, List.copyOf(choices), List.copyOf(answer), List.copyOf(accept),
				explain, q.line());
	}
}
