package dev.kvmlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.Settings;
import dev.kvmlab.content.ContentException;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.support.ContentDir;
import dev.kvmlab.support.TestHosts;
import dev.kvmlab.support.Wiring;

/**
 * Labs that span hosts (the cluster labs): rubric criteria, lab steps and resources that say
 * {@code host:}. Other hosts are libvirt test-driver URIs here: {@code test:///default} (shared with
 * the lab's own practice connection, so what a step makes there is visible), a host XML file, and a
 * file that does not exist (a host that is down).
 */
class MultiHostLabTests {

	private static final String DOWN = "test:///nonexistent/kvmlab-down-host.xml";

	@TempDir
	Path home;

	@TempDir
	Path data;

	private Wiring wiring;

	private LabService labs;

	private final List<String> log = new ArrayList<>();

	private ContentDir content;

	@BeforeEach
	void wire() {
		content = new ContentDir(home);
		content.write("curriculum/.keep", "");
	}

	private void load() {
		wiring = Wiring.of(Settings.PRACTICE_URI, home, data);
		labs = wiring.get(LabService.class);
	}

	@AfterEach
	void close() {
		if (wiring != null) {
			LibvirtHost h = wiring.get(HostConnector.class).open(false);
			h.networkNames().stream().filter(n -> n.startsWith("lab-mh")).forEach(h::undefineNetwork);
			wiring.close();
		}
	}

	private static String lab(String extra) {
		return ContentDir.labHeader("spread") + extra;
	}

	private static String rubric(String criteria) {
		return """
				format_version: 1
				lab: spread
				pass_mark: 50
				criteria:
				""" + criteria;
	}

	private static String criterion(String id, String host, String check, String params) {
		return """
				  - id: %s
				    title: {en: "%s", zh-CN: "%s"}
				    points: 10
				    check: %s
				    params: %s
				    hint: {en: "Fix it.", zh-CN: "修好它。"}
				""".formatted(id, id, id, check, params) + (host == null ? "" : "    host: " + host + "\n");
	}

	@Test
	void criteriaGradeTheHostTheyNameAndAHostThatIsDownIsErrorNamingIt() {
		String other = TestHosts.uri(TestHosts.CLASSROOM);
		content.lab("spread", lab(""));
		content.rubric("spread", rubric(criterion("own", null, "domain-exists", "{name: test}")
				+ criterion("there", other, "domain-state", "{name: web, state: running}")
				+ criterion("wrong-there", other, "domain-exists", "{name: test}")
				+ criterion("down", DOWN, "domain-exists", "{name: web}")));
		load();

		GradeResult r = labs.grade(labs.lab("spread"));

		assertThat(r.criteria()).extracting(CriterionResult::id, CriterionResult::status).containsExactly(
				org.assertj.core.groups.Tuple.tuple("own", Status.PASS), org.assertj.core.groups.Tuple.tuple("there", Status.PASS),
				org.assertj.core.groups.Tuple.tuple("wrong-there", Status.FAIL), org.assertj.core.groups.Tuple.tuple("down", Status.ERROR));
		assertThat(r.criteria().get(1).expected()).startsWith("on " + other + ": ");
		assertThat(r.criteria().get(3).found()).startsWith("cannot connect to " + DOWN + ": ");
		assertThat(r.incomplete()).isTrue();
		assertThat(r.passed()).isFalse();
	}

	@Test
	void gradingOnlyTheLearnersOwnHostSkipsTheCriteriaOfOtherHosts() {
		content.lab("spread", lab(""));
		content.rubric("spread", rubric(criterion("own", null, "domain-exists", "{name: test}")
				+ criterion("there", TestHosts.uri(TestHosts.CLASSROOM), "domain-state", "{name: web, state: running}")));
		load();

		GradeResult r = labs.grade(labs.lab("spread"), Settings.PRACTICE_URI); // as class grading does

		assertThat(r.criteria()).extracting(CriterionResult::status).containsExactly(Status.PASS, Status.SKIP);
		assertThat(r.criteria().get(1).found()).contains("is not graded here");
	}

