package dev.kvmlab.lab.actions;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.LibvirtDaemon;

/**
 * Restarts this machine's libvirtd ({@link LibvirtDaemon}), for settings it reads only at start (a new
 * hook script). The step's own connection does not survive it, so it is the last step of its list.
 */
@Component
class RestartLibvirtd implements ActionType {

	@Override
	public String key() {
		return "restart-libvirtd";
	}

	@Override
	public Text description() {
		return Text.of("Restart this machine's libvirtd (systemctl restart libvirtd, or the pid file's daemon without systemd); running domains keep running. Last step of a list.",
				"重启本机的 libvirtd（systemctl restart libvirtd；没有 systemd 时按 pid 文件重启守护进程）；运行中的虚拟机不受影响。须为步骤列表的最后一步。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of();
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		if (ctx.practice()) {
			return "practice mode: the real libvirtd is not restarted";
		}
		LabFiles.requireLocal(ctx, "a libvirtd restart");
		return LibvirtDaemon.restart(ctx.host().uri(), ctx.commands());
	}
}
