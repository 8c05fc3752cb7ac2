package dev.kvmlab.grading.checks;

import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HookFileStat;
import dev.kvmlab.host.HookProbe;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;

/**
 * A libvirt hook script, graded by what it is and what it does. {@code file}: the script is a regular
 * file owned by root, executable, and writable by root only (libvirtd runs it as root on every domain
 * start). {@code start}, {@code stop}, {@code timestamp}: the grader starts and destroys a probe domain
 * of its own ({@link HookProbe}; all criteria of a grade share one probe) and reads the hook's log for
 * lines naming the probe with a start operation (start, started), a stop operation (stopped, release),
 * and beginning with an ISO 8601 timestamp. Local hosts only; SKIP in practice mode and remotely.
 */
@Component
class LibvirtHookCheck implements CheckType {

	static final String DEFAULT_HOOK = "/etc/libvirt/hooks/qemu";

	/** The probe carries this lab's mark. */
	static final String LAB = "libvirt-hook";

	private static final Pattern TIMESTAMP = Pattern.compile("^\\[?\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?");

	private static final String RESTART = "libvirtd notices a hook that was not there when it started only after a"
			+ " restart (systemctl restart libvirtd)";

	@Override
	public String key() {
		return "libvirt-hook";
	}

	@Override
	public Text description() {
		return Text.of("A libvirt hook script: the file (root's, executable, writable by root only), or what it logs when"
				+ " the grader starts and stops a probe domain of its own (start and stop lines, ISO 8601 timestamps). Local"
				+ " hosts only; SKIP elsewhere.",
				"libvirt 钩子脚本：检查文件本身（属主为 root、可执行、仅 root 可写），或评分器启动并停止自己的探针虚拟机时"
						+ "钩子写下的日志（启动行、停止行、ISO 8601 时间戳）。仅限本机；其他情况为 SKIP。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("aspect", Type.STRING, "what to check", "检查哪一方面")
			.oneOf("file", "start", "stop", "timestamp"),
				ParamSpec.optional("hook", Type.STRING, "the hook script (default " + DEFAULT_HOOK + ")",
						"钩子脚本（默认 " + DEFAULT_HOOK + "）"),
				ParamSpec.optional("log", Type.STRING, "the file the hook logs to (needed for start, stop, timestamp)",
						"钩子写入的日志文件（start、stop、timestamp 需要）"));
	}

	@Override
	public String example() {
		return "check: libvirt-hook\nparams: {aspect: start, log: /var/log/libvirt/lab-hook.log}";
	}

	@Override
	public void validate(Params p) {
		if (!p.string("aspect").equals("file") && !p.has("log")) {
			throw new IllegalArgumentException("libvirt-hook with aspect " + p.string("aspect") + " needs `log`");
		}
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(p.string("aspect").equals("file") ? new HookFileStat(p.string("hook", DEFAULT_HOOK))
				: new HookProbe(p.string("log"), LAB));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String aspect = p.string("aspect");
		if (aspect.equals("file")) {
			return file(p.string("hook", DEFAULT_HOOK), host);
		}
		String log = p.string("log");
		String expected = switch (aspect) {
			case "start" -> "a line in " + log + " naming the grader's probe domain with the operation start or started";
			case "stop" -> "a line in " + log + " naming the grader's probe domain with the operation stopped or release";
			default -> "the lines in " + log + " that name the grader's probe domain begin with an ISO 8601 timestamp"
					+ " (2025-03-01T09:30:00+00:00 ...)";
		};
		return Evidence.from(host.reading(new HookProbe(log, LAB)), expected, "no probe ran",
				run -> probe(aspect, log, expected, run));
	}

	private static CheckResult file(String hook, HostSnapshot host) {
		String expected = hook + ": a regular file owned by root, executable, writable by root only (chmod 755 or stricter)";
		return Evidence.from(host.reading(new HookFileStat(hook)), expected, "no file " + hook, f -> {
			Set<PosixFilePermission> m = f.permissions();
			List<String> wrong = new java.util.ArrayList<>();
			if (!f.regular()) {
				wrong.add("not a regular file");
			}
			if (f.uid() != 0) {
				wrong.add("owned by uid " + f.uid() + ", not root");
			}
			if (!m.contains(PosixFilePermission.OWNER_EXECUTE)) {
				wrong.add("not executable");
			}
			if (m.contains(PosixFilePermission.GROUP_WRITE) || m.contains(PosixFilePermission.OTHERS_WRITE)) {
				wrong.add("writable by " + (m.contains(PosixFilePermission.OTHERS_WRITE) ? "everyone" : "its group")
						+ ": anyone who can edit it runs commands as root");
			}
			return CheckResult.of(wrong.isEmpty(), expected, f.describe() + (wrong.isEmpty() ? "" : "; " + String.join("; ", wrong)));
		});
	}

	private static CheckResult probe(String aspect, String log, String expected, HookProbe.Run run) {
		String probe = "probe " + run.probe();
		if (run.failure() != null) {
			return CheckResult.fail(expected, "libvirt would not start the " + probe + ": " + run.failure()
					+ " (a hook that exits non-zero on prepare or start stops every domain from starting)");
		}
		if (!run.logExists()) {
			return CheckResult.fail(expected, log + " does not exist after the " + probe + " started and stopped: the hook"
					+ " did not run or wrote elsewhere; " + RESTART);
		}
		if (run.probeLines().isEmpty()) {
			return CheckResult.fail(expected, run.lines().isEmpty()
					? "no new line in " + log + " while the " + probe + " started and stopped; " + RESTART
					: run.lines().size() + " new line(s), none naming the " + probe + ": " + sample(run.lines()));
		}
		List<String> matching = switch (aspect) {
			case "start" -> run.probeLines("start", "started");
			case "stop" -> run.probeLines("stopped", "release");
			default -> run.probeLines().stream().filter(l -> !TIMESTAMP.matcher(l).find()).toList();
		};
		if (aspect.equals("timestamp")) {
			return matching.isEmpty() ? CheckResult.pass(expected, run.probeLines().size() + " line(s) for the " + probe
					+ ", all with a timestamp: " + sample(run.probeLines()))
					: CheckResult.fail(expected, "line(s) for the " + probe + " without a leading timestamp: " + sample(matching));
		}
		return matching.isEmpty()
				? CheckResult.fail(expected, run.probeLines().size() + " line(s) for the " + probe + ", none with "
						+ (aspect.equals("start") ? "start or started" : "stopped or release") + ": " + sample(run.probeLines()))
				: CheckResult.pass(expected, sample(matching));
	}

	/** Up to three lines, quoted. */
	private static String sample(List<String> lines) {
		String shown = String.join(" | ", lines.subList(0, Math.min(3, lines.size())));
		return "\"" + shown + "\"" + (lines.size() > 3 ? " (+" + (lines.size() - 3) + " more)" : "");
	}
}
