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

/**
 * Creates a veth pair (like {@code ip link add lab-veth0 type veth peer name lab-veth1}) and brings
 * both ends up: a stand-in NIC for macvtap networks that never touches the host's real NICs.
 * Removing one end removes the pair.
 */
@Component
class CreateVeth implements ActionType {

	@Override
	public String key() {
		return "create-veth";
	}

	@Override
	public Text description() {
		return Text.of("Create a veth pair on the host (ip link add NAME type veth peer name PEER) and set both ends up.",
				"在宿主机上创建 veth 对（ip link add NAME type veth peer name PEER）并启用两端。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "first end (lab-*)", "第一端（lab-*）"),
				ParamSpec.required("peer", Type.STRING, "second end (lab-*)", "第二端（lab-*）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		String peer = ctx.expand(params.string("peer"));
		if (!Ownership.hasPrefix(name) || !Ownership.hasPrefix(peer)) {
			throw new HostException("CONTENT", "lab veth ends are named lab-*, found '" + name + "', '" + peer + "'");
		}
		if (ctx.practice()) {
			return "practice mode: veth pair " + name + "/" + peer + " is not created on the real machine";
		}
		HostBridge.requireLocal(ctx);
		HostInterface existing = HostBridge.find(ctx, name);
		if (existing != null) {
			if (!ctx.mayModify("veth", name, null)) {
				return "link " + name + " was already here (not this lab's): used as it is";
			}
			up(ctx, name, peer);
			return "veth pair " + name + "/" + peer + " already exists, up";
		}
		if (HostBridge.find(ctx, peer) != null) {
			throw new HostException("NOT_OURS", "link '" + peer + "' exists and is not this lab's; kvmlab leaves it alone:"
					+ " rename or remove it yourself");
		}
		ctx.recordCreated("veth", name);
		ctx.commands().run(List.of("ip", "link", "add", "name", name, "type", "veth", "peer", "name", peer));
		up(ctx, name, peer);
		return "created veth pair " + name + "/" + peer + ", up";
	}

	private static void up(ActionContext ctx, String name, String peer) {
		ctx.commands().run(List.of("ip", "link", "set", "dev", name, "up"));
		ctx.commands().run(List.of("ip", "link", "set", "dev", peer, "up"));
	}
}
