package dev.kvmlab.shell;

import java.io.PrintWriter;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;

import dev.kvmlab.ExitCode;
import dev.kvmlab.readiness.Level;
import dev.kvmlab.readiness.ReadinessItem;
import dev.kvmlab.readiness.ReadinessService;
import dev.kvmlab.report.Ansi;

/** {@code host check}: the module-1 readiness check, each line PASS/WARN/FAIL/SKIP with its fix. */
@Configuration(proxyBeanMethods = false)
class HostCommand {

	@Bean
	Command hostCheck(ShellSupport s, ReadinessService readiness) {
		return new KvmlabCommand("host check", "Is this host ready for KVM? Each line with its fix",
				"host check: CPU virtualisation, kvm modules, /dev/kvm, libvirtd, QEMU's kvm support, cgroups, tap/vhost devices,"
						+ " the default network, and what virt-host-validate says. Exit code 1 when any line FAILs, 3 when libvirt"
						+ " cannot be reached.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				ReadinessService.Report report = readiness.run();
				Ansi ansi = Ansi.auto();
				PrintWriter out = inv.out();
				out.println(ansi.bold(s.t("host.header", dev.kvmlab.host.UriRedactor.redact(report.uri()))));
				int[] counts = new int[4];
				for (ReadinessItem item : report.items()) {
					counts[item.level().ordinal()]++;
					String mark = switch (item.level()) {
						case PASS -> ansi.green("[PASS]");
						case WARN -> ansi.yellow("[WARN]");
						case FAIL -> ansi.red("[FAIL]");
						case SKIP -> ansi.dim("[SKIP]");
					};
					out.printf("  %s %-40s %s%n", mark, item.title().get(s.lang()), item.found());
					if (item.fix() != null && (item.level() == Level.FAIL || item.level() == Level.WARN)) {
						out.println("         " + ansi.cyan(s.t("host.fix") + ": " + item.fix().get(s.lang())));
					}
				}
				if (!report.virtHostValidate().isEmpty()) {
					out.println(s.t("host.vhv"));
					report.virtHostValidate().forEach(l -> out.println("  " + l.replaceAll("\\s{2,}", "  ")));
				}
				else if (report.virtHostValidateMissing()) {
					out.println(s.t("host.vhv.missing"));
				}
				out.println(s.t("host.summary", counts[0], counts[1], counts[2], counts[3]));
				boolean libvirtDown = report.items().stream()
					.anyMatch(i -> i.id().equals("libvirt") && i.level() == Level.FAIL);
				if (libvirtDown) {
					return ExitCode.HOST_UNREACHABLE;
				}
				return counts[Level.FAIL.ordinal()] > 0 ? ExitCode.BELOW_PASS_MARK : ExitCode.OK;
			}
		};
	}
}
