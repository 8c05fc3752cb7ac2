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
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.VolumeInfo;

/** A volume exists in an active pool, as libvirt sees it (vol-list / vol-info / vol-dumpxml): optionally its format and capacity. */
@Component
class VolumeExists implements CheckType {

	@Override
	public String key() {
		return "volume-exists";
	}

	@Override
	public Text description() {
		return Text.of("A volume exists in an active storage pool (libvirt's view), optionally with a format and a capacity in MiB.",
				"卷存在于已启动的存储池中（libvirt 的视角），可选检查格式和以 MiB 计的容量。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("pool", Type.STRING, "pool name", "存储池名称"),
				ParamSpec.required("name", Type.STRING, "volume name", "卷名称"),
				ParamSpec.optional("format", Type.STRING, "format in the volume XML (qcow2, raw, ...)", "卷 XML 中的格式（qcow2、raw 等）"),
				ParamSpec.optional("capacity_mib", Type.NUMBER, "capacity in MiB", "容量（MiB）"));
	}

	@Override
	public String example() {
		return "check: volume-exists\nparams: {pool: lab-dir, name: lab-vol1.qcow2, format: qcow2, capacity_mib: 128}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.pool(p.string("pool")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String pool = p.string("pool");
		String name = p.string("name");
		String expected = "volume " + pool + "/" + name + (p.has("format") ? ", format " + p.string("format") : "")
				+ (p.has("capacity_mib") ? ", " + p.number("capacity_mib", 0) + " MiB" : "");
		return Evidence.from(host.pool(pool), expected, "no storage pool named " + pool, pi -> {
			if (!pi.active()) {
				return CheckResult.fail(expected, "pool " + pool + " is not active: its volumes cannot be listed");
			}
			VolumeInfo v = pi.volumes().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
			if (v == null) {
				List<String> names = pi.volumes().stream().map(VolumeInfo::name).toList();
				return CheckResult.fail(expected, "no volume " + name + " in pool " + pool + " (it has " + (names.isEmpty() ? "none" : names) + ")");
			}
			String format = v.xml().value("/volume/target/format/@type");
			long mib = v.capacityBytes() / (1024 * 1024);
			boolean ok = (!p.has("format") || p.string("format").equals(format))
					&& (!p.has("capacity_mib") || v.capacityBytes() == p.number("capacity_mib", 0) * 1024 * 1024);
			return CheckResult.of(ok, expected, "volume " + pool + "/" + name + ", format " + (format.isEmpty() ? "?" : format)
					+ ", " + mib + " MiB (" + v.capacityBytes() + " bytes), at " + v.path());
		});
	}
}
