package dev.kvmlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A content folder (labs/, grading/, curriculum/) written by a test, file by file. */
public final class ContentDir {

	private final Path home;

	public ContentDir(Path home) {
		this.home = home;
	}

	public Path home() {
		return home;
	}

	public Path write(String relative, String text) {
		try {
			Path p = home.resolve(relative);
			Files.createDirectories(p.getParent());
			Files.writeString(p, text);
			return p;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public Path lab(String folder, String yaml) {
		return write("labs/" + folder + "/lab.yaml", yaml);
	}

	public Path rubric(String name, String yaml) {
		return write("grading/" + name + ".yaml", yaml);
	}

	/** The keys every lab.yaml has (id, module 1, texts, one hint tier); add resources and steps after it. */
	public static String labHeader(String id) {
		return """
				format_version: 1
				id: %s
				module: 1
				title: {en: "Title", zh-CN: "标题"}
				summary: {en: "Summary", zh-CN: "摘要"}
				instructions: {en: "Do it.", zh-CN: "动手做。"}
				hints:
				  - en: "Look closer."
				    zh-CN: "再仔细看看。"
				""".formatted(id);
	}

	/** A lab that loads: one network resource defined from lab-ID.xml, which is written too. */
	public static String minimalLab(String id) {
		return labHeader(id) + """
				resources:
				  - kind: network
				    name: lab-%s
				setup:
				  - action: define-network
				    xml: lab-%s.xml
				""".formatted(id, id);
	}

	/** A rubric that loads: one criterion with an undo step. */
	public static String minimalRubric(String id) {
		return """
				format_version: 1
				lab: %s
				pass_mark: 80
				criteria:
				  - id: net-active
				    title: {en: "Network active", zh-CN: "网络已启动"}
				    points: 10
				    check: network-active
				    params: {name: lab-%s}
				    hint: {en: "Start it.", zh-CN: "启动它。"}
				    undo:
				      - action: network-state
				        name: lab-%s
				        active: false
				""".formatted(id, id, id);
	}

	/** A whole lab that lints clean: lab.yaml, its network XML and its rubric. */
	public ContentDir validLab(String id) {
		lab(id, minimalLab(id));
		write("labs/" + id + "/lab-" + id + ".xml", "<network><name>lab-" + id + "</name></network>\n");
		rubric(id, minimalRubric(id));
		return this;
	}
}
