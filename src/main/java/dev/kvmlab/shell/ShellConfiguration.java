package dev.kvmlab.shell;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.jline.PromptProvider;

import dev.kvmlab.Settings;

/** kvmlab's replacements for Spring Shell defaults: the parser, the completer and a prompt that shows the host. */
@Configuration(proxyBeanMethods = false)
class ShellConfiguration {

	@Bean
	CommandParser kvmlabCommandParser(CommandRegistry registry) {
		return new KvmlabCommandParser(registry);
	}

	@Bean
	CommandCompleter kvmlabCompleter(CommandRegistry registry) {
		return new KvmlabCompleter(registry);
	}

	@Bean
	PromptProvider kvmlabPrompt(Settings settings) {
		return () -> {
			if (settings.practice()) {
				return new AttributedString("kvmlab[practice]> ", AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
			}
			String uri = settings.uri();
			String label = uri.equals(Settings.DEFAULT_URI) ? "" : "[" + dev.kvmlab.host.UriRedactor.redact(uri) + "]";
			return new AttributedString("kvmlab" + label + "> ", AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
		};
	}
}
