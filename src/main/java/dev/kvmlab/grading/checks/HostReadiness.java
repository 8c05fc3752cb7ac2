package dev.kvmlab.grading.checks;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Lang;
import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.readiness.ReadinessCheck;
import dev.kvmlab.readiness.ReadinessItem;

/**
 * One item of the module-1 readiness check, graded: PASS and WARN (it works) pass, FAIL fails,
 * SKIP (cannot be read on this host) is SKIP. Same logic as {@code host check}, except that a read of
 * what the item looks at that failed (the connection dropped mid-grade) is ERROR, as for every
 * other check, where {@code host check} shows SKIP or FAIL.
 */
@Component
class HostReadiness implements CheckType {

	private final ReadinessCheck readiness;

	HostReadiness(ReadinessCheck readiness) {
		this.readiness = readiness;
	}

	@Override
	public String key() {
		return "host-readiness";
	}

	@Override
	public Text description() {
		return Text.of("One item of the host readiness check (as `host check` shows it) passes or only warns.",
				"主机就绪检查中的一项（与 `host check` 相同）通过或仅有警告。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("item", Type.STRING, "readiness item", "就绪检查项")
			.oneOf(ReadinessCheck.ITEMS.toArray(String[]::new)));
	}

	@Override
	public String example() {
		return "check: host-readiness\nparams: {item: kvm-device}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return ReadinessCheck.needs();
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String id = p.string("item");
		String expected = ReadinessCheck.title(id).get(Lang.EN) + ": PASS or WARN";
		Lookup<?> source = switch (id) {
			case "libvirt", "kvm-domain-type" -> host.capabilities();
			case "default-network" -> host.network("default");
			default -> host.facts();
		};
		if (source instanceof Lookup.Failed<?> failed) { // could not tell: never a wrong answer
			return CheckResult.error(expected, failed.reason());
		}
		ReadinessItem item = readiness.evaluate(id, host);
		return switch (item.level()) {
			case PASS -> CheckResult.pass(expected, "PASS: " + item.found());
			case WARN -> CheckResult.pass(expected, "WARN: " + item.found());
			case FAIL -> CheckResult.fail(expected, "FAIL: " + item.found());
			case SKIP -> CheckResult.skip(expected, item.found());
		};
	}
}
