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
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;

/** No domain of that name on the host, neither running nor defined: it has moved away (--undefinesource) or was removed. */
@Component
class DomainAbsent implements CheckType {

	@Override
	public String key() {
		return "domain-absent";
	}

	@Override
	public Text description() {
		return Text.of("No domain of this name on the host, neither running nor defined (it moved away or was removed).",
				"主机上没有该名称的虚拟机，既未运行也未定义（已迁走或已删除）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"));
	}

	@Override
	public String example() {
		return "check: domain-absent\nparams: {name: lab-mig}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String expected = "no domain " + name + " here";
		Lookup<DomainInfo> d = host.domain(name);
		if (d instanceof Lookup.Absent<DomainInfo>) {
			return CheckResult.pass(expected, "no domain " + name);
		}
		return Evidence.from(d, expected, "no domain " + name, found -> CheckResult.fail(expected, "domain " + name + " is still here ("
				+ (found.persistent() ? "persistent" : "transient") + ", " + found.state().label() + ")"));
	}
}
