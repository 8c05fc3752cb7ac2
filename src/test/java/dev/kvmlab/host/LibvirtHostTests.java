package dev.kvmlab.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kvmlab.support.TestHosts;

/** The host layer against libvirt's test driver, on the classroom host of src/test/resources/hosts. */
class LibvirtHostTests {

	private LibvirtHost host;

	@BeforeEach
	void openClassroom() {
		host = TestHosts.classroom();
	}

	@AfterEach
	void close() {
		host.closeForGood();
	}

	private HostSnapshot read(Need... needs) {
		return host.snapshot(List.of(needs));
	}

	@Nested
	class Domains {

		@Test
		void runningPersistentDomainIsReadWithStateAndBothXmls() {
			// when
			DomainInfo web = read(Need.domain("web")).domain("web").orNull();

			// then
			assertThat(web).isNotNull();
			assertThat(web.state()).isEqualTo(DomainState.RUNNING);
			assertThat(web.isActive()).isTrue();
			assertThat(web.persistent()).isTrue();
			assertThat(web.uuid()).isEqualTo("11111111-0000-4000-8000-000000000001");
			assertThat(web.liveXml().value("/domain/name")).isEqualTo("web");
			assertThat(web.configXml()).isNotNull();
			assertThat(web.configXml().value("/domain/devices/interface/source/@network")).isEqualTo("lan");
			assertThat(web.snapshots()).isEmpty();
		}

		@Test
		void shutOffAndPausedDomainsReportTheirState() {
			// when
			HostSnapshot snap = read(Need.domain("db"), Need.domain("batch"));

			// then
			DomainInfo db = snap.domain("db").orNull();
			assertThat(db.state()).isEqualTo(DomainState.SHUTOFF);
			assertThat(db.state().label()).isEqualTo("shut off");
			assertThat(db.isActive()).isFalse();
			assertThat(db.persistent()).isTrue();
			assertThat(snap.domain("batch").orNull().state()).isEqualTo(DomainState.PAUSED);
		}

		@Test
		void transientDomainHasNoConfigXmlAndItsDefinitionIsTheLiveXml() {
			// when
			DomainInfo scratch = read(Need.domain("scratch")).domain("scratch").orNull();

			// then
			assertThat(scratch.persistent()).isFalse();
			assertThat(scratch.autostart()).isFalse();
			assertThat(scratch.configXml()).isNull();
			assertThat(scratch.definition()).isSameAs(scratch.liveXml());
		}

		@Test
		void configXmlIsTheNextBootDefinitionWhileLiveXmlIsWhatRuns() {
			// given: web runs with 2 vCPUs and its definition is changed to 4
			String config = host.domain("web").configXml().text().replace(">2</vcpu>", ">4</vcpu>");
			host.defineDomain(config);

			// when
			DomainInfo web = read(Need.domain("web")).domain("web").orNull();

			// then
			assertThat(web.configXml().value("/domain/vcpu")).isEqualTo("4");
			assertThat(web.liveXml().value("/domain/vcpu")).isEqualTo("2");
			assertThat(web.definition().value("/domain/vcpu")).isEqualTo("4");
		}

		@Test
		void allDomainsListsEveryDomainOfTheHost() {
			// when
			List<DomainInfo> all = read(Need.allDomains()).allDomains().orNull();

			// then
			assertThat(all).extracting(DomainInfo::name)
				.containsExactlyInAnyOrder("web", "db", "scratch", "batch", "lab-vm1");
			assertThat(host.domainNames()).containsExactlyInAnyOrder("web", "db", "scratch", "batch", "lab-vm1");
		}

		@Test
		void aMissingDomainIsAbsentNotFailed() {
			// when
			Lookup<DomainInfo> nope = read(Need.domain("nope")).domain("nope");

			// then
			assertThat(nope).isInstanceOf(Lookup.Absent.class);
		}

		@Test
		void aDomainTheRubricDidNotAskForIsFailedNotAbsent() {
			// when
			Lookup<DomainInfo> web = read(Need.domain("db")).domain("web");

			// then
			assertThat(web).isInstanceOf(Lookup.Failed.class);
			assertThat(((Lookup.Failed<DomainInfo>) web).reason()).contains("was not read");
		}