	@Test
	void stepsAndResourcesOnAnotherHostAreRecordedThereAndFinishRemovesOnlyTheLabsOnes() {
		content.write("labs/spread/lab-mh1.xml", "<network><name>lab-mh1</name><metadata>${owner}</metadata><bridge name='lab-mh1br'/></network>");
		content.lab("spread", lab("""
				resources:
				  - kind: network
				    name: lab-mh1
				    host: test:///default
				  - kind: network
				    name: lab-mh2
				    host: test:///default
				setup:
				  - action: define-network
				    xml: lab-mh1.xml
				    host: test:///default
				"""));
		content.rubric("spread", rubric(criterion("net", "test:///default", "network-active", "{name: lab-mh1}")));
		load();
		Lab lab = labs.lab("spread");
		assertThat(lab.resources()).extracting(Lab.Resource::key).containsExactly("network:lab-mh1@test:///default",
				"network:lab-mh2@test:///default");
		LibvirtHost own = wiring.get(HostConnector.class).open(false);
		own.defineNetwork("<network><name>lab-mh2</name><bridge name='lab-mh2br'/></network>"); // there before the lab, unmarked

		labs.start(lab, log::add);

		assertThat(own.findNetwork("lab-mh1")).isNotNull();
		assertThat(wiring.get(dev.kvmlab.progress.ProgressStore.class).load().lab("spread").sessions.get(Settings.PRACTICE_URI))
			.satisfies(s -> {
				assertThat(s.created).contains("network:lab-mh1@test:///default");
				assertThat(s.preexisting).containsExactly("network:lab-mh2@test:///default");
			});
		assertThat(labs.grade(lab).criteria()).extracting(CriterionResult::status).containsExactly(Status.FAIL); // defined, not started

		labs.finish(lab, log::add);

		assertThat(own.findNetwork("lab-mh1")).as("the lab's network on the other host").isNull();
		assertThat(own.findNetwork("lab-mh2")).as("the unmarked network that was there before").isNotNull();
		assertThat(log).contains("removed network lab-mh1", "network lab-mh2: left alone (not this lab's)");
	}

	@Test
	void aStepIsSkippedWhileTheDomainItsSkipIfNamesExistsOnThatHost() {
		content.write("labs/spread/lab-mh1.xml", "<network><name>lab-mh1</name><metadata>${owner}</metadata></network>");
		content.lab("spread", lab("""
				resources:
				  - kind: network
				    name: lab-mh1
				setup:
				  - action: define-network
				    xml: lab-mh1.xml
				    skip_if: {domain: test, host: test:///default}
				  - action: define-network
				    xml: lab-mh1.xml
				    skip_if: {domain: lab-not-there}
				"""));
		content.rubric("spread", rubric(criterion("net", null, "network-active", "{name: lab-mh1}")));
		load();

		labs.start(labs.lab("spread"), log::add);

		assertThat(log.get(0)).isEqualTo("skipped define-network: domain test is on test:///default");
		assertThat(log.get(1)).startsWith("defined network lab-mh1");
		labs.finish(labs.lab("spread"), log::add);
	}

	@Test
	void aStepOnAHostThatIsDownFailsInOneLineNamingTheHost() {
		content.write("labs/spread/lab-mh1.xml", "<network><name>lab-mh1</name><metadata>${owner}</metadata></network>");
		content.lab("spread", lab("""
				setup:
				  - action: define-network
				    xml: lab-mh1.xml
				    host: %s
				""".formatted(DOWN)));
		content.rubric("spread", rubric(criterion("net", null, "network-active", "{name: lab-mh1}")));
		load();

		assertThatThrownBy(() -> labs.start(labs.lab("spread"), log::add)).isInstanceOfSatisfying(KvmlabException.class, e -> {
			assertThat(e.exitCode()).isEqualTo(ExitCode.HOST_UNREACHABLE);
			assertThat(e.getMessage()).startsWith("cannot connect to " + DOWN + ": ").doesNotContain("\n");
		});
	}

	@Test
	void anUnknownHostNameIsAContentErrorWithItsLine() {
		content.lab("spread", lab(""));
		content.rubric("spread", rubric(criterion("net", "lab-host-c", "network-active", "{name: lab-mh1}")));
		load();

		assertThatThrownBy(() -> wiring.get(LabCatalog.class).rubric(labs.lab("spread")))
			.isInstanceOfSatisfying(ContentException.class, e -> assertThat(e.getMessage())
				.contains("spread.yaml:").contains("unknown host 'lab-host-c' (known: lab-host-a, lab-host-b, or a libvirt URI)"));
	}

	@Test
	void clusterHostsAreReachedThroughTheirSocketInTheClusterFolder() {
		LabHosts hosts = new LabHosts("/srv/cluster");

		assertThat(hosts.uri("lab-host-b")).isEqualTo("qemu:///system?socket=/srv/cluster/lab-host-b/run/libvirt-sock");
		assertThat(hosts.uri("test:///default")).isEqualTo("test:///default");
		assertThatThrownBy(() -> hosts.uri("lab-host-z")).isInstanceOf(KvmlabException.class);
	}
}
