package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;
import dev.kvmlab.lab.LabHosts;

/**
 * Migrates a lab domain from the step's host to another, peer to peer: like {@code virsh migrate
 * --live --p2p --persistent --undefinesource NAME qemu+tcp://lab-host-b/system}. The source daemon
 * connects to the destination itself, so a cluster host is named as the hosts know each other.
 */
@Component
class MigrateDomain implements ActionType {

	@Override
	public String key() {
		return "migrate-domain";
	}

	@Override
	public Text description() {
		return Text.of("Migrate a lab domain to another host (a cluster host's name or a libvirt URI as the source daemon reaches it), live and persistent by default.",
				"把实验虚拟机迁移到另一台主机（集群主机名，或源端守护进程可访问的 libvirt URI），默认为在线迁移并在目标端持久化。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("to", Type.STRING, "destination host: lab-host-b or a URI", "目标主机：lab-host-b 或 URI"),
				ParamSpec.optional("live", Type.BOOLEAN, "live (default true)", "在线迁移（默认 true）"),
				ParamSpec.optional("persistent", Type.BOOLEAN, "define it on the destination (default true)", "在目标端持久化定义（默认 true）"),
				ParamSpec.optional("undefine_source", Type.BOOLEAN, "undefine it on the source (default true)", "在源端取消定义（默认 true）"),
				ParamSpec.optional("bandwidth", Type.NUMBER, "cap in MiB/s (default none)", "带宽上限 MiB/s（默认不限）"),
				ParamSpec.optional("auto_converge", Type.BOOLEAN, "throttle the guest until it converges (default false)", "限制客户机 CPU 直到收敛（默认 false）"),
				ParamSpec.optional("postcopy", Type.BOOLEAN, "switch to post-copy after the first pass (default false)", "第一轮复制后切换为后拷贝（默认 false）"),
				ParamSpec.optional("auto_converge_initial", Type.NUMBER, "first throttle in percent (libvirt's default 20)", "初始限速百分比（libvirt 默认 20）"),
				ParamSpec.optional("auto_converge_increment", Type.NUMBER, "throttle step in percent (libvirt's default 10)", "限速增量百分比（libvirt 默认 10）"));
	}

	/** The destination URI as the source daemon reaches it: a cluster host over TCP on the cluster bridge. */
	static String destinationUri(String to) {
		return LabHosts.isUri(to) ? to : "qemu+tcp://" + to + "/system";
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		String to = ctx.expand(params.string("to"));
		DomainInfo d = ctx.host().findDomain(name);
		if (d == null) {
			throw new HostException("VIR_ERR_NO_DOMAIN", "no domain " + name + " to migrate");
		}
		ctx.requireMayModify("domain", name, d.definition());
		boolean live = params.bool("live", true);
		if (live && !d.isActive()) {
			throw new HostException("VIR_ERR_OPERATION_INVALID", "domain " + name + " is not running: a live migration needs a running guest");
		}
		long started = System.nanoTime();
		ctx.host().migrate(name, destinationUri(to), new dev.kvmlab.host.LibvirtHost.Migration(live, params.bool("persistent", true),
				params.bool("undefine_source", true), params.number("bandwidth", 0), params.bool("auto_converge", false),
				params.bool("postcopy", false), (int) params.number("auto_converge_initial", 0),
				(int) params.number("auto_converge_increment", 0)));
		return "migrated domain " + name + (live ? " live" : "") + " to " + to + " in "
				+ String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9);
	}
}
