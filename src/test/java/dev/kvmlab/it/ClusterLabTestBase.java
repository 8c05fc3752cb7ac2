package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.kvmlab.lab.LabHosts;

/**
 * A lab test on the two-host cluster: {@code cluster up} before the class when the cluster is not up
 * (and then {@code cluster down} after it), the hosts' URIs, virsh against them, and waiting for a
 * guest's serial log.
 */
abstract class ClusterLabTestBase extends LabTestBase {

	static final LabHosts HOSTS = new LabHosts("");

	static final String A = HOSTS.uri("lab-host-a");

	static final String B = HOSTS.uri("lab-host-b");

	static final Path SHARED = HOSTS.layout().sharedDir();

	static boolean madeCluster;

	static String[] with(String first, String[] rest) {
		String[] all = new String[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

	static Cmd.Result kvmlab(String... args) {
		return Cmd.run(Map.of("KVMLAB_DATA", InterruptedRuns.HOME.resolve("target").resolve("kvmlab-it-cluster-data").toString()),
				InterruptedRuns.HOME, Duration.ofMinutes(5), Cmd.list(with("./kvmlab", args)));
	}

	static boolean clusterUp() {
		return Cmd.run("virsh", "-c", A, "version").exit() == 0 && Cmd.run("virsh", "-c", B, "version").exit() == 0;
	}

	@BeforeAll
	static void upTheCluster() {
		if (!clusterUp()) {
			Cmd.Result up = kvmlab("cluster", "up");
			assertThat(up.exit()).as(up.describe()).isZero();
			madeCluster = true;
		}
	}

	@AfterAll
	static void downTheCluster() {
		if (madeCluster) {
			Cmd.Result down = kvmlab("cluster", "down");
			assertThat(down.exit()).as(down.describe()).isZero();
			madeCluster = false;
		}
	}

	static boolean on(String uri, String domain) {
		return virsh(uri, "list", "--all", "--name").ok().lines().contains(domain);
	}

	void requireClean(String domain) {
		assertThat(on(A, domain) || on(B, domain)).as("a cluster host already has %s (an earlier session?): the test will not touch it",
				domain).isFalse();
	}

	/** Neither host has the domain, the shared folder none of its files, and the system libvirtd is as it was. */
	void assertNothingLeft(String domain, Map<String, java.util.List<String>> systemBefore) {
		assertThat(on(A, domain)).as("%s on lab-host-a after finish; log:\n%s", domain, logText()).isFalse();
		assertThat(on(B, domain)).as("%s on lab-host-b after finish; log:\n%s", domain, logText()).isFalse();
		try (var files = Files.list(SHARED)) {
			assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(domain))).isEmpty();
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		assertThat(Host.inventory()).as("the system libvirtd is not touched by a cluster lab").isEqualTo(systemBefore);
	}

	/** The learner's `virsh -c "$A" migrate --live --p2p --persistent --undefinesource [options] DOMAIN qemu+tcp://lab-host-b/system`. */
	static void migrateToB(String domain, java.time.Duration timeout, String... options) {
		java.util.List<String> cmd = Cmd.list("virsh", "-c", A, "migrate", "--live", "--p2p", "--persistent", "--undefinesource");
		cmd.addAll(java.util.List.of(options));
		cmd.addAll(java.util.List.of(domain, "qemu+tcp://lab-host-b/system"));
		Cmd.run(Map.of(), null, timeout, cmd).ok();
	}

	static Cmd.Result virsh(String uri, String... args) {
		return Cmd.run(with("virsh", with("-c", with(uri, args))));
	}

	static void waitForText(Path log, String text) throws Exception {
		for (int i = 0; i < 900; i++) {
			if (Files.exists(log) && Files.readString(log).contains(text)) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("no \"" + text + "\" in " + log);
	}
}
