package dev.kvmlab.curriculum;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.Section;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.log.LogRecord;

import dev.kvmlab.content.Lang;

/**
 * Reads the lesson files ({@code curriculum/<lang>/m1.adoc ... appendix.adoc}) with AsciidoctorJ's
 * {@code load} (backend {@code ansi}, source map on) into a {@link Curriculum}: sections come from
 * the parsed document tree, not from a text scan. Must be called on the engine (see
 * {@link AdocEngine#call}).
 */
public final class CurriculumLoader {

	static final Pattern NUMBERED = Pattern.compile("^((?:\\d+\\.)*\\d+|[A-Z])\\.?\\s+(.+)$");

	private CurriculumLoader() {
	}

	/** Loads every lesson file there is now; Asciidoctor's messages are collected in {@code log} if not null. */
	public static Curriculum load(Path curriculumDir, List<FileLog> log) {
		Curriculum c = new Curriculum(curriculumDir, log);
		for (Lang lang : Lang.values()) {
			c.docs(lang);
		}
		return c;
	}

	/** A message Asciidoctor logged about a lesson file. */
	public record FileLog(Path file, LogRecord record) {

		public String describe() {
			int line = record.getCursor() != null ? record.getCursor().getLineNumber() : 0;
			return file + (line > 0 ? ":" + line : "") + ": " + record.getSeverity() + ": " + record.getMessage();
		}
	}

	/** Attributes every lesson is loaded with: the language and, for Chinese, Chinese captions. */
	public static Attributes attributes(Lang lang) {
		org.asciidoctor.AttributesBuilder b = Attributes.builder().attribute("lang", lang.tag()).attribute("kvmlab-lang", lang.tag())
			.attribute("source-language", "bash");
		if (lang == Lang.ZH_CN) {
			b.attribute("note-caption", "注意").attribute("tip-caption", "提示").attribute("warning-caption", "警告")
				.attribute("important-caption", "重要").attribute("caution-caption", "小心").attribute("table-caption", "表")
				.attribute("example-caption", "示例").attribute("figure-caption", "图").attribute("appendix-caption", "附录")
				.attribute("toc-title", "目录").attribute("last-update-label", "最后更新").attribute("version-label", "版本");
		}
		return b.build();
	}

	static ModuleDoc loadFile(Asciidoctor asciidoctor, Path file, String key, Lang lang) {
		Options options = Options.builder().backend(AnsiConverter.BACKEND).safe(SafeMode.SAFE).sourcemap(true)
			.baseDir(file.getParent().toFile()).attributes(attributes(lang)).build();
		Document doc = asciidoctor.loadFile(file.toFile(), options);
		List<CourseSection> sections = new ArrayList<>();
		for (StructuralNode n : doc.getBlocks()) {
			if (n instanceof Section s) {
				sections.add(section(s, key));
			}
		}
		Object module = doc.getAttribute("module");
		return new ModuleDoc(key, lang, file, plain(doc.getDoctitle()), module == null ? null : module.toString().trim(),
				List.copyOf(sections), doc);
	}

	private static CourseSection section(Section s, String key) {
		String title = plain(s.getTitle());
		String number = null;
		if (s.getLevel() == 1) {
			Matcher m = NUMBERED.matcher(title);
			if (m.matches()) {
				number = m.group(1);
			}
		}
		List<CourseSection> children = new ArrayList<>();
		for (StructuralNode n : s.getBlocks()) {
			if (n instanceof Section child) {
				children.add(section(child, key));
			}
		}
		int line = s.getSourceLocation() != null ? s.getSourceLocation().getLineNumber() : 0;
		return new CourseSection(s.getId(), number, title, s.getLevel(), key, List.copyOf(children), line);
	}

	/** Converted inline text without escapes or entities. */
	static String plain(String converted) {
		return TermText.plainText(converted).strip();
	}
}
