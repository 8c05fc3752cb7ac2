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

/** A domain exists (and, by default, is persistent: defined, not only created). */
@Component
class DomainExists implements CheckType {

	@Override
	public String key() {
		return "domain-exists";
	}

	@Override
	public Text description() {
		return Text.of("A domain with this name exists; with persistent: true (default) it must be defined, not transient.",
				"存在该名称的虚拟机；persistent: true（默认）时必须是已定义的持久化虚拟机，而非临时虚拟机。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("persistent", Type.BOOLEAN, "must be persistent (default true)", "必须为持久化（默认 true）"));
	}

	@Override
	public String example() {
		return "check: domain-exists\nparams: {name: lab-vm1, persistent: true}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		boolean persistent = p.bool("persistent", true);
		String expected = "domain " + name + (persistent ? " (persistent)" : "");
		return Evidence.from(host.domain(name), expected, "no domain named " + name,
				d -> CheckResult.of(!persistent || d.persistent(), expected,
						"domain " + name + " (" + (d.persistent() ? "persistent" : "transient") + ", " + d.state().label() + ")"));
	}
}
