package dev.kvmlab.readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.host.HostCapabilities;
import dev.kvmlab.host.HostFacts;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.NetworkInfo;

/**
 * The module-1 host readiness check (seed 1.2, 1.6, 1.7): CPU virtualisation or a usable /dev/kvm,
 * the kvm modules, /dev/kvm access, libvirt reachable, a kvm domain type from QEMU, cgroups, tap and
 * vhost-net devices, and the default network. Each item says PASS/WARN/FAIL and how to fix it. The
 * same items are graded by the {@code host-readiness} check type, so the command and the lab agree.
 */
@Component
public class ReadinessCheck {

	public static final List<String> ITEMS = List.of("cpu-virt", "kvm-module", "kvm-device", "libvirt",
			"kvm-domain-type", "cgroups", "tun-device", "vhost-net", "default-network");

	public static Set<Need> needs() {
		return Set.of(Need.facts(), Need.capabilities(), Need.network("default"));
	}

	public List<ReadinessItem> evaluate(HostSnapshot host) {
		List<ReadinessItem> out = new ArrayList<>();
		for (String id : ITEMS) {
			out.add(evaluate(id, host));
		}
		return out;
	}

	public ReadinessItem evaluate(String id, HostSnapshot host) {
		return switch (id) {
			case "libvirt" -> libvirt(host.capabilities());
			case "kvm-domain-type" -> kvmDomainType(host.capabilities());
			case "default-network" -> defaultNetwork(host.network("default"));
			default -> fromFacts(id, host.facts());
		};
	}

	private ReadinessItem fromFacts(String id, Lookup<HostFacts> facts) {
		Text title = title(id);
		if (facts instanceof Lookup.Found<HostFacts> f) {
			HostFacts h = f.value();
			return switch (id) {
				case "cpu-virt" -> cpuVirt(h);
				case "kvm-module" -> kvmModule(h);
				case "kvm-device" -> kvmDevice(h);
				case "cgroups" -> cgroups(h);
				case "tun-device" -> h.tunDevice() ? item(id, Level.PASS, "/dev/net/tun present", null)
						: item(id, Level.FAIL, "/dev/net/tun missing", Text.of(
								"Load the tun module (modprobe tun); NAT and bridged NICs use tap devices.",
								"加载 tun 模块（modprobe tun）；NAT 和桥接网卡都依赖 tap 设备。"));
				case "vhost-net" -> h.vhostNetDevice() ? item(id, Level.PASS, "/dev/vhost-net present", null)
						: item(id, Level.WARN, "/dev/vhost-net missing", Text.of(
								"Load vhost_net (modprobe vhost_net) so virtio-net is served in the kernel, not by QEMU.",
								"加载 vhost_net（modprobe vhost_net），让 virtio-net 由内核处理而不是 QEMU。"));
				default -> throw new IllegalArgumentException("unknown readiness item '" + id + "'");
			};
		}
		String reason = facts instanceof Lookup.Unsupported<HostFacts> u ? u.reason()
				: facts instanceof Lookup.Failed<HostFacts> fl ? fl.reason() : "not read";
		return new ReadinessItem(id, Level.SKIP, title, reason, null);
	}

	private ReadinessItem cpuVirt(HostFacts h) {
		if (!h.cpuVirtFlags().isEmpty()) {
			return item("cpu-virt", Level.PASS, "CPU flags: " + String.join(", ", h.cpuVirtFlags()), null);
		}
		if (h.kvmDevice()) {
			return item("cpu-virt", Level.WARN,
					"no vmx/svm flag in /proc/cpuinfo, but /dev/kvm exists (nested or software-assisted KVM"
							+ (h.kvmModules().contains("kvm_pvm") ? ": kvm_pvm" : "") + ")",
					Text.of("Guests run, but hardware-assisted features (EPT/NPT speed, host-passthrough CPUs) may be missing. "
							+ "On bare metal enable VT-x/AMD-V in the BIOS; on a VM enable nested virtualisation.",
							"虚拟机可以运行，但硬件辅助特性（EPT/NPT 加速、host-passthrough CPU）可能不可用。"
									+ "物理机请在 BIOS 中启用 VT-x/AMD-V；虚拟机请开启嵌套虚拟化。"));
		}
		return item("cpu-virt", Level.FAIL, "no vmx/svm flag and no /dev/kvm",
				Text.of("Enable VT-x (Intel) or AMD-V/SVM in the BIOS/UEFI; on a VM, enable nested virtualisation on its host.",
						"在 BIOS/UEFI 中启用 VT-x（Intel）或 AMD-V/SVM；如果是虚拟机，请在其宿主机上开启嵌套虚拟化。"));
	}

