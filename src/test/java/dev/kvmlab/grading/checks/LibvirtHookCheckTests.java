package dev.kvmlab.grading.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.Params;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.HookFileStat;
import dev.kvmlab.host.HookProbe;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;

/**
 * The libvirt-hook check against snapshots built by hand (what a probe saw, what a hook file is), and
 * on libvirt's test driver, where nothing is probed and every aspect is SKIP.
 */
class LibvirtHookCheckTests {

	private static final String LOG = "/var/log/libvirt/lab-hook.log";

	private static final String HOOK = "/etc/libvirt/hooks/qemu";

	private static final String PROBE = "lab-hook-probe-0a1b2c";

	private final LibvirtHookCheck check = new LibvirtHookCheck();

	private static Params params(String aspect) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("aspect", aspect);
		map.put(aspect.equals("file") ? "hook" : "log", aspect.equals("file") ? HOOK : LOG);
		return new Params(map);
	}

	private static HostSnapshot snapshot(Map<Need.Reading<?>, Lookup<?>> readings) {
		return new HostSnapshot("qemu:///system", false, Instant.now(), Map.of(), Lookup.unsupported("-"), Map.of(), Map.of(),
				Lookup.unsupported("-"), Lookup.unsupported("-"), Lookup.unsupported("-")).withReadings(readings);
	}

	private static HostSnapshot probed(boolean logExists, String failure, String... lines) {
		HookProbe.Run run = new HookProbe.Run(PROBE, Instant.now(), logExists, List.of(lines), failure);
		return snapshot(Map.of(new HookProbe(LOG, LibvirtHookCheck.LAB), Lookup.found(run)));
	}

	private CheckResult grade(String aspect, HostSnapshot s) {
		return check.evaluate(params(aspect), s);
	}

	@Test
	void theReferenceHooksLinesPassStartStopAndTimestamp() {
		HostSnapshot s = probed(true, null, "2026-11-26T09:43:39+00:00 lab-other started begin",
				"2026-11-26T09:43:39+00:00 " + PROBE + " start begin", "2026-11-26T09:43:40+00:00 " + PROBE + " started begin",
				"2026-11-26T09:43:42+00:00 " + PROBE + " stopped end", "2026-11-26T09:43:42+00:00 " + PROBE + " release end");

		assertThat(grade("start", s).status()).isEqualTo(Status.PASS);
		assertThat(grade("start", s).found()).contains(PROBE + " start begin").doesNotContain("stopped");
		assertThat(grade("stop", s).status()).isEqualTo(Status.PASS);
		assertThat(grade("stop", s).found()).contains(PROBE + " stopped end");
		assertThat(grade("timestamp", s).status()).isEqualTo(Status.PASS);
	}

	@Test
	void eachMissingPartFailsOnlyItsAspect() {
		HostSnapshot noStart = probed(true, null, "2026-11-26T09:43:42+00:00 " + PROBE + " stopped end");
		HostSnapshot noStop = probed(true, null, "2026-11-26T09:43:39+00:00 " + PROBE + " started begin");
		HostSnapshot noTime = probed(true, null, PROBE + " started begin", PROBE + " stopped end");

		assertThat(List.of(grade("start", noStart), grade("stop", noStart), grade("timestamp", noStart)))
			.extracting(CheckResult::status).containsExactly(Status.FAIL, Status.PASS, Status.PASS);
		assertThat(List.of(grade("start", noStop), grade("stop", noStop), grade("timestamp", noStop)))
			.extracting(CheckResult::status).containsExactly(Status.PASS, Status.FAIL, Status.PASS);
		assertThat(List.of(grade("start", noTime), grade("stop", noTime), grade("timestamp", noTime)))
			.extracting(CheckResult::status).containsExactly(Status.PASS, Status.PASS, Status.FAIL);
		assertThat(grade("timestamp", noTime).found()).contains("without a leading timestamp").contains(PROBE + " started begin");
		assertThat(grade("start", noStart).found()).contains("none with start or started");
	}

	@Test
	void theProbeNameMustBeAWordAndTheOperationToo() {
		HostSnapshot s = probed(true, null, "2026-11-26T09:43:39+00:00 " + PROBE + "x started begin",
				"2026-11-26T09:43:39+00:00 " + PROBE + " restarted begin");

		assertThat(grade("start", s).status()).isEqualTo(Status.FAIL);
		assertThat(grade("start", s).found()).contains("1 line(s) for the probe " + PROBE + ", none with start");
	}

	@Test
	void aHookThatDidNotRunSaysWhyTheDaemonMayNotKnowIt() {
		CheckResult noLog = grade("start", probed(false, null));
		CheckResult quiet = grade("stop", probed(true, null));
		CheckResult others = grade("timestamp", probed(true, null, "2026-11-26T09:43:39+00:00 lab-vm1 started begin"));

		assertThat(noLog.status()).isEqualTo(Status.FAIL);
		assertThat(noLog.found()).contains(LOG + " does not exist").contains("restart");
		assertThat(quiet.found()).contains("no new line in " + LOG).contains("systemctl restart libvirtd");
		assertThat(others.status()).isEqualTo(Status.FAIL);
		assertThat(others.found()).contains("none naming the probe " + PROBE).contains("lab-vm1 started");
	}

	@Test
	void aHookThatMadeTheProbeFailToStartIsAFailNotAnError() {
		CheckResult r = grade("start", probed(true, "Hook script execution failed: internal error: exit status 1"));

		assertThat(r.status()).isEqualTo(Status.FAIL);
		assertThat(r.found()).contains("would not start the probe").contains("exits non-zero");
	}

	@Test
	void aProbeThatCouldNotRunIsAnError() {
		HostSnapshot s = snapshot(Map.of(new HookProbe(LOG, LibvirtHookCheck.LAB), Lookup.failed("the probe domain could not run")));

		assertThat(grade("start", s).status()).isEqualTo(Status.ERROR);
	}

	private static HostSnapshot hookFile(boolean regular, int uid, String perms) {
		return snapshot(Map.of(new HookFileStat(HOOK), Lookup.found(new HookFileStat.Info(HOOK, regular, uid,
				PosixFilePermissions.fromString(perms)))));
	}

	@Test
	void theHookFileIsRootsExecutableAndWritableByRootOnly() {
		CheckResult ok = grade("file", hookFile(true, 0, "rwxr-xr-x"));
		CheckResult strict = grade("file", hookFile(true, 0, "rwx------"));
		CheckResult worldWritable = grade("file", hookFile(true, 0, "rwxrwxrwx"));
		CheckResult groupWritable = grade("file", hookFile(true, 0, "rwxrwxr-x"));
		CheckResult notExecutable = grade("file", hookFile(true, 0, "rw-r--r--"));
		CheckResult notRoots = grade("file", hookFile(true, 1000, "rwxr-xr-x"));
		CheckResult missing = grade("file", snapshot(Map.of(new HookFileStat(HOOK), Lookup.absent())));

		assertThat(ok.status()).isEqualTo(Status.PASS);
		assertThat(ok.found()).isEqualTo(HOOK + ": file, owner uid 0, mode 0755 (rwxr-xr-x)");
		assertThat(strict.status()).isEqualTo(Status.PASS);
		assertThat(worldWritable.status()).isEqualTo(Status.FAIL);
		assertThat(worldWritable.found()).contains("mode 0777").contains("writable by everyone");
		assertThat(groupWritable.found()).contains("writable by its group");
		assertThat(notExecutable.found()).contains("not executable");
		assertThat(notRoots.found()).contains("owned by uid 1000, not root");
		assertThat(missing.status()).isEqualTo(Status.FAIL);
		assertThat(missing.found()).isEqualTo("no file " + HOOK);
	}

	@Test
	void probeAspectsNeedALogAndShareOneProbe() {
		assertThatThrownBy(() -> check.validate(new Params(Map.of("aspect", "start"))))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs `log`");
		check.validate(new Params(Map.of("aspect", "file")));
		assertThat(check.needs(params("start"))).isEqualTo(check.needs(params("timestamp")));
		assertThat(check.needs(new Params(Map.of("aspect", "file")))).containsExactly(new HookFileStat(HOOK));
	}

	@Test
	void inPracticeModeNothingIsProbedAndEveryAspectIsSkip() {
		try (LibvirtHost host = LibvirtHost.open("test:///default", true)) {
			java.util.Set<Need> needs = new java.util.LinkedHashSet<>(check.needs(params("start")));
			needs.addAll(check.needs(params("file")));
			HostSnapshot s = host.snapshot(needs);

			for (String aspect : List.of("file", "start", "stop", "timestamp")) {
				CheckResult r = grade(aspect, s);
				assertThat(r.status()).as(aspect).isEqualTo(Status.SKIP);
				assertThat(r.found()).as(aspect).contains("practice mode");
			}
			assertThat(host.domainNames()).noneMatch(n -> n.startsWith("lab-hook-probe-"));
		}
	}
}
