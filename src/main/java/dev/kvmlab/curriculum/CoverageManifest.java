package dev.kvmlab.curriculum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.YamlNode;

/**
 * {@code curriculum/coverage.yaml}: which lesson section covers each section of the seed outline
 * (1.1 to 6.8 and appendices A to E). {@link #SEED} is that outline.
 */
public record CoverageManifest(Path file, Map<String, String> sections, Map<String, Integer> lines) {

	/** Every section number of the seed outline. */
	public static final List<String> SEED = seed();

	private static List<String> seed() {
		List<String> out = new ArrayList<>();
		int[] counts = { 7, 10, 10, 10, 10, 8 };
		for (int m = 1; m <= counts.length; m++) {
			for (int s = 1; s <= counts[m - 1]; s++) {
				out.add(m + "." + s);
			}
		}
		out.addAll(List.of("A", "B", "C", "D", "E"));
		return List.copyOf(out);
	}

	public static Path file(Path curriculumDir) {
		return curriculumDir.resolve("coverage.yaml");
	}

	public static CoverageManifest load(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new ContentException(file, 0, "no coverage manifest");
		}
		YamlNode root = YamlNode.load(file);
		int version = root.integer("format_version");
		if (version != 1) {
			throw root.get("format_version").error("format_version " + version + " is not supported (expected 1)");
		}
		YamlNode secs = root.get("sections");
		Map<String, String> map = new LinkedHashMap<>();
		Map<String, Integer> lines = new LinkedHashMap<>();
		for (String key : secs.keys()) {
			YamlNode v = secs.get(key);
			map.put(key, v.string().trim());
			lines.put(key, v.line());
		}
		root.rejectUnknownKeys();
		return new CoverageManifest(file, map, lines);
	}
}
