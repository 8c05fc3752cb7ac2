package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.HostInterface;
import dev.kvmlab.host.Ownership;

/** Creates a Linux bridge named lab-* (like {@code ip link add lab-br0 type bridge}) and brings it up. */
@Component
class CreateBridge implements ActionType {

	@Override
	public String key() {
		return "create-bridge";
	}

	@Override
	public Text description() {
		return Text.of("Create a Linux bridge on the host (ip link add NAME type bridge) and set it up.",
				"在宿主机上创建 Linux 网桥（ip link add NAME type bridge）并启用。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "bridge name (lab-*)", "网桥名称（lab-*）"),
				ParamSpec.optional("up", Type.BOOLEAN, "bring it up (default true)", "是否启用（默认 true）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		if (!Ownership.hasPrefix(name)) {
			throw new HostException("CONTENT", "lab bridges are named lab-*, found '" + name + "'");
		}
		HostBridge.requireLocal(ctx);
		HostInterface existing = HostBridge.find(ctx, name);
		String done;
		if (existing == null) {
			ctx.recordCreated("bridge", name);
			HostBridge.create(ctx, name);
			done = "created bridge " + name;
		}
		else {
			if (!existing.isBridge()) {
				throw new HostException("NOT_A_BRIDGE", name + " exists but is a " + existing.kind() + ", not a bridge");
			}
			if (!ctx.mayModify("bridge", name, null)) {
				// someone else's bridge (there before `lab start`): the lab may use it as it is, never change it
				boolean wantUp = params.bool("up", true);
				if (wantUp && !existing.up()) {
					ctx.requireMayModify("bridge", name, null); // explains why kvmlab will not bring it up
				}
				return "bridge " + name + " was already here (not this lab's): used as it is" + (wantUp ? ", up" : "");
			}
			done = "bridge " + name + " already exists";
		}
		if (params.bool("up", true)) {
			HostBridge.setUp(ctx, name, true);
			done += ", up";
		}
		return done;
	}
}
