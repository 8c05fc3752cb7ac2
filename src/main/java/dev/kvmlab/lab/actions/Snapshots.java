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
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.host.XmlDoc;

/** Takes ({@code create-snapshot}: internal, or external with an overlay) or deletes ({@code delete-snapshot}) a snapshot of a lab domain. */
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
			return Text.of("Take a snapshot of a lab domain (like virsh snapshot-create-as; internal for a shut-off qcow2 domain, or external onto an overlay with disk_only); kept if it exists.",
					"为实验虚拟机创建快照（类似 virsh snapshot-create-as；关机的 qcow2 虚拟机为内部快照，disk_only 时为写入覆盖层的外部快照）；已存在则保留。");
		}

		@Override
		public List<ParamSpec> params() {
			List<ParamSpec> out = new ArrayList<>(Snapshots.params());
			out.add(ParamSpec.optional("disk_only", Type.BOOLEAN, "external, disk-only snapshot (--disk-only --atomic): new writes go to an overlay",
					"外部的仅磁盘快照（--disk-only --atomic）：新的写入进入覆盖层"));
			out.add(ParamSpec.optional("disk", Type.STRING, "with disk_only: the disk (target dev, default vda)", "配合 disk_only：磁盘（target dev，默认 vda）"));
			out.add(ParamSpec.optional("overlay", Type.STRING, "with disk_only: the overlay file (lab-* under ${images})",
					"配合 disk_only：覆盖层文件（${images} 下的 lab-* 文件）"));
			return out;
		}

		@Override
		public String run(Params params, ActionContext ctx) {
			String domain = ctx.expand(params.string("domain"));
			String name = ctx.expand(params.string("name"));
			DomainInfo d = labDomain(ctx, domain);
			if (d.snapshots().contains(name)) {
				return "snapshot " + name + " of " + domain + " already there: kept";
			}
			if (params.bool("disk_only", false)) {
				return diskOnly(params, ctx, d, name);
			}
			ctx.host().createSnapshot(domain, "<domainsnapshot><name>" + name + "</name><description>kvmlab " + ctx.labId()
					+ "</description></domainsnapshot>");
			return "took snapshot " + name + " of " + domain;
		}

		/**
		 * An external snapshot of one disk onto a lab overlay file. An overlay file left over from an
		 * earlier, committed snapshot (the domain no longer uses it) is the lab's and is replaced: libvirt
		 * will not write a new overlay over an existing file.
		 */
		private static String diskOnly(Params params, ActionContext ctx, DomainInfo d, String name) {
			String disk = params.string("disk", "vda");
			if (!params.has("overlay")) {
				throw new HostException("CONTENT", "create-snapshot with disk_only needs overlay: the overlay file");
			}
			Path overlay = LabFiles.image(ctx, params.string("overlay"));
			if (ctx.practice()) {
				return "practice mode: libvirt's test driver takes no external (disk-only) snapshots; " + name + " not taken";
			}
			LabFiles.requireLocal(ctx, "external snapshots");
			if (Files.exists(overlay)) {
				if (LibvirtHost.diskFiles(d).contains(overlay.toString())) {
					throw new HostException("VIR_ERR_OPERATION_INVALID", overlay + " is in use by " + d.name()
							+ ": commit it first (blockcommit --active --pivot)");
				}
				ctx.requireMayModify("file", params.string("overlay"), null);
				try {
					Files.delete(overlay);
				}
				catch (IOException e) {
					throw new HostException("IO", "cannot remove the old overlay " + overlay + ": " + e.getMessage(), e);
				}
			}
			ctx.recordCreated("file", overlay.toString());
			ctx.host().createDiskOnlySnapshot(d.name(), "<domainsnapshot><name>" + name + "</name><description>kvmlab "
					+ ctx.labId() + "</description><disks><disk name='" + disk + "' snapshot='external'><source file='" + overlay
					+ "'/></disk></disks></domainsnapshot>");
			return "took external snapshot " + name + " of " + d.name() + ": " + disk + " now writes to " + overlay;
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
			List<ParamSpec> out = new ArrayList<>(Snapshots.params());
			out.add(ParamSpec.optional("metadata_only", Type.BOOLEAN, "forget the snapshot, keep its data and overlay files (--metadata)",
					"只删除快照元数据，保留其数据和覆盖层文件（--metadata）"));
			return out;
		}

		@Override
		public String run(Params params, ActionContext ctx) {
			String domain = ctx.expand(params.string("domain"));
			String name = ctx.expand(params.string("name"));
			DomainInfo d = labDomain(ctx, domain);
			if (!d.snapshots().contains(name)) {
				return "snapshot " + name + " of " + domain + ": not there";
			}
			if (params.bool("metadata_only", false)) {
				ctx.host().deleteSnapshotMetadata(domain, name);
				return "deleted the metadata of snapshot " + name + " of " + domain;
			}
			ctx.host().deleteSnapshot(domain, name);
			return "deleted snapshot " + name + " of " + domain;
		}
	}
}
