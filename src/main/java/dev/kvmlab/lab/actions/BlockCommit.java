package dev.kvmlab.lab.actions;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;

/**
 * Merges a running lab domain's disk overlay back into the image below it and switches the domain
 * back to that image ({@code virsh blockcommit DOMAIN DISK --active --pivot}). Nothing to do when the
 * disk has no backing chain.
 */
@Component
class BlockCommit implements ActionType {

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	@Override
	public String key() {
		return "block-commit";
	}

	@Override
	public Text description() {
		return Text.of("Commit a running lab domain's top overlay into its backing image and pivot back to it (virsh blockcommit --active --pivot); nothing when the disk has no backing chain.",
				"把运行中实验虚拟机磁盘的顶层覆盖层合并回其后端镜像并切换回该镜像（virsh blockcommit --active --pivot）；磁盘没有后端链时不做任何事。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("domain", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("disk", Type.STRING, "target dev (default vda)", "目标设备（默认 vda）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String domain = ctx.expand(params.string("domain"));
		String disk = params.string("disk", "vda");
		DomainInfo d = Snapshots.labDomain(ctx, domain);
		if (ctx.practice()) {
			return "practice mode: libvirt's test driver has no block jobs; " + domain + " " + disk + " not committed";
		}
		if (!d.isActive()) {
			throw new HostException("VIR_ERR_OPERATION_INVALID", domain + " is not running: an active block commit needs it running");
		}
		String xpath = "/domain/devices/disk[target/@dev='" + disk.replace("'", "") + "']";
		if (d.liveXml().nodes(xpath).isEmpty()) {
			throw new HostException("CONTENT", domain + " has no disk " + disk);
		}
		String top = d.liveXml().value(xpath + "/source/@file");
		String base = d.liveXml().value(xpath + "/backingStore/source/@file");
		if (base.isEmpty()) {
			return domain + " " + disk + " has no backing chain (" + top + "): nothing to commit";
		}
		ctx.host().activeCommit(domain, disk, TIMEOUT);
		String now = ctx.host().domain(domain).liveXml().value(xpath + "/source/@file");
		return "committed " + top + " into " + base + "; " + domain + " " + disk + " is on " + now + " again";
	}
}
