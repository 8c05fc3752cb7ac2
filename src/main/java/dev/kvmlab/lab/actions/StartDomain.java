package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;

/** Starts (or, with {@code running: false}, stops) a domain of the lab. */
@Component
class StartDomain implements ActionType {

	@Override
	public String key() {
		return "domain-power";
	}

	@Override
	public Text description() {
		return Text.of("Start a lab domain, or force it off with running: false.", "启动实验虚拟机，或用 running: false 强制关机。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("running", Type.BOOLEAN, "true to start (default), false to destroy",
						"true 为启动（默认），false 为强制关机"),
				ParamSpec.optional("restart", Type.BOOLEAN, "with running: true, force a running domain off first, so it starts"
						+ " with its persistent definition (default false)", "与 running: true 同用：先强制关闭正在运行的虚拟机，使其以持久化定义重新启动（默认 false）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		DomainInfo d = ctx.host().findDomain(name);
		if (d == null) {
			throw new HostException("VIR_ERR_NO_DOMAIN", "no domain " + name + " to power on or off");
		}
		ctx.requireMayModify("domain", name, d.definition());
		boolean running = params.bool("running", true);
		if (running && d.isActive() && params.bool("restart", false)) {
			ctx.host().destroyDomain(name);
			ctx.host().startDomain(name);
			return "restarted domain " + name + " with its persistent definition";
		}
		if (running == d.isActive()) {
			return "domain " + name + " already " + (running ? "running" : "off");
		}
		if (running) {
			ctx.host().startDomain(name);
			return "started domain " + name;
		}
		ctx.host().destroyDomain(name);
		return "stopped domain " + name;
	}
}
