package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabHosts;

/**
 * Lab live-migration on a real two-host cluster (`cluster up` before, `cluster down` after, when this
 * test made it): a fresh start fails, the reference solution (peer-to-peer live migration with
 * post-start heartbeats) grades 100% with the migration's statistics as evidence, each undo (lab-mig
 * defined on A again, paused on B, transient on B, its guest reset on B) fails exactly its criterion,
 * `lab start` after the move does not bring lab-mig back to A, and finish leaves neither host nor the
 * shared folder with anything of the lab. The learner's `virsh migrate` grades 100%; a cold move
 * (shut down, define on B, start) fails only "moved live"; and with lab-host-b's libvirtd killed,
 * the criteria of lab-host-b are ERROR naming it, not FAIL.
 */
class LiveMigrationLabIT extends ClusterLabTestBase {

	private static final Path LOG = SHARED.resolve("lab-mig-serial.log");

	@Test
	void startSolveUndoEachCriterionFinish() throws Exception {
		Lab lab = lab("live-migration");
		requireClean("lab-mig");
		Map<String, List<String>> systemBefore = Host.inventory();

		assertFreshStartBelowPassMark(lab);
		assertThat(virsh(A, "domstate", "lab-mig").ok().out().strip()).isEqualTo("running");
		assertThat(on(B, "lab-mig")).isFalse();

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> { });

		GradeResult solved = grade(lab);
		assertThat(solved.criteria()).filteredOn(c -> c.id().equals("moved-live")).singleElement()
			.satisfies(c -> assertThat(c.found()).contains("incoming migration completed").contains("downtime")
				.contains("one boot, heartbeats"));
		start(lab); // again, after the move: lab-mig must not come back on A
		assertThat(logText()).contains("skipped define-domain: domain lab-mig is on lab-host-b");
		assertThat(on(A, "lab-mig")).isFalse();

		finish(lab);
		assertNothingLeft("lab-mig", systemBefore);
	}

	@Test
	void theLearnersVirshMigrateGradesFull_aColdMoveFailsOnlyMovedLive() throws Exception {
		Lab lab = lab("live-migration");
		requireClean("lab-mig");
		Map<String, List<String>> systemBefore = Host.inventory();

		start(lab);
		waitForHeartbeats(2);
		migrateToB("lab-mig", Duration.ofMinutes(2), "--verbose");
		assertThat(virsh(B, "domjobinfo", "lab-mig", "--completed", "--keep-completed").ok().out()).contains("Downtime");
		assertGradesFull(lab, "the learner's virsh migrate and domjobinfo");
		finish(lab);
		assertNothingLeft("lab-mig", systemBefore);

		// a cold move: shut down on A, define on B, start there, undefine on A
		start(lab);
		waitForHeartbeats(2);
		Path xml = Files.createTempFile("kvmlab-it-lab-mig-", ".xml");
		cleanUpAfterwards((AutoCloseable) () -> Files.deleteIfExists(xml));
		Files.writeString(xml, virsh(A, "dumpxml", "--inactive", "lab-mig").ok().out());
		virsh(A, "destroy", "lab-mig").ok();
		virsh(B, "define", xml.toString()).ok();
		virsh(B, "start", "lab-mig").ok();
		virsh(A, "undefine", "lab-mig").ok();
		GradeResult cold = grade(lab);
		assertThat(statuses(cold)).as(describe(cold)).containsEntry("gone-from-a", Status.PASS)
			.containsEntry("running-on-b", Status.PASS).containsEntry("persistent-on-b", Status.PASS)
			.containsEntry("moved-live", Status.FAIL);
		finish(lab);
		assertNothingLeft("lab-mig", systemBefore);
	}

	@Test
	void withHostBsLibvirtdKilledItsCriteriaAreErrorNamingIt() throws Exception {
		Lab lab = lab("live-migration");
		requireClean("lab-mig");
		solve(lab);
		Path pidFile = HOSTS.clusterDir().resolve("lab-host-b").resolve("run").resolve("libvirtd.pid");
		String pid = Files.readString(pidFile).strip();
		cleanUpAfterwards((AutoCloseable) () -> {
			Cmd.Result up = kvmlab("cluster", "up"); // starts the missing daemon again
			assertThat(up.exit()).as(up.describe()).isZero();
		});
		Cmd.run("kill", pid).ok();
		for (int i = 0; i < 50 && Files.exists(Path.of("/proc", pid)); i++) {
			Thread.sleep(100);
		}

		GradeResult r = grade(lab);

		assertThat(r.criteria()).filteredOn(c -> !c.id().equals("gone-from-a")).extracting(CriterionResult::status)
			.containsOnly(Status.ERROR);
		assertThat(r.criteria()).filteredOn(c -> !c.id().equals("gone-from-a")).extracting(CriterionResult::found)
			.allSatisfy(f -> assertThat(f).startsWith("cluster host lab-host-b is down: "));
		assertThat(r.incomplete()).isTrue();
		Cmd.Result up = kvmlab("cluster", "up");
		assertThat(up.exit()).as(up.describe()).isZero();
		finish(lab);
	}

	private static void waitForHeartbeats(int n) throws Exception {
		waitForText(LOG, "KVMLAB-HEARTBEAT lab-mig " + n);
	}
}
