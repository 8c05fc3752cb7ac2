package dev.kvmlab;

/** A failure to report to the user as one line, with the exit code it maps to. */
public class KvmlabException extends RuntimeException {

	private final ExitCode exitCode;

	public KvmlabException(ExitCode exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	public ExitCode exitCode() {
		return exitCode;
	}

	public static KvmlabException usage(String message) {
		return new KvmlabException(ExitCode.USAGE_OR_CONTENT, message);
	}

	public static KvmlabException unreachable(String message) {
		return new KvmlabException(ExitCode.HOST_UNREACHABLE, message);
	}
}
