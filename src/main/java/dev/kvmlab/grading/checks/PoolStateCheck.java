package dev.kvmlab.grading.checks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostFacts;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.PoolInfo;

/**
 * A storage pool: its type, where it keeps its volumes (target path) or which device backs it
 * (source device), and whether it is active and autostarted. {@code type: block-backed} is the
 * host's choice for a pool on a block device: {@code logical} (LVM) where the kernel has
 * device-mapper, {@code fs} where it has not (LVM cannot work there), as {@code lab start} recorded
 * it in the lab's session; without a session, the host's kernel decides; where kvmlab cannot see the
 * kernel (remote, practice) either is accepted.
 */
@Component
class PoolStateCheck implements CheckType {

	static final String BLOCK_BACKED = "block-backed";

	@Override
	public String key() {
		return "pool-state";
	}

	@Override
	public Text description() {
		return Text.of("A storage pool exists with the given type (block-backed: logical where the kernel has device-mapper, else fs),"
				+ " optionally a target path or source device matching a pattern, active and autostart.",
				"存储池存在且类型符合（block-backed：内核有 device-mapper 时为 logical，否则为 fs），可选检查目标路径或源设备是否匹配正则、"
						+ "是否已启动和自动启动。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "pool name", "存储池名称"),
				ParamSpec.optional("type", Type.STRING, "pool type", "存储池类型")
					.oneOf("dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "rbd", "zfs", BLOCK_BACKED),
				ParamSpec.optional("target_matches", Type.STRING, "regular expression for <target><path>", "<target><path> 须匹配的正则"),
				ParamSpec.optional("source_matches", Type.STRING, "regular expression for <source><device path>", "<source><device path> 须匹配的正则"),
				ParamSpec.optional("active", Type.BOOLEAN, "must be active (true) or inactive (false)", "须已启动 (true) 或未启动 (false)"),
				ParamSpec.optional("autostart", Type.BOOLEAN, "autostart on (true) or off (false)", "自动启动开 (true) 或关 (false)"));
	}

	@Override
	public String example() {
		return "check: pool-state\nparams: {name: lab-dir, type: dir, target_matches: \".*/lab-dir\", active: true, autostart: true}";
	}

	@Override
	public void validate(Params p) {
		for (String k : List.of("target_matches", "source_matches")) {
			if (p.has(k)) {
				java.util.regex.Pattern.compile(p.string(k));
			}
		}
	}

	@Override
	public Set<Need> needs(Params p) {
		Set<Need> needs = new LinkedHashSet<>();
		needs.add(Need.pool(p.string("name")));
		if (BLOCK_BACKED.equals(p.string("type"))) {
			needs.add(Need.facts());
		}
		return needs;
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		List<String> types = expectedTypes(p.string("type"), host.labVar("block_pool_type"), host.facts());
		List<String> want = new ArrayList<>();
		if (!types.isEmpty()) {
			want.add("type " + String.join(" or ", types));
		}
		if (p.has("target_matches")) {
			want.add("target ~ /" + p.string("target_matches") + "/");
		}
		if (p.has("source_matches")) {
			want.add("source device ~ /" + p.string("source_matches") + "/");
		}
		if (p.has("active")) {
			want.add(p.bool("active", true) ? "active" : "inactive");
		}
		if (p.has("autostart")) {
			want.add(p.bool("autostart", true) ? "autostart" : "no autostart");
		}
		String expected = "pool " + name + ": " + String.join(", ", want);
		return Evidence.from(host.pool(name), expected, "no storage pool named " + name, pool -> {
			String target = pool.xml().value("/pool/target/path");
			List<String> sources = pool.xml().values("/pool/source/device/@path");
			boolean ok = types.isEmpty() || types.contains(pool.type());
			ok &= !p.has("target_matches") || target.matches(p.string("target_matches"));
			ok &= !p.has("source_matches") || sources.stream().anyMatch(s -> s.matches(p.string("source_matches")));
			ok &= !p.has("active") || pool.active() == p.bool("active", true);
			ok &= !p.has("autostart") || pool.autostart() == p.bool("autostart", true);
			return CheckResult.of(ok, expected, found(pool, target, sources));
		});
	}

	private static String found(PoolInfo pool, String target, List<String> sources) {
		return "pool " + pool.name() + ": type " + pool.type() + (target.isEmpty() ? "" : ", target " + target)
				+ (sources.isEmpty() ? "" : ", source device " + String.join(" ", sources))
				+ (pool.active() ? ", active" : ", inactive") + (pool.autostart() ? ", autostart" : ", no autostart");
	}

	/**
	 * The types that pass: block-backed means the choice `lab start` recorded for this host in the lab's
	 * session, else the host's own (logical with device-mapper, fs without), else, when the kernel
	 * cannot be seen (remote, practice), either.
	 */
	static List<String> expectedTypes(String type, String recorded, Lookup<HostFacts> facts) {
		if (type == null) {
			return List.of();
		}
		if (!BLOCK_BACKED.equals(type)) {
			return List.of(type);
		}
		if (recorded != null && List.of("logical", "fs").contains(recorded)) {
			return List.of(recorded);
		}
		if (facts instanceof Lookup.Found<HostFacts> f) {
			return List.of(f.value().deviceMapper() ? "logical" : "fs");
		}
		return List.of("logical", "fs");
	}
}
