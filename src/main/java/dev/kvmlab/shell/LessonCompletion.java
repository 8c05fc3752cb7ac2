package dev.kvmlab.shell;

import java.util.ArrayList;
import java.util.List;

import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import dev.kvmlab.curriculum.Curriculum;
import dev.kvmlab.curriculum.Outline;
import dev.kvmlab.lab.ContentRoot;

/**
 * Completes {@code learn} and {@code quiz}: module numbers, {@code next}, {@code search}, and section
 * ids with their titles (from a quick scan of the lesson files, never AsciidoctorJ).
 */
@Component
class LessonCompletion {

	private final ContentRoot root;

	private final ShellSupport support;

	LessonCompletion(ContentRoot root, ShellSupport support) {
		this.root = root;
		this.support = support;
	}

	CompletionProvider learn() {
		return context -> {
			if (context.getCommandOption() != null) {
				return List.of();
			}
			String prefix = prefix(context);
			int argIndex = argIndex(context);
			List<CompletionProposal> out = new ArrayList<>();
			List<Outline.Entry> entries = Outline.scan(root.curriculum(), support.lang());
			if (argIndex == 0) {
				for (String k : List.of("next", "search")) {
					add(out, prefix, k, null, null);
				}
				for (String key : Curriculum.MODULE_KEYS) {
					if (entries.stream().anyMatch(e -> e.module().equals(key))) {
						add(out, prefix, key, null, "modules");
					}
				}
			}
			String module = argIndex == 1 ? Curriculum.moduleKey(context.getWords().get(context.getWordIndex() - 1)) : null;
			if (argIndex <= 1) {
				for (Outline.Entry e : entries) {
					if (module == null || e.module().equals(module)) {
						add(out, prefix, e.id(), e.title(), e.level() == 1 ? "sections" : "subsections");
					}
				}
			}
			return out;
		};
	}

	CompletionProvider quiz() {
		return context -> {
			List<CompletionProposal> out = new ArrayList<>();
			if (context.getCommandOption() == null && argIndex(context) == 0) {
				for (String key : Curriculum.MODULE_KEYS) {
					if (!key.equals(Curriculum.APPENDIX)) {
						add(out, prefix(context), key, null, null);
					}
				}
			}
			return out;
		};
	}

	private static String prefix(CompletionContext context) {
		return context.currentWordUpToCursor() == null ? "" : context.currentWordUpToCursor();
	}

	/** Which positional argument the cursor is on: words after the command name that are not options. */
	private static int argIndex(CompletionContext context) {
		String name = context.getCommand() == null ? "" : context.getCommand().getName();
		int commandWords = name.isEmpty() ? 0 : name.split(" ").length;
		int index = 0;
		for (int i = commandWords; i < context.getWordIndex() && i < context.getWords().size(); i++) {
			if (!context.getWords().get(i).startsWith("-")) {
				index++;
			}
		}
		return index;
	}

	private static void add(List<CompletionProposal> out, String prefix, String value, String description, String category) {
		if (value.startsWith(prefix)) {
			CompletionProposal p = new CompletionProposal(value);
			if (description != null) {
				p = p.description(description);
			}
			if (category != null) {
				p = p.category(category);
			}
			out.add(p);
		}
	}
}
