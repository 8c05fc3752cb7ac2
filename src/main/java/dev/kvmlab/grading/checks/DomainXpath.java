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
import dev.kvmlab.host.XmlDoc;

/**
 * The general domain XML check: an XPath over the persistent (or live) XML must select something,
 * or have a given value, or match a pattern. Most domain features (vCPUs, memory, disk bus, CPU
 * mode, tuning) can be graded with it.
 */
@Component
class DomainXpath implements CheckType {

	@Override
	public String key() {
		return "domain-xpath";
	}

	@Override
	public Text description() {
		return Text.of("An XPath over the domain XML selects something, equals a value, or matches a regular expression.",
				"对虚拟机 XML 的 XPath 能选中节点、等于某值或匹配正则表达式。");
	}

	@Override
	public List<ParamSpec> params() {
		return XpathMatch.params(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("config", Type.STRING, "persistent (default) or live XML", "persistent（默认）或 live XML")
					.oneOf("persistent", "live"));
	}

	@Override
	public String example() {
		return "check: domain-xpath\nparams: {name: lab-vm1, xpath: \"/domain/vcpu\", equals: \"2\"}";
	}

	@Override
	public void validate(Params p) {
		XpathMatch.validate(p);
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String expected = XpathMatch.expected(p);
		boolean live = "live".equals(p.string("config"));
		return Evidence.from(host.domain(name), expected, "no domain named " + name, d -> {
			XmlDoc xml = live ? d.liveXml() : d.configXml();
			if (xml == null) {
				return CheckResult.fail(expected, name + " has no persistent definition (transient domain)");
			}
			return XpathMatch.evaluate(xml, p, expected);
		});
	}

}
