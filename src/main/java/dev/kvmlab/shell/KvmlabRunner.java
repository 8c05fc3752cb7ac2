package dev.kvmlab.shell;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandNotFoundException;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.shell.jline.JLineInputProvider;
import org.springframework.shell.jline.JLineInputReader;
import org.springframework.stereotype.Component;

import dev.kvmlab.ExitCode;

/**
 * Runs kvmlab: one command and exit (arguments given) with the command's exit code, or the
 * interactive shell. Replaces Spring Shell's runners, which drop exit codes in one-shot mode and
 * print raw exception text in the shell.
 */
@Component
public class KvmlabRunner implements ApplicationRunner {

	private final CommandParser parser;

	private final CommandRegistry registry;

	private final ShellSupport support;

	private final ObjectProvider<JLineInputProvider> input;

	private final Environment environment;

	public KvmlabRunner(CommandParser parser, CommandRegistry registry, ShellSupport support,
			ObjectProvider<JLineInputProvider> input, Environment environment) {
		this.parser = parser;
		this.registry = registry;
		this.support = support;
		this.input = input;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		boolean interactive = environment.getProperty("spring.shell.interactive.enabled", Boolean.class, true);
		if (!interactive && args.getSourceArgs().length == 0) {
			return; // nothing to run (kvmlab itself opens the shell when it has no command)
		}
		if (!interactive) {
			if (args.getSourceArgs().length == 0) {
				// nothing to run: an embedding context (tests, tools) with the shell switched off; main()
				// only turns the shell off when a command is given
				return;
			}
			String line = Arrays.stream(args.getSourceArgs()).map(KvmlabRunner::quote).collect(Collectors.joining(" "));
			PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
					StandardCharsets.UTF_8), true);
			ExitCode code = execute(line, out, new StdinInputReader(out));
			out.flush();
			support.recordExit(code);
			return;
		}
		support.interactive(true);
		JLineInputProvider provider = input.getObject();
		PrintWriter out = provider.getLineReader().getTerminal().writer();
		out.println(support.t("shell.welcome"));
		if (support.settings().practice()) {
			out.println(support.t("shell.practice", support.settings().uri()));
		}
		InputReader reader = new JLineInputReader(provider.getLineReader());
		while (true) {
			String line;
			try {
				line = provider.readInput();
			}
			catch (UserInterruptException e) {
				continue;
			}
			catch (EndOfFileException e) {
				break;
			}
			if (line == null) {
				break;
			}
			line = line.trim();
			if (line.isEmpty()) {
				continue;
			}
			if (line.equals("quit") || line.equals("exit")) {
				break;
			}
			execute(line, out, reader);
			out.flush();
		}
	}

	/** Parses and runs one command line; usage problems are one line and exit code 2. */
	ExitCode execute(String line, PrintWriter out, InputReader reader) {
		ParsedInput parsed;
		try {
			parsed = parser.parse(line);
		}
		catch (RuntimeException e) {
			return support.error(new CommandContext(ParsedInput.builder().build(), registry, out, reader),
					"cannot parse '" + line + "': " + e.getMessage(), ExitCode.USAGE_OR_CONTENT);
		}
		CommandContext context = new CommandContext(parsed, registry, out, reader);
		support.recordExit(ExitCode.OK);
		try {
			var status = new CommandExecutor(registry).execute(context);
			if (status.code() != 0 && support.lastExit() == ExitCode.OK) {
				return support.error(context, parsed.commandName() + ": " + status.description(), ExitCode.USAGE_OR_CONTENT);
			}
			return support.lastExit();
		}
		catch (CommandNotFoundException e) {
			return support.error(context, dev.kvmlab.KvmlabException.usageKey("error.unknown-command", e.getCommandName()),
					ExitCode.USAGE_OR_CONTENT);
		}
		catch (RuntimeException e) {
			Throwable cause = e;
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			return support.error(context, cause.getMessage() == null ? cause.toString() : cause.getMessage(),
					ExitCode.USAGE_OR_CONTENT);
		}
	}

	private static String quote(String arg) {
		return arg.matches(".*\\s.*") ? "\"" + arg.replace("\"", "\\\"") + "\"" : arg;
	}
}
