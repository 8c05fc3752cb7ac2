package dev.kvmlab.report;

import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.GradeResult;

/** Renders one {@link GradeResult}; reporters never grade. */
public interface GradeReporter {

	/** The --format name: text, json, junit. */
	String format();

	String render(GradeResult result, Lang lang);
}
