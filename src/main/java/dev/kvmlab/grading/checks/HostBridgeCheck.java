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

/** A Linux bridge exists on the host (and, by default, is up). Made with ip, nmcli or brctl alike. */
@Component
class HostBridgeCheck implements CheckType {

	@Override
	public String key() {
		return "host-bridge";
	}

	@Override
	public Text description() {
		return Text.of("A Linux bridge with this name exists on the host; with up: true (default) it is administratively up.",
				"宿主机上存在该名称的 Linux 网桥；up: true（默认）时要求其已启用。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "bridge name", "网桥名称"),
				ParamSpec.optional("up", Type.BOOLEAN, "must be up (default true)", "必须已启用（默认 true）"));
	}

	@Override
	public String example() {
		return "check: host-bridge\nparams: {name: lab-br0, up: true}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.interfaces());
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		boolean up = p.bool("up", true);
		String expected = "bridge " + name + (up ? " up" : "");
		return Evidence.from(host.hostInterface(name), expected, "no interface named " + name, i -> {
			String found = name + ": " + i.kind() + ", " + (i.up() ? "up" : "down")
					+ (i.ports().isEmpty() ? "" : ", ports " + String.join(",", i.ports()));
			return CheckResult.of(i.isBridge() && (!up || i.up()), expected, found);
		});
	}
}
