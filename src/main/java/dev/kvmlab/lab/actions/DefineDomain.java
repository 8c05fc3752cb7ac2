package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.host.XmlDoc;

/** Defines a domain from an XML file of the lab, marked as the lab's; leaves an existing one of the lab as it is. */
@Component
class DefineDomain implements ActionType {

	@Override
	public String key() {
		return "define-domain";
	}

	@Override
	public Text description() {
		return Text.of("Define a persistent domain from an XML file in the lab folder (marked as the lab's).",
				"用实验目录中的 XML 文件定义一个持久化虚拟机（带 kvmlab 标记）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("xml", Type.STRING, "XML file in the lab folder", "实验目录中的 XML 文件"),
				ParamSpec.optional("replace", Type.BOOLEAN, "redefine when it exists (default false)", "已存在时重新定义（默认 false）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String xml = Ownership.mark(ctx.labFile(params.string("xml")), ctx.labId());
		String name = XmlDoc.parse(xml).value("/domain/name");
		if (!Ownership.hasPrefix(name)) {
			throw new HostException("CONTENT", "lab domains are named lab-*, found '" + name + "'");
		}
		DomainInfo existing = ctx.host().findDomain(name);
		if (existing != null) {
			ctx.requireMayModify("domain", name, existing.definition());
			if (!params.bool("replace", false)) {
				return "domain " + name + " already defined: kept as it is";
			}
			xml = Redefinition.keepUuid(xml, existing.uuid());
		}
		ctx.recordCreated("domain", name);
		ctx.host().defineDomain(xml);
		return (existing != null ? "redefined domain " : "defined domain ") + name;
	}

}
