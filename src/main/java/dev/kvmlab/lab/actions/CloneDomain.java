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

/**
 * Clones a shut-off lab domain like {@code virt-clone}: a copy of each disk file, a new name, no
 * UUID and no MAC addresses (libvirt makes new ones), marked as the lab's.
 */
@Component
class CloneDomain implements ActionType {

	@Override
	public String key() {
		return "clone-domain";
	}

	@Override
	public Text description() {
		return Text.of("Clone a shut-off lab domain like virt-clone: copy its disk to a lab-* file, new name, new UUID and MACs; kept if the clone exists.",
				"像 virt-clone 一样克隆关机的实验虚拟机：把磁盘复制为 lab-* 文件，新名称、新 UUID 和新 MAC；克隆已存在则保留。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("from", Type.STRING, "the original domain", "原虚拟机"),
				ParamSpec.required("name", Type.STRING, "the clone's name (lab-*)", "克隆名称（lab-*）"),
				ParamSpec.required("disk", Type.STRING, "the clone's disk file (lab-* under ${images})", "克隆的磁盘文件（${images} 下的 lab-* 文件）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String from = ctx.expand(params.string("from"));
		String name = ctx.expand(params.string("name"));
		Path disk = LabFiles.image(ctx, params.string("disk"));
		if (!Ownership.hasPrefix(name)) {
			throw new HostException("CONTENT", "lab domains are named lab-*, found '" + name + "'");
		}
		DomainInfo clone = ctx.host().findDomain(name);
		if (clone != null) {
			ctx.requireMayModify("domain", name, clone.definition());
			return "domain " + name + " already there: kept";
		}
		DomainInfo orig = Snapshots.labDomain(ctx, from);
		if (orig.isActive()) {
			throw new HostException("VIR_ERR_OPERATION_INVALID", from + " is running: shut it down before cloning");
		}
		XmlDoc xml = XmlDoc.parse(ctx.host().domainConfigXml(from));
		List<org.w3c.dom.Node> disks = xml.nodes("/domain/devices/disk[@device='disk']/source/@file");
		if (disks.size() > 1) {
			throw new HostException("CONTENT", "clone-domain copies one disk; " + from + " has " + disks.size());
		}
		if (!ctx.practice()) {
			LabFiles.requireLocal(ctx, "clones");
			for (org.w3c.dom.Node src : disks) {
				if (Files.exists(disk)) {
					ctx.requireMayModify("file", params.string("disk"), null);
				}
				ctx.recordCreated("file", disk.toString());
				ctx.commands().run(List.of("qemu-img", "convert", "-q", "-O", "qcow2", src.getNodeValue(), disk.toString()));
			}
		}
		for (org.w3c.dom.Node src : disks) {
			src.setNodeValue(disk.toString());
		}
		xml.nodes("/domain/name").get(0).setTextContent(name);
		for (org.w3c.dom.Node n : new ArrayList<>(xml.nodes("/domain/uuid | /domain/devices/interface/mac"
				+ " | /domain/devices/interface/target | /domain/devices/graphics/@port"))) {
			if (n instanceof org.w3c.dom.Attr a) {
				a.getOwnerElement().removeAttributeNode(a);
			}
			else {
				n.getParentNode().removeChild(n);
			}
		}
		String text = Ownership.mark(EditConfig.serialize(xml), ctx.labId());
		ctx.recordCreated("domain", name);
		ctx.host().defineDomain(text);
		return "cloned " + from + " to " + name + " (disk " + disk + ")";
	}
}
