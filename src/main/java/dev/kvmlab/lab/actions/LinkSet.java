package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;

/** Sets a lab interface up or down ({@code ip link set NAME up|down}). */
@Component
class LinkSet implements ActionType {

	@Override
	public String key() {
		return "link-set";
	}

	@Override
	public Text description() {
		return Text.of("Set a lab host interface up or down (ip link set NAME up|down).", "启用或停用实验宿主机接口（ip link set NAME up|down）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "interface name", "接口名称"),
				ParamSpec.required("up", Type.BOOLEAN, "true for up, false for down", "true 为启用，false 为停用"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		HostBridge.requireLocal(ctx);
		if (HostBridge.find(ctx, name) == null) {
			throw new HostException("NO_INTERFACE", "no host interface " + name);
		}
		ctx.requireMayModify("bridge", name, null);
		boolean up = params.bool("up", true);
		HostBridge.setUp(ctx, name, up);
		return name + (up ? " up" : " down");
	}
}
