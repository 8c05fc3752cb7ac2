package dev.kvmlab.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.host.HostCapabilities;
import dev.kvmlab.host.HostFacts;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.LocalSystem;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.NetworkInfo;
import dev.kvmlab.host.XmlDoc;
import dev.kvmlab.support.FakeRoot;
import dev.kvmlab.support.TestHosts;

/**
 * The readiness items against machines made up under a temporary root (facts) and libvirt's test
 * driver (capabilities, the default network): PASS, WARN, FAIL and SKIP, each non-pass with its fix
 * in both languages.
 */
class ReadinessCheckTests {

	@TempDir
	Path dir;

	private FakeRoot root;

	private final ReadinessCheck check = new ReadinessCheck();

	@BeforeEach
	void root() {
		root = new FakeRoot(dir);
	}

	/** The classroom host as libvirt reports it, with this machine's facts as if read locally. */
	private HostSnapshot host(Lookup<HostFacts> facts) {
		try (LibvirtHost h = TestHosts.classroom()) {
			HostSnapshot s = h.snapshot(ReadinessCheck.needs());
			return new HostSnapshot("qemu:///system", false, s.takenAt(), s.domains(), s.allDomains(), s.networks(),
					s.pools(), s.interfaces(), facts, s.capabilities());
		}
	}

	private HostSnapshot local() {
		return host(Lookup.found(new LocalSystem(dir).facts()));
	}

	private static HostSnapshot withCaps(Lookup<HostCapabilities> caps) {
		return new HostSnapshot("qemu:///system", false, java.time.Instant.now(), Map.of(), Lookup.unsupported(""),
				Map.of(), Map.of(), Lookup.unsupported(""), Lookup.unsupported(""), caps);
	}

	private static HostCapabilities qemuCaps(String... types) {
		return new HostCapabilities("QEMU", "9.0.0", "7.2.0", new java.util.TreeSet<>(Set.of(types)),
				XmlDoc.parse("<capabilities/>"));
	}

	private static HostSnapshot withDefaultNetwork(Lookup<NetworkInfo> network) {
		return new HostSnapshot("qemu:///system", false, java.time.Instant.now(), Map.of(), Lookup.unsupported(""),
				Map.of("default", network), Map.of(), Lookup.unsupported(""), Lookup.unsupported(""),
				Lookup.unsupported(""));
	}

	private static void assertFixInBothLanguages(ReadinessItem item) {
		assertThat(item.fix()).as("fix of " + item.id()).isNotNull();
		assertThat(item.fix().en()).isNotBlank();
		assertThat(item.fix().zhCN()).isNotBlank().containsPattern("\\p{IsHan}");
		assertThat(item.title().en()).isNotBlank();
		assertThat(item.title().zhCN()).containsPattern("\\p{IsHan}");
	}

	private static void assertPass(ReadinessItem item) {
		assertThat(item.level()).isEqualTo(Level.PASS);
		assertThat(item.fix()).isNull();
	}

	@Nested
	class CpuVirt {

		@Test
		void vmxPasses() {
			root.cpuinfo("GenuineIntel", "fpu vmx sse", 2);
			ReadinessItem item = check.evaluate("cpu-virt", local());
			assertPass(item);
			assertThat(item.found()).contains("vmx");
		}

		@Test
		void noFlagButADeviceWarns() {
			root.cpuinfo("GenuineIntel", "fpu sse", 2).kvmDevice("rw-rw----").module("kvm").module("kvm_pvm");
			ReadinessItem item = check.evaluate("cpu-virt", local());
			assertThat(item.level()).isEqualTo(Level.WARN);
			assertThat(item.found()).contains("/dev/kvm exists").contains("kvm_pvm");
			assertFixInBothLanguages(item);
		}

		@Test
		void noFlagAndNoDeviceFails() {
			root.cpuinfo("GenuineIntel", "fpu sse", 2);
			ReadinessItem item = check.evaluate("cpu-virt", local());
			assertThat(item.level()).isEqualTo(Level.FAIL);
			assertThat(item.fix().en()).contains("BIOS");
			assertFixInBothLanguages(item);
		}
	}

	@Nested
	class KvmModule {

		@Test
		void kvmAndAVendorModulePass() {
			root.module("kvm").module("kvm_amd");
			ReadinessItem item = check.evaluate("kvm-module", local());
			assertPass(item);
			assertThat(item.found()).isEqualTo("loaded: kvm, kvm_amd");
		}

		@Test
		void kvmAloneWarns() {
			root.module("kvm");
			ReadinessItem item = check.evaluate("kvm-module", local());
			assertThat(item.level()).isEqualTo(Level.WARN);
			assertThat(item.fix().en()).contains("modprobe kvm_intel");
			assertFixInBothLanguages(item);
		}

