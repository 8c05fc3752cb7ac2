package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kvmlab.KvmlabApplication;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.grading.Criterion;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Rubric;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabCatalog;
import dev.kvmlab.lab.LabService;
import dev.kvmlab.progress.ProgressStore;

/**
 * The application's real services on the real {@code qemu:///system}: a Spring context with the
 * shell switched off, content from this checkout and progress in a temporary folder. Every test
 * starts from an empty progress record and a host without the lab's objects, and ends with
 * {@code lab finish} (also when it fails).
 */
@SpringBootTest(classes = KvmlabApplication.class, properties = { "spring.shell.interactive.enabled=false",
		"kvmlab.connect=" + Host.URI })
abstract class LabTestBase {

	/** kvmlab's data folder for these tests: see {@link InterruptedRuns}. */
	static final Path DATA = InterruptedRuns.LAB_DATA;

	@DynamicPropertySource
	static void kvmlabProperties(DynamicPropertyRegistry registry) {
		registry.add("kvmlab.data", DATA::toString);
		registry.add("kvmlab.home", () -> Path.of(System.getProperty("user.dir")).toAbsolutePath().toString());
	}

	@Autowired
	LabService labs;

	@Autowired
	LabCatalog catalog;

	@Autowired
	ProgressStore progress;

	/** What each lab call printed, for the failure messages. */
	final List<String> log = new ArrayList<>();

	/** Labs this test started: finished after it, whatever happened. */
	private final Set<Lab> started = new LinkedHashSet<>();

	/** For each lab domain: was its QEMU log there before the test? */
	private final Map<String, Boolean> qemuLogsBefore = new LinkedHashMap<>();

	/** The test's own clean-up (bystanders), run after its labs are finished, newest first. */
	private final List<Runnable> cleanups = new ArrayList<>();

	@BeforeEach
	void freshProgress() throws IOException {
		assertThat(progress.dir()).isEqualTo(DATA);
		InterruptedRuns.finishAll();
		deleteTree(DATA);
		Files.createDirectories(DATA);
		ParkLeftoverLabFiles.park();
	}

	@AfterAll
	static void putBackParkedFiles() {
		ParkLeftoverLabFiles.restore();
	}

	/**
	 * After each test, whatever happened: `lab finish` for every lab it started, then the QEMU logs
	 * that the labs' domains left in /var/log/libvirt/qemu (only those that were not there before),
	 * then the test's own clean-up.
	 */
	@AfterEach
	void cleanUp() {
		for (Lab lab : started) {
			try {
				labs.finish(lab, log::add);
			}
			catch (RuntimeException e) {
				System.err.println("kvmlab-it: lab finish " + lab.id() + " after the test failed: " + e.getMessage());
			}
		}
		started.clear();
		qemuLogsBefore.forEach((domain, existed) -> {
			if (!Host.domainExists(domain)) {
				Host.removeQemuLogIfNew(domain, existed);
			}
		});
		qemuLogsBefore.clear();
		for (int i = cleanups.size() - 1; i >= 0; i--) {
			try {
				cleanups.get(i).run();
			}
			catch (RuntimeException | AssertionError e) {
				System.err.println("kvmlab-it: clean-up failed: " + e.getMessage());
			}
		}
		cleanups.clear();
	}