		@Test
		void domainLookupOfAMissingNameThrowsANotFoundHostException() {
			assertThatThrownBy(() -> host.domain("nope")).isInstanceOfSatisfying(HostException.class, e -> {
				assertThat(e.code()).isEqualTo("VIR_ERR_NO_DOMAIN");
				assertThat(e.isNotFound()).isTrue();
				assertThat(e.isConnectionLost()).isFalse();
			});
		}
	}

	@Nested
	class Networks {

		@Test
		void activeAutostartNetworkIsReadWithItsPersistentXml() {
			// when
			NetworkInfo lan = read(Need.network("lan")).network("lan").orNull();

			// then
			assertThat(lan.active()).isTrue();
			assertThat(lan.autostart()).isTrue();
			assertThat(lan.persistent()).isTrue();
			assertThat(lan.xml().value("/network/forward/@mode")).isEqualTo("nat");
			assertThat(lan.ownerLab()).isEmpty();
		}

		@Test
		void stoppedNetworkIsInactiveAndNotAutostart() {
			// when
			NetworkInfo isolated = read(Need.network("isolated")).network("isolated").orNull();

			// then
			assertThat(isolated.active()).isFalse();
			assertThat(isolated.autostart()).isFalse();
			assertThat(isolated.xml().exists("/network/forward")).isFalse();
		}

		@Test
		void markedNetworkNamesItsLab() {
			// when
			NetworkInfo lab = read(Need.network("lab-bridge")).network("lab-bridge").orNull();

			// then
			assertThat(lab.ownerLab()).contains("bridge-network");
		}

		@Test
		void aMissingNetworkIsAbsent() {
			assertThat(read(Need.network("nope")).network("nope")).isInstanceOf(Lookup.Absent.class);
		}

		@Test
		void networkNamesIncludeInactiveOnes() {
			assertThat(host.networkNames()).containsExactly("default", "isolated", "lab-bridge", "lan");
		}
	}

	@Nested
	class Pools {

