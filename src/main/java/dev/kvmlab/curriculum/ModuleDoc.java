package dev.kvmlab.curriculum;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.asciidoctor.ast.Document;

import dev.kvmlab.content.Lang;

/**
 * One lesson file as AsciidoctorJ parsed it: the module key ("1".."6" or "appendix"), language,
 * file, title, level-1 sections (with their subsections) and the parsed document, which is only
 * touched under {@link AdocEngine#call}.
 */
public record ModuleDoc(String key, Lang lang, Path file, String title, String moduleAttribute,
		List<CourseSection> sections, Document document) {

	/** Every section of this file, depth first. */
	public List<CourseSection> allSections() {
		List<CourseSection> out = new ArrayList<>();
		for (CourseSection s : sections) {
			collect(s, out);
		}
		return out;
	}

	private static void collect(CourseSection s, List<CourseSection> out) {
		out.add(s);
		s.children().forEach(c -> collect(c, out));
	}

	public boolean isAppendix() {
		return key.equals(Curriculum.APPENDIX);
	}
}
