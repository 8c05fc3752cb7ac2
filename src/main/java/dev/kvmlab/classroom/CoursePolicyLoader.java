package dev.kvmlab.classroom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.YamlNode;

/** Reads {@code grading/course.yaml} strictly into a {@link CoursePolicy}; problems are {@code file:line} errors. */
@Component
public class CoursePolicyLoader {

	public static final int FORMAT_VERSION = 1;

	public CoursePolicy load(Path file) {
		YamlNode root = YamlNode.load(file);
		int version = root.integer("format_version");
		if (version != FORMAT_VERSION) {
			throw root.get("format_version").error("unsupported format_version " + version + " (this kvmlab reads "
					+ FORMAT_VERSION + ")");
		}
		int passMark = percent(root, "pass_mark");
		Map<Integer, CoursePolicy.Module> modules = new TreeMap<>();
		for (YamlNode m : root.get("modules").list()) {
			int number = m.integer("module");
			if (number < 1 || number > 6) {
				throw m.get("module").error("modules are numbered 1 to 6, found " + number);
			}
			int weight = m.integer("weight");
			if (weight < 0) {
				throw m.get("weight").error("a weight cannot be negative, found " + weight);
			}
			int modulePass = m.has("pass_mark") ? percent(m, "pass_mark") : 0;
			m.rejectUnknownKeys();
			if (modules.put(number, new CoursePolicy.Module(number, weight, modulePass)) != null) {
				throw m.get("module").error("module " + number + " is listed twice");
			}
		}
		if (modules.values().stream().mapToInt(CoursePolicy.Module::weight).sum() == 0) {
			throw root.get("modules").error("at least one module needs a weight above 0");
		}
		List<CoursePolicy.Standard> standards = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (YamlNode s : root.list("validation_standards")) {
			String id = s.string("id");
			CoursePolicy.Standard standard = new CoursePolicy.Standard(id, s.text("text"));
			s.rejectUnknownKeys();
			if (!ids.add(id)) {
				throw s.get("id").error("duplicate standard id '" + id + "'");
			}
			standards.add(standard);
		}
		root.rejectUnknownKeys();
		return new CoursePolicy(file, passMark, modules, List.copyOf(standards));
	}

	private static int percent(YamlNode n, String key) {
		int v = n.integer(key);
		if (v < 0 || v > 100) {
			throw n.get(key).error(key + " is a percentage from 0 to 100, found " + v);
		}
		return v;
	}
}
