package dev.kvmlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.cluster.ClusterLayout.ClusterHost;

/** The cluster's layout and the files kvmlab writes for cluster.sh, without touching the machine. */
class ClusterConfigTests {

	private final ClusterLayout layout = ClusterLayout.of(Path.of("/var/lib/kvmlab/cluster"), "0123456789abcdef");

	private ClusterHost a() {
		return layout.host("lab-host-a").orElseThrow();
	}

	private ClusterHost b() {
		return layout.host("lab-host-b").orElseThrow();
	}

	@Nested
	class Layout {

		@Test
		void eachHostIsReachedFromHereThroughItsOwnLibvirtSocket() {
			assertThat(layout.socketUri(a())).isEqualTo("qemu:///system?socket=/var/lib/kvmlab/cluster/lab-host-a/run/libvirt-sock");
			assertThat(ClusterLayout.peerUri(b())).isEqualTo("qemu+tcp://lab-host-b/system");
			assertThat(layout.netns(a())).isEqualTo("kvmlab-lab-host-a");
		}

		@Test
		void hostUuidsAreFixedPerMachineAndDifferentPerHost() {
			ClusterLayout again = ClusterLayout.of(Path.of("/elsewhere"), "0123456789abcdef");
			ClusterLayout otherMachine = ClusterLayout.of(Path.of("/var/lib/kvmlab/cluster"), "fedcba9876543210");

			assertThat(a().uuid()).isNotEqualTo(b().uuid()).matches("[0-9a-f-]{36}");
			assertThat(again.host("lab-host-a").orElseThrow().uuid()).isEqualTo(a().uuid());
			assertThat(otherMachine.host("lab-host-a").orElseThrow().uuid()).isNotEqualTo(a().uuid());
		}

		@Test
		void aHostNameStandsForItsUriAndOtherUrisStayAsTheyAre() {
			assertThat(layout.resolve("lab-host-b")).isEqualTo(layout.socketUri(b()));
			assertThat(layout.resolve("qemu:///system")).isEqualTo("qemu:///system");
			assertThat(layout.resolve("lab-host-c")).isEqualTo("lab-host-c");
			assertThat(ClusterLayout.resolveAlias("test:///default")).isEqualTo("test:///default");
		}

		@Test
		void connectTakesAHostNameAndShowsItsSocketPath() {
			ClusterLayout standard = ClusterLayout.standard();
			String uri = standard.socketUri(standard.host("lab-host-a").orElseThrow());

			assertThat(new dev.kvmlab.Settings("lab-host-a", "en").uri()).isEqualTo(uri);
			assertThat(dev.kvmlab.host.UriRedactor.redact(uri)).as("a socket path is no secret").isEqualTo(uri);
		}

		@Test
		void anUnreachableClusterHostIsNamed() {
			ClusterLayout standard = ClusterLayout.standard();
			String uri = standard.socketUri(standard.host("lab-host-b").orElseThrow());

			assertThat(dev.kvmlab.lab.HostConnector.explain(uri, "Failed to connect socket: Connection refused"))
				.startsWith("cluster host lab-host-b is down: cannot connect to " + uri + ": Failed to connect socket")
				.contains("kvmlab cluster up");
		}

		@Test
		void aSocketUriNamesItsHost() {
			assertThat(layout.hostOfUri(layout.socketUri(b()))).contains(b());
			assertThat(layout.hostOfUri("qemu:///system")).isEmpty();
		}
	}

	@Nested
	class Files_ {

		@Test
		void libvirtdListensOnTcpOnItsOwnAddressWithItsOwnUuid() {
			String conf = ClusterFiles.libvirtdConf(a());

			assertThat(conf).contains("listen_tcp = 1\n", "listen_tls = 0\n", "listen_addr = \"10.77.0.11\"\n",
					"auth_tcp = \"none\"\n", "host_uuid = \"" + a().uuid() + "\"\n");
		}

		@Test
		void everyHostResolvesBothHostNames() {
			String hosts = ClusterFiles.hosts(layout);

			assertThat(hosts).contains("127.0.0.1\tlocalhost\n", "10.77.0.11\tlab-host-a\n", "10.77.0.12\tlab-host-b\n");
		}

		@Test
		void theScriptGetsTheLayoutAsBashVariables() {
			String env = ClusterFiles.env(layout);

			assertThat(env).contains("HOSTS=(lab-host-a lab-host-b)\n", "ADDRS=(10.77.0.11 10.77.0.12)\n", "PREFIX=24\n",
					"BRIDGE_NS=kvmlab-cluster\n", "NS_PREFIX=kvmlab-\n", "CGROUP=kvmlab-cluster\n",
					"MOUNTS=(etc:/etc/libvirt run:/run/libvirt lib:/var/lib/libvirt log:/var/log/libvirt cache:/var/cache/libvirt)\n",
					"SAN_ADDR=10.77.0.1\n");
		}

		@Test
		void theStorageNetworkIsOnTheClusterBridgeBesideTheHostsWithKvmlabsIqns() {
			assertThat(layout.sanAddress()).isEqualTo("10.77.0.1");
			assertThat(layout.hosts()).extracting(ClusterLayout.ClusterHost::address).doesNotContain(layout.sanAddress());
			assertThat(layout.sanDir()).isEqualTo(layout.dir().resolve("san"));
			assertThat(ClusterLayout.iqn("lab-shared")).isEqualTo("iqn.2026-11.dev.kvmlab:lab-shared");
		}

		@Test
		void writingRecordsTheParentFoldersItMadeAndWritesEveryFile(@TempDir Path tmp) throws IOException {
			ClusterLayout here = ClusterLayout.of(tmp.resolve("var/kvmlab/cluster"), "id");

			ClusterFiles.writeAll(here);
			ClusterFiles.writeAll(here); // again: nothing more to record

			Path dir = here.dir();
			assertThat(Files.readAllLines(dir.resolve("journal"))).containsExactly("parent " + tmp.resolve("var"),
					"parent " + tmp.resolve("var/kvmlab"));
			assertThat(dir.resolve("cluster.sh")).isExecutable().content().startsWith("#!/usr/bin/env bash");
			assertThat(dir.resolve("cluster.env")).content().contains("HOSTS=(lab-host-a lab-host-b)");
			assertThat(dir.resolve("hosts")).content().contains("lab-host-b");
			assertThat(dir.resolve("sysctl.want")).content().isEqualTo("vm.unprivileged_userfaultfd 1\n");
			assertThat(dir.resolve("lab-host-b/etc/libvirtd.conf")).content().contains("10.77.0.12");
			assertThat(here.sharedDir()).isDirectory();
		}

		@Test
		void anUnchangedFileIsNotWrittenAgain(@TempDir Path tmp) throws IOException {
			ClusterLayout here = ClusterLayout.of(tmp.resolve("cluster"), "id");
			ClusterFiles.writeAll(here);
			Path hosts = here.dir().resolve("hosts");
			Object inode = Files.getAttribute(hosts, "unix:ino");

			ClusterFiles.writeAll(here);

			assertThat(Files.getAttribute(hosts, "unix:ino")).as("a running host keeps the hosts file it mounted").isEqualTo(inode);
		}

		@Test
		void aFolderWithSomeoneElsesFilesIsNotUsed(@TempDir Path tmp) throws IOException {
			Files.writeString(tmp.resolve("notes.txt"), "mine");
			ClusterLayout here = ClusterLayout.of(tmp, "id");

			assertThatThrownBy(() -> ClusterFiles.writeAll(here)).hasMessageContaining("not a kvmlab cluster folder");
			assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("notes.txt"));
		}
	}
}
