package dev.kvmlab.grading.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.Params;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.CompletedJob;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.DomainState;
import dev.kvmlab.host.FileInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.XmlDoc;

/** The check types of the live-migration lab: domain-absent and live-migrated. */
class MigrationCheckTypesTests {

	private static final String LOG = "/cluster/shared/lab-mig-serial.log";

	private static final Params MIG = new Params(Map.of("name", "lab-mig", "serial_log", LOG));

	private static final Map<String, String> JOB = Map.of("type", "3", "operation", "4", "time_elapsed", "612", "downtime", "48",
			"memory_processed", String.valueOf(212L * 1048576));

	private static HostSnapshot host(Lookup<Map<String, String>> job, String log) {
		XmlDoc xml = XmlDoc.parse("<domain type='qemu'><name>lab-mig</name><uuid>6f1c2d3e-0000-4000-8000-000000000001</uuid></domain>");
		DomainInfo d = new DomainInfo("lab-mig", "6f1c2d3e-0000-4000-8000-000000000001", DomainState.RUNNING, true, false, xml, xml, List.of());
		Map<String, Lookup<FileInfo>> files = new LinkedHashMap<>();
		files.put(LOG, Lookup.found(log == null ? FileInfo.missing(LOG) : new FileInfo(LOG, true, log.length(), log, null, null, null)));
		return new HostSnapshot("qemu:///system", false, Instant.now(), Map.of("lab-mig", Lookup.found(d)), Lookup.unsupported("-"),
				Map.of(), Map.of(), Lookup.unsupported("-"), Lookup.unsupported("-"), Lookup.unsupported("-"), Map.of(), files)
			.withReadings(Map.of(new CompletedJob("lab-mig"), job));
	}

	private static String beats(int from, int to) {
		StringBuilder s = new StringBuilder();
		for (int n = from; n <= to; n++) {
			s.append("KVMLAB-HEARTBEAT lab-mig ").append(n).append("\r\n");
		}
		return s.toString();
	}

	private static final String BOOT = "[    0.000000] Linux version 6.1.0\r\nKVMLAB-GUEST-READY lab-mig 6.1.0-cloud-amd64\r\n";

	@Nested
	class LiveMigratedCheck {

		private final LiveMigrated check = new LiveMigrated();

		@Test
		void passesOnAnIncomingMigrationWithOneBootAndUnbrokenHeartbeatsAndShowsTheStatistics() {
			CheckResult r = check.evaluate(MIG, host(Lookup.found(JOB), BOOT + beats(1, 57)));

			assertThat(r.status()).isEqualTo(Status.PASS);
			assertThat(r.found()).isEqualTo("incoming migration completed: took 612 ms, downtime 48 ms, 212 MiB of memory moved;"
					+ " guest: one boot, heartbeats 1..57 unbroken");
		}

		@Test
		void failsWhenTheGuestBootedAgainAsAColdMoveDoes() {
			CheckResult r = check.evaluate(MIG, host(Lookup.found(JOB), BOOT + beats(1, 20) + BOOT + beats(1, 5)));

			assertThat(r.status()).isEqualTo(Status.FAIL);
			assertThat(r.found()).contains("the heartbeat went from 20 to 1 (the guest started again)");
		}

		@Test
		void failsWhenBeatsAreMissingOrThereAreTooFewToTell() {
			assertThat(check.evaluate(MIG, host(Lookup.found(JOB), BOOT + beats(1, 9) + beats(30, 31))).found())
				.contains("from 9 to 30 (beats are missing)");
			assertThat(check.evaluate(MIG, host(Lookup.found(JOB), BOOT + beats(1, 1))).status()).isEqualTo(Status.FAIL);
		}

