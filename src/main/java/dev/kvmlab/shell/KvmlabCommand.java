package dev.kvmlab.shell;

import java.io.PrintWriter;
import java.util.List;

import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ExitStatus;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.content.ContentException;
import dev.kvmlab.host.HostException;
import dev.kvmlab.progress.ProgressStore;

/**
 * Base of every kvmlab command (one class per verb): parses, calls one service, writes to the
 * command's own writer and returns a named exit code. Failures become one line on stderr (never a
 * stack trace) with the exit code they map to.
 */
public abstract class KvmlabCommand extends AbstractCommand {

	private final ShellSupport support;

	protected KvmlabCommand(String name, String description, String help, ShellSupport support) {
		super(name, description, "kvmlab", help, false);
		this.support = support;
	}

	private String messageKey(String part) {
		return "cmd." + getName().replace(' ', '-') + "." + part;
	}

	/** The description in the session's language ({@code cmd.<name>.description}), English as written here otherwise. */
	@Override
	public String getDescription() {
		String key = messageKey("description");
		String text = support.t(key);
		return text.equals(key) ? super.getDescription() : text;
	}

	@Override
	public String getHelp() {
		String key = messageKey("help");
		String text = support.t(key);
		return text.equals(key) ? super.getHelp() : text;
	}

	protected ShellSupport support() {
		return support;
	}

	protected static List<CommandOption> options(CommandOption... options) {
		return List.of(options);
	}

	protected static CommandOption option(String longName, String description, Class<?> type) {
		return CommandOption.with().longName(longName).description(description).type(type).build();
	}

	/** The command's work; returns the exit code. */
	protected abstract ExitCode run(Invocation invocation) throws Exception;

	@Override
	public ExitStatus doExecute(CommandContext context) {
		ExitCode code;
		try {
			code = run(new Invocation(context));
		}
		catch (KvmlabException e) {
			code = support.error(context, e, e.exitCode());
		}
		catch (ContentException e) {
			code = support.error(context, e.getMessage(), ExitCode.USAGE_OR_CONTENT);
		}
		catch (ProgressStore.ProgressException e) {
			code = support.error(context, e.getMessage(), ExitCode.USAGE_OR_CONTENT);
		}
		catch (HostException e) {
			code = support.error(context, e.getMessage(), ExitCode.HOST_UNREACHABLE);
		}
		catch (Exception e) {
			String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			code = support.error(context, "unexpected failure: " + message, ExitCode.HOST_UNREACHABLE);
		}
		PrintWriter out = context.outputWriter();
		out.flush();
		support.recordExit(code);
		return code == ExitCode.OK ? ExitStatus.OK : new ExitStatus(code.code(), code.name());
	}
}
