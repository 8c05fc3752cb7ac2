package dev.kvmlab.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.support.FakeRoot;

/** LocalSystem reads a machine from /proc, /sys and /dev under a root that tests make up. */
class LocalSystemTests {

	@TempDir
	Path dir;

	private FakeRoot root;

	@BeforeEach
	void root() {
		root = new FakeRoot(dir);
	}

	private HostFacts facts() {
		return new LocalSystem(dir).facts();
	}

	@Nested
	class Cpu {

		@Test
		void intelVtxIsSeenInTheFlagsAndEveryProcessorCounted() {
			// given
			root.cpuinfo("GenuineIntel", "fpu vme de pse vmx sse sse2 ht", 4);

			// when
			HostFacts f = facts();

			// then
			assertThat(f.cpuVirtFlags()).containsExactly("vmx");
			assertThat(f.cpuVendor()).isEqualTo("GenuineIntel");
			assertThat(f.cpus()).isEqualTo(4);
		}

		@Test
		void amdSvmIsSeenInTheFlags() {
			// given
			root.cpuinfo("AuthenticAMD", "fpu svm sse npt", 2);

			// then
			assertThat(facts().cpuVirtFlags()).containsExactly("svm");
		}

		@Test
		void noVirtualisationFlagMeansAnEmptySet() {
			// given: a flag that merely contains the letters is not the flag
			root.cpuinfo("GenuineIntel", "fpu vmxnot svmish sse", 1);

			// then
			assertThat(facts().cpuVirtFlags()).isEmpty();
		}

		@Test
		void anEmptyRootKnowsNothingAndDoesNotFail() {
			// when
			HostFacts f = facts();

			// then
			assertThat(f.cpuVirtFlags()).isEmpty();
			assertThat(f.cpuVendor()).isEmpty();
			assertThat(f.cpus()).isZero();
			assertThat(f.kvmDevice()).isFalse();
			assertThat(f.kvmModules()).isEmpty();
			assertThat(f.cgroupVersion()).isZero();
			assertThat(f.memTotalKib()).isZero();
			assertThat(f.tunDevice()).isFalse();
			assertThat(f.vhostNetDevice()).isFalse();
		}
	}

	@Nested
	class KvmDevice {

		@Test
		void absentDevice() {
			// when
			HostFacts f = facts();

			// then
			assertThat(f.kvmDevice()).isFalse();
			assertThat(f.kvmDeviceMode()).isEmpty();
			assertThat(f.kvmDeviceOpenable()).isFalse();
		}

		@Test
		void aSpecialFileIsTheDeviceWithItsModeAndOwners() {
			// given
			root.kvmDevice("rw-rw----");

			// when
			HostFacts f = facts();

			// then
			assertThat(f.kvmDevice()).isTrue();
			assertThat(f.kvmDeviceMode()).startsWith("rw-rw---- ").contains(":");
		}

		@Test
		void aRegularFileIsNotTheDevice() {
			// given
			root.file("dev/kvm", "not a device");

			// then
			assertThat(facts().kvmDevice()).isFalse();
		}

		@Test
		void tapAndVhostDevices() {
			// given
			root.file("dev/net/tun", "").file("dev/vhost-net", "");

			// when
			HostFacts f = facts();

			// then
			assertThat(f.tunDevice()).isTrue();
			assertThat(f.vhostNetDevice()).isTrue();
		}
	}

	@Nested
	class Modules {

		@Test
		void kvmRelatedModulesAreListedAndOthersIgnored() {
			// given
			root.module("kvm").module("kvm_intel").module("vhost_net").module("ext4");

			// then
			assertThat(facts().kvmModules()).containsExactly("kvm", "kvm_intel", "vhost_net");
		}

		@Test
		void theBiosSwitchIsSeenInTheKernelLog() {
			// given
			root.file("var/log/kern.log", "Jan 1 00:00:00 host kernel: kvm: disabled by bios\n");

			// then
			assertThat(facts().kvmDisabledByBios()).isTrue();
		}

		@Test
		void theBiosSwitchIsSeenInKvmIntelsParameter() {
			// given
			root.module("kvm_intel").file("sys/module/kvm_intel/parameters/vmx_disabled", "Y\n");

			// then
			assertThat(facts().kvmDisabledByBios()).isTrue();
		}

		@Test
		void noSignOfTheBiosSwitch() {
			// given
			root.file("var/log/kern.log", "kvm: loaded\n").file("sys/module/kvm_intel/parameters/vmx_disabled", "N\n");

			// then
			assertThat(facts().kvmDisabledByBios()).isFalse();
		}
	}

	@Nested
	class Cgroups {

		@Test
		void version1ControllersComeFromTheMountOptions() {
			// given
			root.mounts("tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0",
					"cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct 0 0",
					"cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0",
					"cgroup /sys/fs/cgroup/devices cgroup rw,nosuid,nodev,noexec,relatime,devices 0 0");

			// when
			HostFacts f = facts();

			// then
			assertThat(f.cgroupVersion()).isEqualTo(1);
			assertThat(f.cgroupControllers()).containsExactlyInAnyOrder("cpu", "cpuacct", "memory", "devices");
		}

