package dev.kvmlab.shell;

import java.io.PrintWriter;
import java.util.List;

import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;

import dev.kvmlab.KvmlabException;

/** One run of a command: its positional arguments, options and output writer. */
public record Invocation(CommandContext context) {

	public PrintWriter out() {
		return context.outputWriter();
	}

	public List<String> args() {
		return context.parsedInput().arguments().stream().map(CommandArgument::value).toList();
	}

	/** The argument at index; missing, a one-line error from the message key {@code error.missing.<what>}. */
	public String arg(int index, String what, Object... whatArgs) {
		List<String> args = args();
		if (index >= args.size() || args.get(index).isBlank()) {
			throw KvmlabException.usageKey("error.missing." + what, whatArgs);
		}
		return args.get(index);
	}

	public String option(String longName, String fallback) {
		for (CommandOption o : context.parsedInput().options()) {
			if (longName.equals(o.longName())) {
				return o.value() == null || o.value().isEmpty() ? "true" : o.value();
			}
		}
		return fallback;
	}

	public boolean flag(String longName) {
		return Boolean.parseBoolean(option(longName, "false"));
	}

	/** Rejects options the command does not know, so a typo is not silently ignored. */
	public void allowOnly(List<String> known) {
		for (CommandOption o : context.parsedInput().options()) {
			String name = o.longName() != null && !o.longName().isEmpty() ? o.longName() : String.valueOf(o.shortName());
			if (!known.contains(name)) {
				throw known.isEmpty() ? KvmlabException.usageKey("error.unknown-option", name)
						: KvmlabException.usageKey("error.unknown-option-known", name, String.join(", --", known));
			}
		}
	}
}
