package dev.kvmlab.grading.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.Params;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.LocalSystem;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.readiness.ReadinessCheck;
import dev.kvmlab.support.FakeRoot;
import dev.kvmlab.support.TestHosts;

/**
 * Every check type evaluated against what libvirt's test driver reports for the classroom host:
 * PASS and FAIL with their evidence; a failed read is ERROR and an unsupported one SKIP.
 */
class CheckTypesTests {

	private LibvirtHost host;

	@BeforeEach
	void open() {
		host = TestHosts.classroom();
	}

	@AfterEach
	void close() {
		host.closeForGood();
	}

	private static Params params(Object... keyValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put((String) keyValues[i], keyValues[i + 1]);
		}
		return new Params(map);
	}

	/** Reads what the check needs from the host, then evaluates it: as a grade does. */
	private CheckResult grade(CheckType type, Params p) {
		return type.evaluate(p, host.snapshot(type.needs(p)));
	}

	private static void assertResult(CheckResult r, Status status, String expected, String found) {
		assertThat(r.status()).as("status of " + r).isEqualTo(status);
		assertThat(r.expected()).isEqualTo(expected);
		assertThat(r.found()).isEqualTo(found);
	}

	private static List<CheckType> allTypes() {
		return List.of(new DomainExists(), new DomainInterface(), new DomainState(), new DomainXpath(),
				new HostBridgeCheck(), new HostReadiness(new ReadinessCheck()), new NetworkActive(), new NetworkAutostart(),
				new NetworkForward(), new DiskImage(), new DomainSeed(), new DomainSnapshotExists(), new DomainXmlFile(),
				new DomainClone());
	}

	/** The example's parameters of a check type, as a rubric would give them. */
	private static Params exampleParams(CheckType type) {
		String line = type.example().lines().filter(l -> l.startsWith("params:")).findFirst().orElseThrow();
		Map<String, Object> map = new LinkedHashMap<>();
		String inner = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
		for (String pair : inner.split(",\\s*(?=[a-z_]+:)")) {
			String[] kv = pair.split(":\\s*", 2);
			map.put(kv[0].trim(), kv[1].trim().replaceAll("^\"|\"$", ""));
		}
		return new Params(map);
	}

	/** A snapshot where everything the needs ask for came back as {@code lookup}. */
	private static HostSnapshot everything(Set<Need> needs, Supplier<Lookup<?>> lookup) {
		Map<String, Lookup<dev.kvmlab.host.DomainInfo>> domains = new LinkedHashMap<>();
		Map<String, Lookup<dev.kvmlab.host.NetworkInfo>> networks = new LinkedHashMap<>();
		for (Need n : needs) {
			if (n instanceof Need.Domain d) {
				domains.put(d.name(), cast(lookup.get()));
			}
			else if (n instanceof Need.Network net) {
				networks.put(net.name(), cast(lookup.get()));
			}
		}
		return new HostSnapshot("qemu:///system", false, Instant.now(), domains, cast(lookup.get()), networks, Map.of(),
				cast(lookup.get()), cast(lookup.get()), cast(lookup.get()));
	}

	@SuppressWarnings("unchecked")
	private static <T> Lookup<T> cast(Lookup<?> l) {
		return (Lookup<T>) l;
	}

	@Nested
	class EveryCheckType {

		@Test
		void aFailedReadIsErrorWithTheReasonNeverFail() {
			for (CheckType type : allTypes()) {
				Params p = exampleParams(type);
				CheckResult r = type.evaluate(p, everything(type.needs(p), () -> Lookup.failed("socket closed")));
				assertThat(r.status()).as(type.key()).isEqualTo(Status.ERROR);
				assertThat(r.found()).as(type.key()).isEqualTo("socket closed");
				assertThat(r.expected()).as(type.key()).isNotBlank();
			}
		}

		@Test
		void anUnsupportedReadIsSkipWithTheReason() {
			for (CheckType type : allTypes()) {
				Params p = exampleParams(type);
				CheckResult r = type.evaluate(p, everything(type.needs(p), () -> Lookup.unsupported("not on this host")));
				assertThat(r.status()).as(type.key()).isEqualTo(Status.SKIP);
				assertThat(r.found()).as(type.key()).isEqualTo("not on this host");
			}
		}

		@Test
		void aConnectionClosedUnderneathIsErrorForEveryLibvirtCheck() {
			// given
			host.closeForGood();

			// then
			for (CheckType type : allTypes()) {
				Params p = type instanceof HostReadiness ? params("item", "libvirt") : exampleParams(type);
				assertThat(grade(type, p).status()).as(type.key()).isEqualTo(Status.ERROR);
			}
		}
	}

	@Nested
	class DomainExistsCheck {

		private final CheckType check = new DomainExists();

		@Test
		void persistentDomainPasses() {
			assertResult(grade(check, params("name", "web")), Status.PASS, "domain web (persistent)",
					"domain web (persistent, running)");
		}

		@Test
		void transientDomainFailsWhenPersistenceIsAsked() {
			assertResult(grade(check, params("name", "scratch")), Status.FAIL, "domain scratch (persistent)",
					"domain scratch (transient, running)");
		}

		@Test
		void transientDomainPassesWhenPersistenceIsNotAsked() {
			assertResult(grade(check, params("name", "scratch", "persistent", "false")), Status.PASS, "domain scratch",
					"domain scratch (transient, running)");
		}

		@Test
		void missingDomainFails() {
			assertResult(grade(check, params("name", "nope")), Status.FAIL, "domain nope (persistent)",
					"no domain named nope");
		}
	}

	@Nested
	class DomainInterfaceCheck {

		private final CheckType check = new DomainInterface();

		@Test
		void virtioNicOnTheNetworkPasses() {
			assertResult(grade(check, params("name", "web", "network", "lan", "model", "virtio")), Status.PASS,
					"persistent config of web: NIC on network lan with model virtio", "NICs: network:lan model virtio");
		}

		@Test
		void anEmulatedNicFailsWhenVirtioIsAsked() {
			assertResult(grade(check, params("name", "db", "network", "lan", "model", "virtio")), Status.FAIL,
					"persistent config of db: NIC on network lan with model virtio", "NICs: network:lan model e1000");
		}

		@Test
		void anyModelPassesWhenNoneIsAsked() {
			assertThat(grade(check, params("name", "db", "network", "lan")).status()).isEqualTo(Status.PASS);
		}

		@Test
		void aNicOnAnotherNetworkFails() {
			assertResult(grade(check, params("name", "web", "network", "isolated")), Status.FAIL,
					"persistent config of web: NIC on network isolated", "NICs: network:lan model virtio");
		}

		@Test
		void aDomainWithoutNicsFails() {
			assertResult(grade(check, params("name", "batch", "network", "lan")), Status.FAIL,
					"persistent config of batch: NIC on network lan", "no NICs");
		}

		@Test
		void aTransientDomainHasNoPersistentConfig() {
			assertResult(grade(check, params("name", "scratch", "network", "lan")), Status.FAIL,
					"persistent config of scratch: NIC on network lan", "scratch has no persistent definition");
		}

		@Test
		void aNicAddedWithConfigOnlyIsInThePersistentConfigNotTheRunningOne() {
			// given
			host.attachDeviceConfig("web", "<interface type='network'><source network='isolated'/><model type='virtio'/></interface>");

			// then
			assertThat(grade(check, params("name", "web", "network", "isolated")).status()).isEqualTo(Status.PASS);
			CheckResult live = grade(check, params("name", "web", "network", "isolated", "config", "live"));
			assertResult(live, Status.FAIL, "running config of web: NIC on network isolated", "NICs: network:lan model virtio");
		}

		@Test
		void missingDomainFails() {
			assertThat(grade(check, params("name", "nope", "network", "lan")).found()).isEqualTo("no domain named nope");
		}
	}

	@Nested
	class DomainStateCheck {

		private final CheckType check = new DomainState();

		@Test
		void runningDomainPasses() {
			assertResult(grade(check, params("name", "web", "state", "running")), Status.PASS, "web running", "web running");
		}

		@Test
		void shutOffDomainFailsRunning() {
			assertResult(grade(check, params("name", "db", "state", "running")), Status.FAIL, "db running", "db shut off");
		}

		@Test
		void virshWordsAreAccepted() {
			assertThat(grade(check, params("name", "db", "state", "shut off")).status()).isEqualTo(Status.PASS);
			assertThat(grade(check, params("name", "batch", "state", "paused")).status()).isEqualTo(Status.PASS);
		}

		@Test
		void missingDomainFails() {
			assertResult(grade(check, params("name", "nope", "state", "running")), Status.FAIL, "nope running",
					"no domain named nope");
		}
	}

	@Nested
	class DomainXpathCheck {

		private final CheckType check = new DomainXpath();

		@Test
		void equalValuePasses() {
			assertResult(grade(check, params("name", "web", "xpath", "/domain/vcpu", "equals", "2")), Status.PASS,
					"/domain/vcpu = 2", "2");
		}

		@Test
		void otherValueFailsShowingWhatIsThere() {
			assertResult(grade(check, params("name", "web", "xpath", "/domain/vcpu", "equals", "8")), Status.FAIL,
					"/domain/vcpu = 8", "2");
		}

		@Test
		void anyOfSeveralNodesMayMatch() {
			// given
			host.attachDeviceConfig("db", "<interface type='network'><source network='isolated'/></interface>");

			// then
			assertResult(grade(check, params("name", "db", "xpath", "/domain/devices/interface/source/@network", "equals",
					"isolated")), Status.PASS, "/domain/devices/interface/source/@network = isolated", "[lan, isolated]");
		}

		@Test
		void aRegularExpressionMatches() {
			assertResult(grade(check, params("name", "db", "xpath", "/domain/memory", "matches", "10[0-9]+")), Status.PASS,
					"/domain/memory ~ /10[0-9]+/", "1048576");
		}

		@Test
		void presenceAlone() {
			assertResult(grade(check, params("name", "web", "xpath", "/domain/devices/disk")), Status.PASS,
					"/domain/devices/disk present", "present (1 node)");
		}

		@Test
		void absenceFails() {
			assertResult(grade(check, params("name", "db", "xpath", "/domain/devices/disk")), Status.FAIL,
					"/domain/devices/disk present", "nothing at /domain/devices/disk");
		}

		@Test
		void aNumericExpressionIsComparedByItsValue() {
			assertResult(grade(check, params("name", "web", "xpath", "count(/domain/devices/interface)", "equals", "1")),
					Status.PASS, "count(/domain/devices/interface) = 1", "1");
			assertResult(grade(check, params("name", "web", "xpath", "count(/domain/devices/interface)", "equals", "2")),
					Status.FAIL, "count(/domain/devices/interface) = 2", "1");
		}

		@Test
		void describeReplacesTheXpathInTheEvidence() {
			assertThat(grade(check, params("name", "web", "xpath", "/domain/vcpu", "equals", "2", "describe",
					"two vCPUs")).expected()).isEqualTo("two vCPUs");
		}

		@Test
		void liveAndPersistentXmlAreToldApart() {
			// given: web's definition changes to 4 vCPUs, 2 still run
			host.defineDomain(host.domain("web").configXml().text().replace(">2</vcpu>", ">4</vcpu>"));

			// then
			assertThat(grade(check, params("name", "web", "xpath", "/domain/vcpu", "equals", "4")).status())
				.isEqualTo(Status.PASS);
			assertThat(grade(check, params("name", "web", "xpath", "/domain/vcpu", "equals", "4", "config", "live")).found())
				.isEqualTo("2");
		}

		@Test
		void aTransientDomainFailsPersistentXpaths() {
			assertResult(grade(check, params("name", "scratch", "xpath", "/domain/vcpu")), Status.FAIL,
					"/domain/vcpu present", "scratch has no persistent definition (transient domain)");
		}

		@Test
		void theOwnerMarkCanBeGraded() {
			assertThat(grade(check, params("name", "lab-vm1", "xpath",
					"/domain/metadata/*[local-name()='owner']/@lab", "equals", "bridge-network")).status())
				.isEqualTo(Status.PASS);
		}
	}

	@Nested
	class HostBridge {

		private final CheckType check = new HostBridgeCheck();

		@Test
		void aBridgeThatIsUpPassesWithItsPorts() {
			assertResult(grade(check, params("name", "br0")), Status.PASS, "bridge br0 up", "br0: bridge, up, ports eth1");
		}

		@Test
		void aBridgeThatIsDownFails() {
			assertResult(grade(check, params("name", "lab-br0")), Status.FAIL, "bridge lab-br0 up", "lab-br0: bridge, down");
		}

		@Test
		void aBridgeThatIsDownPassesWhenUpIsNotAsked() {
			assertResult(grade(check, params("name", "lab-br0", "up", "false")), Status.PASS, "bridge lab-br0",
					"lab-br0: bridge, down");
		}

		@Test
		void anInterfaceThatIsNotABridgeFails() {
			assertResult(grade(check, params("name", "eth0")), Status.FAIL, "bridge eth0 up", "eth0: ethernet, up");
		}

		@Test
		void missingBridgeFails() {
			assertResult(grade(check, params("name", "lab-br9")), Status.FAIL, "bridge lab-br9 up",
					"no interface named lab-br9");
		}
	}

	@Nested
	class HostReadinessCheck {

		private final CheckType check = new HostReadiness(new ReadinessCheck());

		@TempDir
		Path dir;

		private CheckResult gradeWithFacts(FakeRoot root, String item) {
			Params p = params("item", item);
			HostSnapshot s = host.snapshot(check.needs(p));
			HostSnapshot local = new HostSnapshot("qemu:///system", false, s.takenAt(), s.domains(), s.allDomains(),
					s.networks(), s.pools(), s.interfaces(), Lookup.found(new LocalSystem(root.path()).facts()),
					s.capabilities());
			return check.evaluate(p, local);
		}

		@Test
		void aPassingItemPasses() {
			CheckResult r = gradeWithFacts(new FakeRoot(dir).cpuinfo("GenuineIntel", "vmx", 1), "cpu-virt");
			assertResult(r, Status.PASS, "CPU virtualisation (VT-x/AMD-V): PASS or WARN", "PASS: CPU flags: vmx");
		}

		@Test
		void aWarningItemPasses() {
			CheckResult r = gradeWithFacts(new FakeRoot(dir).module("kvm"), "kvm-module");
			assertResult(r, Status.PASS, "kvm kernel modules: PASS or WARN", "WARN: loaded: kvm");
		}

		@Test
		void aFailingItemFails() {
			CheckResult r = gradeWithFacts(new FakeRoot(dir), "kvm-device");
			assertResult(r, Status.FAIL, "/dev/kvm access: PASS or WARN", "FAIL: /dev/kvm missing");
		}

		@Test
		void hardwareItemsAreSkippedInPracticeMode() {
			CheckResult r = grade(check, params("item", "cpu-virt"));
			assertThat(r.status()).isEqualTo(Status.SKIP);
			assertThat(r.found()).contains("practice mode");
		}

		@Test
		void aFailedReadOfWhatTheItemLooksAtIsError() {
			// given
			Params p = params("item", "libvirt");
			HostSnapshot s = host.snapshot(check.needs(p));
			HostSnapshot failed = new HostSnapshot(s.uri(), true, s.takenAt(), s.domains(), s.allDomains(), s.networks(),
					s.pools(), s.interfaces(), s.facts(), Lookup.failed("connection reset"));

			// then
			assertResult(check.evaluate(p, failed), Status.ERROR, "libvirt daemon reachable: PASS or WARN",
					"connection reset");
		}
	}

	@Nested
	class Networks {

		@Test
		void activeNetworkPasses() {
			assertResult(grade(new NetworkActive(), params("name", "lan")), Status.PASS, "network lan active",
					"network lan active");
		}

		@Test
		void inactiveNetworkFails() {
			assertResult(grade(new NetworkActive(), params("name", "isolated")), Status.FAIL, "network isolated active",
					"network isolated inactive");
		}

		@Test
		void missingNetworkFails() {
			assertResult(grade(new NetworkActive(), params("name", "nope")), Status.FAIL, "network nope active",
					"no network named nope");
		}

		@Test
		void autostartNetworkPasses() {
			assertResult(grade(new NetworkAutostart(), params("name", "lan")), Status.PASS,
					"network lan persistent, autostart on", "network lan: persistent, autostart on");
		}

		@Test
		void networkWithoutAutostartFails() {
			assertResult(grade(new NetworkAutostart(), params("name", "default")), Status.FAIL,
					"network default persistent, autostart on", "network default: persistent, autostart off");
		}

		@Test
		void bridgeModeOnTheRightBridgePasses() {
			assertResult(grade(new NetworkForward(), params("name", "lab-bridge", "mode", "bridge", "bridge", "lab-br0")),
					Status.PASS, "network lab-bridge: forward mode bridge on bridge lab-br0",
					"network lab-bridge: forward mode bridge on bridge lab-br0");
		}

		@Test
		void bridgeModeOnAnotherBridgeFails() {
			assertResult(grade(new NetworkForward(), params("name", "lab-bridge", "mode", "bridge", "bridge", "br0")),
					Status.FAIL, "network lab-bridge: forward mode bridge on bridge br0",
					"network lab-bridge: forward mode bridge on bridge lab-br0");
		}

		@Test
		void natIsNotBridge() {
			assertResult(grade(new NetworkForward(), params("name", "lan", "mode", "bridge")), Status.FAIL,
					"network lan: forward mode bridge", "network lan: forward mode nat on bridge virbr1");
		}

		@Test
		void noForwardIsIsolatedAndABareForwardIsNat() {
			assertThat(grade(new NetworkForward(), params("name", "isolated", "mode", "none")).status())
				.isEqualTo(Status.PASS);
			assertThat(grade(new NetworkForward(), params("name", "default", "mode", "nat")).status())
				.isEqualTo(Status.PASS);
		}
	}
}
