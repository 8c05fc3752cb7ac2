package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;

/** Starts or stops a lab storage pool and sets its autostart flag (pool-start / pool-destroy / pool-autostart). */
@Component
class PoolState implements ActionType {

	@Override
	public String key() {
		return "pool-state";
	}

	@Override
	public Text description() {
		return Text.of("Set a lab storage pool active or inactive, and its autostart flag.", "设置实验存储池的启动状态和自动启动标志。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "pool name", "存储池名称"),
				ParamSpec.optional("active", Type.BOOLEAN, "start (true) or stop (false) it", "启动 (true) 或停止 (false)"),
				ParamSpec.optional("autostart", Type.BOOLEAN, "autostart on or off", "自动启动开或关"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		DefinePool.require(ctx, name);
		StringBuilder done = new StringBuilder("pool " + name + ":");
		if (params.has("active")) {
			boolean active = params.bool("active", true);
			if (active) {
				ctx.host().startPool(name);
			}
			else {
				ctx.host().destroyPool(name);
			}
			done.append(active ? " active" : " inactive");
		}
		if (params.has("autostart")) {
			boolean on = params.bool("autostart", true);
			ctx.host().setPoolAutostart(name, on);
			done.append(on ? " autostart on" : " autostart off");
		}
		return done.toString();
	}
}
