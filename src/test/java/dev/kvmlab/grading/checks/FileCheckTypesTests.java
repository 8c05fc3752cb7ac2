package dev.kvmlab.grading.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.Params;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.DomainState;
import dev.kvmlab.host.FileInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.XmlDoc;

/**
 * The check types of labs first-vm and lifecycle-snapshots, against snapshots built by hand: disks
 * with what qemu-img said of their files, a seed ISO's volume id, snapshots, an exported XML, a clone.
 */
class FileCheckTypesTests {

	private static final String BASE = "/img/lab-base.qcow2";

	private static Params params(Object... kv) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			map.put((String) kv[i], kv[i + 1]);
		}
		return new Params(map);
	}

	private static String xml(String name, String uuid, String mac, String disk, String cdrom) {
		return "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid + "</uuid><devices>"
				+ "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + disk + "'/>"
				+ "<target dev='vda' bus='virtio'/></disk>"
				+ (cdrom == null ? "" : "<disk type='file' device='cdrom'><source file='" + cdrom + "'/><target dev='sda' bus='sata'/></disk>")
				+ "<interface type='network'><mac address='" + mac + "'/><source network='default'/><model type='virtio'/></interface>"
				+ "</devices></domain>";
	}

	private static DomainInfo domain(String xml, List<String> snapshots) {
		XmlDoc doc = XmlDoc.parse(xml);
		return new DomainInfo(doc.value("/domain/name"), doc.value("/domain/uuid"), DomainState.SHUTOFF, true, false, doc,
				doc, snapshots);
	}

	private static HostSnapshot snapshot(List<DomainInfo> domains, List<FileInfo> files) {
		Map<String, Lookup<DomainInfo>> d = new LinkedHashMap<>();
		domains.forEach(x -> d.put(x.name(), Lookup.found(x)));
		Map<String, Lookup<FileInfo>> f = new LinkedHashMap<>();
		files.forEach(x -> f.put(x.path(), Lookup.found(x)));
		return new HostSnapshot("qemu:///system", false, Instant.now(), d, Lookup.unsupported("-"), Map.of(), Map.of(),
				Lookup.unsupported("-"), Lookup.unsupported("-"), Lookup.unsupported("-"), Map.of(), f);
	}

	private static FileInfo image(String path, String format, String backing) {
		return new FileInfo(path, true, 196616, null, format, backing, null);
	}

	@Test
	void diskImagePassesForAnOverlayOnTheBaseAndSaysWhatItFound() {
		DomainInfo vm = domain(xml("lab-vm1", "u1", "52:54:00:00:00:01", "/img/lab-vm1-disk.qcow2", null), List.of());
		Params p = params("name", "lab-vm1", "format", "qcow2", "backing", BASE);

		CheckResult overlay = new DiskImage().evaluate(p, snapshot(List.of(vm), List.of(image("/img/lab-vm1-disk.qcow2", "qcow2", BASE))));
		CheckResult standalone = new DiskImage().evaluate(p, snapshot(List.of(vm), List.of(image("/img/lab-vm1-disk.qcow2", "qcow2", null))));
		CheckResult missing = new DiskImage().evaluate(p, snapshot(List.of(vm), List.of(FileInfo.missing("/img/lab-vm1-disk.qcow2"))));

		assertThat(overlay.status()).isEqualTo(Status.PASS);
		assertThat(overlay.found()).isEqualTo("/img/lab-vm1-disk.qcow2: qcow2, backing file " + BASE);
		assertThat(standalone.status()).isEqualTo(Status.FAIL);
		assertThat(standalone.found()).endsWith("no backing file");
		assertThat(missing.found()).isEqualTo("disk file /img/lab-vm1-disk.qcow2 does not exist");
	}

	@Test
	void domainSeedLooksForAnIsoLabelledCidata() {
		DomainInfo vm = domain(xml("lab-vm1", "u1", "52:54:00:00:00:01", "/img/d.qcow2", "/img/lab-vm1-seed.iso"), List.of());
		FileInfo disk = image("/img/d.qcow2", "qcow2", BASE);

		CheckResult seeded = new DomainSeed().evaluate(params("name", "lab-vm1"), snapshot(List.of(vm),
				List.of(disk, new FileInfo("/img/lab-vm1-seed.iso", true, 374784, null, "raw", null, "cidata"))));
		CheckResult otherIso = new DomainSeed().evaluate(params("name", "lab-vm1"), snapshot(List.of(vm),
				List.of(disk, new FileInfo("/img/lab-vm1-seed.iso", true, 374784, null, "raw", null, "DEBIAN"))));

		assertThat(seeded.status()).isEqualTo(Status.PASS);
		assertThat(otherIso.status()).isEqualTo(Status.FAIL);
		assertThat(otherIso.found()).contains("/img/lab-vm1-seed.iso (volume id DEBIAN)");
	}

	@Test
	void domainSnapshotNamesTheSnapshotsThere() {
		DomainInfo life = domain(xml("lab-life", "u1", "52:54:00:00:00:01", "/img/l.qcow2", null), List.of("other"));
		CheckResult r = new DomainSnapshotExists().evaluate(params("name", "lab-life", "snapshot", "before-change"),
				snapshot(List.of(life), List.of()));
		assertThat(r.status()).isEqualTo(Status.FAIL);
		assertThat(r.found()).isEqualTo("snapshots: other");
	}

	@Test
	void domainXmlFileWantsTheDomainsNameAndUuid() {
		String text = xml("lab-life", "u1", "52:54:00:00:00:01", "/img/l.qcow2", null);
		DomainInfo life = domain(text, List.of());
		Params p = params("path", "/w/lab-life.xml", "name", "lab-life");

		CheckResult same = new DomainXmlFile().evaluate(p, snapshot(List.of(life), List.of(new FileInfo("/w/lab-life.xml", true, 10, text, null, null, null))));
		CheckResult other = new DomainXmlFile().evaluate(p, snapshot(List.of(life), List.of(new FileInfo("/w/lab-life.xml", true, 10,
				text.replace("<uuid>u1", "<uuid>u2"), null, null, null))));
		CheckResult garbage = new DomainXmlFile().evaluate(p, snapshot(List.of(life), List.of(new FileInfo("/w/lab-life.xml", true, 10,
				"<domain><name>", null, null, null))));

		assertThat(same.status()).isEqualTo(Status.PASS);
		assertThat(other.status()).isEqualTo(Status.FAIL);
		assertThat(other.found()).contains("(lab-life has u1)");
		assertThat(garbage.found()).isEqualTo("/w/lab-life.xml is not well-formed XML");
	}

	@Test
	void domainXmlFileInAnotherLearnersWorkFolderIsSkipped() {
		DomainInfo life = domain(xml("lab-life", "u1", "52:54:00:00:00:01", "/img/l.qcow2", null), List.of());
		CheckResult r = new DomainXmlFile().evaluate(params("path", "${workdir}/lab-life.xml", "name", "lab-life"),
				snapshot(List.of(life), List.of()));
		assertThat(r.status()).isEqualTo(Status.SKIP);
	}

	@Test
	void domainCloneWantsItsOwnUuidMacAndDisk() {
		DomainInfo orig = domain(xml("lab-life", "u1", "52:54:00:00:00:01", "/img/lab-life.qcow2", null), List.of());
		FileInfo origDisk = image("/img/lab-life.qcow2", "qcow2", null);
		FileInfo cloneDisk = image("/img/lab-life-clone.qcow2", "qcow2", null);
		Params p = params("name", "lab-life-clone", "of", "lab-life");

		CheckResult proper = new DomainClone().evaluate(p, snapshot(List.of(orig, domain(xml("lab-life-clone", "u2",
				"52:54:00:00:00:02", "/img/lab-life-clone.qcow2", null), List.of())), List.of(origDisk, cloneDisk)));
		CheckResult copiedXml = new DomainClone().evaluate(p, snapshot(List.of(orig, domain(xml("lab-life-clone", "u1",
				"52:54:00:00:00:01", "/img/lab-life.qcow2", null), List.of())), List.of(origDisk)));

		assertThat(proper.status()).isEqualTo(Status.PASS);
		assertThat(copiedXml.status()).isEqualTo(Status.FAIL);
		assertThat(copiedXml.found()).isEqualTo("same UUID u1; same MAC 52:54:00:00:00:01; shares disk /img/lab-life.qcow2 with lab-life");
	}

	@Test
	void anIsoVolumeIdIsReadFromThePrimaryVolumeDescriptor(@TempDir Path dir) throws Exception {
		byte[] iso = new byte[40960];
		byte[] head = { 1, 'C', 'D', '0', '0', '1', 1 };
		System.arraycopy(head, 0, iso, 32768, head.length);
		byte[] label = String.format("%-32s", "cidata").getBytes();
		System.arraycopy(label, 0, iso, 32768 + 40, 32);
		Path file = dir.resolve("seed.iso");
		Files.write(file, iso);
		Path other = dir.resolve("disk.raw");
		Files.write(other, new byte[40960]);

		assertThat(dev.kvmlab.host.LibvirtHostIso.volumeId(file)).isEqualTo("cidata");
		assertThat(dev.kvmlab.host.LibvirtHostIso.volumeId(other)).isNull();
	}
}
