package dev.kvmlab.lab.actions;

import java.nio.file.Path;

import dev.kvmlab.grading.Params;

/** One step of a lab's setup, solve or undo, as written in the content: an action type and its parameters. */
public record ActionSpec(String type, Params params, Path file, int line) {

	public String where() {
		return file + ":" + line;
	}
}
