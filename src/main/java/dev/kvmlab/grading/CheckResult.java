package dev.kvmlab.grading;

/** What one check found: the outcome and the evidence, {@code expected} against {@code found}. */
public record CheckResult(Status status, String expected, String found) {

	public static CheckResult pass(String expected, String found) {
		return new CheckResult(Status.PASS, expected, found);
	}

	public static CheckResult fail(String expected, String found) {
		return new CheckResult(Status.FAIL, expected, found);
	}

	public static CheckResult of(boolean ok, String expected, String found) {
		return new CheckResult(ok ? Status.PASS : Status.FAIL, expected, found);
	}

	/** Could not be evaluated: the reason goes where the finding would. */
	public static CheckResult error(String expected, String reason) {
		return new CheckResult(Status.ERROR, expected, reason);
	}

	public static CheckResult skip(String expected, String reason) {
		return new CheckResult(Status.SKIP, expected, reason);
	}
}
