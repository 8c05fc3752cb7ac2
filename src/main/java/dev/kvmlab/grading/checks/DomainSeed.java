package dev.kvmlab.grading.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.w3c.dom.Node;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.FileInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.XmlDoc;

/**
 * A domain has a cloud-init NoCloud seed attached: a disk or cdrom whose file is an ISO 9660 image
 * labelled {@code cidata} (cloud-localds, genisoimage -volid cidata, virt-install --cloud-init).
 */
@Component
class DomainSeed implements CheckType {

	@Override
	public String key() {
		return "domain-seed";
	}

	@Override
	public Text description() {
		return Text.of("A domain has a cloud-init NoCloud seed attached: a disk or cdrom whose file is an ISO 9660 image with volume id cidata.",
				"虚拟机挂载了 cloud-init NoCloud 种子盘：某块磁盘或光驱的文件是卷标为 cidata 的 ISO 9660 镜像。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("config", Type.STRING, "persistent (default) or live", "persistent（默认）或 live")
					.oneOf("persistent", "live"));
	}

	@Override
	public String example() {
		return "check: domain-seed\nparams: {name: lab-vm1}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), Need.domainFiles(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		boolean live = "live".equals(p.string("config"));
		String expected = (live ? "running " : "persistent ") + "config of " + name
				+ ": a disk or cdrom with an ISO 9660 seed labelled cidata";
		return Evidence.from(host.domain(name), expected, "no domain named " + name, d -> {
			XmlDoc xml = live ? d.liveXml() : d.definition();
			List<String> seen = new ArrayList<>();
			for (Node disk : xml.nodes("/domain/devices/disk[source/@file]")) {
				String path = XmlDoc.value(disk, "source/@file");
				Lookup<FileInfo> file = host.file(path);
				if (file instanceof Lookup.Found<FileInfo> f) {
					String label = f.value().isoVolumeId();
					if (label != null && label.equalsIgnoreCase("cidata")) {
						return CheckResult.pass(expected, XmlDoc.value(disk, "@device") + " " + path + " (ISO 9660, volume id " + label + ")");
					}
					seen.add(path + (f.value().exists() ? label == null ? " (not ISO 9660)" : " (volume id " + label + ")" : " (missing)"));
				}
				else if (file instanceof Lookup.Unsupported<FileInfo> u) {
					return CheckResult.skip(expected, u.reason());
				}
				else if (file instanceof Lookup.Failed<FileInfo> fl) {
					return CheckResult.error(expected, fl.reason());
				}
			}
			return CheckResult.fail(expected, seen.isEmpty() ? "no disk files" : "disk files: " + String.join("; ", seen));
		});
	}
}
