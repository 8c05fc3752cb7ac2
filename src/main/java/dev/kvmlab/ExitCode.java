package dev.kvmlab;

/** kvmlab's exit codes, a contract other tools rely on. */
public enum ExitCode {
	/** Done; a grade passed. */
	OK(0),
	/** Graded below the pass mark. */
	BELOW_PASS_MARK(1),
	/** Bad usage or bad content (unknown lab id, malformed lab file). */
	USAGE_OR_CONTENT(2),
	/** The host or libvirt could not be reached or evaluated. */
	HOST_UNREACHABLE(3);

	private final int code;

	ExitCode(int code) {
		this.code = code;
	}

	public int code() {
		return code;
	}
}
