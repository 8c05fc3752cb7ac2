package dev.kvmlab.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.Text;
import dev.kvmlab.content.YamlNode;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.lab.actions.ActionLoader;
import dev.kvmlab.lab.actions.ActionSpec;

/** Reads {@code labs/<id>/lab.yaml}; every problem is reported as {@code file:line: what is wrong}. */
@Component
public class LabLoader {

	public static final int FORMAT_VERSION = 1;

	private final ActionLoader actions;

	public LabLoader(ActionLoader actions) {
		this.actions = actions;
	}

	public Lab load(Path file) {
		YamlNode root = YamlNode.load(file);
		int version = root.integer("format_version");
		if (version != FORMAT_VERSION) {
			throw root.get("format_version").error("unsupported format_version " + version + " (this kvmlab reads "
					+ FORMAT_VERSION + ")");
		}
		String id = root.string("id");
		String folder = file.getParent().getFileName().toString();
		if (!id.equals(folder)) {
			throw root.get("id").error("lab id '" + id + "' must match its folder name '" + folder + "'");
		}
		int module = root.integer("module");
		if (module < 1 || module > 6) {
			throw root.get("module").error("module is 1 to 6, found " + module);
		}
		List<String> aliases = root.strings("aliases");
		List<String> seed = root.strings("seed");
		Text title = root.text("title");
		Text summary = root.text("summary");
		Text instructions = root.text("instructions");
		List<Text> objectives = texts(root, "objectives");
		List<Text> steps = texts(root, "steps");
		List<Lab.Hint> hints = new ArrayList<>();
		for (YamlNode h : root.list("hints")) {
			Text text = Text.of(h.string("en").strip(), h.string("zh-CN").strip());
			String lesson = h.string("lesson", null);
			h.rejectUnknownKeys();
			hints.add(new Lab.Hint(text, lesson));
		}
		if (hints.isEmpty()) {
			throw root.error("a lab needs at least one hint tier under 'hints'");
		}
		List<String> prerequisites = root.strings("prerequisites");
		List<String> requires = root.strings("requires");
		for (String r : requires) {
			if (!Lab.REQUIREMENTS.contains(r)) {
				throw root.get("requires").error("unknown requirement '" + r + "' (known: " + Lab.REQUIREMENTS + ")");
			}
		}
		List<Lab.Resource> resources = new ArrayList<>();
		for (YamlNode r : root.list("resources")) {
			String kind = r.string("kind");
			String name = r.string("name");
			String host = LabHosts.hostOf(r);
			r.rejectUnknownKeys();
			if (!Lab.RESOURCE_KINDS.contains(kind)) {
				throw r.error("unknown resource kind '" + kind + "' (known: " + Lab.RESOURCE_KINDS + ")");
			}
			String base = Lab.isPathKind(kind) ? Path.of(name).getFileName().toString() : name;
			if (Lab.isHookKind(kind) && !name.matches("/etc/libvirt/hooks/(daemon|qemu|lxc|libxl|network)")) {
				throw r.error("a hook resource is one of libvirt's hook scripts (/etc/libvirt/hooks/qemu ...), found '" + name + "'");
			}
			if (!Ownership.hasPrefix(base) && !Lab.isHookKind(kind) && !kind.equals("sysctl")) { // hooks and kernel parameters have fixed names
				throw r.error("lab resources are named with the 'lab-' prefix, found '" + name + "'");
			}
			resources.add(new Lab.Resource(kind, name, host));
		}
		List<ActionSpec> setup = steps(root, "setup");
		List<ActionSpec> solve = steps(root, "solve");
		String host = LabHosts.hostOf(root);
		root.rejectUnknownKeys();
		return new Lab(id, aliases, module, seed, title, summary, instructions, objectives, steps, hints, prerequisites,
				requires, resources, setup, solve, file.getParent(), host);
	}

	private List<Text> texts(YamlNode root, String key) {
		List<Text> out = new ArrayList<>();
		for (YamlNode n : root.list(key)) {
			out.add(n.text());
		}
		return out;
	}

	private List<ActionSpec> steps(YamlNode root, String key) {
		List<ActionSpec> out = new ArrayList<>();
		for (YamlNode n : root.list(key)) {
			out.add(actions.load(n));
		}
		return out;
	}

	public Lab loadOrExplain(Path file) {
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
