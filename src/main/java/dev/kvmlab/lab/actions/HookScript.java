package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;

/**
 * Writes a libvirt hook script from a lab file (which must carry the lab's marker line), with a mode.
 * A hook that is there and is not the lab's is refused, never overwritten.
 */
@Component
class HookScript implements ActionType {

	@Override
	public String key() {
		return "hook-script";
	}

	@Override
	public Text description() {
		return Text.of("Write a libvirt hook script (a lab file with the line `# kvmlab-lab: <lab>`) with a mode; a hook that is not the lab's is refused.",
				"写入 libvirt 钩子脚本（含 `# kvmlab-lab: <实验>` 行的实验文件）并设置权限；不属于本实验的钩子会被拒绝覆盖。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("source", Type.STRING, "file in the lab folder", "实验目录中的文件"),
				ParamSpec.required("path", Type.STRING, "the hook, e.g. /etc/libvirt/hooks/qemu", "钩子脚本，如 /etc/libvirt/hooks/qemu"),
				ParamSpec.optional("mode", Type.STRING, "octal file mode (default 0755)", "八进制文件权限（默认 0755）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path hook = HookScripts.hookPath(ctx.expand(params.string("path")));
		String mode = params.string("mode", "0755");
		HookScripts.permissions(mode);
		String text = ctx.labFile(params.string("source"));
		if (!HookScripts.isMarkerIn(text, ctx.labId())) {
			throw new HostException("CONTENT", "hook script " + params.string("source") + " lacks the line `# "
					+ HookScripts.marker(ctx.labId()) + "`");
		}
		if (ctx.practice()) {
			return "practice mode: " + hook + " on the real machine is not touched";
		}
		LabFiles.requireLocal(ctx, "a hook script");
		if (Files.exists(hook, LinkOption.NOFOLLOW_LINKS) && !HookScripts.isLabs(hook, ctx.labId())) {
			throw new HostException("NOT_OURS", "hook " + hook + " exists and is not this lab's (no `# "
					+ HookScripts.marker(ctx.labId()) + "` line); kvmlab leaves it alone: `lab start` moves such a hook aside");
		}
		try {
			HookScripts.write(hook, text, mode);
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot write " + hook + ": " + e.getMessage(), e);
		}
		return "wrote hook " + hook + " (mode " + mode + ")";
	}
}
