package dev.kvmlab.progress;

/** One graded attempt: when, against which host, the score, and whether it was practice. */
public record Attempt(String at, String uri, boolean practice, int score, int maxScore, boolean passed,
		boolean incomplete) {
}
