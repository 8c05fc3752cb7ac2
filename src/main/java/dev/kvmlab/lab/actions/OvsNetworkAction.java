package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.Ownership;

/**
 * Where Open vSwitch is installed and running: creates the OVS bridge ({@code ovs-vsctl --may-exist
 * add-br}) and defines, starts and autostarts the network from a lab file. Elsewhere it does
 * nothing and says so (the matching criterion is SKIP there).
 */
@Component
class OvsNetworkAction implements ActionType {

	@Override
	public String key() {
		return "ovs-network";
	}

	@Override
	public Text description() {
		return Text.of("Where Open vSwitch runs: create an OVS bridge (ovs-vsctl add-br) and define, start and autostart a network on it; elsewhere do nothing.",
				"主机运行 Open vSwitch 时：创建 OVS 网桥（ovs-vsctl add-br），并在其上定义、启动网络并设为自动启动；否则不做任何事。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("bridge", Type.STRING, "OVS bridge name (lab-*)", "OVS 网桥名称（lab-*）"),
				ParamSpec.required("xml", Type.STRING, "network XML file in the lab folder", "实验目录中的网络 XML 文件"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String bridge = ctx.expand(params.string("bridge"));
		if (!Ownership.hasPrefix(bridge)) {
			throw new HostException("CONTENT", "lab bridges are named lab-*, found '" + bridge + "'");
		}
		if (ctx.practice() || !ctx.host().isLocal() || !ctx.host().local().hasOpenvswitch()) {
			return "Open vSwitch is not available here: no OVS bridge or network made (that criterion is SKIP)";
		}
		if (HostBridge.find(ctx, bridge) == null) {
			ctx.recordCreated("bridge", bridge);
			// without the kernel datapath (no openvswitch module) the bridge lives in ovs-vswitchd's userspace one
			boolean kernel = java.nio.file.Files.isDirectory(ctx.host().local().root().resolve("sys/module/openvswitch"));
			ctx.commands().run(kernel ? List.of("ovs-vsctl", "--may-exist", "add-br", bridge)
					: List.of("ovs-vsctl", "--may-exist", "add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev"));
		}
		else {
			ctx.requireMayModify("bridge", bridge, null);
		}
		Params define = new Params(java.util.Map.of("xml", params.string("xml"), "start", true, "autostart", true));
		return "OVS bridge " + bridge + "; " + new DefineNetwork().run(define, ctx);
	}
}
