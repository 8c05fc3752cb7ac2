package dev.kvmlab.shell;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.Settings;
import dev.kvmlab.content.Lang;
import dev.kvmlab.lab.HostConnector;

/** {@code connect [URI|practice]} and {@code lang [en|zh-CN]}: change the session's host and language. */
@Configuration(proxyBeanMethods = false)
class SessionCommands {

	@Bean
	Command connectCommand(ShellSupport s, Settings settings, HostConnector connector) {
		return new KvmlabCommand("connect", "Show or change the libvirt URI (`connect practice` for the test driver)",
				"connect [URI|practice]: without an argument shows the URI; `connect qemu:///system`, `connect qemu+ssh://user@host/system`,"
						+ " or `connect practice` for libvirt's test driver (nothing on this machine is touched).", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				if (!inv.args().isEmpty()) {
					String uri = inv.args().get(0);
					String previous = settings.uri();
					settings.uri(uri.equals("practice") ? Settings.PRACTICE_URI : uri);
					connector.closePractice();
					try {
						connector.open(true).close(); // says now, not at the next command, if it cannot be reached
					}
					catch (KvmlabException e) {
						settings.uri(previous);
						throw e;
					}
				}
				inv.out().println(s.t("connect.now", dev.kvmlab.host.UriRedactor.redact(settings.uri()))
						+ (settings.practice() ? "  [" + s.t("connect.practice") + "]" : ""));
				return ExitCode.OK;
			}
		};
	}

	@Bean
	Command langCommand(ShellSupport s, Settings settings) {
		return new KvmlabCommand("lang", "Show or switch the language (en, zh-CN)",
				"lang [en|zh-CN]: switches every message, lab and hint to that language for this session.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				if (!inv.args().isEmpty()) {
					Lang lang = Lang.parse(inv.args().get(0));
					if (lang == null) {
						throw KvmlabException.usageKey("error.unknown-language", inv.args().get(0));
					}
					settings.lang(lang);
				}
				inv.out().println(s.t("lang.now", settings.lang().tag()));
				return ExitCode.OK;
			}
		};
	}
}
