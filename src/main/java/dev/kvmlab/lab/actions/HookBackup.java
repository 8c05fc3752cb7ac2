package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.Settings;
import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.i18n.Messages;

/**
 * {@code lab start}: a hook script that is already there and is not the lab's is moved aside (never
 * overwritten), and the learner is told where; {@code lab finish} puts it back ({@link HookScripts}).
 */
@Component
class HookBackup implements ActionType {

	private final Settings settings;

	private final Messages messages;

	HookBackup(Settings settings, Messages messages) {
		this.settings = settings;
		this.messages = messages;
	}

	@Override
	public String key() {
		return "hook-backup";
	}

	@Override
	public Text description() {
		return Text.of("Move a libvirt hook script that is not the lab's aside (<hook>.kvmlab-backup-<time>); lab finish puts it back.",
				"把不属于本实验的 libvirt 钩子脚本移到一旁（<钩子>.kvmlab-backup-<时间>）；lab finish 会把它放回原处。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("path", Type.STRING, "the hook, e.g. /etc/libvirt/hooks/qemu", "钩子脚本，如 /etc/libvirt/hooks/qemu"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path hook = HookScripts.hookPath(ctx.expand(params.string("path")));
		if (ctx.practice()) {
			return "practice mode: " + hook + " on the real machine is not touched";
		}
		LabFiles.requireLocal(ctx, "a hook script");
		String recorded = ctx.vars().get(HookScripts.BACKUP_VAR);
		if (recorded != null && Files.exists(Path.of(recorded))) {
			return messages.get(settings.lang(), "hook.backup.kept", recorded, hook);
		}
		try {
			Path backup = HookScripts.backUp(hook, ctx.labId(), LocalDateTime.now());
			if (backup == null) {
				return "hook " + hook + ": nothing to move aside";
			}
			ctx.remember(HookScripts.BACKUP_VAR, backup.toString());
			return messages.get(settings.lang(), "hook.backup.moved", hook, backup, ctx.labId());
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot move " + hook + " aside: " + e.getMessage(), e);
		}
	}
}
