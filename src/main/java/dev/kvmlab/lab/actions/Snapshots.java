package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.host.XmlDoc;

/** Takes ({@code create-snapshot}) or deletes ({@code delete-snapshot}) a snapshot of a lab domain. */
final class Snapshots {

	private Snapshots() {
	}

	static DomainInfo labDomain(ActionContext ctx, String name) {
		DomainInfo d = ctx.host().findDomain(name);
		if (d == null) {
			throw new HostException("VIR_ERR_NO_DOMAIN", "no domain " + name);
		}
		ctx.requireMayModify("domain", name, d.definition());
		return d;
	}

	static List<ParamSpec> params() {
		return List.of(ParamSpec.required("domain", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("name", Type.STRING, "snapshot name", "快照名称"));
	}

	@Component
	static class Create implements ActionType {

		@Override
		public String key() {
			return "create-snapshot";
		}

		@Override
		public Text description() {
			return Text.of("Take a snapshot of a lab domain (like virsh snapshot-create-as; internal for a shut-off qcow2 domain); kept if it exists.",
					"为实验虚拟机创建快照（类似 virsh snapshot-create-as；关机的 qcow2 虚拟机为内部快照）；已存在则保留。");
		}

		@Override
		public List<ParamSpec> params() {
			return Snapshots.params();
		}

		@Override
		public String run(Params params, ActionContext ctx) {
			String domain = ctx.expand(params.string("domain"));
			String name = ctx.expand(params.string("name"));
			DomainInfo d = labDomain(ctx, domain);
			if (d.snapshots().contains(name)) {
				return "snapshot " + name + " of " + domain + " already there: kept";
			}
			ctx.host().createSnapshot(domain, "<domainsnapshot><name>" + name + "</name><description>kvmlab " + ctx.labId()
					+ "</description></domainsnapshot>");
			return "took snapshot " + name + " of " + domain;
		}
	}

	@Component
	static class Delete implements ActionType {

		@Override
		public String key() {
			return "delete-snapshot";
		}

		@Override
		public Text description() {
			return Text.of("Delete a snapshot of a lab domain (like virsh snapshot-delete).", "删除实验虚拟机的快照（类似 virsh snapshot-delete）。");
		}

		@Override
		public List<ParamSpec> params() {
			return Snapshots.params();
		}

		@Override
		public String run(Params params, ActionContext ctx) {
			String domain = ctx.expand(params.string("domain"));
			String name = ctx.expand(params.string("name"));
			DomainInfo d = labDomain(ctx, domain);
			if (!d.snapshots().contains(name)) {
				return "snapshot " + name + " of " + domain + ": not there";
			}
			ctx.host().deleteSnapshot(domain, name);
			return "deleted snapshot " + name + " of " + domain;
		}
	}
}
