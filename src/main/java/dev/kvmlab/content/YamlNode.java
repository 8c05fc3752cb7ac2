package dev.kvmlab.content;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers its file and line, with typed accessors that fail as
 * {@code file:line: what is wrong}. Content loaders read everything through this class so every
 * error names its place, and unknown keys are reported instead of ignored.
 */
public final class YamlNode {

	private final Path file;

	private final Node node;

	private final String path;

	private final Set<String> read = new LinkedHashSet<>();

	private YamlNode(Path file, Node node, String path) {
		this.file = file;
		this.node = node;
		this.path = path;
	}

	public static YamlNode load(Path file) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			Node root = new Yaml(options).compose(reader);
			if (root == null) {
				throw new ContentException(file, 1, "the file is empty");
			}
			rejectDuplicateKeys(file, root);
			return new YamlNode(file, root, "");
		}
		catch (MarkedYAMLException e) {
			int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
			String problem = e.getProblem() != null ? e.getProblem().trim() : e.getMessage().trim();
			if (e.getContextMark() != null && (problem.contains("end of stream") || problem.contains("<stream end>"))
					&& e.getContextMark().getLine() + 1 < line) {
				// an unclosed quote or bracket: where it was opened, not the end of the file
				line = e.getContextMark().getLine() + 1;
			}
			String context = e.getContext() == null ? ""
					: e.getContext().trim() + (e.getContextMark() == null || e.getContextMark().getLine() + 1 == line ? ""
							: " (from line " + (e.getContextMark().getLine() + 1) + ")") + ": ";
			throw new ContentException(file, line, "not valid YAML: " + context + problem);
		}
		catch (IOException e) {
			throw new ContentException(file, 0, "cannot read: " + e.getMessage());
		}
		catch (org.yaml.snakeyaml.error.YAMLException e) {
			throw new ContentException(file, 0, "not valid YAML: " + e.getMessage());
		}
	}

	/**
	 * Composing YAML keeps every duplicate key (only constructing Java objects checks them), and a
	 * mapping would then silently keep the last value: a second key is an error at its line.
	 */
	private static void rejectDuplicateKeys(Path file, Node node) {
		if (node instanceof MappingNode m) {
			Set<String> seen = new java.util.HashSet<>();
			for (NodeTuple t : m.getValue()) {
				if (t.getKeyNode() instanceof ScalarNode k && !seen.add(k.getValue())) {
					throw new ContentException(file, k.getStartMark().getLine() + 1, "duplicate key '" + k.getValue() + "'");
				}
				rejectDuplicateKeys(file, t.getValueNode());
			}
		}
		else if (node instanceof SequenceNode s) {
			for (Node n : s.getValue()) {
				rejectDuplicateKeys(file, n);
			}
		}
	}

	public Path file() {
		return file;
	}

	public int line() {
		return node.getStartMark().getLine() + 1;
	}

	public ContentException error(String problem) {
		return new ContentException(file, line(), (path.isEmpty() ? "" : path + ": ") + problem);
	}

	public boolean isMapping() {
		return node instanceof MappingNode;
	}

	public boolean isSequence() {
		return node instanceof SequenceNode;
	}

	public boolean isScalar() {
		return node instanceof ScalarNode;
	}

	private Map<String, YamlNode> entries() {
		if (!(node instanceof MappingNode m)) {
			throw error("expected a mapping (key: value)");
		}
		Map<String, YamlNode> out = new LinkedHashMap<>();
		for (NodeTuple t : m.getValue()) {
			if (!(t.getKeyNode() instanceof ScalarNode k)) {
				throw new YamlNode(file, t.getKeyNode(), path).error("keys must be plain words");
			}
			out.put(k.getValue(), new YamlNode(file, t.getValueNode(), join(k.getValue())));
		}
		return out;
	}

	private String join(String key) {
		return path.isEmpty() ? key : path + "." + key;
	}

	public List<String> keys() {
		return List.copyOf(entries().keySet());
	}

	public boolean has(String key) {
		read.add(key);
		YamlNode child = entries().get(key);
		return child != null && !(child.node instanceof ScalarNode s && s.getValue().isEmpty()
				&& s.getTag().getValue().endsWith(":null"));
	}

	public YamlNode get(String key) {
		read.add(key);
		YamlNode child = entries().get(key);
		if (child == null) {
			throw error("missing required key '" + key + "'");
		}
		return child;
	}

	public YamlNode getOrNull(String key) {
		return has(key) ? get(key) : null;
	}

	public String string() {
		if (!(node instanceof ScalarNode s)) {
			throw error("expected a text value");
		}
		return s.getValue();
	}

	public String string(String key) {
		String s = get(key).string();
		if (s.isBlank()) {
			throw get(key).error("must not be empty");
		}
		return s;
	}

	public String string(String key, String fallback) {
		return has(key) ? get(key).string() : fallback;
	}

	public int integer(String key) {
		YamlNode child = get(key);
		try {
			return Integer.parseInt(child.string().trim());
		}
		catch (NumberFormatException e) {
			throw child.error("expected a whole number, found '" + child.string() + "'");
		}
	}

	public int integer(String key, int fallback) {
		return has(key) ? integer(key) : fallback;
	}

	public boolean bool(String key, boolean fallback) {
		if (!has(key)) {
			return fallback;
		}
		String v = get(key).string().trim().toLowerCase();
		return switch (v) {
			case "true", "yes", "on" -> true;
			case "false", "no", "off" -> false;
			default -> throw get(key).error("expected true or false, found '" + v + "'");
		};
	}

	public List<YamlNode> list() {
		if (!(node instanceof SequenceNode s)) {
			throw error("expected a list");
		}
		List<YamlNode> out = new ArrayList<>();
		int i = 0;
		for (Node n : s.getValue()) {
			out.add(new YamlNode(file, n, path + "[" + i++ + "]"));
		}
		return out;
	}

	public List<YamlNode> list(String key) {
		return has(key) ? get(key).list() : List.of();
	}

	public List<String> strings(String key) {
		List<String> out = new ArrayList<>();
		for (YamlNode n : list(key)) {
			out.add(n.string());
		}
		return out;
	}

	/** A bilingual text: a mapping with both {@code en} and {@code zh-CN}. */
	public Text text(String key) {
		return get(key).text();
	}

	public Text text() {
		String en = string("en");
		String zh = string("zh-CN");
		rejectUnknownKeys();
		return new Text(en.strip(), zh.strip());
	}

	/** Plain Java value of this node (maps, lists, strings), for check and action parameters. */
	public Object plain() {
		if (node instanceof ScalarNode s) {
			return s.getValue();
		}
		if (node instanceof SequenceNode) {
			List<Object> out = new ArrayList<>();
			for (YamlNode n : list()) {
				out.add(n.plain());
			}
			return out;
		}
		Map<String, Object> out = new LinkedHashMap<>();
		entries().forEach((k, v) -> out.put(k, v.plain()));
		return out;
	}

	/** Fails on the first key that was never read: a typo must not pass silently. */
	public void rejectUnknownKeys() {
		for (Map.Entry<String, YamlNode> e : entries().entrySet()) {
			if (!read.contains(e.getKey())) {
				throw e.getValue().error("unknown key '" + e.getKey() + "'");
			}
		}
	}
}