		@Test
		void noModuleFails() {
			ReadinessItem item = check.evaluate("kvm-module", local());
			assertThat(item.level()).isEqualTo(Level.FAIL);
			assertThat(item.found()).isEqualTo("no kvm module loaded");
			assertFixInBothLanguages(item);
		}

		@Test
		void disabledByTheBiosFailsWithTheBiosFix() {
			root.module("kvm").module("kvm_intel").file("var/log/kern.log", "kvm: disabled by bios\n");
			ReadinessItem item = check.evaluate("kvm-module", local());
			assertThat(item.level()).isEqualTo(Level.FAIL);
			assertThat(item.found()).contains("disabled by bios");
			assertThat(item.fix().en()).contains("BIOS/UEFI");
			assertFixInBothLanguages(item);
		}
	}

	@Nested
	class KvmDevice {

		@Test
		void groupReadWritePasses() {
			root.kvmDevice("rw-rw----");
			ReadinessItem item = check.evaluate("kvm-device", local());
			assertPass(item);
			assertThat(item.found()).startsWith("/dev/kvm rw-rw----");
		}

		@Test
		void ownerOnlyWarns() {
			root.kvmDevice("rw-------");
			ReadinessItem item = check.evaluate("kvm-device", local());
			assertThat(item.level()).isEqualTo(Level.WARN);
			assertThat(item.found()).contains("group cannot read and write");
			assertThat(item.fix().en()).contains("chmod 660 /dev/kvm");
			assertFixInBothLanguages(item);
		}

		@Test
		void missingFails() {
			ReadinessItem item = check.evaluate("kvm-device", local());
			assertThat(item.level()).isEqualTo(Level.FAIL);
			assertThat(item.found()).isEqualTo("/dev/kvm missing");
			assertFixInBothLanguages(item);
		}
	}

	@Nested
	class Cgroups {

		@Test
		void version2WithCpuAndMemoryPasses() {
			root.cgroupV2("cpuset cpu io memory pids");
			ReadinessItem item = check.evaluate("cgroups", local());
			assertPass(item);
			assertThat(item.found()).startsWith("cgroup v2: ");
		}

		@Test
		void version1WithEveryControllerPasses() {
			root.mounts("cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0", "cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0",
					"cgroup /sys/fs/cgroup/devices cgroup rw,devices 0 0");
			assertPass(check.evaluate("cgroups", local()));
		}

		@Test
		void version1WithoutDevicesWarns() {
			root.mounts("cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0", "cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0");
			ReadinessItem item = check.evaluate("cgroups", local());
			assertThat(item.level()).isEqualTo(Level.WARN);
			assertThat(item.found()).contains("missing devices");
			assertFixInBothLanguages(item);
		}

		@Test
		void version2WithoutMemoryWarns() {
			root.cgroupV2("cpuset cpu io pids");
			ReadinessItem item = check.evaluate("cgroups", local());
			assertThat(item.level()).isEqualTo(Level.WARN);
			assertThat(item.found()).contains("missing").contains("memory");
			assertFixInBothLanguages(item);
		}

		@Test
		void noneMountedFails() {
			ReadinessItem item = check.evaluate("cgroups", local());
			assertThat(item.level()).isEqualTo(Level.FAIL);
			assertFixInBothLanguages(item);
		}
	}

	@Nested
	class Devices {

		@Test
		void tunAndVhostPresentPass() {
			root.file("dev/net/tun", "").file("dev/vhost-net", "");
			assertPass(check.evaluate("tun-device", local()));
			assertPass(check.evaluate("vhost-net", local()));
		}

		@Test
		void missingTunFailsAndMissingVhostOnlyWarns() {
			ReadinessItem tun = check.evaluate("tun-device", local());
			ReadinessItem vhost = check.evaluate("vhost-net", local());
			assertThat(tun.level()).isEqualTo(Level.FAIL);
			assertThat(vhost.level()).isEqualTo(Level.WARN);
			assertFixInBothLanguages(tun);
			assertFixInBothLanguages(vhost);
		}
	}

	@Nested
	class FactsThatCannotBeRead {

		@Test
		void everyFactItemIsSkippedWithTheReason() {
			// given
			HostSnapshot remote = host(Lookup.unsupported("host facts can only be read on the machine itself"));

			// then
			for (String id : List.of("cpu-virt", "kvm-module", "kvm-device", "cgroups", "tun-device", "vhost-net")) {
				ReadinessItem item = check.evaluate(id, remote);
				assertThat(item.level()).as(id).isEqualTo(Level.SKIP);
				assertThat(item.found()).isEqualTo("host facts can only be read on the machine itself");
			}
		}

		@Test
		void aFailedReadIsSkippedToo() {
			ReadinessItem item = check.evaluate("cpu-virt", host(Lookup.failed("cannot read /proc")));
			assertThat(item.level()).isEqualTo(Level.SKIP);
			assertThat(item.found()).isEqualTo("cannot read /proc");
		}