		@Test
		void activePoolIsReadWithItsVolumes() {
			// when
			PoolInfo images = read(Need.pool("images")).pool("images").orNull();

			// then
			assertThat(images.active()).isTrue();
			assertThat(images.type()).isEqualTo("dir");
			assertThat(images.volumes()).extracting(VolumeInfo::name)
				.containsExactlyInAnyOrder("disk1.qcow2", "lab-vm1.qcow2");
			VolumeInfo disk1 = images.volumes().stream().filter(v -> v.name().equals("disk1.qcow2")).findFirst()
				.orElseThrow();
			assertThat(disk1.path()).isEqualTo("/pool/images/disk1.qcow2");
			assertThat(disk1.capacityBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
			assertThat(disk1.allocationBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
			assertThat(disk1.xml().value("/volume/target/format/@type")).isEqualTo("qcow2");
			assertThat(host.poolNames()).containsExactly("images");
		}

		@Test
		void aMissingPoolIsAbsent() {
			assertThat(read(Need.pool("nope")).pool("nope")).isInstanceOf(Lookup.Absent.class);
		}
	}

	@Nested
	class Interfaces {

		@Test
		void hostInterfacesComeFromLibvirtsInterfaceDriverOnTestUris() {
			// when
			HostSnapshot snap = read(Need.interfaces());

			// then
			HostInterface br0 = snap.hostInterface("br0").orNull();
			assertThat(br0.isBridge()).isTrue();
			assertThat(br0.up()).isTrue();
			assertThat(br0.ports()).containsExactly("eth1");
			HostInterface eth0 = snap.hostInterface("eth0").orNull();
			assertThat(eth0.kind()).isEqualTo("ethernet");
			assertThat(eth0.isBridge()).isFalse();
			assertThat(eth0.mac()).isEqualTo("aa:bb:cc:00:00:01");
			HostInterface labBr0 = snap.hostInterface("lab-br0").orNull();
			assertThat(labBr0.isBridge()).isTrue();
			assertThat(labBr0.up()).isFalse();
		}

		@Test
		void aMissingInterfaceIsAbsent() {
			assertThat(read(Need.interfaces()).hostInterface("nope")).isInstanceOf(Lookup.Absent.class);
		}

		@Test
		void interfacesNotAskedForAreNotReported() {
			assertThat(read(Need.domain("web")).hostInterface("br0")).isInstanceOf(Lookup.Unsupported.class);
		}

		@Test
		void bridgesDefinedThroughTheHostLayerAppearAndGo() {
			// given
			host.defineInterface("<interface type='bridge' name='lab-br7'><start mode='none'/><bridge/></interface>", true);

			// then
			assertThat(read(Need.interfaces()).hostInterface("lab-br7").orNull().up()).isTrue();

			// when
			host.undefineInterface("lab-br7");

			// then
			assertThat(read(Need.interfaces()).hostInterface("lab-br7")).isInstanceOf(Lookup.Absent.class);
		}
	}

	@Nested
	class FactsAndCapabilities {

		@Test
		void hostFactsAreNotReadInPracticeMode() {
			// when
			Lookup<HostFacts> facts = read(Need.facts()).facts();

			// then
			assertThat(facts).isInstanceOfSatisfying(Lookup.Unsupported.class,
					u -> assertThat(u.reason()).contains("practice mode"));
		}

		@Test
		void capabilitiesNameTheTestHypervisor() {
			// when
			HostCapabilities caps = read(Need.capabilities()).capabilities().orNull();

			// then
			assertThat(caps.hypervisor()).isEqualTo("TEST");
			assertThat(caps.libvirtVersion()).matches("\\d+\\.\\d+\\.\\d+");
			assertThat(caps.capabilities().exists("/capabilities/host")).isTrue();
		}

		@Test
		void theSnapshotIsMarkedPracticeForTestUris() {
			// when
			HostSnapshot snap = read();

			// then
			assertThat(snap.practice()).isTrue();
			assertThat(snap.uri()).isEqualTo(TestHosts.uri(TestHosts.CLASSROOM));
		}
	}

	@Nested
	class OwnershipMark {

		@Test
		void ownerLabReadsKvmlabsMetadata() {
			// when
			HostSnapshot snap = read(Need.domain("lab-vm1"), Need.domain("web"));

			// then
			assertThat(snap.domain("lab-vm1").orNull().ownerLab()).contains("bridge-network");
			assertThat(snap.domain("web").orNull().ownerLab()).isEmpty();
			assertThat(Ownership.ownerLab(null)).isEmpty();
		}

		@Test
		void ownerElementsOfAnotherNamespaceAreNotKvmlabs() {
			// given
			XmlDoc xml = XmlDoc.parse("<domain><name>x</name><metadata><o:owner xmlns:o='https://example.org/x' lab='a'/>"
					+ "</metadata></domain>");

			// then
			assertThat(Ownership.ownerLab(xml)).isEmpty();
		}

		@Test
		void markPutsTheOwnerAfterTheNameAndLibvirtKeepsIt() {
			// given
			String xml = "<network><name>lab-marked</name><bridge name='lab-br5'/></network>";

			// when
			String marked = Ownership.mark(xml, "bridge-network");
			host.defineNetwork(marked);

			// then
			assertThat(marked).startsWith("<network><name>lab-marked</name><metadata><kvmlab:owner");
			assertThat(host.network("lab-marked").ownerLab()).contains("bridge-network");
		}

		@Test
		void markGoesInsideAnExistingMetadataElementAndOnlyOnce() {
			// given
			String xml = "<domain><name>lab-x</name><metadata><other/></metadata></domain>";

			// when
			String once = Ownership.mark(xml, "l1");
			String twice = Ownership.mark(once, "l2");

			// then
			assertThat(Ownership.ownerLab(XmlDoc.parse(once))).contains("l1");
			assertThat(twice).isEqualTo(once);
			assertThat(XmlDoc.parse(once).nodes("/domain/metadata")).hasSize(1);
		}

		@Test
		void markRefusesXmlWithoutAName() {
			assertThatThrownBy(() -> Ownership.mark("<network/>", "l1")).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("<name>");
		}

		@Test
		void thePrefixIsLabDash() {
			assertThat(Ownership.hasPrefix("lab-vm1")).isTrue();
			assertThat(Ownership.hasPrefix("lab")).isFalse();
			assertThat(Ownership.hasPrefix("web")).isFalse();
			assertThat(Ownership.hasPrefix(null)).isFalse();
		}
	}

	@Nested
	class Changes {

		private static final String NIC = "<interface type='network'><source network='isolated'/><model type='virtio'/></interface>";

		@Test
		void attachingADeviceToTheConfigOfAShutOffDomainChangesItsDefinition() {
			// when
			host.attachDeviceConfig("db", NIC);

			// then
			DomainInfo db = host.domain("db");
			assertThat(db.configXml().values("/domain/devices/interface/source/@network")).containsExactly("lan", "isolated");
			assertThat(db.configXml().value("/domain/devices/interface[source/@network='isolated']/model/@type"))
				.isEqualTo("virtio");
		}

		@Test
		void attachingADeviceToTheConfigOfARunningDomainLeavesWhatRunsAlone() {
			// when
			host.attachDeviceConfig("web", NIC);

			// then
			DomainInfo web = host.domain("web");
			assertThat(web.configXml().values("/domain/devices/interface/source/@network")).containsExactly("lan", "isolated");
			assertThat(web.liveXml().values("/domain/devices/interface/source/@network")).containsExactly("lan");
			assertThat(web.state()).isEqualTo(DomainState.RUNNING);
		}

		@Test
		void aDeviceGoesAtTheEndOfDevicesOrInANewDevicesElement() {
			assertThat(LibvirtHost.withDevice("<domain><devices><disk/></devices></domain>", " <nic/> "))
				.isEqualTo("<domain><devices><disk/><nic/>\n</devices></domain>");
			assertThat(LibvirtHost.withDevice("<domain><devices/></domain>", "<nic/>"))
				.isEqualTo("<domain><devices><nic/></devices></domain>");
			assertThat(LibvirtHost.withDevice("<domain><name>x</name></domain>", "<nic/>"))
				.isEqualTo("<domain><name>x</name><devices><nic/></devices>\n</domain>");
		}

		@Test
		void redefiningARunningNetworkInPracticeModeShowsTheNewDefinitionAndKeepsItRunning() {
			// given
			String xml = host.network("lab-bridge").xml().text().replace("lab-br0", "lab-br9");
			host.setNetworkAutostart("lab-bridge", true);

			// when
			host.defineNetwork(xml);

			// then
			NetworkInfo n = host.network("lab-bridge");
			assertThat(n.xml().value("/network/bridge/@name")).isEqualTo("lab-br9");
			assertThat(n.active()).isTrue();
			assertThat(n.autostart()).isTrue();
			assertThat(n.ownerLab()).contains("bridge-network");
		}

		@Test
		void redefiningAStoppedNetworkLeavesItStopped() {
			// given
			String xml = host.network("isolated").xml().text().replace("virbr2", "virbr7");

			// when
			host.defineNetwork(xml);

			// then
			NetworkInfo n = host.network("isolated");
			assertThat(n.xml().value("/network/bridge/@name")).isEqualTo("virbr7");
			assertThat(n.active()).isFalse();
		}

		@Test
		void startingStoppingAndUndefiningDomainsAndNetworks() {
			// when
			host.startDomain("db");
			host.destroyDomain("web");
			host.undefineDomain("batch");
			host.startNetwork("isolated");
			host.undefineNetwork("lan");

			// then
			assertThat(host.domain("db").state()).isEqualTo(DomainState.RUNNING);
			assertThat(host.domain("web").state()).isEqualTo(DomainState.SHUTOFF);
			assertThat(host.domainNames()).doesNotContain("batch");
			assertThat(host.network("isolated").active()).isTrue();
			assertThat(host.networkNames()).doesNotContain("lan");
		}
	}

	@Nested
	class Connections {

		@Test
		void aUriNoDriverAnswersIsUnreachableWithLibvirtsReason() {
			assertThatThrownBy(() -> LibvirtHost.open("bogus:///nowhere", true))
				.isInstanceOfSatisfying(HostUnreachableException.class, e -> {
					assertThat(e.uri()).isEqualTo("bogus:///nowhere");
					assertThat(e.code()).startsWith("VIR_ERR_");
					assertThat(e.getMessage()).isNotBlank().contains("bogus:///nowhere");
				});
		}

		@Test
		void aTestUriOnAFileThatIsNotAHostIsUnreachableWithTheReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
				throws java.io.IOException {
			// given
			java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("host.xml"), "<domain/>\n");
			String uri = "test://" + file;

			// then
			assertThatThrownBy(() -> LibvirtHost.open(uri, true))
				.isInstanceOfSatisfying(HostUnreachableException.class, e -> {
					assertThat(e.uri()).isEqualTo(uri);
					assertThat(e.code()).isEqualTo("VIR_ERR_XML_ERROR");
					assertThat(e.getMessage()).contains("expecting root element of 'node'");
				});
		}

		@Test
		void aReadOnlyConnectionReadsButRefusesEveryMutation() {
			// given
			try (LibvirtHost ro = LibvirtHost.open(TestHosts.uri(TestHosts.CLASSROOM), true)) {

				// then
				assertThat(ro.readOnly()).isTrue();
				assertThat(ro.domain("web").state()).isEqualTo(DomainState.RUNNING);
				List<Runnable> mutations = List.of(() -> ro.defineDomain("<domain type='test'><name>lab-x</name></domain>"),
						() -> ro.startDomain("db"), () -> ro.destroyDomain("web"), () -> ro.undefineDomain("db"),
						() -> ro.attachDeviceConfig("db", "<interface type='network'><source network='lan'/></interface>"),
						() -> ro.defineNetwork("<network><name>lab-n</name></network>"), () -> ro.startNetwork("isolated"),
						() -> ro.setNetworkAutostart("lan", false), () -> ro.destroyNetwork("lan"),
						() -> ro.undefineNetwork("lan"), () -> ro.defineInterface("<interface/>", true),
						() -> ro.setInterfaceUp("eth0", false), () -> ro.undefineInterface("eth0"));
				for (Runnable mutation : mutations) {
					assertThatThrownBy(mutation::run).isInstanceOfSatisfying(HostException.class, e -> {
						assertThat(e.code()).isEqualTo("READ_ONLY");
						assertThat(e.getMessage()).contains("read-only");
					});
				}
				assertThat(ro.domain("web").state()).isEqualTo(DomainState.RUNNING);
				assertThat(ro.network("lan").active()).isTrue();
			}
		}

		@Test
		void everyConnectionToAHostFileStartsFromTheFile() {
			// given: this connection removes a domain
			host.undefineDomain("db");

			// when
			try (LibvirtHost other = LibvirtHost.open(TestHosts.uri(TestHosts.CLASSROOM), true)) {

				// then
				assertThat(other.domainNames()).contains("db");
				assertThat(host.domainNames()).doesNotContain("db");
			}
		}

		@Test
		void aConnectionClosedUnderneathMakesEveryLookupFailedNotAbsent() {
			// given
			host.closeForGood();

			// when
			HostSnapshot snap = read(Need.domain("web"), Need.network("lan"), Need.pool("images"), Need.interfaces(),
					Need.allDomains(), Need.capabilities());

			// then
			assertThat(snap.domain("web")).isInstanceOf(Lookup.Failed.class);
			assertThat(snap.network("lan")).isInstanceOf(Lookup.Failed.class);
			assertThat(snap.pool("images")).isInstanceOf(Lookup.Failed.class);
			assertThat(snap.hostInterface("br0")).isInstanceOf(Lookup.Failed.class);
			assertThat(snap.allDomains()).isInstanceOf(Lookup.Failed.class);
			assertThat(snap.capabilities()).isInstanceOf(Lookup.Failed.class);
			assertThat(host.isAlive()).isFalse();
			assertThatThrownBy(() -> host.domain("web")).isInstanceOfSatisfying(HostException.class, e -> {
				assertThat(e.isNotFound()).isFalse();
				assertThat(e.isConnectionLost()).as(e.code() + ": " + e.getMessage()).isTrue();
			});
		}

		@Test
		void keepOpenMakesCloseANoOpUntilCloseForGood() {
			// given
			host.keepOpen();

			// when
			host.close();

			// then
			assertThat(host.isAlive()).isTrue();
			assertThat(host.domain("web").name()).isEqualTo("web");

			// when
			host.closeForGood();

			// then
			assertThat(host.isAlive()).isFalse();
		}

		@Test
		void uriKinds() {
			assertThat(LibvirtHost.isPracticeUri("test:///default")).isTrue();
			assertThat(LibvirtHost.isLocalUri("test:///default")).isFalse();
			assertThat(LibvirtHost.isLocalUri("qemu:///system")).isTrue();
			assertThat(LibvirtHost.isLocalUri("qemu://localhost/system")).isTrue();
			assertThat(LibvirtHost.isLocalUri("qemu+ssh://user@box/system")).isFalse();
			assertThat(LibvirtHost.isLocalUri("qemu+tcp://127.0.0.1:1/system")).isFalse();
			assertThat(LibvirtHost.isLocalUri("qemu://box.example/system")).isFalse();
		}
	}

	@Test
	void snapshotReadsEachNeedOnce() {
		// when
		HostSnapshot snap = host.snapshot(List.of(Need.domain("web"), Need.domain("web"), Need.network("lan")));

		// then
		assertThat(snap.domains().keySet()).isEqualTo(Set.of("web"));
		assertThat(snap.networks().keySet()).isEqualTo(Set.of("lan"));
	}
}
