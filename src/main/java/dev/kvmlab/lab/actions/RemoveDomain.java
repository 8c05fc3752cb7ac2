package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
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

/** Stops and undefines a lab domain (with its snapshot metadata); its disk files stay. */
@Component
class RemoveDomain implements ActionType {

	@Override
	public String key() {
		return "remove-domain";
	}

	@Override
	public Text description() {
		return Text.of("Stop and undefine a lab domain (virsh destroy; virsh undefine --snapshots-metadata); disk files stay.",
				"停止并取消定义实验虚拟机（virsh destroy；virsh undefine --snapshots-metadata）；磁盘文件保留。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		DomainInfo d = ctx.host().findDomain(name);
		if (d == null) {
			return "domain " + name + ": not there";
		}
		ctx.requireMayModify("domain", name, d.definition());
		ctx.host().undefineDomain(name);
		return "removed domain " + name;
	}
}
