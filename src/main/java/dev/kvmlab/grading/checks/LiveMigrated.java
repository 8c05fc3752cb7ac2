package dev.kvmlab.grading.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.CompletedJob;
import dev.kvmlab.host.FileInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.image.GuestCmdline;

/**
 * The domain came to this host by a migration while its guest ran: its last completed job here is an
 * incoming migration (whose statistics, time, downtime and memory moved, are the evidence), and the
 * guest's serial log, written across the move, shows one boot and heartbeats that never restart or
 * skip. A cold move (shut down, define there, start) boots the guest again and fails.
 */
@Component
class LiveMigrated implements CheckType {

	/** virDomainJobOperation's VIR_DOMAIN_JOB_OPERATION_MIGRATION_IN. */
	static final String MIGRATION_IN = "4";

	private static final Pattern HEARTBEAT = Pattern.compile(GuestCmdline.HEARTBEAT_MARKER + " \\S+ (\\d+)");

	@Override
	public String key() {
		return "live-migrated";
	}

	@Override
	public Text description() {
		return Text.of("A domain arrived on this host by an incoming migration (its completed job's statistics are the evidence) while its guest kept running: the serial log shows one boot and unbroken heartbeats.",
				"虚拟机通过迁移到达本主机（以已完成作业的统计数据为证据），且迁移期间客户机一直在运行：串口日志只有一次启动，心跳连续不断。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.required("serial_log", Type.STRING, "the guest's serial log file (append='on', the same path on both hosts)",
						"客户机串口日志文件（append='on'，两台主机上路径相同）"));
	}

	@Override
	public String example() {
		return "check: live-migrated\nparams: {name: lab-mig, serial_log: /var/lib/kvmlab/cluster/shared/lab-mig-serial.log}\nhost: lab-host-b";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), new CompletedJob(p.string("name")), Need.file(p.string("serial_log")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String log = p.string("serial_log");
		String expected = name + " arrived here by a migration while its guest ran (one boot, unbroken heartbeats in " + log + ")";
		return Evidence.from(host.reading(new CompletedJob(name)), expected, "no domain named " + name, job -> {
			if (job.isEmpty()) {
				return CheckResult.fail(expected, "no completed job for " + name
						+ " on this host: it did not arrive by migration, it has stopped since, or its statistics were read"
						+ " without keeping them (virsh domjobinfo --completed needs --keep-completed)");
			}
			if (job.containsKey("operation") && !MIGRATION_IN.equals(job.get("operation"))) {
				return CheckResult.fail(expected, "the last completed job of " + name + " here was not an incoming migration (operation "
						+ job.get("operation") + ")");
			}
			String stats = statistics(job);
			Lookup<FileInfo> file = host.file(log);
			return Evidence.from(file, expected, "no file " + log, f -> {
				if (!f.exists() || f.text() == null) {
					return CheckResult.fail(expected, stats + "; no serial log " + log);
				}
				Guest guest = guestFindings(f.text());
				return CheckResult.of(guest.unbroken(), expected, stats + "; guest: " + guest.finding());
			});
		});
	}

	/** The migration's statistics as a person reads them. */
	static String statistics(Map<String, String> job) {
		List<String> parts = new ArrayList<>();
		if (job.containsKey("time_elapsed")) {
			parts.add("took " + job.get("time_elapsed") + " ms");
		}
		if (job.containsKey("downtime")) {
			parts.add("downtime " + job.get("downtime") + " ms");
		}
		if (job.containsKey("memory_processed")) {
			parts.add(mib(job.get("memory_processed")) + " MiB of memory moved");
		}
		else if (job.containsKey("data_processed")) {
			parts.add(mib(job.get("data_processed")) + " MiB moved");
		}
		if (job.containsKey("memory_iteration")) {
			parts.add(job.get("memory_iteration") + " memory passes");
		}
		return "incoming migration completed" + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
	}

	private static String mib(String bytes) {
		try {
			return String.valueOf(Math.round(Long.parseLong(bytes) / 1048576.0));
		}
		catch (NumberFormatException e) {
			return bytes;
		}
	}

	/** What the serial log says of the guest: unbroken (one boot, consecutive heartbeats) or not, and why. */
	record Guest(boolean unbroken, String finding) {
	}

	static Guest guestFindings(String text) {
		int boots = 0;
		int from = text.indexOf(GuestCmdline.READY_MARKER);
		while (from >= 0) {
			boots++;
			from = text.indexOf(GuestCmdline.READY_MARKER, from + 1);
		}
		List<Long> beats = new ArrayList<>();
		Matcher m = HEARTBEAT.matcher(text);
		while (m.find()) {
			beats.add(Long.parseLong(m.group(1)));
		}
		if (boots == 0 && beats.isEmpty()) {
			return new Guest(false, "nothing from the guest in its serial log yet");
		}
		for (int i = 1; i < beats.size(); i++) {
			if (beats.get(i) != beats.get(i - 1) + 1) {
				return new Guest(false, boots + " boot(s): the heartbeat went from " + beats.get(i - 1) + " to " + beats.get(i)
						+ (beats.get(i) <= beats.get(i - 1) ? " (the guest started again)" : " (beats are missing)"));
			}
		}
		if (boots != 1) {
			return new Guest(false, boots + " boots in the serial log: the guest started again");
		}
		if (beats.size() < 2) {
			return new Guest(false, "one boot, too few heartbeats to tell (" + beats.size() + ")");
		}
		return new Guest(true, "one boot, heartbeats " + beats.get(0) + ".." + beats.get(beats.size() - 1) + " unbroken");
	}
}
