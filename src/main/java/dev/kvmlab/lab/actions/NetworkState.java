package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.NetworkInfo;

/** Starts/stops a lab network and turns its autostart on or off. */
@Component
class NetworkState implements ActionType {

	@Override
	public String key() {
		return "network-state";
	}

	@Override
	public Text description() {
		return Text.of("Set a lab network active or inactive, and its autostart flag.", "设置实验网络的启动状态和自动启动标志。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "network name", "网络名称"),
				ParamSpec.optional("active", Type.BOOLEAN, "start (true) or stop (false) it", "启动 (true) 或停止 (false)"),
				ParamSpec.optional("autostart", Type.BOOLEAN, "autostart on or off", "自动启动开或关"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		NetworkInfo n = ctx.host().findNetwork(name);
		if (n == null) {
			throw new HostException("VIR_ERR_NO_NETWORK", "no network " + name);
		}
		ctx.requireMayModify("network", name, n.xml());
		StringBuilder done = new StringBuilder("network " + name + ":");
		if (params.has("active")) {
			boolean active = params.bool("active", true);
			if (active) {
				ctx.host().startNetwork(name);
			}
			else {
				ctx.host().destroyNetwork(name);
			}
			done.append(active ? " active" : " inactive");
		}
		if (params.has("autostart")) {
			boolean on = params.bool("autostart", true);
			ctx.host().setNetworkAutostart(name, on);
			done.append(on ? " autostart on" : " autostart off");
		}
		return done.toString();
	}
}
