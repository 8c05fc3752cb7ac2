package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * kvmlab as a learner or a CI job runs it: the {@code ./kvmlab} launcher as a separate process, one
 * command, then exit. Proves the one-shot contract: {@code lab grade --format json} prints only JSON
 * on stdout (lab, score, maxScore, passed, criteria[]) and exits 1 below the pass mark and 0 once
 * solved; an unknown lab id exits 2 and an unreachable host 3, each with one line on stderr and no
 * stack trace.
 */
class OneShotLauncherIT {

	private static final Path HOME = InterruptedRuns.HOME;

	private static final String LAB = "bridge-network";

	private static final List<String> CRITERIA = List.of("bridge-up", "network-bridge-mode", "network-active",
			"network-autostart", "vm-virtio-nic");

	private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private Path data;

	private boolean started;

	/**
	 * The first run after a build extracts the jar and records a CDS archive (messages on stderr):
	 * do that here, so the tests see the launcher as a learner does from then on.
	 */
	@BeforeAll
	static void warmUpLauncher() throws IOException {
		Path scratch = Files.createTempDirectory("kvmlab-it-warmup-");
		try {
			Cmd.Result r = Cmd.run(env(scratch), HOME, Duration.ofMinutes(5), List.of("./kvmlab", "labs"));
			assertThat(r.exit()).as(r.describe()).isZero();
		}
		finally {
			LabTestBase.deleteTree(scratch);
		}
	}

	/** A fixed data folder under target/ (see {@link InterruptedRuns}), emptied before each test. */
	@BeforeEach
	void dataDir() throws IOException {
		data = InterruptedRuns.ONESHOT_DATA;
		InterruptedRuns.finishAll();
		LabTestBase.deleteTree(data);
		Files.createDirectories(data);
		ParkLeftoverLabFiles.park();
	}

	@AfterAll
	static void putBackParkedFiles() {
		ParkLeftoverLabFiles.restore();
	}

	@AfterEach
	void cleanUp() {
		if (started) {
			Cmd.Result r = kvmlab("lab", "finish", LAB);
			if (r.exit() != 0) {
				System.err.println("kvmlab-it: lab finish after the test: " + r.describe());
				return; // keep the record: the next run finishes the lab from it
			}
		}
		LabTestBase.deleteTree(data);
	}

	@Test
	void gradeJson_exits1BelowPassMark_then0AfterSolve() {
		assertThat(Host.markedBy(LAB)).isEmpty();
		assertThat(Host.domains()).doesNotContain("lab-vm1");
		assertThat(Host.networks()).doesNotContain("lab-bridge");
		assertThat(Host.linkExists("lab-br0")).isFalse();
		Map<String, List<String>> before = Host.inventory();

		started = true;
		Cmd.Result start = kvmlab("lab", "start", LAB);
		assertThat(start.exit()).as(start.describe()).isZero();

		Cmd.Result fresh = kvmlab("lab", "grade", LAB, "--format", "json");
		JsonNode below = gradeJson(fresh);
		assertThat(fresh.exit()).as("exit code below the pass mark: %s", fresh.describe()).isEqualTo(1);
		assertThat(below.get("passed").asBoolean()).isFalse();
		assertThat(below.get("score").asInt() * 100).isLessThan(below.get("passMark").asInt() * below.get("maxScore").asInt());

		Cmd.Result solve = kvmlab("lab", "solve", LAB);
		assertThat(solve.exit()).as(solve.describe()).isZero();

		Cmd.Result solved = kvmlab("lab", "grade", LAB, "--format", "json");
		JsonNode passed = gradeJson(solved);
		assertThat(solved.exit()).as("exit code after lab solve: %s", solved.describe()).isZero();
		assertThat(passed.get("passed").asBoolean()).isTrue();
		assertThat(passed.get("score").asInt()).isEqualTo(passed.get("maxScore").asInt());
		passed.get("criteria").forEach(c -> assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("PASS"));

		Cmd.Result finish = kvmlab("lab", "finish", LAB);
		assertThat(finish.exit()).as(finish.describe()).isZero();
		started = false;
		assertThat(Host.markedBy(LAB)).isEmpty();
		assertThat(Host.inventory()).as("the host after lab finish:\n%s", finish.out()).isEqualTo(before);
	}

