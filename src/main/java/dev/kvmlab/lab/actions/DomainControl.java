package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;

/**
 * What virsh does to a running domain besides start and stop: suspend, resume, reset (the guest
 * reboots in the same QEMU process) and undefine (it keeps running, transient). Undo steps use it to
 * break one criterion of a running lab, such as "persistent on the destination" or "never rebooted".
 */
@Component
class DomainControl implements ActionType {

	static final List<String> OPS = List.of("suspend", "resume", "reset", "undefine");

	@Override
	public String key() {
		return "domain-control";
	}

	@Override
	public Text description() {
		return Text.of("Suspend, resume or reset a running lab domain, or undefine it and leave it running (transient).",
				"挂起、恢复或重置正在运行的实验虚拟机，或取消其定义并让它继续运行（变为临时虚拟机）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("op", Type.STRING, "what to do", "要执行的操作").oneOf(OPS.toArray(String[]::new)));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		String op = params.string("op");
		DomainInfo d = ctx.host().findDomain(name);
		if (d == null) {
			throw new HostException("VIR_ERR_NO_DOMAIN", "no domain " + name + " to " + op);
		}
		ctx.requireMayModify("domain", name, d.definition());
		if (!d.isActive()) {
			throw new HostException("VIR_ERR_OPERATION_INVALID", "domain " + name + " is not running: cannot " + op + " it");
		}
		boolean paused = d.state() == dev.kvmlab.host.DomainState.PAUSED;
		if (op.equals("suspend") && paused || op.equals("resume") && !paused || op.equals("undefine") && !d.persistent()) {
			return "domain " + name + " already " + (op.equals("undefine") ? "transient" : paused ? "paused" : "running");
		}
		switch (op) {
			case "suspend" -> {
				ctx.host().pauseDomain(name, true);
				return "suspended domain " + name;
			}
			case "resume" -> {
				ctx.host().pauseDomain(name, false);
				return "resumed domain " + name;
			}
			case "reset" -> {
				ctx.host().resetDomain(name);
				return "reset domain " + name + " (its guest boots again)";
			}
			default -> {
				ctx.host().undefineKeepRunning(name);
				return "undefined domain " + name + "; it keeps running, transient";
			}
		}
	}
}
