package dev.kvmlab.grading;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.Text;
import dev.kvmlab.content.YamlNode;
import dev.kvmlab.host.XmlDoc;
import dev.kvmlab.lab.actions.ActionLoader;
import dev.kvmlab.lab.actions.ActionSpec;

/** Reads {@code grading/<lab>.yaml} into a {@link Rubric}, reporting any problem as {@code file:line}. */
@Component
public class RubricLoader {

	public static final int FORMAT_VERSION = 1;

	private final CheckRegistry checks;

	private final ActionLoader actions;

	public RubricLoader(CheckRegistry checks, ActionLoader actions) {
		this.checks = checks;
		this.actions = actions;
	}

	public Rubric load(Path file) {
		YamlNode root = YamlNode.load(file);
		int version = root.integer("format_version");
		if (version != FORMAT_VERSION) {
			throw root.get("format_version").error("unsupported format_version " + version + " (this kvmlab reads "
					+ FORMAT_VERSION + ")");
		}
		String lab = root.string("lab");
		String expectedName = lab + ".yaml";
		if (!file.getFileName().toString().equals(expectedName)) {
			throw root.get("lab").error("lab '" + lab + "' must live in a file named " + expectedName);
		}
		int passMark = root.integer("pass_mark");
		if (passMark < 1 || passMark > 100) {
			throw root.get("pass_mark").error("pass_mark is a percentage from 1 to 100, found " + passMark);
		}
		List<Criterion> criteria = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (YamlNode c : root.get("criteria").list()) {
			Criterion criterion = criterion(c);
			if (!ids.add(criterion.id())) {
				throw c.get("id").error("duplicate criterion id '" + criterion.id() + "'");
			}
			criteria.add(criterion);
		}
		if (criteria.isEmpty()) {
			throw root.get("criteria").error("a rubric needs at least one criterion");
		}
		root.rejectUnknownKeys();
		return new Rubric(lab, passMark, List.copyOf(criteria), file);
	}

	private Criterion criterion(YamlNode c) {
		String id = c.string("id");
		if (!id.matches("[a-z0-9][a-z0-9-]*")) {
			throw c.get("id").error("criterion ids are lower-case words joined by '-', found '" + id + "'");
		}
		Text title = c.text("title");
		int points = c.integer("points");
		if (points <= 0) {
			throw c.get("points").error("points must be positive, found " + points);
		}
		String key = c.string("check");
		CheckType type = checks.find(key)
			.orElseThrow(() -> c.get("check").error("unknown check type '" + key + "' (see `kvmlab checks`)"));
		Params params = params(c.has("params") ? c.get("params") : null, type, c);
		Text hint = c.text("hint");
		String lesson = c.string("lesson", null);
		List<ActionSpec> undo = new ArrayList<>();
		for (YamlNode a : c.list("undo")) {
			undo.add(actions.load(a));
		}
		boolean hostFact = c.bool("host_fact", false);
		String host = dev.kvmlab.lab.LabHosts.hostOf(c);
		c.rejectUnknownKeys();
		return new Criterion(id, title, points, type, params, hint, lesson, List.copyOf(undo), hostFact, host);
	}

	@SuppressWarnings("unchecked")
	private Params params(YamlNode node, CheckType type, YamlNode criterion) {
		Map<String, Object> values = node == null ? new LinkedHashMap<>() : (Map<String, Object>) node.plain();
		YamlNode where = node == null ? criterion : node;
		Set<String> known = new HashSet<>();
		for (ParamSpec spec : type.params()) {
			known.add(spec.name());
			Object v = values.get(spec.name());
			if (v == null) {
				if (spec.required()) {
					throw where.error("check '" + type.key() + "' needs parameter '" + spec.name() + "'");
				}
				continue;
			}
			String s = String.valueOf(v);
			YamlNode at = node.get(spec.name());
			switch (spec.type()) {
				case BOOLEAN -> {
					if (!Set.of("true", "false", "yes", "no").contains(s)) {
						throw at.error("parameter '" + spec.name() + "' is true or false, found '" + s + "'");
					}
				}
				case NUMBER -> {
					if (!s.matches("-?\\d+")) {
						throw at.error("parameter '" + spec.name() + "' is a whole number, found '" + s + "'");
					}
				}
				case LIST -> {
					if (!(v instanceof List<?>)) {
						values.put(spec.name(), List.of(s));
					}
				}
				default -> {
					if (v instanceof Map<?, ?> || v instanceof List<?>) {
						throw at.error("parameter '" + spec.name() + "' is a single value");
					}
					if (spec.type() == ParamSpec.Type.XPATH) {
						try {
							XmlDoc.compile(s);
						}
						catch (IllegalArgumentException e) {
							throw at.error("parameter '" + spec.name() + "': " + e.getMessage());
						}
					}
				}
			}
			if (!spec.allowed().isEmpty() && !spec.allowed().contains(s)) {
				throw at.error("parameter '" + spec.name() + "' is one of " + spec.allowed() + ", found '" + s + "'");
			}
		}
		for (String name : values.keySet()) {
			if (!known.contains(name)) {
				throw node.get(name).error("check '" + type.key() + "' has no parameter '" + name + "' (it takes " + known + ")");
			}
		}
		Params params = new Params(Map.copyOf(values));
		try {
			type.validate(params);
		}
		catch (IllegalArgumentException e) {
			throw where.error(e.getMessage());
		}
		return params;
	}

	/** Loads a rubric, wrapping unexpected failures as content errors of that file. */
	public Rubric loadOrExplain(Path file) {
		try {
			return load(file);
		}
		catch (ContentException e) {
			throw e;
		}
		catch (RuntimeException e) {
			throw new ContentException(file, 0, e.getMessage());
		}
	}
}
