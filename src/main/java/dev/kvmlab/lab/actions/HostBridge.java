package dev.kvmlab.lab.actions;

import java.util.List;

import dev.kvmlab.host.HostException;
import dev.kvmlab.host.HostInterface;

/**
 * Linux bridges on the host: iproute2 on a local host, libvirt's interface driver in practice mode
 * (the test driver keeps its own pretend interfaces, so the real machine is never touched).
 */
final class HostBridge {

	private HostBridge() {
	}

	static HostInterface find(ActionContext ctx, String name) {
		List<HostInterface> all = ctx.practice() ? ctx.host().libvirtInterfaces() : ctx.host().local().interfaces();
		return all.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
	}

	static void requireLocal(ActionContext ctx) {
		if (!ctx.practice() && !ctx.host().isLocal()) {
			throw new HostException("REMOTE", "host interfaces can only be changed on the machine itself; "
					+ ctx.host().uri() + " is remote: do this step there");
		}
	}

	static void create(ActionContext ctx, String name) {
		if (ctx.practice()) {
			ctx.host().defineInterface("<interface type='bridge' name='" + name + "'><start mode='none'/>"
					+ "<bridge stp='off' delay='0'/></interface>", false);
		}
		else {
			ctx.commands().run(List.of("ip", "link", "add", "name", name, "type", "bridge"));
		}
	}

	static void setUp(ActionContext ctx, String name, boolean up) {
		if (ctx.practice()) {
			ctx.host().setInterfaceUp(name, up);
		}
		else {
			ctx.commands().run(List.of("ip", "link", "set", "dev", name, up ? "up" : "down"));
		}
	}

	static void delete(ActionContext ctx, String name) {
		if (ctx.practice()) {
			ctx.host().undefineInterface(name);
		}
		else {
			ctx.commands().run(List.of("ip", "link", "delete", "dev", name));
		}
	}
}
