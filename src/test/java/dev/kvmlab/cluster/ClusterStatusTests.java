package dev.kvmlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.kvmlab.cluster.ClusterService.Step;
import dev.kvmlab.cluster.ClusterStatus.HostStatus;
import dev.kvmlab.cluster.ClusterStatus.Probe;
import dev.kvmlab.cluster.ClusterStatus.Problem;
import dev.kvmlab.cluster.ClusterStatus.State;

/** Reading what cluster.sh reports, and deciding which host is down and why. */
class ClusterStatusTests {

	private final ClusterLayout layout = ClusterLayout.of(Path.of("/var/lib/kvmlab/cluster"), "id");

	private static final String OUTPUT = """
			dir=/var/lib/kvmlab/cluster
			journal=present
			bridge.netns=present
			host.lab-host-a.netns=present
			host.lab-host-a.holder=30358
			host.lab-host-a.virtlogd=30481
			host.lab-host-a.libvirtd=30517
			host.lab-host-a.hostname=lab-host-a
			host.lab-host-a.eth0=10.77.0.11/24
			host.lab-host-b.netns=present
			host.lab-host-b.holder=30871
			host.lab-host-b.virtlogd=30947
			host.lab-host-b.libvirtd=
			host.lab-host-b.hostname=lab-host-b
			host.lab-host-b.eth0=10.77.0.12/24
			""";

	@Test
	void theScriptsKeyValueLinesGiveEachHostsNamespacesAndDaemons() {
		ClusterStatus status = ClusterStatus.parse(layout, OUTPUT);

		assertThat(status.exists()).isTrue();
		assertThat(status.bridge()).isTrue();
		HostStatus a = status.hosts().get(0);
		assertThat(a.host().name()).isEqualTo("lab-host-a");
		assertThat(a.netns()).isTrue();
		assertThat(a.holder()).isEqualTo("30358");
		assertThat(a.libvirtd()).isEqualTo("30517");
		assertThat(a.hostname()).isEqualTo("lab-host-a");
		assertThat(a.address()).isEqualTo("10.77.0.11/24");
		assertThat(status.hosts().get(1).libvirtd()).isNull();
	}

	@Test
	void aHostIsUpOnlyWhenItsLibvirtdAnswers() {
		ClusterStatus parsed = ClusterStatus.parse(layout, OUTPUT);
		HostStatus a = parsed.hosts().get(0).withProbe(new Probe("f003e134-f961-5ccb-badf-6bc60187f5dc", "9.0.0", null));
		HostStatus b = parsed.hosts().get(1).withProbe(null);

		ClusterStatus status = parsed.withHosts(java.util.List.of(a, b));

		assertThat(a.up()).isTrue();
		assertThat(b.problem()).isEqualTo(Problem.LIBVIRTD_NOT_RUNNING);
		assertThat(status.state()).isEqualTo(State.DEGRADED);
		assertThat(a.withProbe(Probe.failed("Connection refused")).problem()).isEqualTo(Problem.LIBVIRTD_NOT_ANSWERING);
		assertThat(Problem.LIBVIRTD_NOT_ANSWERING.key()).isEqualTo("libvirtd-not-answering");
	}

	@Test
	void aHostWithoutItsHolderHasLostItsNamespaces() {
		ClusterStatus status = ClusterStatus.parse(layout, OUTPUT.replace("holder=30871", "holder=none"));

		assertThat(status.hosts().get(1).problem()).isEqualTo(Problem.NAMESPACES_GONE);
	}

	@Test
	void theStorageNetworksTargetsAreListedWhenItsDaemonRuns() {
		assertThat(ClusterStatus.parse(layout, OUTPUT).sanTargets()).isEmpty();
		ClusterStatus status = ClusterStatus.parse(layout, OUTPUT + "san.tgtd=4533\nsan.targets=iqn.2026-11.dev.kvmlab:lab-shared"
				+ " iqn.2026-11.dev.kvmlab:lab-it\n");

		assertThat(status.sanTargets()).containsExactly("iqn.2026-11.dev.kvmlab:lab-shared", "iqn.2026-11.dev.kvmlab:lab-it");
		assertThat(status.withHosts(status.hosts()).sanTargets()).isEqualTo(status.sanTargets());
	}

	@Test
	void noJournalMeansNoCluster() {
		assertThat(ClusterStatus.parse(layout, "dir=/x\njournal=absent\n").state()).isEqualTo(State.ABSENT);
		assertThat(ClusterStatus.absent(layout).state()).isEqualTo(State.ABSENT);
		assertThat(ClusterStatus.absent(layout).hosts()).extracting(h -> h.host().name()).containsExactly("lab-host-a", "lab-host-b");
	}

	@Test
	void progressLinesAreMadeFoundOrRemoved() {
		assertThat(ClusterService.step("+ netns kvmlab-cluster")).isEqualTo(new Step(Step.Kind.CREATED, "netns kvmlab-cluster"));
		assertThat(ClusterService.step("= libvirtd lab-host-a")).isEqualTo(new Step(Step.Kind.PRESENT, "libvirtd lab-host-a"));
		assertThat(ClusterService.step("- dir /var/lib/kvmlab")).isEqualTo(new Step(Step.Kind.REMOVED, "dir /var/lib/kvmlab"));
		assertThat(ClusterService.step("! lab-host-a: libvirtd did not start")).isNull();
		assertThat(ClusterService.step("journal=present")).isNull();
	}
}
