package dev.kvmlab.grading.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.Params;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.ConsoleLog;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.DomainState;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.ImageCompare;
import dev.kvmlab.host.ImageFile;
import dev.kvmlab.host.ImageInfo;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.SnapshotXml;
import dev.kvmlab.host.XmlDoc;

/**
 * The check types of lab backup-restore: an external snapshot committed back (snapshot-committed),
 * a standalone backup image (image-file) and a restored guest's console (console-log). The snapshot
 * check runs against libvirt's test driver, which keeps snapshot metadata as qemu:///system does; the
 * file-based ones against readings built from what the real host showed.
 */
class BackupCheckTypesTests {

	private static final String BASE = "/img/lab-bak.qcow2";

	private static final String OVERLAY = "/img/lab-bak-overlay.qcow2";

	private static Params params(Object... kv) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			map.put((String) kv[i], kv[i + 1]);
		}
		return new Params(map);
	}

	private static HostSnapshot host(boolean practice, Map<Need.Reading<?>, Lookup<?>> readings, DomainInfo... domains) {
		Map<String, Lookup<DomainInfo>> d = new LinkedHashMap<>();
		for (DomainInfo x : domains) {
			d.put(x.name(), Lookup.found(x));
		}
		return new HostSnapshot(practice ? "test:///default" : "qemu:///system", practice, Instant.now(), d,
				Lookup.unsupported("-"), Map.of(), Map.of(), Lookup.unsupported("-"), Lookup.unsupported("-"),
				Lookup.unsupported("-"), Map.of(), Map.of()).withReadings(readings);
	}

	/** lab-bak as libvirt shows it: running with its vda on {@code top}, backed by {@code backing} (or nothing). */
	private static DomainInfo labBak(DomainState state, String top, String backing) {
		String chain = backing == null ? "<backingStore/>"
				: "<backingStore type='file' index='1'><format type='qcow2'/><source file='" + backing + "'/><backingStore/></backingStore>";
		XmlDoc live = XmlDoc.parse("<domain type='qemu'><name>lab-bak</name><devices><disk type='file' device='disk'>"
				+ "<driver name='qemu' type='qcow2'/><source file='" + top + "' index='2'/>" + chain
				+ "<target dev='vda' bus='virtio'/></disk></devices></domain>");
		XmlDoc config = XmlDoc.parse("<domain type='qemu'><name>lab-bak</name><devices><disk type='file' device='disk'>"
				+ "<driver name='qemu' type='qcow2'/><source file='" + top + "'/><target dev='vda' bus='virtio'/></disk></devices></domain>");
		return new DomainInfo("lab-bak", "u1", state, true, false, live, config, List.of("before-backup"));
	}

	/** The XML virsh snapshot-dumpxml printed for `snapshot-create-as lab-bak before-backup --disk-only --diskspec vda,file=...`. */
	private static XmlDoc externalSnapshot() {
		return XmlDoc.parse("<domainsnapshot><name>before-backup</name><state>disk-snapshot</state><memory snapshot='no'/>"
				+ "<disks><disk name='vda' snapshot='external' type='file'><driver type='qcow2'/><source file='" + OVERLAY + "'/></disk></disks>"
				+ "<domain type='qemu'><name>lab-bak</name><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
				+ "<source file='" + BASE + "'/><target dev='vda' bus='virtio'/></disk></devices></domain></domainsnapshot>");
	}

	private static final Params COMMITTED = params("name", "lab-bak", "snapshot", "before-backup", "disk", "vda");

	private static final SnapshotXml BEFORE_BACKUP = new SnapshotXml("lab-bak", "before-backup");

	@Test
	void snapshotCommittedPassesWhenTheDiskIsBackOnItsBase() {
		CheckResult r = new SnapshotCommitted().evaluate(COMMITTED,
				host(false, Map.of(BEFORE_BACKUP, Lookup.found(externalSnapshot())), labBak(DomainState.RUNNING, BASE, null)));

		assertThat(r.status()).isEqualTo(Status.PASS);
		assertThat(r.found()).isEqualTo("external snapshot before-backup; vda on " + BASE + " again, overlay " + OVERLAY + " out of its chain");
	}

	@Test
	void snapshotCommittedFailsWhileTheDomainStillWritesToTheOverlay() {
		CheckResult r = new SnapshotCommitted().evaluate(COMMITTED,
				host(false, Map.of(BEFORE_BACKUP, Lookup.found(externalSnapshot())), labBak(DomainState.RUNNING, OVERLAY, BASE)));

		assertThat(r.status()).isEqualTo(Status.FAIL);
		assertThat(r.found()).isEqualTo("in running lab-bak, vda still uses the overlay " + OVERLAY + " (top " + OVERLAY + ", backing "
				+ BASE + "): blockcommit lab-bak vda --active --pivot");
	}

	@Test
	void snapshotCommittedFailsForAnInternalSnapshotAMissingOneAndADiskMovedElsewhere() {
		XmlDoc internal = XmlDoc.parse("<domainsnapshot><name>before-backup</name><state>running</state><memory snapshot='internal'/>"
				+ "<disks><disk name='vda' snapshot='internal'/></disks></domainsnapshot>");
		DomainInfo shutOffOnCopy = labBak(DomainState.SHUTOFF, "/img/lab-other.qcow2", null);

		CheckResult notExternal = new SnapshotCommitted().evaluate(COMMITTED,
				host(false, Map.of(BEFORE_BACKUP, Lookup.found(internal)), labBak(DomainState.RUNNING, BASE, null)));
		CheckResult none = new SnapshotCommitted().evaluate(COMMITTED,
				host(false, Map.of(BEFORE_BACKUP, Lookup.absent()), labBak(DomainState.RUNNING, BASE, null)));
		CheckResult elsewhere = new SnapshotCommitted().evaluate(COMMITTED,
				host(false, Map.of(BEFORE_BACKUP, Lookup.found(externalSnapshot())), shutOffOnCopy));

		assertThat(notExternal.found()).isEqualTo("before-backup is not an external snapshot of vda (state running): take it with --disk-only");
		assertThat(none.status()).isEqualTo(Status.FAIL);
		assertThat(none.found()).isEqualTo("no snapshot before-backup of lab-bak (virsh snapshot-list lab-bak; one taken with"
				+ " --no-metadata leaves nothing to grade)");
		assertThat(elsewhere.found()).isEqualTo("in the persistent config of lab-bak, vda is /img/lab-other.qcow2, not " + BASE
				+ ", the image before-backup was taken from");
	}

	@Test
	void snapshotCommittedIsSkippedInPracticeWhereTheTestDriverTakesNoExternalSnapshots() {
		CheckResult r = new SnapshotCommitted().evaluate(COMMITTED,
				host(true, Map.of(BEFORE_BACKUP, Lookup.absent()), labBak(DomainState.RUNNING, BASE, null)));

		assertThat(r.status()).isEqualTo(Status.SKIP);
		assertThat(r.found()).contains("practice mode");
	}

	@Test
	void theSnapshotXmlIsReadFromLibvirtAndAMissingSnapshotIsAbsent() {
		try (LibvirtHost host = LibvirtHost.open("test:///default", false)) {
			host.createSnapshot("test", "<domainsnapshot><name>kvmlab-unit</name></domainsnapshot>");
			try {
				readsTheSnapshot(host);
			}
			finally {
				host.deleteSnapshotMetadata("test", "kvmlab-unit"); // the undo of snapshot-committed
			}
			assertThat(host.domain("test").snapshots()).doesNotContain("kvmlab-unit");
			assertThat(host.snapshotXml("test", "kvmlab-unit")).isNull();
		}
	}

	private static void readsTheSnapshot(LibvirtHost host) {
		HostSnapshot s = host.snapshot(List.of(Need.domain("test"), new SnapshotXml("test", "kvmlab-unit"),
				new SnapshotXml("test", "none"), new SnapshotXml("no-such-domain", "kvmlab-unit")));

		assertThat(s.reading(new SnapshotXml("test", "kvmlab-unit")).orNull().value("/domainsnapshot/name")).isEqualTo("kvmlab-unit");
		assertThat(s.reading(new SnapshotXml("test", "none"))).isEqualTo(Lookup.absent());
		assertThat(s.reading(new SnapshotXml("no-such-domain", "kvmlab-unit"))).isEqualTo(Lookup.absent());
		// the internal snapshot of the test driver is graded as not external
		CheckResult r = new SnapshotCommitted().evaluate(params("name", "test", "snapshot", "kvmlab-unit"), s);
		assertThat(r.status()).isEqualTo(Status.FAIL);
		assertThat(r.found()).startsWith("kvmlab-unit is not an external snapshot");
	}

	@Test
	void imageFileWantsAStandaloneCopyOfTheOriginalsSize() {
		Params p = params("path", "/img/lab-bak-backup.qcow2", "format", "qcow2", "standalone", true, "same_size_as", BASE);
		ImageFile backup = new ImageFile("/img/lab-bak-backup.qcow2");
		ImageFile original = new ImageFile(BASE);
		Lookup<ImageInfo> orig = Lookup.found(new ImageInfo(BASE, "qcow2", 67108864, 200704, null));

		CheckResult copy = new ImageFileCheck().evaluate(p, host(false, Map.of(backup,
				Lookup.found(new ImageInfo("/img/lab-bak-backup.qcow2", "qcow2", 67108864, 200704, null)), original, orig)));
		CheckResult overlay = new ImageFileCheck().evaluate(p, host(false, Map.of(backup,
				Lookup.found(new ImageInfo("/img/lab-bak-backup.qcow2", "qcow2", 67108864, 200704, BASE)), original, orig)));
		CheckResult smaller = new ImageFileCheck().evaluate(p, host(false, Map.of(backup,
				Lookup.found(new ImageInfo("/img/lab-bak-backup.qcow2", "qcow2", 33554432, 200704, null)), original, orig)));
		CheckResult raw = new ImageFileCheck().evaluate(p, host(false, Map.of(backup,
				Lookup.found(new ImageInfo("/img/lab-bak-backup.qcow2", "raw", 67108864, 200704, null)), original, orig)));
		CheckResult missing = new ImageFileCheck().evaluate(p, host(false, Map.of(backup, Lookup.absent(), original, orig)));
		CheckResult remote = new ImageFileCheck().evaluate(p, host(false, Map.of(backup, Lookup.unsupported("remote"), original, orig)));

		assertThat(copy.status()).isEqualTo(Status.PASS);
		assertThat(copy.found()).isEqualTo("/img/lab-bak-backup.qcow2: qcow2, virtual size 67108864 bytes, no backing file, as " + BASE);
		assertThat(overlay.status()).isEqualTo(Status.FAIL);
		assertThat(overlay.found()).endsWith("backing file " + BASE + ": it needs its backing file, so it is not a copy that stands alone");
		assertThat(smaller.found()).endsWith("; " + BASE + " has 67108864 bytes");
		assertThat(raw.status()).isEqualTo(Status.FAIL);
		assertThat(missing.found()).isEqualTo("no file /img/lab-bak-backup.qcow2");
		assertThat(remote.status()).isEqualTo(Status.SKIP);
	}

	@Test
	void imageFileWithTheSameDataAsTheOriginalIsACopyAndAnEmptyImageIsNot() {
		Params p = params("path", "/img/lab-bak-backup.qcow2", "standalone", true, "same_content_as", BASE);
		ImageFile backup = new ImageFile("/img/lab-bak-backup.qcow2");
		ImageCompare compare = new ImageCompare("/img/lab-bak-backup.qcow2", BASE);
		Lookup<ImageInfo> info = Lookup.found(new ImageInfo("/img/lab-bak-backup.qcow2", "qcow2", 67108864, 200704, null));

		CheckResult copy = new ImageFileCheck().evaluate(p, host(false, Map.of(backup, info, compare,
				Lookup.found(new ImageCompare.Verdict(true, "Images are identical.")))));
		CheckResult empty = new ImageFileCheck().evaluate(p, host(false, Map.of(backup, info, compare,
				Lookup.found(new ImageCompare.Verdict(false, "Content mismatch at offset 0!")))));

		assertThat(new ImageFileCheck().needs(p)).containsExactlyInAnyOrder(backup, compare);
		assertThat(copy.status()).isEqualTo(Status.PASS);
		assertThat(copy.found()).endsWith("no backing file; the same data as " + BASE);
		assertThat(empty.status()).isEqualTo(Status.FAIL);
		assertThat(empty.found()).endsWith("; qemu-img compare with " + BASE + ": Content mismatch at offset 0!");
	}

	private static final String BOOT = "[    0.000000] Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org)\n"
			+ "[    0.000000] Command line: console=ttyS0 kvmlab.hostname=lab-bak\n";

	private static CheckResult console(ConsoleLog.Seen seen) {
		return new ConsoleLogCheck().evaluate(params("name", "lab-bak-restored", "marker", "KVMLAB-GUEST-READY"),
				host(false, Map.of(new ConsoleLog("lab-bak-restored"), Lookup.found(seen))));
	}

	@Test
	void consoleLogPassesForTheMarkerOfTheCurrentBoot() {
		Instant started = Instant.parse("2026-11-26T09:41:00Z");
		CheckResult up = console(new ConsoleLog.Seen("lab-bak-restored", DomainState.RUNNING, "/img/r.log", started,
				started.plusSeconds(5), BOOT + "kvmlab: no org.qemu.guest_agent.0 port\nKVMLAB-GUEST-READY lab-bak 6.1.0-56-cloud-amd64\n/ # "));

		assertThat(up.status()).isEqualTo(Status.PASS);
		assertThat(up.found()).isEqualTo("/img/r.log: KVMLAB-GUEST-READY lab-bak 6.1.0-56-cloud-amd64");
	}

	@Test
	void consoleLogFailsForAnOlderBootAStaleFileAStoppedDomainAndNoLog() {
		Instant started = Instant.parse("2026-11-26T09:41:00Z");
		String twoBoots = BOOT + "KVMLAB-GUEST-READY lab-bak 6.1.0\n" + BOOT + "[    0.5] booting...\n";

		CheckResult booting = console(new ConsoleLog.Seen("lab-bak-restored", DomainState.RUNNING, "/img/r.log", started,
				started.plusSeconds(1), twoBoots));
		CheckResult stale = console(new ConsoleLog.Seen("lab-bak-restored", DomainState.RUNNING, "/img/r.log", started,
				started.minusSeconds(60), BOOT + "KVMLAB-GUEST-READY lab-bak 6.1.0\n"));
		CheckResult off = console(new ConsoleLog.Seen("lab-bak-restored", DomainState.SHUTOFF, "/img/r.log", null,
				started, BOOT + "KVMLAB-GUEST-READY lab-bak 6.1.0\n"));
		CheckResult nowhere = console(new ConsoleLog.Seen("lab-bak-restored", DomainState.RUNNING, null, started, null, null));
		CheckResult absent = new ConsoleLogCheck().evaluate(params("name", "lab-bak-restored", "marker", "KVMLAB-GUEST-READY"),
				host(false, Map.of(new ConsoleLog("lab-bak-restored"), Lookup.absent())));

		assertThat(booting.status()).isEqualTo(Status.FAIL);
		assertThat(booting.found()).startsWith("no KVMLAB-GUEST-READY in /img/r.log since the latest boot");
		assertThat(stale.found()).isEqualTo("/img/r.log was last written 2026-11-26T09:40:00Z, before lab-bak-restored started (2026-11-26T09:41:00Z)");
		assertThat(off.found()).isEqualTo("lab-bak-restored is shut off (virsh start lab-bak-restored)");
		assertThat(nowhere.found()).startsWith("running lab-bak-restored logs its console nowhere");
		assertThat(absent.found()).isEqualTo("no domain named lab-bak-restored");
	}

	@Test
	void theConsoleLogFileIsTheSerialPortsLogOrAFileSerial() {
		assertThat(ConsoleLog.logFile(XmlDoc.parse("<domain><devices><serial type='pty'><log file='/l/a.log' append='off'/>"
				+ "<target port='0'/></serial></devices></domain>"))).isEqualTo("/l/a.log");
		assertThat(ConsoleLog.logFile(XmlDoc.parse("<domain><devices><serial type='file'><source path='/l/b.log'/></serial>"
				+ "</devices></domain>"))).isEqualTo("/l/b.log");
		assertThat(ConsoleLog.logFile(XmlDoc.parse("<domain><devices><serial type='pty'/></devices></domain>"))).isNull();
	}

	@Test
	void consoleLogAndImageFileAreNotReadInPracticeMode() {
		try (LibvirtHost host = LibvirtHost.open("test:///default", true)) {
			HostSnapshot s = host.snapshot(List.of(new ConsoleLog("test"), new ImageFile("/etc/hostname"),
					new ImageCompare("/etc/hostname", "/etc/hosts")));

			assertThat(s.reading(new ConsoleLog("test"))).isInstanceOf(Lookup.Unsupported.class);
			assertThat(s.reading(new ImageFile("/etc/hostname"))).isInstanceOf(Lookup.Unsupported.class);
			assertThat(s.reading(new ImageCompare("/etc/hostname", "/etc/hosts"))).isInstanceOf(Lookup.Unsupported.class);
		}
	}
}
