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

/** A libvirt network starts when the daemon starts. */
@Component
class NetworkAutostart implements CheckType {

	@Override
	public String key() {
		return "network-autostart";
	}

	@Override
	public Text description() {
		return Text.of("A libvirt network is persistent and marked autostart (virsh net-autostart).",
				"libvirt 网络为持久化并设为自动启动（virsh net-autostart）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "network name", "网络名称"));
	}

	@Override
	public String example() {
		return "check: network-autostart\nparams: {name: lab-bridge}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.network(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String expected = "network " + name + " persistent, autostart on";
		return Evidence.from(host.network(name), expected, "no network named " + name,
				n -> CheckResult.of(n.persistent() && n.autostart(), expected, "network " + name + ": "
						+ (n.persistent() ? "persistent" : "transient") + ", autostart " + (n.autostart() ? "on" : "off")));
	}
}
