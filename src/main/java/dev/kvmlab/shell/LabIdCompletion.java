package dev.kvmlab.shell;

import java.util.ArrayList;
import java.util.List;

import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabCatalog;

/** Completes lab ids (the first positional argument of every {@code lab ...} command), with their titles. */
@Component
public class LabIdCompletion implements CompletionProvider {

	private final LabCatalog catalog;

	private final ShellSupport support;

	public LabIdCompletion(LabCatalog catalog, ShellSupport support) {
		this.catalog = catalog;
		this.support = support;
	}

	@Override
	public List<CompletionProposal> apply(CompletionContext context) {
		if (context.getCommandOption() != null) {
			return List.of();
		}
		String prefix = context.currentWordUpToCursor() == null ? "" : context.currentWordUpToCursor();
		List<CompletionProposal> out = new ArrayList<>();
		try {
			for (Lab lab : catalog.all()) {
				if (lab.id().startsWith(prefix)) {
					out.add(new CompletionProposal(lab.id()).description(lab.title().get(support.lang()))
						.category("module " + lab.module()));
				}
			}
		}
		catch (ContentException e) {
			return List.of();
		}
		return out;
	}
}