		@Test
		void version2ControllersComeFromCgroupControllers() {
			// given
			root.cgroupV2("cpuset cpu io memory hugetlb pids");

			// when
			HostFacts f = facts();

			// then
			assertThat(f.cgroupVersion()).isEqualTo(2);
			assertThat(f.cgroupControllers()).containsExactlyInAnyOrder("cpuset", "cpu", "io", "memory", "hugetlb", "pids");
		}

		@Test
		void hybridHostsAreVersion1WhateverTheOrderOfTheMounts() {
			// given: systemd's hybrid layout, the empty unified hierarchy mounted first
			root.mounts("cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid,nodev,noexec,relatime 0 0",
					"cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0",
					"cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0")
				.file("sys/fs/cgroup/unified/cgroup.controllers", "\n");

			// when
			HostFacts f = facts();

			// then
			assertThat(f.cgroupVersion()).isEqualTo(1);
			assertThat(f.cgroupControllers()).containsExactlyInAnyOrder("cpu", "cpuacct", "memory");
		}

		@Test
		void noCgroupMountIsVersion0() {
			// given
			root.mounts("proc /proc proc rw 0 0");

			// then
			assertThat(facts().cgroupVersion()).isZero();
		}
	}

	@Nested
	class MemoryAndHugepages {

		@Test
		void memTotalHugepagesAndHugetlbfs() {
			// given
			root.file("proc/meminfo", "MemTotal:       16318480 kB\nMemFree:         1234 kB\n")
				.file("proc/sys/vm/nr_hugepages", "128\n")
				.mounts("hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0");

			// when
			HostFacts f = facts();

			// then
			assertThat(f.memTotalKib()).isEqualTo(16318480L);
			assertThat(f.hugepagesTotal()).isEqualTo(128L);
			assertThat(f.hugetlbfsMounted()).isTrue();
		}
	}

	@Nested
	class NetworkInterfaces {

		@Test
		void bridgesWithTheirPortsAndUpOrDownFromTheFlags() {
			// given
			root.netif("br0", "0x1003", "aa:bb:cc:00:00:10").dir("sys/class/net/br0/bridge")
				.dir("sys/class/net/br0/brif/eth1").dir("sys/class/net/br0/brif/vnet0")
				.netif("lab-br0", "0x1002", "aa:bb:cc:00:00:11").dir("sys/class/net/lab-br0/bridge");

			// when
			var byName = new LocalSystem(dir).interfaces().stream()
				.collect(java.util.stream.Collectors.toMap(HostInterface::name, i -> i));

			// then
			assertThat(byName.get("br0").isBridge()).isTrue();
			assertThat(byName.get("br0").up()).isTrue();
			assertThat(byName.get("br0").ports()).containsExactly("eth1", "vnet0");
			assertThat(byName.get("br0").mac()).isEqualTo("aa:bb:cc:00:00:10");
			assertThat(byName.get("lab-br0").isBridge()).isTrue();
			assertThat(byName.get("lab-br0").up()).isFalse();
			assertThat(byName.get("lab-br0").ports()).isEmpty();
		}

		@Test
		void otherKindsOfInterface() {
			// given
			root.netif("eth0", "0x1003", "aa:bb:cc:00:00:01").dir("sys/class/net/eth0/device")
				.netif("lo", "0x9", "00:00:00:00:00:00")
				.netif("tap0", "0x1003", "fe:00:00:00:00:01").file("sys/class/net/tap0/tun_flags", "0x1002\n")
				.netif("eth0.10", "0x1003", "aa:bb:cc:00:00:01").file("sys/class/net/eth0.10/uevent", "DEVTYPE=vlan\nINTERFACE=eth0.10\n")
				.netif("dummy0", "0x82", "aa:bb:cc:00:00:09");

			// when
			var kinds = new LocalSystem(dir).interfaces().stream()
				.collect(java.util.stream.Collectors.toMap(HostInterface::name, HostInterface::kind));

			// then
			assertThat(kinds).containsEntry("eth0", "ethernet").containsEntry("lo", "loopback")
				.containsEntry("tap0", "tun").containsEntry("eth0.10", "vlan").containsEntry("dummy0", "virtual");
		}

		@Test
		void withoutAFlagsFileOperstateSaysWhetherItIsUp() {
			// given
			root.file("sys/class/net/eth0/operstate", "up\n").file("sys/class/net/eth1/operstate", "down\n");

			// when
			var up = new LocalSystem(dir).interfaces().stream()
				.collect(java.util.stream.Collectors.toMap(HostInterface::name, HostInterface::up));

			// then
			assertThat(up).containsEntry("eth0", true).containsEntry("eth1", false);
		}

		@Test
		void noSysClassNetMeansNoInterfaces() {
			assertThat(new LocalSystem(dir).interfaces()).isEmpty();
		}
	}
}
