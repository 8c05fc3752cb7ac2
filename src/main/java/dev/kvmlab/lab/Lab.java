package dev.kvmlab.lab;

import java.nio.file.Path;
import java.util.List;

import dev.kvmlab.content.Text;
import dev.kvmlab.lab.actions.ActionSpec;

/**
 * A guided lab as its {@code labs/<id>/lab.yaml} describes it: where it sits in the course, what the
 * learner reads and does, its tiered hints, what it needs, the resources it owns, and the steps
 * kvmlab runs to set it up and to solve it. Cleanup is derived from {@link #resources()}.
 */
public record Lab(String id, List<String> aliases, int module, List<String> seed, Text title, Text summary,
		Text instructions, List<Text> objectives, List<Text> steps, List<Hint> hints, List<String> prerequisites,
		List<String> requires, List<Resource> resources, List<ActionSpec> setup, List<ActionSpec> solve, Path dir,
		String host) {

	public Lab(String id, List<String> aliases, int module, List<String> seed, Text title, Text summary,
			Text instructions, List<Text> objectives, List<Text> steps, List<Hint> hints, List<String> prerequisites,
			List<String> requires, List<Resource> resources, List<ActionSpec> setup, List<ActionSpec> solve, Path dir) {
		this(id, aliases, module, seed, title, summary, instructions, objectives, steps, hints, prerequisites, requires,
				resources, setup, solve, dir, null);
	}

	/** A hint tier, optionally pointing at the lesson section that teaches it. */
	public record Hint(Text text, String lesson) {
	}

	/**
	 * Something the lab owns and {@code lab finish} removes: a domain, network, pool, bridge or file,
	 * on the lab's own host or on another it names ({@code host: lab-host-b}).
	 */
	public record Resource(String kind, String name, String host) {

		public Resource(String kind, String name) {
			this(kind, name, null);
		}

		/** How the lab's session records it: kind:name, and @host for another host's. */
		public String key() {
			return kind + ":" + name + (host == null ? "" : "@" + host);
		}
	}

	public static final List<String> RESOURCE_KINDS = List.of("domain", "network", "bridge", "file", "pool", "loop",
			"veth", "sysctl", "hook", "hugepages", "iscsi-target");

	/** A libvirt hook script has a fixed name (no lab- prefix): the lab's is the one with its marker line. */
	public static boolean isHookKind(String kind) {
		return kind.equals("hook");
	}

	/** Kinds named by a file path (a file, the loop device attached to a file): the lab- prefix is on the file name. */
	public static boolean isPathKind(String kind) {
		return kind.equals("file") || kind.equals("loop");
	}

	public static final List<String> REQUIREMENTS = List.of("local", "kvm", "cluster");
}
