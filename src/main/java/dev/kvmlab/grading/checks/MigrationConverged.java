package dev.kvmlab.grading.checks;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.CompletedJob;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;

/**
 * A busy guest's pre-copy migration finished under a bandwidth cap, as this host's completed
 * incoming-migration job shows: the bandwidth stayed within the cap and the copy took several passes.
 * The lab's guest dirties memory faster than the cap carries, so plain pre-copy never finishes there:
 * finishing under the cap means something made it converge (auto-converge throttles the guest's
 * vCPUs). The destination keeps no throttle figure, and libvirt 9 keeps no statistics at all after a
 * post-copy migration, so the evidence is the passes, data and bandwidth.
 */
@Component
class MigrationConverged implements CheckType {

	/** Measured rates wobble around the cap: 15% above it still counts as capped. */
	static final double SLACK = 1.15;

	@Override
	public String key() {
		return "migration-converged";
	}

	@Override
	public Text description() {
		return Text.of("A domain's incoming pre-copy migration completed on this host under a bandwidth cap, over several passes (job statistics as evidence).",
				"虚拟机的入站预拷贝迁移在带宽上限内、经过多轮复制后在本主机上完成（以作业统计数据为证据）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("max_bandwidth_mib", Type.NUMBER, "the cap in MiB/s the migration had to keep", "迁移必须遵守的带宽上限（MiB/s）"),
				ParamSpec.optional("min_passes", Type.NUMBER, "passes over memory at least (default 2)", "至少复制内存的轮数（默认 2）"));
	}

	@Override
	public String example() {
		return "check: migration-converged\nparams: {name: lab-tune, max_bandwidth_mib: 40}\nhost: lab-host-b";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), new CompletedJob(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		long cap = p.number("max_bandwidth_mib", 0);
		long minPasses = p.number("min_passes", 2);
		String expected = name + " arrived by a pre-copy migration that finished within " + cap + " MiB/s after at least "
				+ minPasses + " passes";
		return Evidence.from(host.reading(new CompletedJob(name)), expected, "no domain named " + name, job -> {
			if (job.isEmpty()) {
				return CheckResult.fail(expected, "no completed job for " + name + " on this host: it did not arrive by migration,"
						+ " it has stopped since, its statistics were read without --keep-completed, or it came by post-copy"
						+ " (libvirt keeps no statistics of those)");
			}
			if (job.containsKey("operation") && !LiveMigrated.MIGRATION_IN.equals(job.get("operation"))) {
				return CheckResult.fail(expected, "the last completed job of " + name + " here was not an incoming migration");
			}
			long bps = number(job, "memory_bps");
			long passes = number(job, "memory_iteration");
			double mib = bps / 1048576.0;
			String found = LiveMigrated.statistics(job) + String.format(java.util.Locale.ROOT, ", %.1f MiB/s", mib);
			if (bps > 0 && mib > cap * SLACK) {
				return CheckResult.fail(expected, found + ": faster than the " + cap + " MiB/s cap (was --bandwidth " + cap + " given?)");
			}
			if (passes < minPasses) {
				return CheckResult.fail(expected, found + ": only " + passes + " pass(es), not a busy guest's migration");
			}
			return CheckResult.pass(expected, found);
		});
	}

	private static long number(Map<String, String> job, String key) {
		try {
			return job.containsKey(key) ? Long.parseLong(job.get(key)) : 0;
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}
}
