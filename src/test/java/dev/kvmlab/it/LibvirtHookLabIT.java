package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;

/**
 * Lab libvirt-hook on the real qemu:///system, whose libvirtd the solution restarts (so that it
 * notices the new hook). A learner's hook that is there before `lab start` (a bystander made by the
 * test) is moved aside and comes back byte-identical, with its mode and times, at `lab finish`. Start
 * below the pass mark, solve 100%, each undo (a variant of the hook) breaks exactly its criterion, the
 * grader's probe domains leave nothing behind, bystander objects stay byte-identical. A second test
 * follows the instructions as written: the script from the instructions, chmod, the restart without
 * systemd, virsh create and destroy. After each test libvirtd answers again, also when it failed.
 */
class LibvirtHookLabIT extends LabTestBase {

	private static final Path HOOK = Path.of("/etc/libvirt/hooks/qemu");

	private static final Path LOG = Path.of("/var/log/libvirt/lab-hook.log");

	private static final String LEARNERS_HOOK = "#!/bin/sh\n# kvmlab-it: a learner's own hook (bystander)\nexit 0\n";

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("hk").acrossDaemonRestarts());

	/** Runs before LabTestBase's clean-up (subclass first), so that `lab finish` finds a daemon. */
	@AfterEach
	void libvirtdAnswers() {
		if (!daemonAnswers(Duration.ofSeconds(5))) {
			System.err.println("kvmlab-it: libvirtd did not answer after the test; starting it (libvirtd -d)");
			Cmd.run("libvirtd", "-d");
			assertThat(daemonAnswers(Duration.ofSeconds(30))).as("libvirtd answers again").isTrue();
		}
	}

	private static boolean daemonAnswers(Duration within) {
		Instant by = Instant.now().plus(within);
		while (Instant.now().isBefore(by)) {
			if (Host.virsh("list", "--name").exit() == 0) {
				return true;
			}
			sleep(200);
		}
		return false;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** The test will not run where a hook or a backup of one is already there: it is someone's. */
	private static void requireNoHook() throws IOException {
		assertThat(HOOK).as("this host has a libvirt hook; the test will not touch it").doesNotExist();
		assertThat(backups()).as("backups of a hook (an earlier lab session? `kvmlab lab finish libvirt-hook`)").isEmpty();
		assertThat(LOG).as("the lab's log is already there (an earlier lab session?)").doesNotExist();
	}

	private static List<Path> backups() throws IOException {
		try (Stream<Path> s = Files.list(HOOK.getParent())) {
			return s.filter(p -> p.getFileName().toString().startsWith("qemu.kvmlab-backup-")).toList();
		}
	}

	/** The learner's hook as a fingerprint: bytes, mode and modification time. */
	private static String fingerprint(Path file) throws IOException {
		return Files.readString(file) + "|" + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + "|"
				+ Files.getLastModifiedTime(file);
	}

	private static List<String> probeLeftovers() throws IOException {
		List<String> out = new java.util.ArrayList<>(Host.domains().stream().filter(d -> d.startsWith("lab-hook-probe-")).toList());
		try (Stream<Path> s = Files.list(Path.of("/var/log/libvirt/qemu"))) {
			s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("lab-hook-probe-")).forEach(out::add);
		}
		return out;
	}

	@Test
	void startSolveUndoEachCriterionFinish_putsTheLearnersHookBackAndLeavesBystandersAlone() throws Exception {
		Lab lab = lab("libvirt-hook");
		requireHostFreeOf(lab);
		requireNoHook();
		bystanders.createLibvirtObjects().snapshot();
		Files.writeString(HOOK, LEARNERS_HOOK);
		cleanUpAfterwards((AutoCloseable) () -> {
			for (Path p : Stream.concat(Stream.of(HOOK), backups().stream()).toList()) {
				if (Files.exists(p) && Files.readString(p).equals(LEARNERS_HOOK)) { // only the test's own hook
					Files.delete(p);
				}
			}
		});
		Files.setPosixFilePermissions(HOOK, PosixFilePermissions.fromString("rwxr-x---"));
		Files.setLastModifiedTime(HOOK, FileTime.fromMillis(1_700_000_000_000L));
		String learners = fingerprint(HOOK);
		Map<String, List<String>> before = Host.inventory();
		List<String> leftoversBefore = probeLeftovers();

		assertFreshStartBelowPassMark(lab);
		assertThat(HOOK).as("lab start moved the learner's hook aside").doesNotExist();
		assertThat(backups()).hasSize(1);
		Path backup = backups().get(0);
		assertThat(fingerprint(backup)).isEqualTo(learners);
		assertThat(logText()).contains("was already here and is not lab libvirt-hook's").contains("moved it to " + backup);
		bystanders.assertUntouched("lab start");

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> bystanders.assertUntouched("an undo step or re-solve"));

		assertThat(Files.readString(HOOK)).contains("# kvmlab-lab: libvirt-hook");
		assertThat(Files.readAllLines(LOG)).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ lab-hook-probe-[0-9a-f]{6} started begin"));
		assertThat(probeLeftovers()).as("probe domains and their QEMU logs after the grades").isEqualTo(leftoversBefore);
		assertThat(logText()).contains("restarted libvirtd").contains("your earlier hook is kept at " + backup);
		assertThat(backups()).as("every lab start after the first keeps the one backup").containsExactly(backup);

		finish(lab);
		assertThat(logText()).contains("removed hook " + HOOK + "; put your earlier hook back from " + backup);
		assertThat(fingerprint(HOOK)).as("the learner's hook after lab finish").isEqualTo(learners);
		assertThat(backups()).isEmpty();
		bystanders.assertUntouched("lab finish");
		assertFinishedClean(lab, before, List.of("hook:" + HOOK));

		// the learner's hook is back: the lab's hook-script refuses to write over it
		assertThatThrownBy(() -> labs.runSteps(lab, lab.solve().subList(0, 1), log::add))
			.isInstanceOf(KvmlabException.class).hasMessageContaining("not this lab's");
		assertThat(fingerprint(HOOK)).as("the learner's hook after the refused hook-script").isEqualTo(learners);
	}

	/**
	 * The learner's way: the hook script exactly as the instructions print it, chown and chmod, the
	 * daemon restarted as the steps say for a machine without systemd (systemctl where systemd runs),
	 * the test VM created and destroyed with virsh. It grades 100%, and `lab finish` removes the hook
	 * (it carries the marker line), the log and the test VM's QEMU log.
	 */
	@Test
	void theStepsAsWrittenGradeFullAndFinishRemovesTheHookAndTheLogs() throws Exception {
		Lab lab = lab("libvirt-hook");
		requireHostFreeOf(lab);
		requireNoHook();
		Map<String, List<String>> before = Host.inventory();
		Path testXml = DATA.resolve("labs").resolve("libvirt-hook").resolve("lab-hook-test.xml");

		start(lab);
		cleanUpAfterwards((AutoCloseable) () -> {
			if (Files.exists(HOOK) && Files.readString(HOOK).contains("# kvmlab-lab: libvirt-hook")) {
				Files.delete(HOOK); // lab finish did not run or failed: the test's own hook goes anyway
			}
		});
		Files.writeString(HOOK, scriptFromTheInstructions(lab));
		Cmd.run("sh", "-c", "chown root:root " + HOOK + " && chmod 0755 " + HOOK).ok();
		boolean systemd = Files.isDirectory(Path.of("/run/systemd/system"));
		Cmd.run(Map.of(), null, Duration.ofSeconds(90), List.of("sh", "-c",
				systemd ? "systemctl restart libvirtd" : restartWithoutSystemd(lab))).ok();
		assertThat(daemonAnswers(Duration.ofSeconds(30))).as("virsh list after the restart").isTrue();
		Host.virsh("create", testXml.toString()).ok();
		Host.virsh("destroy", "lab-hook-test").ok();
		assertThat(Files.readAllLines(LOG)).as("the hook's log after virsh create and destroy")
			.anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ lab-hook-test start begin"))
			.anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ lab-hook-test stopped end"));

		GradeResult graded = grade(lab);
		assertThat(graded.criteria()).as("grade after the learner's steps:\n%s", describe(graded))
			.extracting(CriterionResult::status).containsOnly(Status.PASS);

		finish(lab);
		assertThat(logText()).contains("removed hook " + HOOK).contains("removed file " + LOG)
			.contains("removed file /var/log/libvirt/qemu/lab-hook-test.log");
		assertFinishedClean(lab, before, List.of());
	}

	/** The indented script block of the English instructions, from #!/bin/sh to exit 0. */
	private static String scriptFromTheInstructions(Lab lab) {
		Matcher m = Pattern.compile("(?ms)^( +)#!/bin/sh\\n.*?^\\1exit 0$").matcher(lab.instructions().get(Lang.EN));
		assertThat(m.find()).as("a script in the instructions").isTrue();
		String indent = m.group(1);
		return m.group().lines().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
			.reduce("", (a, b) -> a + b + "\n");
	}

	/** The restart the steps give for a machine without systemd. */
	private static String restartWithoutSystemd(Lab lab) {
		Matcher m = Pattern.compile("without systemd: (.+?)\\); then virsh list").matcher(lab.steps().get(3).get(Lang.EN));
		assertThat(m.find()).as("the restart without systemd in step 4").isTrue();
		return m.group(1);
	}
}
