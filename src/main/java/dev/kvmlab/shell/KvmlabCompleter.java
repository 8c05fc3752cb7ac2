package dev.kvmlab.shell;

import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.jline.CommandCompleter;

/**
 * Spring Shell's completer, with positional arguments fixed: for {@code lab grade bri<TAB>} it
 * looked for a command named "lab grade bri" and found none. Here the longest command prefix of
 * the line is found first and its completion provider asked for the word under the cursor.
 */
class KvmlabCompleter extends CommandCompleter {

	private final CommandRegistry registry;

	KvmlabCompleter(CommandRegistry registry) {
		super(registry);
		this.registry = registry;
	}

	@Override
	public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
		List<String> words = line.words();
		int current = line.wordIndex();
		Command command = null;
		int used = 0;
		for (int n = Math.min(current, words.size()); n > 0; n--) {
			command = registry.getCommandByName(String.join(" ", words.subList(0, n)));
			if (command != null) {
				used = n;
				break;
			}
		}
		String word = current < words.size() ? words.get(current) : "";
		boolean positional = command != null && current >= used && !word.startsWith("-")
				&& (current == 0 || !words.get(current - 1).startsWith("--"));
		if (!positional) {
			super.complete(reader, line, candidates);
			return;
		}
		CompletionContext context = new CompletionContext(words, current, line.wordCursor(), command, null);
		for (CompletionProposal p : command.getCompletionProvider().apply(context)) {
			if (p.value().startsWith(word)) {
				candidates.add(new Candidate(p.value(), p.displayText(), p.category(), p.description(), null, null,
						p.complete(), 0));
			}
		}
		if (word.isEmpty() || candidates.isEmpty()) {
			for (var o : command.getOptions()) {
				if (o.longName() != null && !line.line().contains("--" + o.longName())) {
					candidates.add(new Candidate("--" + o.longName(), "--" + o.longName(), null, o.description(), null, null, true, 0));
				}
			}
		}
	}
}
