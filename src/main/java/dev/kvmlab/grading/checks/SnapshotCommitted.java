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
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.SnapshotXml;
import dev.kvmlab.host.XmlDoc;

/**
 * The live-backup dance, from libvirt's own records: the domain has an external, disk-only snapshot
 * ({@code snapshot-create-as --disk-only}), and each disk it moved onto an overlay is back on the image
 * the snapshot was taken from, with the overlay gone from its backing chain
 * ({@code blockcommit --active --pivot}). The snapshot's XML names both files; the domain's live and
 * persistent XML say where the disk is now.
 */
@Component
class SnapshotCommitted implements CheckType {

	@Override
	public String key() {
		return "snapshot-committed";
	}

	@Override
	public Text description() {
		return Text.of("A domain has an external (disk-only) snapshot, and every disk it put on an overlay is back on its original image with the overlay out of its chain (blockcommit --active --pivot).",
				"虚拟机有一个外部（仅磁盘）快照，且该快照放到覆盖层上的每块磁盘都已回到原镜像，覆盖层不再在其后端链中（blockcommit --active --pivot）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("snapshot", Type.STRING, "snapshot name", "快照名称"),
				ParamSpec.optional("disk", Type.STRING, "only this disk (target dev, e.g. vda); default every external disk of the snapshot",
						"只检查这块磁盘（target dev，例如 vda）；默认检查快照的每块外部磁盘"));
	}

	@Override
	public String example() {
		return "check: snapshot-committed\nparams: {name: lab-bak, snapshot: before-backup, disk: vda}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), new SnapshotXml(p.string("name"), p.string("snapshot")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String snapshot = p.string("snapshot");
		String disk = p.string("disk");
		String expected = "external snapshot " + snapshot + " of " + name + (disk == null ? "" : " (disk " + disk + ")")
				+ ", committed back: the disk on its original image again, the overlay out of its chain";
		Lookup<XmlDoc> snapshotXml = host.reading(new SnapshotXml(name, snapshot));
		return Evidence.from(host.domain(name), expected, "no domain named " + name,
				d -> host.practice() && snapshotXml instanceof Lookup.Absent
						? CheckResult.skip(expected, "practice mode: libvirt's test driver takes no external (disk-only) snapshots")
						: Evidence.from(snapshotXml, expected, "no snapshot " + snapshot + " of " + name + " (virsh snapshot-list " + name
								+ "; one taken with --no-metadata leaves nothing to grade)",
								snap -> committed(d, snap, snapshot, disk, expected)));
	}

	private static CheckResult committed(DomainInfo d, XmlDoc snap, String snapshot, String disk, String expected) {
		String filter = disk == null ? "" : "[@name='" + disk.replace("'", "") + "']";
		List<Node> external = snap.nodes("/domainsnapshot/disks/disk[@snapshot='external']" + filter);
		if (external.isEmpty()) {
			return CheckResult.fail(expected, snapshot + " is not an external snapshot" + (disk == null ? "" : " of " + disk)
					+ " (state " + snap.value("/domainsnapshot/state") + "): take it with --disk-only");
		}
		List<String> found = new ArrayList<>();
		for (Node e : external) {
			String target = XmlDoc.value(e, "@name");
			String overlay = XmlDoc.value(e, "source/@file");
			String base = snap.value("/domainsnapshot/domain/devices/disk[target/@dev='" + target + "']/source/@file");
			List<XmlDoc> now = new ArrayList<>();
			if (d.isActive()) {
				now.add(d.liveXml());
			}
			if (d.configXml() != null) {
				now.add(d.configXml());
			}
			for (XmlDoc xml : now) {
				String where = xml == d.liveXml() && d.isActive() ? "running " + d.name() : "the persistent config of " + d.name();
				List<Node> disks = xml.nodes("/domain/devices/disk[target/@dev='" + target + "']");
				if (disks.isEmpty()) {
					return CheckResult.fail(expected, where + " has no disk " + target);
				}
				String top = XmlDoc.value(disks.get(0), "source/@file");
				List<String> chain = new ArrayList<>();
				for (Node b : XmlDoc.nodes(disks.get(0), ".//backingStore/source/@file")) {
					chain.add(b.getNodeValue());
				}
				if (DiskImage.samePath(top, overlay) || chain.stream().anyMatch(c -> DiskImage.samePath(c, overlay))) {
					return CheckResult.fail(expected, "in " + where + ", " + target + " still uses the overlay " + overlay
							+ " (top " + top + (chain.isEmpty() ? "" : ", backing " + String.join(" <- ", chain))
							+ "): blockcommit " + d.name() + " " + target + " --active --pivot");
				}
				if (!DiskImage.samePath(top, base)) {
					return CheckResult.fail(expected, "in " + where + ", " + target + " is " + (top.isEmpty() ? "not a file" : top)
							+ ", not " + base + ", the image " + snapshot + " was taken from");
				}
			}
			found.add(target + " on " + base + " again, overlay " + overlay + " out of its chain");
		}
		return CheckResult.pass(expected, "external snapshot " + snapshot + "; " + String.join("; ", found));
	}
}
