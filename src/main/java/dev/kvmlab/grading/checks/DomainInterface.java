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
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.XmlDoc;

/**
 * A domain has a NIC on a libvirt network (in its persistent config by default), optionally of a
 * given model. Accepts any way of adding it: virsh edit, attach-interface --config, virt-install.
 */
@Component
class DomainInterface implements CheckType {

	@Override
	public String key() {
		return "domain-interface";
	}

	@Override
	public Text description() {
		return Text.of("A domain has a NIC whose source is the given libvirt network, optionally with a given model (virtio).",
				"虚拟机有一块连接到指定 libvirt 网络的网卡，可选要求网卡型号（virtio）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("network", Type.STRING, "libvirt network name", "libvirt 网络名称"),
				ParamSpec.optional("model", Type.STRING, "NIC model, e.g. virtio", "网卡型号，例如 virtio"),
				ParamSpec.optional("config", Type.STRING, "persistent (default) or live", "persistent（默认）或 live")
					.oneOf("persistent", "live"));
	}

	@Override
	public String example() {
		return "check: domain-interface\nparams: {name: lab-vm1, network: lab-bridge, model: virtio}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String network = p.string("network");
		String model = p.string("model");
		boolean live = "live".equals(p.string("config"));
		String expected = (live ? "running " : "persistent ") + "config of " + name + ": NIC on network " + network
				+ (model == null ? "" : " with model " + model);
		return Evidence.from(host.domain(name), expected, "no domain named " + name, d -> {
			XmlDoc xml = live ? d.liveXml() : d.configXml();
			if (xml == null) {
				return CheckResult.fail(expected, name + " has no persistent definition");
			}
			List<String> nics = new ArrayList<>();
			boolean ok = false;
			for (Node nic : xml.nodes("/domain/devices/interface")) {
				String type = XmlDoc.value(nic, "@type");
				String source = type.equals("network") ? XmlDoc.value(nic, "source/@network")
						: XmlDoc.value(nic, "source/@bridge");
				String nicModel = XmlDoc.value(nic, "model/@type");
				nics.add(type + ":" + source + (nicModel.isEmpty() ? "" : " model " + nicModel));
				if (type.equals("network") && source.equals(network) && (model == null || model.equals(nicModel))) {
					ok = true;
				}
			}
			return CheckResult.of(ok, expected, nics.isEmpty() ? "no NICs" : "NICs: " + String.join("; ", nics));
		});
	}
}
