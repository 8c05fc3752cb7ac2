package dev.kvmlab.grading.checks;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainCapabilities;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.XmlDoc;

/**
 * The running domain's CPU is one the host offers for its virt type: the domain capabilities
 * ({@code virsh domcapabilities --virttype TYPE}) list its mode as supported, and for mode custom its
 * model as usable as it is. A domain that is not running proves nothing (a CPU the host cannot give
 * fails at start).
 */
@Component
class DomainCpuMode implements CheckType {

	@Override
	public String key() {
		return "domain-cpu-mode";
	}

	@Override
	public Text description() {
		return Text.of("A running domain's CPU mode (and, for custom, its model) is one the host's domain capabilities offer for its virt type (virsh domcapabilities).",
				"运行中虚拟机的 CPU 模式（custom 模式下还有其型号）是宿主机针对其虚拟化类型在 domain capabilities 中提供的（virsh domcapabilities）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("arch", Type.STRING, "guest architecture (default x86_64)", "客户机架构（默认 x86_64）"));
	}

	@Override
	public String example() {
		return "check: domain-cpu-mode\nparams: {name: lab-tuned}";
	}

	@Override
	public Set<Need> needs(Params p) {
		String arch = p.string("arch", "x86_64");
		return Set.of(Need.domain(p.string("name")), new DomainCapabilities("kvm", arch, ""), new DomainCapabilities("qemu", arch, ""));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String arch = p.string("arch", "x86_64");
		String expected = name + " running with a CPU mode (and model) the host offers for its domain type";
		return Evidence.from(host.domain(name), expected, "no domain named " + name, d -> {
			if (!d.isActive()) {
				return CheckResult.fail(expected, name + " is " + d.state().label() + ": a CPU mode counts when the VM runs with it");
			}
			XmlDoc live = d.liveXml();
			String type = live.value("/domain/@type");
			String mode = live.value("/domain/cpu/@mode");
			String model = live.value("/domain/cpu/model").strip();
			if (live.nodes("/domain/cpu").isEmpty() || (mode.isEmpty() || mode.equals("custom")) && model.isEmpty()) {
				return CheckResult.fail(expected, name + " has no <cpu> mode or model: QEMU's built-in default, not a choice");
			}
			String m = mode.isEmpty() ? "custom" : mode;
			return Evidence.from(host.reading(new DomainCapabilities(type, arch, "")), expected,
					"the host has no domain capabilities for type " + type, caps -> {
						if (!DomainCapabilities.modeSupported(caps, m)) {
							return CheckResult.fail(expected, "mode " + m + " is not supported for type " + type
									+ " here (virsh domcapabilities --virttype " + type + ")");
						}
						if (!m.equals("custom")) {
							return CheckResult.pass(expected, "mode " + m + ", supported for type " + type);
						}
						String usable = DomainCapabilities.modelUsable(caps, model);
						String found = "mode custom, model " + model + (usable.isEmpty() ? ": not offered" : ": usable='" + usable + "'")
								+ " for type " + type;
						return CheckResult.of(usable.equals("yes"), expected, found);
					});
		});
	}
}
