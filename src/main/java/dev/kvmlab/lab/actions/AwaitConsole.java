package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.ConsoleLog;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.Lookup;

/**
 * Waits (bounded) until a running lab domain's serial console log shows a marker since it started,
 * as the {@code console-log} check reads it: a guest that boots under TCG takes a few seconds.
 */
@Component
class AwaitConsole implements ActionType {

	@Override
	public String key() {
		return "await-console";
	}

	@Override
	public Text description() {
		return Text.of("Wait at most timeout seconds (default 120) until a lab domain's serial console log shows a marker since it started.",
				"最多等待 timeout 秒（默认 120），直到实验虚拟机的串口控制台日志自启动以来出现指定标记。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("domain", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("marker", Type.STRING, "text to wait for, e.g. KVMLAB-GUEST-READY", "要等待的文本，例如 KVMLAB-GUEST-READY"),
				ParamSpec.optional("timeout", Type.NUMBER, "seconds (default 120)", "秒数（默认 120）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String domain = ctx.expand(params.string("domain"));
		String marker = params.string("marker");
		Snapshots.labDomain(ctx, domain);
		if (ctx.practice()) {
			return "practice mode: " + domain + " boots no guest; not waiting for " + marker;
		}
		LabFiles.requireLocal(ctx, "console logs");
		long timeout = params.number("timeout", 120);
		long start = System.nanoTime();
		long deadline = start + timeout * 1_000_000_000L;
		ConsoleLog log = new ConsoleLog(domain);
		while (true) {
			Lookup<ConsoleLog.Seen> seen = log.read(ctx.host());
			if (seen instanceof Lookup.Found<ConsoleLog.Seen> f && f.value().markerSinceStart(marker)) {
				return domain + " printed " + marker + " after " + (System.nanoTime() - start) / 100_000_000 / 10.0 + " s ("
						+ f.value().path() + ")";
			}
			if (seen instanceof Lookup.Found<ConsoleLog.Seen> f && !f.value().state().equals(dev.kvmlab.host.DomainState.RUNNING)
					&& !f.value().state().equals(dev.kvmlab.host.DomainState.PAUSED)) {
				throw new HostException("VIR_ERR_OPERATION_INVALID", domain + " is " + f.value().state().label()
						+ ": it will print no " + marker + " (see /var/log/libvirt/qemu/" + domain + ".log)");
			}
			if (System.nanoTime() > deadline) {
				throw new HostException("TIMEOUT", "no " + marker + " from " + domain + " in " + timeout + " s"
						+ (seen instanceof Lookup.Found<ConsoleLog.Seen> f ? " (state " + f.value().state().label() + ", log "
								+ f.value().path() + ")" : ""));
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new HostException("INTERRUPTED", "interrupted while waiting for " + domain);
			}
		}
	}
}