		@Test
		void failsWithoutACompletedIncomingMigration() {
			assertThat(check.evaluate(MIG, host(Lookup.found(Map.of()), BOOT + beats(1, 9))).found())
				.startsWith("no completed job for lab-mig on this host");
			assertThat(check.evaluate(MIG, host(Lookup.found(Map.of("type", "3", "operation", "1")), BOOT + beats(1, 9))).found())
				.contains("was not an incoming migration (operation 1)");
			assertThat(check.evaluate(MIG, host(Lookup.absent(), BOOT)).found()).isEqualTo("no domain named lab-mig");
		}

		@Test
		void failsWithoutTheSerialLogAndIsErrorWhenTheJobCouldNotBeRead() {
			assertThat(check.evaluate(MIG, host(Lookup.found(JOB), null)).found()).endsWith("; no serial log " + LOG);
			assertThat(check.evaluate(MIG, host(Lookup.failed("host lab-host-b is down"), BOOT)).status()).isEqualTo(Status.ERROR);
		}

		@Test
		void needsTheDomainItsJobAndTheLog() {
			assertThat(check.needs(MIG)).containsExactlyInAnyOrder(Need.domain("lab-mig"), new CompletedJob("lab-mig"), Need.file(LOG));
		}
	}

	@Nested
	class MigrationConvergedCheck {

		private final MigrationConverged check = new MigrationConverged();

		private final Params capped = new Params(Map.of("name", "lab-mig", "max_bandwidth_mib", 40));

		private Map<String, String> job(long bytesPerSecond, long passes) {
			Map<String, String> job = new LinkedHashMap<>(JOB);
			job.put("memory_bps", String.valueOf(bytesPerSecond));
			job.put("memory_iteration", String.valueOf(passes));
			return job;
		}

		@Test
		void passesWhenTheMigrationFinishedWithinTheCapAfterSeveralPasses() {
			CheckResult r = check.evaluate(capped, host(Lookup.found(job(42_188_000L, 10)), null));

			assertThat(r.status()).isEqualTo(Status.PASS);
			assertThat(r.found()).contains("10 memory passes").endsWith("40.2 MiB/s");
		}

		@Test
		void failsWithoutTheCapOrWithOnePassOrWithoutStatistics() {
			assertThat(check.evaluate(capped, host(Lookup.found(job(200L * 1048576, 10)), null)).found())
				.contains("faster than the 40 MiB/s cap");
			assertThat(check.evaluate(capped, host(Lookup.found(job(40L * 1048576, 1)), null)).found())
				.contains("only 1 pass(es)");
			assertThat(check.evaluate(capped, host(Lookup.found(Map.of()), null)).found())
				.contains("or it came by post-copy");
		}
	}

	@Nested
	class OnTheTestDriver {

		@Test
		void domainAbsentPassesOnlyWhenNoDomainHasTheName() {
			DomainAbsent check = new DomainAbsent();
			try (LibvirtHost h = LibvirtHost.open("test:///default", true)) {
				HostSnapshot s = h.snapshot(List.of(Need.domain("test"), Need.domain("lab-gone")));

				assertThat(check.evaluate(new Params(Map.of("name", "lab-gone")), s).status()).isEqualTo(Status.PASS);
				CheckResult there = check.evaluate(new Params(Map.of("name", "test")), s);
				assertThat(there.status()).isEqualTo(Status.FAIL);
				assertThat(there.found()).isEqualTo("domain test is still here (persistent, running)");
			}
		}

		@Test
		void aMissingDomainHasNoJobAndADriverWithoutJobStatisticsIsUnsupported() {
			try (LibvirtHost h = LibvirtHost.open("test:///default", true)) {
				HostSnapshot s = h.snapshot(List.of(new CompletedJob("test"), new CompletedJob("lab-gone")));

				assertThat(s.reading(new CompletedJob("lab-gone"))).isEqualTo(Lookup.absent());
				// the test driver keeps no job statistics: the criterion is SKIP there, with the reason
				assertThat(s.reading(new CompletedJob("test")))
					.isEqualTo(Lookup.unsupported("this host's driver keeps no job statistics"));
			}
		}
	}
}
