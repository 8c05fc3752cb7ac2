package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.NetworkInfo;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.host.XmlDoc;

/** Defines a libvirt network from a lab file (marked), and optionally starts it and sets autostart. */
@Component
class DefineNetwork implements ActionType {

	@Override
	public String key() {
		return "define-network";
	}

	@Override
	public Text description() {
		return Text.of("Define a libvirt network from an XML file in the lab folder; optionally start it and set autostart.",
				"用实验目录中的 XML 定义 libvirt 网络；可选启动并设为自动启动。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("xml", Type.STRING, "XML file in the lab folder", "实验目录中的 XML 文件"),
				ParamSpec.optional("start", Type.BOOLEAN, "start it (default false)", "启动（默认 false）"),
				ParamSpec.optional("autostart", Type.BOOLEAN, "mark it autostart (default false)", "设为自动启动（默认 false）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String xml = Ownership.mark(ctx.labFile(params.string("xml")), ctx.labId());
		String name = XmlDoc.parse(xml).value("/network/name");
		if (!Ownership.hasPrefix(name)) {
			throw new HostException("CONTENT", "lab networks are named lab-*, found '" + name + "'");
		}
		NetworkInfo existing = ctx.host().findNetwork(name);
		if (existing != null) {
			ctx.requireMayModify("network", name, existing.xml());
			xml = Redefinition.keepUuid(xml, existing.uuid());
		}
		ctx.recordCreated("network", name);
		ctx.host().defineNetwork(xml);
		StringBuilder done = new StringBuilder("defined network " + name);
		if (params.bool("start", false)) {
			ctx.host().startNetwork(name);
			done.append(", started");
		}
		if (params.bool("autostart", false)) {
			ctx.host().setNetworkAutostart(name, true);
			done.append(", autostart on");
		}
		return done.toString();
	}

}
