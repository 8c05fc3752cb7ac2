package dev.kvmlab.shell;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.stereotype.Component;

import dev.kvmlab.ExitCode;
import dev.kvmlab.Settings;
import dev.kvmlab.content.Lang;
import dev.kvmlab.host.UriRedactor;
import dev.kvmlab.i18n.Messages;
import dev.kvmlab.progress.ProgressStore;

/**
 * What commands share: settings, messages, error output and the last exit code (which the one-shot
 * runner turns into the process exit status).
 */
@Component
public class ShellSupport {

	private final Settings settings;

	private final Messages messages;

	private final ProgressStore progress;

	private volatile ExitCode lastExit = ExitCode.OK;

	private volatile boolean interactive;

	private volatile PrintStream stderr = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
			StandardCharsets.UTF_8);

	public ShellSupport(Settings settings, Messages messages, ProgressStore progress) {
		this.settings = settings;
		this.messages = messages;
		this.progress = progress;
	}

	/** Where one-shot errors and warnings go (the process's stderr; tests read them). */
	void stderr(PrintStream stderr) {
		this.stderr = stderr;
	}

	public Settings settings() {
		return settings;
	}

	public Lang lang() {
		return settings.lang();
	}

	public String t(String key, Object... args) {
		return messages.get(settings.lang(), key, args);
	}

	public Messages messages() {
		return messages;
	}

	public void interactive(boolean interactive) {
		this.interactive = interactive;
	}

	public boolean interactive() {
		return interactive;
	}

	/**
	 * Errors go to stderr in one-shot runs (stdout stays clean for --format json), to the shell
	 * otherwise; any URI in them is redacted (libvirt and ssh quote the URI they failed on).
	 */
	public ExitCode error(CommandContext context, String message, ExitCode code) {
		return error(context, message, code, false);
	}

	/** A kvmlab failure, in the learner's language when it was made from a message key. */
	public ExitCode error(CommandContext context, dev.kvmlab.KvmlabException e, ExitCode code) {
		return error(context, e.message(lang()), code, "error.cannot-connect".equals(e.key())); // HostConnector.down
	}

	private ExitCode error(CommandContext context, String message, ExitCode code, boolean cannotConnect) {
		message = UriRedactor.redactText(message);
		String line = t("error.prefix") + " " + message;
		if (interactive) {
			context.outputWriter().println(line);
			if (code == ExitCode.HOST_UNREACHABLE && !settings.practice() && cannotConnect) {
				context.outputWriter().println("  `connect practice` " + t("connect.practice"));
			}
			context.outputWriter().flush();
		}
		else {
			stderr.println(line);
		}
		return code;
	}

	/** A warning (for example, a corrupt progress file moved aside): to stderr, or the shell. */
	public void warn(CommandContext context, String message) {
		message = UriRedactor.redactText(message);
		if (interactive) {
			context.outputWriter().println("warning: " + message);
		}
		else {
			stderr.println("kvmlab: warning: " + message);
		}
	}

	public void flushProgressWarning(CommandContext context) {
		String w = progress.takeWarning();
		if (w != null) {
			warn(context, w);
		}
	}

	public void recordExit(ExitCode code) {
		lastExit = code;
	}

	public ExitCode lastExit() {
		return lastExit;
	}
}
