package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.PoolInfo;

/** Deletes a lab-* volume of a lab pool (vol-delete); a missing one is fine. */
@Component
class DeleteVolume implements ActionType {

	@Override
	public String key() {
		return "delete-volume";
	}

	@Override
	public Text description() {
		return Text.of("Delete a lab-* volume of a lab pool (vol-delete).", "删除实验存储池中的 lab-* 卷（vol-delete）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("pool", Type.STRING, "pool name", "存储池名称"),
				ParamSpec.required("name", Type.STRING, "volume name (lab-*)", "卷名称（lab-*）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String pool = ctx.expand(params.string("pool"));
		String name = CreateVolume.labVolumeName(ctx, params);
		PoolInfo p = DefinePool.require(ctx, pool);
		if (CreateVolume.volume(p, name) == null) {
			return "volume " + pool + "/" + name + ": not there";
		}
		ctx.host().deleteVolume(pool, name);
		return "deleted volume " + pool + "/" + name;
	}
}
