package dev.kvmlab.grading.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.QemuThreads;
import dev.kvmlab.host.XmlDoc;

/**
 * Pinning as the kernel enforces it: the domain's definition pins its vCPUs ({@code <vcpupin>} for
 * every vCPU), its emulator ({@code <emulatorpin>}) or its IOThreads ({@code <iothreadpin>}), and
 * the running QEMU's threads may run on exactly those host CPUs ({@code Cpus_allowed_list}). A
 * definition edited without a restart fails here, however right its XML is. The emulator is QEMU's
 * main thread (helper threads that QEMU starts later inherit the CPUs of the thread that starts
 * them, so they are not compared).
 */
@Component
class QemuPinning implements CheckType {

	@Override
	public String key() {
		return "qemu-pinning";
	}

	@Override
	public Text description() {
		return Text.of("The running QEMU's vCPU, emulator or IOThread threads run on exactly the host CPUs the domain's <cputune> pins them to"
				+ " (read from /proc on the machine itself; SKIP elsewhere).",
				"运行中的 QEMU 的 vCPU、emulator 或 IOThread 线程恰好运行在虚拟机 <cputune> 所绑定的宿主机 CPU 上"
						+ "（在本机的 /proc 中读取；其他情况为 SKIP）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("threads", Type.STRING, "which threads: vcpu, emulator or iothread", "哪类线程：vcpu、emulator 或 iothread")
					.oneOf("vcpu", "emulator", "iothread"));
	}

	@Override
	public String example() {
		return "check: qemu-pinning\nparams: {name: lab-tuned, threads: vcpu}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), new QemuThreads(p.string("name")));
	}

	/** One pin of the definition: which thread, and the CPUs it names. */
	private record Pin(String what, String element, Set<Integer> cpus, java.util.function.Function<QemuThreads.Process, QemuThreads.Task> thread) {
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String threads = p.string("threads");
		String expected = switch (threads) {
			case "vcpu" -> "every vCPU of " + name + " pinned (<vcpupin>) and its QEMU thread running on just those host CPUs";
			case "emulator" -> name + "'s emulator pinned (<emulatorpin>) and QEMU's main thread running on just those host CPUs";
			default -> "every IOThread of " + name + " pinned (<iothreadpin>) and its QEMU thread running on just those host CPUs";
		};
		return Evidence.from(host.domain(name), expected, "no domain named " + name, d -> {
			List<Pin> pins = new ArrayList<>();
			String missing = pins(d, threads, pins);
			if (missing != null) {
				return CheckResult.fail(expected, missing);
			}
			Lookup<QemuThreads.Process> process = host.reading(new QemuThreads(name));
			if (process instanceof Lookup.Absent) {
				return CheckResult.fail(expected, name + " is not running: its pinning is checked on QEMU's threads (virsh start " + name + ")");
			}
			return Evidence.from(process, expected, name + " is not running", qemu -> compare(qemu, pins, expected, name));
		});
	}

	/** Collects the definition's pins; returns what is missing, or null. */
	private static String pins(DomainInfo d, String threads, List<Pin> out) {
		XmlDoc xml = d.definition();
		switch (threads) {
			case "vcpu" -> {
				String current = xml.value("/domain/vcpu/@current");
				int vcpus = Integer.parseInt(current.isEmpty() ? xml.value("/domain/vcpu").strip() : current);
				for (int i = 0; i < vcpus; i++) {
					String cpuset = xml.value("/domain/cputune/vcpupin[@vcpu='" + i + "']/@cpuset");
					if (cpuset.isEmpty()) {
						return "vCPU " + i + " of " + d.name() + " has no <vcpupin> in its definition (" + vcpus + " vCPUs)";
					}
					int n = i;
					out.add(new Pin("vCPU " + i, "<vcpupin vcpu='" + i + "' cpuset='" + cpuset + "'>", QemuThreads.cpuList(cpuset),
							q -> q.vcpu(n)));
				}
			}
			case "emulator" -> {
				String cpuset = xml.value("/domain/cputune/emulatorpin/@cpuset");
				if (cpuset.isEmpty()) {
					return d.name() + " has no <emulatorpin> in its definition";
				}
				out.add(new Pin("the emulator", "<emulatorpin cpuset='" + cpuset + "'>", QemuThreads.cpuList(cpuset),
						QemuThreads.Process::main));
			}
			default -> {
				List<String> ids = xml.values("/domain/iothreadids/iothread/@id");
				String count = xml.value("/domain/iothreads").strip();
				if (ids.isEmpty() && !count.isEmpty()) {
					ids = java.util.stream.IntStream.rangeClosed(1, Integer.parseInt(count)).mapToObj(Integer::toString).toList();
				}
				if (ids.isEmpty()) {
					return d.name() + " has no IOThreads (<iothreads>) to pin";
				}
				for (String id : ids) {
					String cpuset = xml.value("/domain/cputune/iothreadpin[@iothread='" + id + "']/@cpuset");
					if (cpuset.isEmpty()) {
						return "IOThread " + id + " of " + d.name() + " has no <iothreadpin> in its definition";
					}
					out.add(new Pin("IOThread " + id, "<iothreadpin iothread='" + id + "' cpuset='" + cpuset + "'>",
							QemuThreads.cpuList(cpuset), q -> q.iothread(Integer.parseInt(id))));
				}
			}
		}
		return null;
	}

	private static CheckResult compare(QemuThreads.Process qemu, List<Pin> pins, String expected, String name) {
		List<String> found = new ArrayList<>();
		for (Pin pin : pins) {
			QemuThreads.Task task = pin.thread().apply(qemu);
			if (task == null) {
				return CheckResult.fail(expected, "QEMU process " + qemu.pid() + " of " + name + " has no thread for " + pin.what());
			}
			String on = "'" + task.comm() + "' (thread " + task.tid() + ") may run on CPUs " + QemuThreads.cpuListText(task.cpus());
			if (!task.cpus().equals(pin.cpus())) {
				return CheckResult.fail(expected, on + ", but the definition says " + pin.element()
						+ ": the running VM does not follow it (restart it, or pin live: virsh vcpupin/emulatorpin/iothreadpin --live)");
			}
			found.add(on);
		}
		return CheckResult.pass(expected, String.join("; ", found) + ", as <cputune> says");
	}
}
