package dev.kvmlab.content;

import java.nio.file.Path;

/** Content (a lab, rubric, quiz) is malformed; the message reads {@code file:line: what is wrong}. */
public class ContentException extends RuntimeException {

	private final Path file;

	private final int line;

	public ContentException(Path file, int line, String problem) {
		super(file + (line > 0 ? ":" + line : "") + ": " + problem);
		this.file = file;
		this.line = line;
	}

	public Path file() {
		return file;
	}

	public int line() {
		return line;
	}
}
