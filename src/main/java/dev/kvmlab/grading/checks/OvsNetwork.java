package dev.kvmlab.grading.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostFacts;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;

/**
 * An Open vSwitch network: {@code <virtualport type='openvswitch'/>} and portgroups carrying the
 * given VLAN tags. Where Open vSwitch is not installed and running the criterion is SKIP with that
 * reason (it cannot be done on such a host), never PASS.
 */
@Component
class OvsNetwork implements CheckType {

	@Override
	public String key() {
		return "ovs-network";
	}

	@Override
	public Text description() {
		return Text.of("A libvirt network on an Open vSwitch bridge (<virtualport type='openvswitch'/>) with portgroups for the given VLAN tags; SKIP where Open vSwitch is not available.",
				"基于 Open vSwitch 网桥的 libvirt 网络（<virtualport type='openvswitch'/>），并有对应 VLAN 标签的 portgroup；主机没有 Open vSwitch 时为 SKIP。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "network name", "网络名称"),
				ParamSpec.required("vlans", Type.LIST, "VLAN tags that portgroups must carry", "portgroup 必须带有的 VLAN 标签"));
	}

	@Override
	public String example() {
		return "check: ovs-network\nparams: {name: lab-ovs, vlans: [\"10\", \"20\"]}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.network(p.string("name")), Need.facts());
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		List<String> vlans = p.strings("vlans");
		String expected = "network " + name + ": Open vSwitch bridge, portgroups with VLAN tags " + vlans;
		Lookup<HostFacts> facts = host.facts();
		if (facts instanceof Lookup.Unsupported<HostFacts> u) {
			return CheckResult.skip(expected, "cannot tell whether Open vSwitch is available: " + u.reason());
		}
		if (facts instanceof Lookup.Found<HostFacts> f && !f.value().openvswitch()) {
			return CheckResult.skip(expected, "Open vSwitch is not installed and running on this host (no ovs-vsctl or no"
					+ " ovsdb socket), so this part cannot be done here and does not count");
		}
		return Evidence.from(host.network(name), expected, "no network named " + name, n -> {
			boolean ovs = "openvswitch".equals(n.xml().value("/network/virtualport/@type"));
			List<String> tags = n.xml().values("/network/portgroup/vlan/tag/@id");
			List<String> missing = new ArrayList<>(vlans);
			missing.removeAll(tags);
			return CheckResult.of(ovs && missing.isEmpty(), expected, "network " + name + ": virtualport "
					+ (ovs ? "openvswitch" : "none") + ", portgroup VLAN tags " + tags);
		});
	}
}
