package dev.kvmlab.grading.checks;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;

/** A libvirt network is active (started). */
@Component
class NetworkActive implements CheckType {

	@Override
	public String key() {
		return "network-active";
	}

	@Override
	public Text description() {
		return Text.of("A libvirt network exists and is active (virsh net-start).", "libvirt 网络存在且处于活动状态（virsh net-start）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "network name", "网络名称"));
	}

	@Override
	public String example() {
		return "check: network-active\nparams: {name: lab-bridge}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.network(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String expected = "network " + name + " active";
		return Evidence.from(host.network(name), expected, "no network named " + name,
				n -> CheckResult.of(n.active(), expected, "network " + name + (n.active() ? " active" : " inactive")));
	}
}
