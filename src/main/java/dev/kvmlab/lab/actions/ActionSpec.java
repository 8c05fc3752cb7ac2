package dev.kvmlab.lab.actions;

import java.nio.file.Path;

import dev.kvmlab.grading.Params;

/**
 * One step of a lab's setup, solve or undo, as written in the content: an action type and its
 * parameters, and the host it runs on when that is not the lab's own ({@code host: lab-host-b}), or null.
 */
public record ActionSpec(String type, Params params, Path file, int line, String host) {

	public ActionSpec(String type, Params params, Path file, int line) {
		this(type, params, file, line, null);
	}

	public String where() {
		return file + ":" + line;
	}
}