	private ReadinessItem kvmModule(HostFacts h) {
		if (h.kvmDisabledByBios()) {
			return item("kvm-module", Level.FAIL, "kernel says: kvm: disabled by bios",
					Text.of("Enable VT-x/AMD-V in the BIOS/UEFI setup, power-cycle, then modprobe kvm_intel (or kvm_amd).",
							"在 BIOS/UEFI 中启用 VT-x/AMD-V，断电重启后执行 modprobe kvm_intel（或 kvm_amd）。"));
		}
		boolean core = h.kvmModules().contains("kvm");
		boolean vendor = h.kvmModules().stream().anyMatch(m -> m.equals("kvm_intel") || m.equals("kvm_amd")
				|| m.equals("kvm_pvm"));
		String found = h.kvmModules().isEmpty() ? "no kvm module loaded" : "loaded: " + String.join(", ", h.kvmModules());
		if (core && vendor) {
			return item("kvm-module", Level.PASS, found, null);
		}
		return item("kvm-module", core ? Level.WARN : Level.FAIL, found,
				Text.of("Load the vendor module: modprobe kvm_intel (Intel) or modprobe kvm_amd (AMD); lsmod | grep kvm should list kvm and one of them.",
						"加载厂商模块：modprobe kvm_intel（Intel）或 modprobe kvm_amd（AMD）；lsmod | grep kvm 应同时列出 kvm 和其中之一。"));
	}

	private ReadinessItem kvmDevice(HostFacts h) {
		if (!h.kvmDevice()) {
			return item("kvm-device", Level.FAIL, "/dev/kvm missing",
					Text.of("Load the kvm modules (see kvm-module); without /dev/kvm QEMU can only emulate (TCG), 10-50x slower.",
							"加载 kvm 模块（见 kvm-module）；没有 /dev/kvm，QEMU 只能纯软件模拟（TCG），慢 10-50 倍。"));
		}
		boolean groupRw = h.kvmDeviceMode().length() >= 6 && h.kvmDeviceMode().charAt(3) == 'r'
				&& h.kvmDeviceMode().charAt(4) == 'w';
		if (groupRw || h.kvmDeviceMode().startsWith("rw-rw-rw-")) {
			return item("kvm-device", Level.PASS, "/dev/kvm " + h.kvmDeviceMode(), null);
		}
		return item("kvm-device", Level.WARN, "/dev/kvm " + h.kvmDeviceMode() + " (group cannot read and write)",
				Text.of("QEMU runs as the user in /etc/libvirt/qemu.conf (libvirt-qemu on Debian): chgrp kvm /dev/kvm; chmod 660 /dev/kvm; usermod -aG kvm libvirt-qemu.",
						"QEMU 以 /etc/libvirt/qemu.conf 中配置的用户运行（Debian 上为 libvirt-qemu）：chgrp kvm /dev/kvm; chmod 660 /dev/kvm; usermod -aG kvm libvirt-qemu。"));
	}

	private ReadinessItem cgroups(HostFacts h) {
		Set<String> wanted = Set.of("cpu", "memory", "devices");
		List<String> missing = wanted.stream().filter(c -> !h.cgroupControllers().contains(c)).sorted().toList();
		String found = "cgroup v" + h.cgroupVersion() + ": " + String.join(", ", h.cgroupControllers());
		if (h.cgroupVersion() == 0) {
			return item("cgroups", Level.FAIL, "no cgroup filesystem mounted",
					Text.of("Mount cgroups (systemd does it at boot); libvirt uses them to limit and account CPU, memory and devices.",
							"挂载 cgroup（systemd 会在启动时完成）；libvirt 用它限制和统计 CPU、内存和设备。"));
		}
		if (missing.isEmpty() || h.cgroupVersion() == 2 && !missing.contains("cpu") && !missing.contains("memory")) {
			return item("cgroups", Level.PASS, found, null);
		}
		return item("cgroups", Level.WARN, found + " (missing " + String.join(", ", missing) + ")",
				Text.of("Enable the missing controllers (kernel command line, or cgroup.subtree_control on cgroup v2); without them libvirt cannot apply CPU/memory tuning.",
						"启用缺少的控制器（内核命令行，或 cgroup v2 的 cgroup.subtree_control）；否则 libvirt 无法应用 CPU/内存调优。"));
	}

