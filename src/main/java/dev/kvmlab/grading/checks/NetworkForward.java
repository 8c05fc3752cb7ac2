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

/**
 * A network's forward mode (none for isolated, nat, route, bridge, ...) and, optionally, its bridge
 * device: for {@code mode='bridge'} that is the host bridge it plugs guests into.
 */
@Component
class NetworkForward implements CheckType {

	@Override
	public String key() {
		return "network-forward";
	}

	@Override
	public Text description() {
		return Text.of("A network's <forward mode=...> (\"none\" when it has no <forward>: isolated) and optionally its <bridge name=...>.",
				"网络的 <forward mode=...>（没有 <forward> 时为 \"none\"，即隔离网络），可选检查 <bridge name=...>。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "network name", "网络名称"),
				ParamSpec.required("mode", Type.STRING, "forward mode", "转发模式")
					.oneOf("none", "nat", "route", "open", "bridge", "private", "vepa", "passthrough", "hostdev"),
				ParamSpec.optional("bridge", Type.STRING, "bridge device name", "网桥设备名"));
	}

	@Override
	public String example() {
		return "check: network-forward\nparams: {name: lab-bridge, mode: bridge, bridge: lab-br0}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.network(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String mode = p.string("mode");
		String bridge = p.string("bridge");
		String expected = "network " + name + ": forward mode " + mode + (bridge == null ? "" : " on bridge " + bridge);
		return Evidence.from(host.network(name), expected, "no network named " + name, n -> {
			boolean hasForward = n.xml().exists("/network/forward");
			String foundMode = hasForward ? n.xml().value("/network/forward/@mode") : "none";
			if (hasForward && foundMode.isEmpty()) {
				foundMode = "nat"; // libvirt's default for <forward/>
			}
			String foundBridge = n.xml().value("/network/bridge/@name");
			boolean ok = foundMode.equals(mode) && (bridge == null || bridge.equals(foundBridge));
			return CheckResult.of(ok, expected, "network " + name + ": forward mode " + foundMode
					+ (foundBridge.isEmpty() ? "" : " on bridge " + foundBridge));
		});
	}
}
