package dev.kvmlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;

/**
 * The JSON contract of {@code lab grade --format json}: lab, score, maxScore, passed and criteria[]
 * (id, status, points, awarded, expected, found, hint), plus a few more fields.
 */
@Component
public class JsonReporter implements GradeReporter {

	private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	@Override
	public String format() {
		return "json";
	}

	@Override
	public String render(GradeResult r, Lang lang) {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("lab", r.lab());
		root.put("score", r.score());
		root.put("maxScore", r.maxScore());
		root.put("passed", r.passed());
		root.put("passMark", r.passMark());
		root.put("percent", r.percent());
		root.put("incomplete", r.incomplete());
		root.put("practice", r.practice());
		root.put("uri", r.uri());
		root.put("gradedAt", r.gradedAt().toString());
		root.put("durationMillis", r.durationMillis());
		root.put("lang", lang.tag());
		List<Map<String, Object>> criteria = new ArrayList<>();
		for (CriterionResult c : r.criteria()) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("id", c.id());
			m.put("title", c.title().get(lang));
			m.put("status", c.status().name());
			m.put("points", c.points());
			m.put("awarded", c.awarded());
			m.put("expected", c.expected());
			m.put("found", c.found());
			m.put("hint", c.hint() == null ? null : c.hint().get(lang));
			m.put("lesson", c.lesson());
			criteria.add(m);
		}
		root.put("criteria", criteria);
		try {
			return json.writeValueAsString(root);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}
}