		@Test
		void theTestDriverReportsNoFactsSoPracticeSkipsThem() {
			// given
			HostSnapshot practice;
			try (LibvirtHost h = TestHosts.classroom()) {
				practice = h.snapshot(ReadinessCheck.needs());
			}

			// then
			assertThat(check.evaluate("kvm-device", practice).level()).isEqualTo(Level.SKIP);
			assertThat(check.evaluate("kvm-device", practice).found()).contains("practice mode");
		}
	}

	@Nested
	class Libvirt {

		@Test
		void answeringLibvirtPassesWithItsVersion() {
			ReadinessItem item = check.evaluate("libvirt", local());
			assertPass(item);
			assertThat(item.found()).startsWith("libvirt ").contains("TEST");
		}

		@Test
		void unreachableLibvirtFailsWithTheReason() {
			ReadinessItem item = check.evaluate("libvirt", withCaps(Lookup.failed("Failed to connect socket")));
			assertThat(item.level()).isEqualTo(Level.FAIL);
			assertThat(item.found()).isEqualTo("Failed to connect socket");
			assertThat(item.fix().en()).contains("libvirtd");
			assertFixInBothLanguages(item);
		}

		@Test
		void kvmDomainTypePasses() {
			ReadinessItem item = check.evaluate("kvm-domain-type", withCaps(Lookup.found(qemuCaps("kvm", "qemu"))));
			assertPass(item);
			assertThat(item.found()).isEqualTo("domain types: kvm, qemu");
		}

		@Test
		void onlyTcgFails() {
			ReadinessItem item = check.evaluate("kvm-domain-type", withCaps(Lookup.found(qemuCaps("qemu"))));
			assertThat(item.level()).isEqualTo(Level.FAIL);
			assertThat(item.found()).contains("(no kvm)");
			assertFixInBothLanguages(item);
		}

		@Test
		void theTestDriverIsAPracticeHostNotAMissingKvm() {
			ReadinessItem item = check.evaluate("kvm-domain-type", local());
			assertPass(item);
			assertThat(item.found()).contains("practice host");
		}

		@Test
		void withoutLibvirtTheDomainTypeIsSkipped() {
			ReadinessItem item = check.evaluate("kvm-domain-type", withCaps(Lookup.failed("down")));
			assertThat(item.level()).isEqualTo(Level.SKIP);
		}
	}

	@Nested
	class DefaultNetwork {

		@Test
		void activeAndAutostartPasses() {
			// given
			HostSnapshot snap;
			try (LibvirtHost h = TestHosts.classroom()) {
				h.setNetworkAutostart("default", true);
				snap = h.snapshot(ReadinessCheck.needs());
			}

			// then
			assertPass(check.evaluate("default-network", snap));
		}

		@Test
		void activeWithoutAutostartWarns() {
			ReadinessItem item = check.evaluate("default-network", local());
			assertThat(item.level()).isEqualTo(Level.WARN);
			assertThat(item.found()).isEqualTo("default: active, no autostart");
			assertThat(item.fix().en()).contains("virsh net-autostart default");
			assertFixInBothLanguages(item);
		}

		@Test
		void missingWarnsWithHowToDefineIt() {
			ReadinessItem item = check.evaluate("default-network", withDefaultNetwork(Lookup.absent()));
			assertThat(item.level()).isEqualTo(Level.WARN);
			assertThat(item.fix().en()).contains("net-define");
			assertFixInBothLanguages(item);
		}

		@Test
		void unreadableIsSkipped() {
			ReadinessItem item = check.evaluate("default-network", withDefaultNetwork(Lookup.failed("libvirt not reachable")));
			assertThat(item.level()).isEqualTo(Level.SKIP);
			assertThat(item.found()).isEqualTo("libvirt not reachable");
		}
	}

	@Test
	void theWholeCheckHasEveryItemInOrder() {
		// given
		root.cpuinfo("GenuineIntel", "vmx", 1).module("kvm").module("kvm_intel").kvmDevice("rw-rw----")
			.cgroupV2("cpu memory").file("dev/net/tun", "").file("dev/vhost-net", "");

		// when
		List<ReadinessItem> items = check.evaluate(local());

		// then
		assertThat(items).extracting(ReadinessItem::id).containsExactlyElementsOf(ReadinessCheck.ITEMS);
		assertThat(items).filteredOn(i -> i.level() != Level.PASS).extracting(ReadinessItem::id)
			.containsExactly("default-network");
	}

	@Test
	void anUnknownItemIsRefused() {
		assertThatThrownBy(() -> check.evaluate("flux-capacitor", local())).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("flux-capacitor");
	}
}
