package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;

/** Adds a device (a lab XML file) to a lab domain's persistent config, like {@code virsh attach-device --config}. */
@Component
class AttachDevice implements ActionType {

	@Override
	public String key() {
		return "attach-device";
	}

	@Override
	public Text description() {
		return Text.of("Add a device from an XML file to a lab domain's persistent config (virsh attach-device --config),"
				+ " or with live: true hot-plug it into the running domain only (--live).",
				"把 XML 文件中的设备加入实验虚拟机的持久化配置（virsh attach-device --config），"
						+ "或在 live: true 时只热插到正在运行的虚拟机（--live）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("domain", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("xml", Type.STRING, "device XML file in the lab folder", "实验目录中的设备 XML 文件"),
				ParamSpec.optional("unless", Type.XPATH, "skip when the domain's XML (config, or live with live: true) already matches this XPath",
						"当虚拟机的 XML（配置，live: true 时为运行中的 XML）已匹配该 XPath 时跳过"),
				ParamSpec.optional("live", Type.BOOLEAN, "hot-plug into the running domain only (default false: persistent config)",
						"只热插到正在运行的虚拟机（默认 false：持久化配置）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("domain"));
		DomainInfo d = ctx.host().findDomain(name);
		if (params.bool("live", false)) {
			if (d == null || !d.isActive()) {
				throw new HostException("VIR_ERR_OPERATION_INVALID", "domain " + name + " is not running: nothing to hot-plug into");
			}
			ctx.requireMayModify("domain", name, d.definition());
			if (params.has("unless") && d.liveXml().exists(ctx.expand(params.string("unless")))) {
				return "domain " + name + " already runs with that device";
			}
			ctx.host().attachDeviceLive(name, ctx.labFile(params.string("xml")));
			return "hot-plugged " + params.string("xml") + " into " + name + " (live only)";
		}
		if (d == null || d.configXml() == null) {
			throw new HostException("VIR_ERR_NO_DOMAIN", "no persistent domain " + name);
		}
		ctx.requireMayModify("domain", name, d.configXml());
		if (params.has("unless") && d.configXml().exists(ctx.expand(params.string("unless")))) {
			return "domain " + name + " already has that device";
		}
		ctx.host().attachDeviceConfig(name, ctx.labFile(params.string("xml")));
		return "attached " + params.string("xml") + " to " + name + " (persistent config)";
	}
}
