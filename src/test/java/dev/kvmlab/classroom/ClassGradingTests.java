package dev.kvmlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kvmlab.Settings;
import dev.kvmlab.content.Lang;
import dev.kvmlab.fixtures.HostFiles;
import dev.kvmlab.fixtures.HostFiles.Host;
import dev.kvmlab.fixtures.Kvmlab;
import dev.kvmlab.fixtures.Results;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.LabService;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.report.ClassReports;

/**
 * A class of simulated learners, each a libvirt test-driver host file of their own (some solved,
 * some partly wrong, one malformed), one unreachable URI, one with credentials in its URI, and this
 * machine's real qemu:///system (read-only), graded in parallel; then every report written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassGradingTests {

	static final String SECRET_URI = "qemu+ssh://hal:s3cretPassw0rd@127.0.0.1:1/system?keyfile=/tmp/hal-private-key&no_tty=1";

	@TempDir
	static Path dir;

	private Kvmlab kvmlab;

	private ClassResult result;

	private Map<String, ClassResult.LearnerResult> byName;

	private Path out;

	@BeforeAll
	void gradeTheClass() throws Exception {
		kvmlab = new Kvmlab(dir.resolve("data"));
		Path hosts = Files.createDirectories(dir.resolve("hosts"));
		List<Roster.Learner> learners = new ArrayList<>();
		learners.add(learner("ada", HostFiles.write(hosts, "ada", Host.solved(), 1), "group-a"));
		learners.add(learner("ben", HostFiles.write(hosts, "ben", Host.solved(), 2), "group-a"));
		learners.add(learner(Results.HOSTILE, HostFiles.write(hosts, "cy", Host.solved(), 3), "group-b"));
		learners.add(learner("dan", HostFiles.write(hosts, "dan", Host.solved().forward("nat"), 4), "group-b"));
		learners.add(learner("Doe, \"Jane\"", HostFiles.write(hosts, "jane", Host.solved().withoutBridge()
			.nic("lab-bridge", "e1000"), 5), "group-b"));
		learners.add(learner("fay", HostFiles.malformed(hosts, "fay"), "group-c"));
		learners.add(learner("gus", "qemu+tcp://127.0.0.1:1/system", "group-c"));
		learners.add(learner("hal", SECRET_URI, "group-c"));
		learners.add(learner("local", Settings.DEFAULT_URI, "instructor"));
		Roster roster = new Roster(dir.resolve("roster.yaml"), learners);
		LabService labs = kvmlab.get(LabService.class);
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		result = kvmlab.get(ClassGrader.class).grade(roster, List.of(labs.lab("bridge-network")), null,
				new ClassGrader.Options(4, Duration.ofSeconds(60)), (done, total, l) -> seen.add(done + "/" + total));
		byName = result.learners().stream().collect(Collectors.toMap(ClassResult.LearnerResult::name, Function.identity()));
		out = dir.resolve("reports");
		kvmlab.get(ClassReports.class).writeAll(result, out, Lang.EN);
		assertThat(seen).as("one progress line per learner").hasSize(learners.size()).contains("9/9");
	}

	@AfterAll
	void close() {
		kvmlab.close();
	}

	private static Roster.Learner learner(String name, String uri, String label) {
		return new Roster.Learner(name, uri, List.of(label));
	}

	private static Map<String, Status> statuses(GradeResult r) {
		return r.criteria().stream().collect(Collectors.toMap(CriterionResult::id, CriterionResult::status));
	}

	@Nested
	class Outcomes {

		@Test
		void everyLearnerIsThereInRosterOrder() {
			assertThat(result.learners()).extracting(ClassResult.LearnerResult::name).containsExactly("ada", "ben",
					Results.HOSTILE, "dan", "Doe, \"Jane\"", "fay", "gus", "hal", "local");
		}

		@Test
		void solvedHostsPassWithAutostartFailingBecauseTheTestDriverCannotSayIt() {
			for (String name : List.of("ada", "ben", Results.HOSTILE)) {
				ClassResult.LearnerResult l = byName.get(name);
				GradeResult r = l.results().get(0);
				assertThat(l.outcome()).as(name).isEqualTo(Status.PASS);
				assertThat(r.score()).isEqualTo(80);
				assertThat(statuses(r)).containsEntry("network-autostart", Status.FAIL).containsEntry("bridge-up", Status.PASS)
					.containsEntry("network-bridge-mode", Status.PASS).containsEntry("network-active", Status.PASS)
					.containsEntry("vm-virtio-nic", Status.PASS);
				assertThat(r.practice()).isTrue();
			}
		}

		@Test
		void partlyWrongHostsFailOnExactlyWhatIsWrong() {
			GradeResult dan = byName.get("dan").results().get(0);
			assertThat(byName.get("dan").outcome()).isEqualTo(Status.FAIL);
			assertThat(statuses(dan)).containsEntry("network-bridge-mode", Status.FAIL).containsEntry("bridge-up", Status.PASS);
			assertThat(dan.score()).isEqualTo(60);

			GradeResult jane = byName.get("Doe, \"Jane\"").results().get(0);
			assertThat(statuses(jane)).containsEntry("bridge-up", Status.FAIL).containsEntry("vm-virtio-nic", Status.FAIL)
				.containsEntry("network-active", Status.PASS);
			assertThat(jane.score()).isEqualTo(40);
		}

		@Test
		void aMalformedHostFileIsAnErrorWithItsCauseNotAZero() {
			ClassResult.LearnerResult fay = byName.get("fay");
			assertThat(fay.outcome()).isEqualTo(Status.ERROR);
			assertThat(fay.error()).startsWith("bad host description: ");
			assertThat(fay.percent()).isNull();
			assertThat(fay.results().get(0).criteria()).allSatisfy(c -> {
				assertThat(c.status()).isEqualTo(Status.ERROR);
				assertThat(c.found()).isEqualTo(fay.error());
			});
			assertThat(fay.results().get(0).incomplete()).isTrue();
		}

		@Test
		void anUnreachableHostIsAnErrorSayingConnectionRefused() {
			ClassResult.LearnerResult gus = byName.get("gus");
			assertThat(gus.outcome()).isEqualTo(Status.ERROR);
			assertThat(gus.error()).startsWith("connection refused: ").contains("127.0.0.1:1");
		}

		@Test
		void anSshFailureIsNamedAndItsCredentialsAreNot() {
			ClassResult.LearnerResult hal = byName.get("hal");
			assertThat(hal.outcome()).isEqualTo(Status.ERROR);
			assertThat(hal.error()).startsWith("ssh failure");
			assertThat(hal.uri()).isEqualTo("qemu+ssh://hal@127.0.0.1:1/system?keyfile=***&no_tty=1");
			assertThat(hal.error()).doesNotContain("s3cretPassw0rd").doesNotContain("hal-private-key");
		}

		@Test
		void thisMachinesRealDaemonIsGradedReadOnly() {
			ClassResult.LearnerResult local = byName.get("local");
			GradeResult r = local.results().get(0);
			assertThat(local.error()).as("qemu:///system must answer (run-tests starts libvirtd)").isNull();
			assertThat(local.outcome()).isIn(Status.PASS, Status.FAIL);
			assertThat(r.uri()).isEqualTo("qemu:///system");
			assertThat(r.practice()).isFalse();
			assertThat(r.criteria()).extracting(CriterionResult::status).allMatch(s -> s == Status.PASS || s == Status.FAIL);
		}

		@Test
		void theInstructorsOwnProgressIsUntouched() {
			assertThat(kvmlab.get(ProgressStore.class).load().labs).isEmpty();
			assertThat(dir.resolve("data").resolve("results")).doesNotExist();
		}

		@Test
		void theClassSummaryCountsEachOutcome() {
			assertThat(result.count(Status.PASS) + result.count(Status.FAIL)).isEqualTo(6);
			assertThat(result.count(Status.ERROR)).isEqualTo(3);
		}
	}

	@Nested
	class Reports {

		@Test
		void allFiveFilesAreWritten() {
			assertThat(out.resolve(ClassReports.HTML)).isNotEmptyFile();
			assertThat(out.resolve(ClassReports.CSV)).isNotEmptyFile();
			assertThat(out.resolve(ClassReports.CRITERIA_CSV)).isNotEmptyFile();
			assertThat(out.resolve(ClassReports.JSON_FILE)).isNotEmptyFile();
			assertThat(out.resolve(ClassReports.JUNIT)).isNotEmptyFile();
		}

		@Test
		void noReportCarriesTheCredentialsOfALearnersUri() throws Exception {
			try (var files = Files.list(out)) {
				for (Path f : files.toList()) {
					assertThat(Files.readString(f)).as(f.getFileName().toString()).doesNotContain("s3cretPassw0rd")
						.doesNotContain("hal-private-key");
				}
			}
			assertThat(kvmlab.get(ClassReports.class).text(result, Lang.EN, new dev.kvmlab.report.Ansi(false)))
				.doesNotContain("s3cretPassw0rd").doesNotContain("hal-private-key");
		}

		@Test
		void junitHasOneTestcasePerLearnerAndCriterionAndEscapesNames() throws Exception {
			Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
				.parse(new ByteArrayInputStream(Files.readAllBytes(out.resolve(ClassReports.JUNIT))));
			NodeList cases = xml.getElementsByTagName("testcase");
			assertThat(cases.getLength()).isEqualTo(9 * 5);
			NodeList suites = xml.getElementsByTagName("testsuite");
			List<String> names = new ArrayList<>();
			for (int i = 0; i < suites.getLength(); i++) {
				names.add(((Element) suites.item(i)).getAttribute("name"));
			}
			assertThat(names).contains(Results.HOSTILE, "Doe, \"Jane\"");
			assertThat(xml.getElementsByTagName("error").getLength()).isEqualTo(3 * 5);
			assertThat(Files.readString(out.resolve(ClassReports.JUNIT))).doesNotContain(Results.HOSTILE);
		}

		@Test
		void csvQuotesWhatNeedsQuoting() throws Exception {
			List<List<String>> rows = ClassReportsTests.parseCsv(Files.readString(out.resolve(ClassReports.CSV)));
			assertThat(rows).hasSize(1 + 9);
			assertThat(rows.get(0)).contains("bridge-network/bridge-up", "bridge-network/vm-virtio-nic");
			assertThat(rows).extracting(r -> r.get(0)).contains("Doe, \"Jane\"", Results.HOSTILE);
			List<List<String>> criteria = ClassReportsTests.parseCsv(Files.readString(out.resolve(ClassReports.CRITERIA_CSV)));
			assertThat(criteria).hasSize(1 + 9 * 5);
		}

		@Test
		void jsonCarriesEachLearnersOutcomeAndCause() throws Exception {
			JsonNode root = new ObjectMapper().readTree(out.resolve(ClassReports.JSON_FILE).toFile());
			assertThat(root.at("/summary/learners").asInt()).isEqualTo(9);
			assertThat(root.at("/summary/errors").asInt()).isEqualTo(3);
			JsonNode gus = root.at("/learners/6");
			assertThat(gus.path("name").asText()).isEqualTo("gus");
			assertThat(gus.path("outcome").asText()).isEqualTo("ERROR");
			assertThat(gus.path("error").asText()).startsWith("connection refused");
			assertThat(root.at("/learners/0/results/0/criteria")).hasSize(5);
		}

		@Test
		void htmlEscapesALearnersNameAndShowsTheMatrix() throws Exception {
			String html = Files.readString(out.resolve(ClassReports.HTML), StandardCharsets.UTF_8);
			assertThat(html).doesNotContain(Results.HOSTILE).doesNotContainIgnoringCase("<script");
			assertThat(html).contains("data-learner=\"&lt;script&gt;alert(1)&lt;/script&gt;\"");
			assertThat(html.split("<tr data-learner=", -1)).hasSize(10);
			assertThat(html).contains("connection refused: ");
		}
	}

	@Nested
	class SeveralLabs {

		@Test
		void eachLearnerGetsACourseGradeUnderThePolicy() throws Exception {
			Path hosts = Files.createDirectories(dir.resolve("hosts2"));
			Roster roster = new Roster(dir.resolve("r.yaml"), List.of(
					learner("ada", HostFiles.write(hosts, "ada", Host.solved(), 1), "a"),
					learner("gus", "qemu+tcp://127.0.0.1:1/system", "a")));
			LabService labs = kvmlab.get(LabService.class);
			CoursePolicy policy = new CoursePolicyLoader().load(Kvmlab.projectRoot().resolve("grading/course.yaml"));

			ClassResult two = kvmlab.get(ClassGrader.class).grade(roster,
					List.of(labs.lab("bridge-network"), labs.lab("host-readiness")), policy,
					new ClassGrader.Options(2, Duration.ofSeconds(60)), null);

			ClassResult.LearnerResult ada = two.learners().get(0);
			assertThat(ada.results()).extracting(GradeResult::lab).containsExactly("bridge-network", "host-readiness");
			assertThat(ada.course()).isNotNull();
			assertThat(ada.course().modules()).containsKeys(1, 2);
			assertThat(ada.course().percent()).isNotNull();
			assertThat(two.learners().get(1).course().incomplete()).isTrue();
			String html = kvmlab.get(ClassReports.class).html(two, Lang.EN);
			assertThat(html).contains("Validation standards (seed 6.7)").contains("Fault drills");
		}
	}
}
