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
 * A migration that plain pre-copy could not finish was made to converge, as this host's completed
 * incoming-migration job shows: auto-converge throttled the guest's vCPUs (auto_converge_throttle),
 * or post-copy moved the rest on demand (memory_postcopy_requests). The statistics are the evidence.
 */
@Component
class MigrationConverged implements CheckType {

	static final List<String> WAYS = List.of("either", "auto-converge", "post-copy");

	@Override
	public String key() {
		return "migration-converged";
	}

	@Override
	public Text description() {
		return Text.of("A domain's completed incoming migration on this host converged with auto-converge or post-copy, as its job statistics show.",
				"虚拟机在本主机上已完成的入站迁移借助 auto-converge 或后拷贝（post-copy）得以收敛，依据其作业统计数据判断。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("by", Type.STRING, "which technique (default either)", "哪种技术（默认任意一种）")
					.oneOf(WAYS.toArray(String[]::new)));
	}

	@Override
	public String example() {
		return "check: migration-converged\nparams: {name: lab-tune, by: either}\nhost: lab-host-b";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), new CompletedJob(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String by = p.has("by") ? p.string("by") : "either";
		String expected = name + " arrived by a migration that converged with "
				+ (by.equals("either") ? "auto-converge or post-copy" : by);
		return Evidence.from(host.reading(new CompletedJob(name)), expected, "no domain named " + name, job -> {
			if (job.isEmpty()) {
				return CheckResult.fail(expected, "no completed job for " + name + " on this host: it did not arrive by migration,"
						+ " it has stopped since, or its statistics were read without --keep-completed");
			}
			if (job.containsKey("operation") && !LiveMigrated.MIGRATION_IN.equals(job.get("operation"))) {
				return CheckResult.fail(expected, "the last completed job of " + name + " here was not an incoming migration");
			}
			boolean throttled = positive(job, "auto_converge_throttle");
			boolean postCopy = positive(job, "memory_postcopy_requests");
			boolean ok = switch (by) {
				case "auto-converge" -> throttled;
				case "post-copy" -> postCopy;
				default -> throttled || postCopy;
			};
			String how = throttled ? "auto-converge throttled the guest to " + (100 - Long.parseLong(job.get("auto_converge_throttle")))
					+ "% of its CPU" : postCopy ? "post-copy fetched " + job.get("memory_postcopy_requests") + " pages on demand"
							: "plain pre-copy (neither auto-converge nor post-copy)";
			return CheckResult.of(ok, expected, LiveMigrated.statistics(job) + extra(job) + "; " + how);
		});
	}

	private static boolean positive(Map<String, String> job, String key) {
		try {
			return job.containsKey(key) && Long.parseLong(job.get(key)) > 0;
		}
		catch (NumberFormatException e) {
			return false;
		}
	}

	/** Dirty rate and bandwidth, which tell why pre-copy alone did not converge. */
	private static String extra(Map<String, String> job) {
		StringBuilder s = new StringBuilder();
		if (job.containsKey("memory_dirty_rate")) {
			s.append(", ").append(job.get("memory_dirty_rate")).append(" pages/s dirtied");
		}
		if (job.containsKey("memory_bps")) {
			s.append(", ").append(Math.round(Long.parseLong(job.get("memory_bps")) / 1048576.0)).append(" MiB/s");
		}
		return s.toString();
	}
}
