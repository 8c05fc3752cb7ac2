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

/** A domain has a snapshot of the given name ({@code virsh snapshot-create-as}). */
@Component
class DomainSnapshotExists implements CheckType {

	@Override
	public String key() {
		return "domain-snapshot";
	}

	@Override
	public Text description() {
		return Text.of("A domain has a snapshot with the given name (virsh snapshot-list).",
				"虚拟机有指定名称的快照（virsh snapshot-list）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("snapshot", Type.STRING, "snapshot name", "快照名称"));
	}

	@Override
	public String example() {
		return "check: domain-snapshot\nparams: {name: lab-life, snapshot: before-change}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String snapshot = p.string("snapshot");
		String expected = "snapshot " + snapshot + " of " + name;
		return Evidence.from(host.domain(name), expected, "no domain named " + name,
				d -> CheckResult.of(d.snapshots().contains(snapshot), expected,
						d.snapshots().isEmpty() ? name + " has no snapshots" : "snapshots: " + String.join(", ", d.snapshots())));
	}
}