	private ReadinessItem libvirt(Lookup<HostCapabilities> caps) {
		if (caps instanceof Lookup.Found<HostCapabilities> f) {
			HostCapabilities c = f.value();
			return item("libvirt", Level.PASS, "libvirt " + c.libvirtVersion() + ", " + c.hypervisor() + " "
					+ c.hypervisorVersion(), null);
		}
		String reason = caps instanceof Lookup.Failed<HostCapabilities> fl ? fl.reason() : "not reachable";
		return item("libvirt", Level.FAIL, reason,
				Text.of("Install libvirt-daemon-system and libvirt-clients, start the daemon (systemctl enable --now libvirtd, or libvirtd -d without systemd) and join the libvirt group.",
						"安装 libvirt-daemon-system 和 libvirt-clients，启动守护进程（systemctl enable --now libvirtd；无 systemd 时用 libvirtd -d），并加入 libvirt 组。"));
	}

	private ReadinessItem kvmDomainType(Lookup<HostCapabilities> caps) {
		if (!(caps instanceof Lookup.Found<HostCapabilities> f)) {
			return new ReadinessItem("kvm-domain-type", Level.SKIP, title("kvm-domain-type"), "libvirt not reachable",
					null);
		}
		Set<String> types = f.value().domainTypes();
		if (types.contains("kvm")) {
			return item("kvm-domain-type", Level.PASS, "domain types: " + String.join(", ", types), null);
		}
		// the test driver offers only i686 guests of type 'test', so its x86_64 domain types are empty
		if (types.contains("test") || "test".equalsIgnoreCase(f.value().hypervisor())) {
			return item("kvm-domain-type", Level.PASS, "practice host (libvirt test driver)", null);
		}
		return item("kvm-domain-type", Level.FAIL,
				types.isEmpty() ? "QEMU offers no x86_64 guests" : "domain types: " + String.join(", ", types) + " (no kvm)",
				Text.of("Install QEMU with KVM support: apt install qemu-system-x86 (the qemu-kvm package on Ubuntu/RHEL), then restart libvirtd so it sees /dev/kvm.",
						"安装支持 KVM 的 QEMU：apt install qemu-system-x86（Ubuntu/RHEL 上为 qemu-kvm），然后重启 libvirtd 以识别 /dev/kvm。"));
	}

	private ReadinessItem defaultNetwork(Lookup<NetworkInfo> lookup) {
		if (lookup instanceof Lookup.Found<NetworkInfo> f) {
			NetworkInfo n = f.value();
			if (n.active() && n.autostart()) {
				return item("default-network", Level.PASS, "default: active, autostart", null);
			}
			return item("default-network", Level.WARN, "default: " + (n.active() ? "active" : "inactive") + ", "
					+ (n.autostart() ? "autostart" : "no autostart"),
					Text.of("virsh net-start default; virsh net-autostart default (needs dnsmasq and iptables/nftables).",
							"virsh net-start default; virsh net-autostart default（需要 dnsmasq 和 iptables/nftables）。"));
		}
		if (lookup instanceof Lookup.Absent<NetworkInfo>) {
			return item("default-network", Level.WARN, "no network named default",
					Text.of("Define it again: virsh net-define /usr/share/libvirt/networks/default.xml; virsh net-start default; virsh net-autostart default.",
							"重新定义：virsh net-define /usr/share/libvirt/networks/default.xml; virsh net-start default; virsh net-autostart default。"));
		}
		String reason = lookup instanceof Lookup.Failed<NetworkInfo> fl ? fl.reason() : "not read";
		return new ReadinessItem("default-network", Level.SKIP, title("default-network"), reason, null);
	}

	private ReadinessItem item(String id, Level level, String found, Text fix) {
		return new ReadinessItem(id, level, title(id), found, fix);
	}

	public static Text title(String id) {
		return switch (id) {
			case "cpu-virt" -> Text.of("CPU virtualisation (VT-x/AMD-V)", "CPU 虚拟化（VT-x/AMD-V）");
			case "kvm-module" -> Text.of("kvm kernel modules", "kvm 内核模块");
			case "kvm-device" -> Text.of("/dev/kvm access", "/dev/kvm 访问权限");
			case "libvirt" -> Text.of("libvirt daemon reachable", "libvirt 守护进程可连接");
			case "kvm-domain-type" -> Text.of("QEMU offers KVM guests", "QEMU 支持 KVM 类型虚拟机");
			case "cgroups" -> Text.of("cgroup controllers", "cgroup 控制器");
			case "tun-device" -> Text.of("/dev/net/tun (tap NICs)", "/dev/net/tun（tap 网卡）");
			case "vhost-net" -> Text.of("/dev/vhost-net (virtio-net in the kernel)", "/dev/vhost-net（内核态 virtio-net）");
			case "default-network" -> Text.of("libvirt default network", "libvirt 默认网络");
			default -> Text.of(id, id);
		};
	}
}