	@Test
	void unknownLabId_exits2_withOneLineOnStderr() {
		Cmd.Result r = kvmlab("lab", "grade", "no-such-lab", "--format", "json");
		assertThat(r.exit()).as(r.describe()).isEqualTo(2);
		assertThat(r.out()).as("stdout").isEmpty();
		assertOneLineNoStackTrace(r.err());
		assertThat(r.err()).contains("no-such-lab");
	}

	@Test
	void unreachableHost_exits3_withOneLineOnStderr() {
		for (String format : List.of("text", "json")) {
			Cmd.Result r = kvmlab("--connect", "qemu+tcp://127.0.0.1:1/system", "lab", "grade", LAB, "--format", format);
			assertThat(r.exit()).as(r.describe()).isEqualTo(3);
			assertThat(r.out()).as("stdout (%s)", format).isEmpty();
			assertOneLineNoStackTrace(r.err());
			assertThat(r.err()).contains("qemu+tcp://127.0.0.1:1/system");
		}
		assertThat(data.resolve("progress.json")).as("an ungraded attempt is not recorded").doesNotExist();
	}

	/** stdout is one JSON document and nothing else, with the fields of the JSON contract. */
	private static JsonNode gradeJson(Cmd.Result r) {
		String out = r.out();
		assertThat(out.strip()).as("stdout of %s", r.command()).startsWith("{").endsWith("}");
		JsonNode root;
		try {
			root = JSON.readTree(out);
		}
		catch (IOException e) {
			throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\n" + r.describe(), e);
		}
		assertThat(r.err()).as("stderr of a clean grade").isEmpty();
		assertThat(root.get("lab").asText()).isEqualTo(LAB);
		assertThat(root.get("score").isInt()).isTrue();
		assertThat(root.get("maxScore").isInt()).isTrue();
		assertThat(root.get("passed").isBoolean()).isTrue();
		assertThat(root.get("incomplete").asBoolean()).isFalse();
		List<String> ids = new ArrayList<>();
		int points = 0;
		int awarded = 0;
		for (JsonNode c : root.get("criteria")) {
			ids.add(c.get("id").asText());
			assertThat(c.get("status").asText()).isIn("PASS", "FAIL");
			assertThat(c.get("awarded").asInt()).isEqualTo(c.get("status").asText().equals("PASS") ? c.get("points").asInt() : 0);
			assertThat(c.has("expected") && c.has("found") && c.has("hint")).as(c.toString()).isTrue();
			points += c.get("points").asInt();
			awarded += c.get("awarded").asInt();
		}
		assertThat(ids).isEqualTo(CRITERIA);
		assertThat(root.get("maxScore").asInt()).isEqualTo(points);
		assertThat(root.get("score").asInt()).isEqualTo(awarded);
		return root;
	}

	private static void assertOneLineNoStackTrace(String err) {
		List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
		assertThat(lines).as("stderr:\n%s", err).hasSize(1);
		assertThat(lines.get(0)).startsWith("kvmlab: error:").doesNotContain("Exception").doesNotContain("\tat ");
	}

	private Cmd.Result kvmlab(String... args) {
		List<String> cmd = new ArrayList<>();
		cmd.add("./kvmlab");
		cmd.addAll(List.of(args));
		return Cmd.run(env(data), HOME, Duration.ofMinutes(2), cmd);
	}

	/** Only the data folder is set; anything that would point kvmlab elsewhere is removed. */
	private static Map<String, String> env(Path data) {
		Map<String, String> env = new HashMap<>();
		env.put("KVMLAB_DATA", data.toString());
		env.put("KVMLAB_CONNECT", null);
		env.put("KVMLAB_HOME", null);
		env.put("KVMLAB_IMAGES", null);
		env.put("KVMLAB_JAVA_OPTS", null);
		env.put("LANG", "C.UTF-8");
		return env;
	}
}
