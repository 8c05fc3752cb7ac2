package dev.kvmlab.lab.actions;

import java.nio.file.Path;

import dev.kvmlab.grading.Params;

/**
 * One step of a lab's setup, solve or undo, as written in the content: an action type and its
 * parameters, and the host it runs on when that is not the lab's own ({@code host: lab-host-b}), or null.
 */
public record ActionSpec(String type, Params params, Path file, int line, String host, SkipIf skipIf) {

	public ActionSpec(String type, Params params, Path file, int line) {
		this(type, params, file, line, null, null);
	}

	/**
	 * {@code skip_if: {domain: lab-mig, host: lab-host-b}}: the step is skipped while that domain
	 * exists there (setup that must not undo the learner's work, such as a migration, when run again).
	 */
	public record SkipIf(String domain, String host) {
	}

	public String where() {
		return file + ":" + line;
	}
}
