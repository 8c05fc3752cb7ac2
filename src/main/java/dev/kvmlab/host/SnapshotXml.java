package dev.kvmlab.host;

/**
 * The XML of one snapshot of a domain ({@code virsh snapshot-dumpxml DOMAIN SNAPSHOT}): its state,
 * which disks it took externally and to which overlay files, and the domain definition it was taken
 * from. Absent when the domain or the snapshot is not there.
 */
public record SnapshotXml(String domain, String snapshot) implements Need.Reading<XmlDoc> {

	@Override
	public Lookup<XmlDoc> read(LibvirtHost host) {
		String xml = host.snapshotXml(domain, snapshot);
		return xml == null ? Lookup.absent() : Lookup.found(XmlDoc.parse(xml));
	}
}
