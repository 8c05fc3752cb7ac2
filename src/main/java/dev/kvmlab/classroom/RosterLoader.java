package dev.kvmlab.classroom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.YamlNode;

/**
 * Reads a roster file strictly (unknown keys, a missing name or URI, a duplicate name are
 * {@code file:line} errors, exit code 2):
 *
 * <pre>
 * format_version: 1
 * learners:
 *   - {name: alice, uri: "qemu+ssh://alice@lab01/system", labels: [group-a]}
 * </pre>
 */
@Component
public class RosterLoader {

	public static final int FORMAT_VERSION = 1;

	public Roster load(Path file) {
		YamlNode root = YamlNode.load(file);
		int version = root.integer("format_version");
		if (version != FORMAT_VERSION) {
			throw root.get("format_version").error("unsupported format_version " + version + " (this kvmlab reads "
					+ FORMAT_VERSION + ")");
		}
		List<Roster.Learner> learners = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (YamlNode n : root.get("learners").list()) {
			String name = n.string("name").strip();
			String uri = n.string("uri").strip();
			List<String> labels = n.strings("labels");
			n.rejectUnknownKeys();
			if (!names.add(name)) {
				throw n.get("name").error("duplicate learner name '" + name + "'");
			}
			learners.add(new Roster.Learner(name, uri, List.copyOf(labels)));
		}
		if (learners.isEmpty()) {
			throw root.get("learners").error("a roster needs at least one learner");
		}
		root.rejectUnknownKeys();
		return new Roster(file, List.copyOf(learners));
	}
}
