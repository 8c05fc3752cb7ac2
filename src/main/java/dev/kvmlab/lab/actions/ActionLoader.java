package dev.kvmlab.lab.actions;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.YamlNode;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.XmlDoc;

/** Reads one {@code - action: ...} step, checking the action type and its parameters. */
@Component
public class ActionLoader {

	private final ActionRegistry registry;

	public ActionLoader(ActionRegistry registry) {
		this.registry = registry;
	}

	@SuppressWarnings("unchecked")
	public ActionSpec load(YamlNode node) {
		Map<String, Object> values = new LinkedHashMap<>((Map<String, Object>) node.plain());
		Object key = values.remove("action");
		values.remove("host");
		String host = dev.kvmlab.lab.LabHosts.hostOf(node);
		ActionSpec.SkipIf skipIf = null;
		if (values.remove("skip_if") != null) {
			dev.kvmlab.content.YamlNode s = node.get("skip_if");
			skipIf = new ActionSpec.SkipIf(s.string("domain"), dev.kvmlab.lab.LabHosts.hostOf(s));
			s.rejectUnknownKeys();
		}
		if (key == null) {
			throw node.error("a step needs 'action: <type>'");
		}
		ActionType type = registry.find(String.valueOf(key))
			.orElseThrow(() -> node.get("action").error("unknown action '" + key + "' (known: " + registry.all()
				.stream().map(ActionType::key).toList() + ")"));
		Set<String> known = new HashSet<>();
		for (ParamSpec spec : type.params()) {
			known.add(spec.name());
			if (spec.required() && !values.containsKey(spec.name())) {
				throw node.error("action '" + type.key() + "' needs parameter '" + spec.name() + "'");
			}
			Object v = values.get(spec.name());
			if (v != null && !spec.allowed().isEmpty() && !spec.allowed().contains(String.valueOf(v))) {
				throw node.get(spec.name()).error("parameter '" + spec.name() + "' is one of " + spec.allowed()
						+ ", found '" + v + "'");
			}
			if (v != null && spec.type() == ParamSpec.Type.XPATH && !String.valueOf(v).contains("${")) {
				try {
					XmlDoc.compile(String.valueOf(v));
				}
				catch (IllegalArgumentException e) {
					throw node.get(spec.name()).error("parameter '" + spec.name() + "': " + e.getMessage());
				}
			}
			if (v != null && spec.type() == ParamSpec.Type.BOOLEAN
					&& !List.of("true", "false").contains(String.valueOf(v))) {
				throw node.get(spec.name()).error("parameter '" + spec.name() + "' is true or false, found '" + v + "'");
			}
		}
		for (String name : values.keySet()) {
			if (!known.contains(name)) {
				throw node.get(name).error("action '" + type.key() + "' has no parameter '" + name + "' (it takes "
						+ known + ")");
			}
		}
		return new ActionSpec(type.key(), new Params(Map.copyOf(values)), node.file(), node.line(),
				host, skipIf);
	}
}
