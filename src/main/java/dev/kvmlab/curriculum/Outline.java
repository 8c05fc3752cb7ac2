package dev.kvmlab.curriculum;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kvmlab.content.Lang;

/**
 * A quick text scan of the lesson files for anchored headings ({@code [[m2-2]]} above
 * {@code == 2.2 ...}), without AsciidoctorJ: enough for tab completion, which must answer at once.
 * Everything else uses the parsed {@link Curriculum}.
 */
public final class Outline {

	private static final Pattern ANCHOR = Pattern.compile("^\\[\\[([A-Za-z0-9_-]+)(?:,[^\\]]*)?]]\\s*$");

	private static final Pattern HEADING = Pattern.compile("^(={2,6})\\s+(.+)$");

	/** An anchored heading: its id, title, level (1 for ==) and module key. */
	public record Entry(String id, String title, int level, String module) {
	}

	private Outline() {
	}

	public static List<Entry> scan(Path curriculumDir, Lang lang) {
		List<Entry> out = new ArrayList<>();
		for (String key : Curriculum.MODULE_KEYS) {
			Path file = curriculumDir.resolve(lang.tag()).resolve(Curriculum.fileName(key));
			if (!Files.isRegularFile(file)) {
				file = curriculumDir.resolve(Curriculum.other(lang).tag()).resolve(Curriculum.fileName(key));
			}
			if (!Files.isRegularFile(file)) {
				continue;
			}
			List<String> lines;
			try {
				lines = Files.readAllLines(file);
			}
			catch (IOException e) {
				continue;
			}
			for (int i = 0; i + 1 < lines.size(); i++) {
				Matcher a = ANCHOR.matcher(lines.get(i));
				Matcher h = HEADING.matcher(lines.get(i + 1));
				if (a.matches() && h.matches()) {
					out.add(new Entry(a.group(1), h.group(2).strip(), h.group(1).length() - 1, key));
				}
			}
		}
		return out;
	}
}
