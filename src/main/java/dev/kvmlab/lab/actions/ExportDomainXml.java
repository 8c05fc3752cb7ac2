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

/** Writes a lab domain's persistent XML to a file in the lab's work folder ({@code virsh dumpxml --inactive > FILE}). */
@Component
class ExportDomainXml implements ActionType {

	@Override
	public String key() {
		return "export-domain-xml";
	}

	@Override
	public Text description() {
		return Text.of("Write a lab domain's persistent XML to a file under ${workdir} (virsh dumpxml --inactive > FILE).",
				"把实验虚拟机的持久化 XML 写入 ${workdir} 下的文件（virsh dumpxml --inactive > FILE）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("domain", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("dest", Type.STRING, "file under ${workdir}", "${workdir} 下的文件"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String domain = ctx.expand(params.string("domain"));
		Path dest = Path.of(ctx.expand(params.string("dest"))).normalize();
		if (!LabFiles.inWorkdir(ctx, dest)) {
			throw new HostException("CONTENT", "export-domain-xml writes only under ${workdir}, not " + dest);
		}
		Snapshots.labDomain(ctx, domain);
		try {
			Files.createDirectories(dest.getParent());
			Files.writeString(dest, ctx.host().domainConfigXml(domain));
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot write " + dest + ": " + e.getMessage(), e);
		}
		return "wrote the XML of " + domain + " to " + dest;
	}
}
