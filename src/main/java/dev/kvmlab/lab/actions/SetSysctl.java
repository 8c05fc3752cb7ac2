package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;

/**
 * Sets a kernel parameter of this machine (like {@code sysctl -w}) that a lab needs, remembering the
 * value it had in the lab's session so that {@code lab finish} puts it back (resource kind
 * {@code sysctl}). Run again, it keeps the first remembered value.
 */
@Component
public class SetSysctl implements ActionType {

	@Override
	public String key() {
		return "sysctl";
	}

	@Override
	public Text description() {
		return Text.of("Set a kernel parameter of this machine (sysctl -w); lab finish restores the value it had before.",
				"设置本机的内核参数（sysctl -w）；lab finish 会恢复其原来的值。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "parameter, e.g. vm.unprivileged_userfaultfd", "参数名，例如 vm.unprivileged_userfaultfd"),
				ParamSpec.required("value", Type.STRING, "the value", "取值"));
	}

	/** The session variable that keeps a parameter's value from before the lab. */
	public static String rememberedAs(String name) {
		return "sysctl_before_" + name.replaceAll("[^a-z0-9]", "_");
	}

	/** The file of a parameter under /proc/sys of this machine. */
	static Path file(ActionContext ctx, String name) {
		if (!name.matches("[a-z0-9_]+(\\.[a-z0-9_]+)+")) {
			throw new HostException("CONTENT", "not a kernel parameter name: " + name);
		}
		return ctx.host().local().root().resolve("proc/sys").resolve(name.replace('.', '/'));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		String name = ctx.expand(params.string("name"));
		String value = ctx.expand(params.string("value"));
		if (ctx.practice()) {
			return "practice mode: " + name + " is not changed on the real machine";
		}
		LabFiles.requireLocal(ctx, "kernel parameter " + name);
		Path file = file(ctx, name);
		try {
			String before = Files.readString(file).strip();
			if (before.equals(value)) {
				return name + " is already " + value;
			}
			if (!ctx.vars().containsKey(rememberedAs(name))) {
				ctx.remember(rememberedAs(name), before);
			}
			ctx.recordCreated("sysctl", name);
			Files.writeString(file, value);
			return "set " + name + " = " + value + " (was " + before + "; lab finish puts it back)";
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot set " + name + ": " + e.getMessage(), e);
		}
	}

	/** Puts a parameter back to the value remembered when the lab set it. */
	public static String restore(ActionContext ctx, String name) throws IOException {
		String before = ctx.vars().get(rememberedAs(name));
		if (before == null || ctx.practice()) {
			return "kernel parameter " + name + ": not changed by this lab";
		}
		Files.writeString(file(ctx, name), before);
		return "restored " + name + " = " + before;
	}
}
