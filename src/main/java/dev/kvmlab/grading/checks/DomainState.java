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

/** A domain is in the given state (running, shut off, paused...). */
@Component
class DomainState implements CheckType {

	@Override
	public String key() {
		return "domain-state";
	}

	@Override
	public Text description() {
		return Text.of("A domain is in the given state, as virsh domstate prints it.", "虚拟机处于指定状态（与 virsh domstate 输出一致）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("state", Type.STRING, "expected state", "期望状态")
					.oneOf("running", "shut off", "paused", "idle", "crashed", "pmsuspended"));
	}

	@Override
	public String example() {
		return "check: domain-state\nparams: {name: lab-vm1, state: running}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		dev.kvmlab.host.DomainState want = dev.kvmlab.host.DomainState.parse(p.string("state"));
		String expected = name + " " + want.label();
		return Evidence.from(host.domain(name), expected, "no domain named " + name,
				d -> CheckResult.of(d.state() == want, expected, name + " " + d.state().label()));
	}
}
