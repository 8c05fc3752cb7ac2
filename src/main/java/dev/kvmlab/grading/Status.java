package dev.kvmlab.grading;

/**
 * A criterion's outcome. ERROR means it could not be evaluated (the host did not answer): it awards
 * nothing but never counts as a wrong answer. SKIP means it does not apply on this host (with the
 * reason) and leaves the maximum score.
 */
public enum Status {
	PASS, FAIL, ERROR, SKIP
}
