package dev.kvmlab.grading.checks;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.ConsoleLog;
import dev.kvmlab.host.DomainState;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;

/**
 * A guest really booted: the domain is running and its serial console log (the file its live XML
 * names) shows a marker line in the output of its latest boot, written since its QEMU started. For
 * kvmlab's offline guest the marker is {@code KVMLAB-GUEST-READY}. Local hosts only; elsewhere SKIP.
 */
@Component
class ConsoleLogCheck implements CheckType {

	@Override
	public String key() {
		return "console-log";
	}

	@Override
	public Text description() {
		return Text.of("A running domain's serial console log (<log file=...> or a file serial in its live XML) shows a marker since the domain started (local hosts; SKIP elsewhere).",
				"运行中虚拟机的串口控制台日志（其 live XML 中的 <log file=...> 或文件型串口）自虚拟机启动以来出现了指定标记（仅本机；其他情况为 SKIP）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("marker", Type.STRING, "text the guest prints when it is up", "客户机启动完成时打印的文本"));
	}

	@Override
	public String example() {
		return "check: console-log\nparams: {name: lab-bak-restored, marker: KVMLAB-GUEST-READY}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(new ConsoleLog(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String marker = p.string("marker");
		String expected = name + " running, its serial console log showing " + marker + " since it started";
		return Evidence.from(host.reading(new ConsoleLog(name)), expected, "no domain named " + name, s -> {
			if (s.state() != DomainState.RUNNING) {
				return CheckResult.fail(expected, name + " is " + s.state().label() + " (virsh start " + name + ")");
			}
			if (s.path() == null) {
				return CheckResult.fail(expected, "running " + name + " logs its console nowhere: no <log file=.../> in its <serial>");
			}
			if (s.text() == null) {
				return CheckResult.fail(expected, "no console log " + s.path() + " (yet)");
			}
			if (!s.writtenSinceStart()) {
				return CheckResult.fail(expected, s.path() + " was last written " + s.modifiedAt() + ", before " + name
						+ " started (" + s.startedAt() + ")");
			}
			String boot = s.latestBoot();
			int at = boot.indexOf(marker);
			if (at < 0) {
				return CheckResult.fail(expected, "no " + marker + " in " + s.path() + " since the latest boot (" + boot.length()
						+ " bytes: still booting? grade again in a few seconds)");
			}
			int end = boot.indexOf('\n', at);
			String line = boot.substring(at, end < 0 ? boot.length() : end).strip();
			return CheckResult.pass(expected, s.path() + ": " + line);
		});
	}
}
