package dev.kvmlab.grading.checks;

import java.util.function.Function;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.host.Lookup;

/** Turns a host lookup into a result: absent is FAIL, a failed read is ERROR, unsupported is SKIP. */
final class Evidence {

	private Evidence() {
	}

	static <T> CheckResult from(Lookup<T> lookup, String expected, String absentFinding, Function<T, CheckResult> ok) {
		if (lookup instanceof Lookup.Found<T> f) {
			return ok.apply(f.value());
		}
		if (lookup instanceof Lookup.Absent<T>) {
			return CheckResult.fail(expected, absentFinding);
		}
		if (lookup instanceof Lookup.Unsupported<T> u) {
			return CheckResult.skip(expected, u.reason());
		}
		return CheckResult.error(expected, ((Lookup.Failed<T>) lookup).reason());
	}
}
