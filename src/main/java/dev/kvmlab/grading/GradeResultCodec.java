package dev.kvmlab.grading;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kvmlab.content.Text;

/**
 * The stored form of a {@link GradeResult}: every field, with titles and hints in both languages,
 * so a result saved today renders in either language later (the progress report, a signed
 * bundle). Unlike {@code lab grade --format json}, which is one language and a public contract,
 * this form is read back: {@link #decode} rejects anything malformed with a reason.
 */
public final class GradeResultCodec {

	public static final int FORMAT_VERSION = 1;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private GradeResultCodec() {
	}

	public static ObjectNode encode(GradeResult r) {
		ObjectNode root = NODES.objectNode();
		root.put("format_version", FORMAT_VERSION);
		root.put("lab", r.lab());
		root.put("uri", r.uri());
		root.put("practice", r.practice());
		root.put("gradedAt", r.gradedAt().toString());
		root.put("durationMillis", r.durationMillis());
		root.put("score", r.score());
		root.put("maxScore", r.maxScore());
		root.put("passMark", r.passMark());
		root.put("passed", r.passed());
		ArrayNode criteria = root.putArray("criteria");
		for (CriterionResult c : r.criteria()) {
			ObjectNode n = criteria.addObject();
			n.put("id", c.id());
			n.set("title", text(c.title()));
			n.put("status", c.status().name());
			n.put("points", c.points());
			n.put("awarded", c.awarded());
			n.put("expected", c.expected());
			n.put("found", c.found());
			n.set("hint", c.hint() == null ? NODES.nullNode() : text(c.hint()));
			n.put("lesson", c.lesson());
		}
		return root;
	}

	private static ObjectNode text(Text t) {
		ObjectNode n = NODES.objectNode();
		n.put("en", t.en());
		n.put("zh-CN", t.zhCN());
		return n;
	}

	/** Reads a result back; throws {@link IllegalArgumentException} naming the first bad field. */
	public static GradeResult decode(JsonNode root) {
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("a result must be a JSON object");
		}
		int version = integer(root, "format_version");
		if (version != FORMAT_VERSION) {
			throw new IllegalArgumentException("unsupported result format_version " + version);
		}
		List<CriterionResult> criteria = new ArrayList<>();
		JsonNode list = root.get("criteria");
		if (list == null || !list.isArray()) {
			throw new IllegalArgumentException("criteria: expected a list");
		}
		int i = 0;
		for (JsonNode c : list) {
			String where = "criteria[" + i++ + "].";
			Status status;
			try {
				status = Status.valueOf(string(c, "status", where));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(where + "status: not PASS, FAIL, ERROR or SKIP");
			}
			JsonNode hint = c.get("hint");
			criteria.add(new CriterionResult(string(c, "id", where), text(c.get("title"), where + "title"), status,
					integer(c, "points", where), integer(c, "awarded", where), optional(c, "expected"),
					optional(c, "found"), hint == null || hint.isNull() ? null : text(hint, where + "hint"),
					optional(c, "lesson")));
		}
		Instant at;
		try {
			at = Instant.parse(string(root, "gradedAt", ""));
		}
		catch (DateTimeParseException e) {
			throw new IllegalArgumentException("gradedAt: not an ISO-8601 instant");
		}
		return new GradeResult(string(root, "lab", ""), optional(root, "uri"), bool(root, "practice"), at,
				root.path("durationMillis").asLong(0), integer(root, "score"), integer(root, "maxScore"),
				integer(root, "passMark"), bool(root, "passed"), List.copyOf(criteria));
	}

	private static Text text(JsonNode n, String where) {
		if (n == null || !n.isObject() || !n.path("en").isTextual() || !n.path("zh-CN").isTextual()) {
			throw new IllegalArgumentException(where + ": expected {en, zh-CN}");
		}
		return new Text(n.get("en").asText(), n.get("zh-CN").asText());
	}

	private static String string(JsonNode n, String key, String where) {
		JsonNode v = n.get(key);
		if (v == null || !v.isTextual()) {
			throw new IllegalArgumentException(where + key + ": expected text");
		}
		return v.asText();
	}

	private static String optional(JsonNode n, String key) {
		JsonNode v = n.get(key);
		return v == null || v.isNull() ? null : v.asText();
	}

	private static int integer(JsonNode n, String key) {
		return integer(n, key, "");
	}

	private static int integer(JsonNode n, String key, String where) {
		JsonNode v = n.get(key);
		if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
			throw new IllegalArgumentException(where + key + ": expected a whole number");
		}
		return v.asInt();
	}

	private static boolean bool(JsonNode n, String key) {
		JsonNode v = n.get(key);
		if (v == null || !v.isBoolean()) {
			throw new IllegalArgumentException(key + ": expected true or false");
		}
		return v.asBoolean();
	}
}
