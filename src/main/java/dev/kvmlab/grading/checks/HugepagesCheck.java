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
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.HugepagePool;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.QemuThreads;
import dev.kvmlab.host.XmlDoc;

/**
 * Huge pages for a domain, as the kernel counts them. {@code of: pool}: the host's persistent pool of
 * the page size the domain asks for ({@code vm.nr_hugepages} for the default size) has room for the
 * domain's memory next to the pages other users hold. {@code of: guest}: the running QEMU holds the
 * domain's memory in huge pages ({@code HugetlbPages} in /proc/PID/status), which the XML alone
 * does not prove. Read on the machine itself; SKIP elsewhere.
 */
@Component
class HugepagesCheck implements CheckType {

	@Override
	public String key() {
		return "hugepages";
	}

	@Override
	public Text description() {
		return Text.of("of: pool - the host's persistent huge page pool (vm.nr_hugepages) fits the domain's memory next to what others hold;"
				+ " of: guest - the running QEMU holds the domain's memory in huge pages (HugetlbPages). Local hosts only, SKIP elsewhere.",
				"of: pool —— 宿主机的持久大页池（vm.nr_hugepages）在其他用户占用之外还能容纳虚拟机的内存；"
						+ "of: guest —— 运行中的 QEMU 用大页承载虚拟机内存（HugetlbPages）。仅限本机，其他情况为 SKIP。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("of", Type.STRING, "pool (the host's pool is sized for it) or guest (its memory is on huge pages)",
						"pool（宿主机大页池容量足够）或 guest（其内存由大页承载）").oneOf("pool", "guest"));
	}

	@Override
	public String example() {
		return "check: hugepages\nparams: {name: lab-tuned, of: pool}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), new QemuThreads(p.string("name")), new HugepagePool());
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		boolean pool = "pool".equals(p.string("of"));
		String expected = pool ? "the host's persistent huge page pool has room for " + name + "'s memory (next to the pages others hold)"
				: "the running QEMU of " + name + " holds all of its memory in huge pages";
		return Evidence.from(host.domain(name), expected, "no domain named " + name, d -> {
			Lookup<QemuThreads.Process> process = host.reading(new QemuThreads(name));
			if (process instanceof Lookup.Absent) {
				if (!pool) {
					return CheckResult.fail(expected, name + " is not running: huge page backing shows in its running QEMU");
				}
				process = Lookup.found(null);
			}
			Lookup<QemuThreads.Process> qemu = process;
			return Evidence.from(qemu, expected, name + " is not running",
					running -> pool ? pool(d, running, host.reading(new HugepagePool()), expected) : guest(d, running, expected));
		});
	}

	private static CheckResult guest(DomainInfo d, QemuThreads.Process qemu, String expected) {
		long memory = memoryKib(d.liveXml());
		String backing = d.liveXml().nodes("/domain/memoryBacking/hugepages").isEmpty() ? "no <hugepages/> in its <memoryBacking>"
				: "<hugepages/> in its <memoryBacking>";
		String found = "QEMU process " + qemu.pid() + " holds " + mib(qemu.hugetlbKib()) + " in huge pages of " + mib(memory)
				+ " (" + backing + ")";
		return CheckResult.of(qemu.hugetlbKib() >= memory, expected, found);
	}

	private static CheckResult pool(DomainInfo d, QemuThreads.Process qemu, Lookup<HugepagePool.Pools> pools, String expected) {
		XmlDoc xml = d.definition();
		long memory = memoryKib(xml);
		long page = pageKib(xml);
		return Evidence.from(pools, expected, "this kernel has no huge pages", all -> {
			HugepagePool.Counts c = all.of(page);
			if (c == null) {
				return CheckResult.fail(expected, "the kernel has no huge pages of " + page + " KiB (" + d.name() + " asks for them)");
			}
			long needed = (memory + c.pageKib() - 1) / c.pageKib();
			long guestHeld = qemu == null ? 0 : Math.min(c.held(), qemu.hugetlbKib() / c.pageKib());
			long others = Math.max(0, c.held() - guestHeld);
			String setting = c.pageKib() == all.defaultPageKib() ? "vm.nr_hugepages" : "hugepages-" + c.pageKib() + "kB/nr_hugepages";
			String found = setting + " = " + c.persistent() + " pages of " + c.pageKib() + " KiB (" + c.total() + " in all, " + c.free()
					+ " free, " + c.surplus() + " surplus); " + d.name() + " needs " + needed + " for " + mib(memory) + ", others hold "
					+ others;
			return CheckResult.of(c.persistent() >= needed + others, expected, found);
		});
	}

	/** The domain's memory in KiB ({@code <memory>}; libvirt writes it in KiB). */
	static long memoryKib(XmlDoc xml) {
		return kib(xml.value("/domain/memory").strip(), xml.value("/domain/memory/@unit"));
	}

	/** The page size the domain asks for (first {@code <page>}), or 0 for the host's default size. */
	static long pageKib(XmlDoc xml) {
		String size = xml.value("/domain/memoryBacking/hugepages/page[1]/@size");
		return size.isEmpty() ? 0 : kib(size, xml.value("/domain/memoryBacking/hugepages/page[1]/@unit"));
	}

	static long kib(String value, String unit) {
		if (value.isEmpty()) {
			return 0;
		}
		long n = Long.parseLong(value);
		return switch (unit.isEmpty() ? "KiB" : unit) {
			case "b", "bytes", "B" -> n / 1024;
			case "M", "MiB" -> n * 1024;
			case "MB" -> n * 1_000_000 / 1024;
			case "G", "GiB" -> n * 1024 * 1024;
			case "GB" -> n * 1_000_000_000 / 1024;
			case "KB" -> n * 1000 / 1024;
			default -> n; // k, KiB
		};
	}

	private static String mib(long kib) {
		return kib % 1024 == 0 ? kib / 1024 + " MiB" : kib + " KiB";
	}
}
