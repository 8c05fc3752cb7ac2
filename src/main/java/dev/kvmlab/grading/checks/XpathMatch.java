package dev.kvmlab.grading.checks;

import java.util.List;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.XmlDoc;

/** Shared XPath matching for the *-xpath checks. */
final class XpathMatch {

	private XpathMatch() {
	}

	/**
	 * The parameters of an *-xpath check: the object's name, then xpath, equals and matches, then the
	 * check's own, then describe.
	 */
	static List<dev.kvmlab.grading.ParamSpec> params(dev.kvmlab.grading.ParamSpec name,
			dev.kvmlab.grading.ParamSpec... own) {
		List<dev.kvmlab.grading.ParamSpec> out = new java.util.ArrayList<>();
		out.add(name);
		out.add(dev.kvmlab.grading.ParamSpec.required("xpath", dev.kvmlab.grading.ParamSpec.Type.XPATH,
				"XPath 1.0 expression", "XPath 1.0 表达式"));
		out.add(dev.kvmlab.grading.ParamSpec.optional("equals", dev.kvmlab.grading.ParamSpec.Type.STRING,
				"expected string value", "期望的字符串值"));
		out.add(dev.kvmlab.grading.ParamSpec.optional("matches", dev.kvmlab.grading.ParamSpec.Type.STRING,
				"regular expression the value must match", "值必须匹配的正则表达式"));
		out.addAll(List.of(own));
		out.add(dev.kvmlab.grading.ParamSpec.optional("describe", dev.kvmlab.grading.ParamSpec.Type.STRING,
				"what is expected, in words, for the report", "报告中对期望值的文字说明"));
		return List.copyOf(out);
	}

	/** Load-time check: the XPath compiles and the pattern is a regular expression. */
	static void validate(Params p) {
		XmlDoc.compile(p.string("xpath"));
		if (p.has("matches")) {
			java.util.regex.Pattern.compile(p.string("matches"));
		}
	}

	/** What the report says is expected: the author's words, or the XPath and its condition. */
	static String expected(Params p) {
		return p.string("describe", p.string("xpath") + (p.has("equals") ? " = " + p.string("equals")
				: p.has("matches") ? " ~ /" + p.string("matches") + "/" : " present"));
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
