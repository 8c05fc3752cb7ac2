package dev.kvmlab.host;

import java.util.List;
import java.util.Set;

/**
 * What the local machine says about virtualisation, read from /proc, /sys and /dev: CPU flags,
 * /dev/kvm, kernel modules, cgroup controllers, hugepages. Only meaningful for a local URI.
 *
 * @param cpuVirtFlags vmx and/or svm when the CPU advertises them
 * @param kvmDevice /dev/kvm exists as a character device
 * @param kvmDeviceMode its permission bits and group, for the access pitfall ("crw-rw---- root:kvm")
 * @param kvmDeviceOpenable this process could open /dev/kvm read-write
 * @param kvmModules kvm-related modules present under /sys/module (kvm, kvm_intel, kvm_amd, ...)
 * @param kvmDisabledByBios the kernel log or the module said the feature is disabled by the BIOS
 * @param cgroupControllers controllers found (cpu, memory, devices, cpuset, ...)
 * @param cgroupVersion 1, 2 or 0 when none are mounted
 * @param hugepagesTotal nr_hugepages of the default size
 * @param hugetlbfsMounted hugetlbfs is mounted somewhere
 * @param memTotalKib MemTotal from /proc/meminfo
 * @param cpus online CPU count
 * @param tunDevice /dev/net/tun exists (tap NICs need it)
 * @param vhostNetDevice /dev/vhost-net exists (in-kernel virtio-net back end)
 * @param deviceMapper the kernel offers device-mapper (/sys/class/misc/device-mapper or /dev/mapper/control):
 *        LVM, and so libvirt's {@code logical} pools, need it
 * @param openvswitch Open vSwitch is installed and running (ovs-vsctl and the ovsdb server's socket are there)
 */
public record HostFacts(Set<String> cpuVirtFlags, String cpuVendor, boolean kvmDevice, String kvmDeviceMode,
		boolean kvmDeviceOpenable, Set<String> kvmModules, boolean kvmDisabledByBios, Set<String> cgroupControllers,
		int cgroupVersion, long hugepagesTotal, boolean hugetlbfsMounted, long memTotalKib, int cpus,
		boolean tunDevice, boolean vhostNetDevice, boolean deviceMapper,
		boolean openvswitch) {
}
