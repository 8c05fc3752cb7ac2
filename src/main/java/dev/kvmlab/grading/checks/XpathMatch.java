package dev.kvmlab.grading.checks;

import java.util.List;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.XmlDoc;

/** Shared XPath matching for the *-xpath checks. */
final class XpathMatch {

	private XpathMatch() {
	}

	static CheckResult evaluate(XmlDoc xml, Params p, String expected) {
		String xpath = p.string("xpath");
		List<String> values;
		try {
			values = xml.values(xpath);
		}
		catch (IllegalArgumentException notANodeSet) { // count(), string(), boolean(): a value, not nodes
			values = List.of();
		}
		if (!p.has("equals") && !p.has("matches")) {
			return CheckResult.of(!values.isEmpty(), expected, values.isEmpty() ? "nothing at " + xpath
					: values.stream().allMatch(String::isEmpty) ? "present (" + values.size() + (values.size() == 1 ? " node)" : " nodes)")
					: "present: " + shown(values));
		}
		if (values.isEmpty()) {
			String scalar = xml.value(xpath); // count(), string() and other non-node expressions
			values = scalar.isEmpty() ? List.of() : List.of(scalar);
		}
		if (values.isEmpty()) {
			return CheckResult.fail(expected, "nothing at " + xpath);
		}
		boolean ok = p.has("equals") ? values.contains(p.string("equals"))
				: values.stream().anyMatch(v -> v.matches(p.string("matches")));
		return CheckResult.of(ok, expected, shown(values));
	}

	private static String shown(List<String> values) {
		return values.size() == 1 ? values.get(0) : values.toString();
	}
}
