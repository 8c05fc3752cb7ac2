package dev.kvmlab.grading.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;

/**
 * A static DHCP lease in a network's persistent XML: {@code <ip><dhcp><host mac=... ip=.../>}. MAC
 * addresses compare case-insensitively.
 */
@Component
class NetworkDhcpHost implements CheckType {

	@Override
	public String key() {
		return "network-dhcp-host";
	}

	@Override
	public Text description() {
		return Text.of("A network's DHCP gives a fixed address to a MAC: <dhcp><host mac='...' ip='...'/> (persistent XML).",
				"网络的 DHCP 为某个 MAC 分配固定地址：<dhcp><host mac='...' ip='...'/>（持久化 XML）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "network name", "网络名称"),
				ParamSpec.required("mac", Type.STRING, "MAC address", "MAC 地址"),
				ParamSpec.required("ip", Type.STRING, "fixed IPv4 address", "固定的 IPv4 地址"));
	}

	@Override
	public String example() {
		return "check: network-dhcp-host\nparams: {name: lab-nat, mac: \"52:54:00:4b:00:01\", ip: 10.77.31.10}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.network(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String mac = p.string("mac");
		String ip = p.string("ip");
		String expected = "network " + name + ": DHCP host " + mac + " -> " + ip;
		return Evidence.from(host.network(name), expected, "no network named " + name, n -> {
			List<String> hosts = new ArrayList<>();
			boolean ok = false;
			for (Node node : n.xml().nodes("/network/ip/dhcp/host")) {
				Element e = (Element) node;
				String m = e.getAttribute("mac");
				String a = e.getAttribute("ip");
				hosts.add((m.isEmpty() ? e.getAttribute("name") : m) + " -> " + a);
				ok |= m.equalsIgnoreCase(mac) && a.equals(ip);
			}
			return CheckResult.of(ok, expected, hosts.isEmpty() ? "network " + name + " has no DHCP host entries"
					: "network " + name + ": DHCP hosts " + String.join(", ", hosts));
		});
	}
}
