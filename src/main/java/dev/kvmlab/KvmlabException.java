package dev.kvmlab;

import dev.kvmlab.content.Lang;
import dev.kvmlab.i18n.Messages;

/**
 * A failure to report to the user as one line, with the exit code it maps to. One made from a message
 * key ({@link #usageKey}, {@link #unreachableKey}) is said in the learner's language; its
 * {@link #getMessage()} is the English text (logs, tests).
 */
public class KvmlabException extends RuntimeException {

	private final ExitCode exitCode;

	private final String key;

	private final transient Object[] args;

	public KvmlabException(ExitCode exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
		this.key = null;
		this.args = new Object[0];
	}

	private KvmlabException(ExitCode exitCode, String key, Object[] args) {
		super(Messages.text(Lang.EN, key, args));
		this.exitCode = exitCode;
		this.key = key;
		this.args = args.clone();
	}

	public ExitCode exitCode() {
		return exitCode;
	}

	/** The message key, or null for a message given as text. */
	public String key() {
		return key;
	}

	/** The message in a language: translated when it has a key, else the text it was given. */
	public String message(Lang lang) {
		return key == null ? getMessage() : Messages.text(lang, key, args);
	}

	public static KvmlabException usage(String message) {
		return new KvmlabException(ExitCode.USAGE_OR_CONTENT, message);
	}

	public static KvmlabException unreachable(String message) {
		return new KvmlabException(ExitCode.HOST_UNREACHABLE, message);
	}

	/** Bad usage or content, said from a message key (exit 2). */
	public static KvmlabException usageKey(String key, Object... args) {
		return new KvmlabException(ExitCode.USAGE_OR_CONTENT, key, args);
	}

	/** A host that cannot be reached, said from a message key (exit 3). */
	public static KvmlabException unreachableKey(String key, Object... args) {
		return new KvmlabException(ExitCode.HOST_UNREACHABLE, key, args);
	}
}