	/** Registers the test's own clean-up, run after the labs are finished. */
	<T extends AutoCloseable> T cleanUpAfterwards(T resource) {
		cleanups.add(() -> {
			try {
				resource.close();
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		return resource;
	}

	/**
	 * virt-install registers the image folder as the storage pool {@code kvmlab} (see the README): the
	 * returned step removes it when it was not there before this call, and runs after the test anyway.
	 */
	Runnable dropVirtInstallPoolAfterwards() {
		boolean poolBefore = Host.pools().contains("kvmlab");
		Runnable dropPool = () -> {
			if (!poolBefore && Host.pools().contains("kvmlab")) {
				Host.virsh("pool-destroy", "kvmlab");
				Host.virsh("pool-undefine", "kvmlab").ok();
			}
		};
		cleanUpAfterwards((AutoCloseable) dropPool::run);
		return dropPool;
	}

	private void track(Lab lab) {
		if (started.add(lab)) {
			lab.resources().stream().filter(r -> r.kind().equals("domain"))
				.forEach(r -> qemuLogsBefore.putIfAbsent(r.name(), Files.exists(Host.qemuLog(r.name()))));
		}
	}

	/**
	 * Refuses to run on a host that already has objects this lab would take over or remove (an
	 * earlier session of the lab, or a learner's): the test would destroy someone's work.
	 */
	void requireHostFreeOf(Lab lab) {
		List<String> found = new ArrayList<>(Host.markedBy(lab.id()));
		for (Lab.Resource r : lab.resources()) {
			boolean there = switch (r.kind()) {
				case "domain" -> Host.domainExists(r.name());
				case "network" -> Host.networkExists(r.name());
				case "bridge", "veth" -> Host.linkExists(r.name());
				case "pool" -> Host.pools().contains(r.name());
				case "loop" -> !Host.loopsOf(r.name().replace("${images}", Host.IMAGES.toString())).isEmpty();
				default -> false; // files: see ParkLeftoverLabFiles
			};
			if (there) {
				found.add(r.key());
			}
		}
		assertThat(found).as("this host already has objects of lab %s (an earlier session? run `kvmlab lab finish %s`"
				+ " or remove them), so the test will not touch it", lab.id(), lab.id()).isEmpty();
	}

	Lab lab(String id) {
		return labs.lab(id);
	}

	Rubric rubric(Lab lab) {
		return catalog.rubric(lab);
	}

	void start(Lab lab) {
		track(lab);
		labs.start(lab, log::add);
	}

	void solve(Lab lab) {
		track(lab);
		labs.solve(lab, log::add);
	}

	void finish(Lab lab) {
		labs.finish(lab, log::add);
		started.remove(lab);
	}

	GradeResult grade(Lab lab) {
		return labs.grade(lab);
	}

	static Map<String, Status> statuses(GradeResult r) {
		Map<String, Status> m = new LinkedHashMap<>();
		r.criteria().forEach(c -> m.put(c.id(), c.status()));
		return m;
	}

	/** One line per criterion, with the evidence, for assertion messages. */
	static String describe(GradeResult r) {
		return r.score() + "/" + r.maxScore() + (r.passed() ? " passed" : " not passed") + "\n" + r.criteria().stream()
			.map(c -> "  [" + c.status() + "] " + c.id() + ": expected " + c.expected() + "; found " + c.found())
			.collect(Collectors.joining("\n"));
	}

	String logText() {
		return String.join("\n", log);
	}

	/** A fresh `lab start` grades below the pass mark. */
	void assertFreshStartBelowPassMark(Lab lab) {
		start(lab);
		GradeResult fresh = grade(lab);
		assertThat(fresh.passed()).as("grade right after lab start:\n%s", describe(fresh)).isFalse();
		assertThat(fresh.incomplete()).as("grade right after lab start:\n%s", describe(fresh)).isFalse();
		assertThat(fresh.score() * 100L).as("score after lab start:\n%s", describe(fresh))
			.isLessThan((long) fresh.passMark() * fresh.maxScore());
	}

	/**
	 * Criteria that cannot be evaluated on this host (for example Open vSwitch where it is not
	 * installed): they must be SKIP, with a reason, after the solution, and have no undo to prove.
	 */
	Set<String> skippedOnThisHost() {
		return Set.of();
	}

	/** `lab solve` grades 100% (every criterion PASS, or SKIP where {@link #skippedOnThisHost()} says), and returns that grade. */
	GradeResult assertSolvedGradesFull(Lab lab, String when) {
		solve(lab);
		GradeResult solved = grade(lab);
		Set<String> skipped = skippedOnThisHost();
		assertThat(solved.criteria()).as("grade after lab solve (%s):\n%s\nlog:\n%s", when, describe(solved), logText())
			.allSatisfy(c -> assertThat(c.status()).as("%s", c.id())
				.isEqualTo(skipped.contains(c.id()) ? Status.SKIP : Status.PASS));
		solved.criteria().stream().filter(c -> c.status() == Status.SKIP)
			.forEach(c -> assertThat(c.found()).as("the reason %s is SKIP", c.id()).isNotBlank());
		assertThat(solved.score()).as("score after lab solve (%s)", when).isEqualTo(solved.maxScore());
		int skippedPoints = rubric(lab).criteria().stream().filter(c -> skipped.contains(c.id())).mapToInt(Criterion::points).sum();
		assertThat(solved.maxScore()).isEqualTo(rubric(lab).totalPoints() - skippedPoints);
		assertThat(solved.passed()).isTrue();
		return solved;
	}

	/**
	 * The grader self-test: for each criterion, from a solved host, its rubric {@code undo} steps
	 * alone make exactly that criterion fail and leave every other criterion as it was; the lab is
	 * solved again before the next one. Criteria marked {@code host_fact} grade the machine itself and
	 * cannot be undone: they must PASS here. {@code afterEachStep} runs after every undo and re-solve
	 * (bystander checks).
	 *
	 * @param refused criteria whose undo kvmlab must refuse on this host (their objects are not the
	 * lab's); for those, nothing may change
	 */
	void assertEachUndoBreaksExactlyItsCriterion(Lab lab, List<String> refused, Runnable afterEachStep) {
		Rubric rubric = rubric(lab);
		GradeResult baseline = assertSolvedGradesFull(lab, "before the undo loop");
		Map<String, Status> expectedAll = statuses(baseline);
		for (Criterion c : rubric.criteria()) {
			if (c.hostFact()) {
				CriterionResult r = baseline.criteria().stream().filter(x -> x.id().equals(c.id())).findFirst().orElseThrow();
				assertThat(r.status()).as("host fact %s must pass on a KVM test host: expected %s, found %s", c.id(),
						r.expected(), r.found()).isEqualTo(Status.PASS);
				assertThat(c.undo()).as("host fact %s has undo steps", c.id()).isEmpty();
				continue;
			}
			assertThat(c.undo()).as("criterion %s is neither a host fact nor undoable: it needs `undo` steps", c.id())
				.isNotEmpty();
			if (skippedOnThisHost().contains(c.id())) {
				log.add("--- " + c.id() + " is SKIP on this host: its undo cannot be proved here");
				continue;
			}
			if (refused.contains(c.id())) {
				assertThatUndoIsRefused(lab, c);
				GradeResult after = grade(lab);
				assertThat(statuses(after)).as("after the refused undo of %s:\n%s", c.id(), describe(after))
					.isEqualTo(expectedAll);
				afterEachStep.run();
				continue;
			}
			log.add("--- undo " + c.id());
			labs.runSteps(lab, c.undo(), log::add);
			GradeResult undone = grade(lab);
			Map<String, Status> expected = new LinkedHashMap<>(expectedAll);
			expected.put(c.id(), Status.FAIL);
			assertThat(statuses(undone)).as("after undoing %s alone (its steps: %s):\n%s\nlog:\n%s", c.id(), c.undo(),
					describe(undone), logText()).isEqualTo(expected);
			assertThat(undone.score()).isEqualTo(baseline.score() - c.points());
			afterEachStep.run();
			log.add("--- re-solve after " + c.id());
			GradeResult again = assertSolvedGradesFull(lab, "re-solved after undoing " + c.id());
			assertThat(statuses(again)).isEqualTo(expectedAll);
			afterEachStep.run();
		}
	}

	private void assertThatUndoIsRefused(Lab lab, Criterion c) {
		try {
			labs.runSteps(lab, c.undo(), log::add);
		}
		catch (KvmlabException e) {
			assertThat(e.getMessage()).as("why the undo of %s was refused", c.id()).contains("not this lab's");
			return;
		}
		throw new AssertionError("the undo of " + c.id() + " changed an object that is not the lab's; log:\n" + logText());
	}

	/**
	 * After `lab finish`: nothing carries the lab's mark, none of its declared objects is left
	 * (except those in {@code keep}, which were there before and are not the lab's), no lab file
	 * in the image folder, and the host's inventory is what it was before `lab start`.
	 */
	void assertFinishedClean(Lab lab, Map<String, List<String>> inventoryBefore, List<String> keep) {
		assertThat(Host.markedBy(lab.id())).as("objects still carrying lab %s's mark after lab finish; log:\n%s",
				lab.id(), logText()).isEmpty();
		for (Lab.Resource r : lab.resources()) {
			if (keep.contains(r.key())) {
				continue;
			}
			switch (r.kind()) {
				case "domain" -> {
					assertThat(Host.domains()).as("domains after lab finish").doesNotContain(r.name());
					if (r.host() == null && Boolean.FALSE.equals(qemuLogsBefore.get(r.name()))) { // libvirt's log of the lab's domain goes too
						assertThat(Host.qemuLog(r.name())).as("QEMU log of %s after lab finish; log:\n%s", r.name(), logText()).doesNotExist();
					}
				}
				case "network" -> assertThat(Host.networks()).as("networks after lab finish").doesNotContain(r.name());
				case "bridge", "veth" -> assertThat(Host.linkExists(r.name())).as("link %s after lab finish", r.name()).isFalse();
				case "pool" -> assertThat(Host.pools()).as("pools after lab finish").doesNotContain(r.name());
				case "loop" -> assertThat(Host.loopsOf(r.name().replace("${images}", Host.IMAGES.toString())))
					.as("loop devices of %s after lab finish", r.name()).isEmpty();
				case "file" -> assertThat(Path.of(r.name().replace("${images}", Host.IMAGES.toString())))
					.as("lab file after lab finish").doesNotExist();
				case "hook" -> assertThat(Path.of(r.name())).as("the lab's hook after lab finish").doesNotExist();
				case "hugepages" -> { } // the host's pool and hugetlbfs mount: the lab's own IT compares them with before
				default -> throw new AssertionError("unknown resource kind " + r.kind());
			}
		}
		assertThat(Host.inventory()).as("the host after lab finish, compared with before lab start; log:\n%s", logText())
			.isEqualTo(inventoryBefore);
	}

	/**
	 * Runs a learner's shell steps (`sh -e`, one command line each, in {@code dir}, with virsh talking
	 * to the test host as LIBVIRT_DEFAULT_URI) and fails the test with their output if one fails.
	 */
	static void runLearnerSteps(Path dir, Map<String, String> env, String... lines) {
		Map<String, String> all = new java.util.HashMap<>(env);
		all.put("LIBVIRT_DEFAULT_URI", Host.URI);
		Cmd.run(all, dir, Cmd.DEFAULT_TIMEOUT, Cmd.list("sh", "-ec", String.join("\n", lines))).ok();
	}

	/** Grades the lab and asserts 100%: every criterion PASS but those this host cannot evaluate. */
	void assertGradesFull(Lab lab, String when) {
		GradeResult graded = grade(lab);
		assertThat(graded.criteria()).as("grade after %s:\n%s", when, describe(graded))
			.filteredOn(c -> !skippedOnThisHost().contains(c.id())).extracting(CriterionResult::status)
			.containsOnly(Status.PASS);
		assertThat(graded.percent()).as("grade after %s:\n%s", when, describe(graded)).isEqualTo(100);
	}

	static void deleteTree(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> s = Files.walk(dir)) {
			for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
		catch (IOException e) {
			System.err.println("kvmlab-it: cannot remove " + dir + ": " + e.getMessage());
		}
	}
}
