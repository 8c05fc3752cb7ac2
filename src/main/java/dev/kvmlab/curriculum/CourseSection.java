package dev.kvmlab.curriculum;

import java.util.List;

/**
 * A section of a lesson: its id (the anchor, the same in both languages), its number ("2.3", "A";
 * null for subsections), its title in the lesson's language, level (1 for {@code ==}), the module
 * it belongs to, its subsections, and the line of its heading.
 */
public record CourseSection(String id, String number, String title, int level, String module,
		List<CourseSection> children, int line) {
}
