package dev.kvmlab.shell;

import java.util.ArrayList;
import java.util.List;

import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.DefaultCommandParser;
import org.springframework.shell.core.command.ParsedInput;

/**
 * Spring Shell's parser, with one fix: it looks up boolean options on the root word only
 * ({@code lab}), so {@code lab hint x --all} failed with "requires a value". Boolean flags of the
 * full command are rewritten as {@code --flag=true} before parsing.
 */
class KvmlabCommandParser implements CommandParser {

	private final CommandRegistry registry;

	private final DefaultCommandParser delegate;

	KvmlabCommandParser(CommandRegistry registry) {
		this.registry = registry;
		this.delegate = new DefaultCommandParser(registry);
	}

	@Override
	public ParsedInput parse(String input) {
		List<String> words = new ArrayList<>(List.of(input.trim().split("\\s+(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")));
		Command command = null;
		for (int n = words.size(); n > 0 && command == null; n--) {
			command = registry.getCommandByName(String.join(" ", words.subList(0, n)));
		}
		if (command != null) {
			for (int i = 0; i < words.size(); i++) {
				String w = words.get(i);
				if (w.startsWith("--") && !w.contains("=")) {
					String name = w.substring(2);
					boolean bool = name.equals("help") || command.getOptions().stream().anyMatch(o -> name.equals(o.longName())
							&& (o.type() == Boolean.class || o.type() == boolean.class));
					String next = i + 1 < words.size() ? words.get(i + 1) : null;
					if (bool && (next == null || next.startsWith("-") || !(next.equals("true") || next.equals("false")))) {
						words.set(i, w + "=true");
					}
				}
			}
		}
		return delegate.parse(String.join(" ", words));
	}

}
