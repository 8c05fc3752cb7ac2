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
 * The general network XML check, like domain-xpath: an XPath over the persistent network XML selects
 * something, equals a value or matches a pattern; optionally the network must also be active.
 */
@Component
class NetworkXpath implements CheckType {

	@Override
	public String key() {
		return "network-xpath";
	}

	@Override
	public Text description() {
		return Text.of("An XPath over the network's persistent XML selects something, equals a value, or matches a regular expression; optionally the network is active too.",
				"对网络持久化 XML 的 XPath 能选中节点、等于某值或匹配正则表达式；可选要求网络同时处于活动状态。");
	}

	@Override
	public List<ParamSpec> params() {
		return XpathMatch.params(ParamSpec.required("name", Type.STRING, "network name", "网络名称"),
				ParamSpec.optional("active", Type.BOOLEAN, "the network must also be active", "网络还必须处于活动状态"));
	}

	@Override
	public String example() {
		return "check: network-xpath\nparams: {name: lab-macvtap, xpath: \"/network/forward[@mode='bridge']/interface[@dev='lab-veth0']\", active: true}";
	}

	@Override
	public void validate(Params p) {
		XpathMatch.validate(p);
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.network(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		boolean active = p.bool("active", false);
		String expected = "network " + name + ": " + XpathMatch.expected(p) + (active ? ", active" : "");
		return Evidence.from(host.network(name), expected, "no network named " + name, n -> {
			CheckResult xml = XpathMatch.evaluate(n.xml(), p, expected);
			if (active && !n.active()) {
				return CheckResult.fail(expected, "network " + name + " is not active; XML: " + xml.found());
			}
			return xml;
		});
	}
}
