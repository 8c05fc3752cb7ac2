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

/** Creates a disk image with {@code qemu-img create} in kvmlab's image folder; an existing one is kept. */
@Component
class CreateDisk implements ActionType {

	@Override
	public String key() {
		return "create-disk";
	}

	@Override
	public Text description() {
		return Text.of("Create a disk image with qemu-img create (kept if it already exists).", "用 qemu-img create 创建磁盘镜像（已存在则保留）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("path", Type.STRING, "image path (lab-* under ${images} or ${cluster_shared})", "镜像路径（${images} 或 ${cluster_shared} 下的 lab-* 文件）"),
				ParamSpec.required("size", Type.STRING, "virtual size, e.g. 64M", "虚拟大小，例如 64M"),
				ParamSpec.optional("format", Type.STRING, "qcow2 (default) or raw", "qcow2（默认）或 raw").oneOf("qcow2", "raw"),
				ParamSpec.optional("backing", Type.STRING, "a qcow2 base image: make a qcow2 overlay on it (qemu-img create -b)",
						"qcow2 基础镜像：在其上创建 qcow2 覆盖层（qemu-img create -b）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path path = Path.of(ctx.expand(params.string("path")));
		if (ctx.practice()) {
			return "practice mode: disk " + path + " is not created on the real machine";
		}
		if (!ctx.host().isLocal()) {
			throw new HostException("REMOTE", "disk images can only be made on the machine itself");
		}
		path = LabFiles.image(ctx, params.string("path")); // lab-* under ${images} or ${cluster_shared}
		if (Files.exists(path)) {
			return "disk " + path + " already exists: kept";
		}
		try {
			Files.createDirectories(path.getParent());
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot create " + path.getParent() + ": " + e.getMessage(), e);
		}
		ctx.recordCreated("file", path.toString());
		List<String> cmd = new java.util.ArrayList<>(List.of("qemu-img", "create", "-q", "-f", params.string("format", "qcow2")));
		if (params.has("backing")) {
			cmd.addAll(List.of("-F", "qcow2", "-b", ctx.expand(params.string("backing"))));
		}
		cmd.addAll(List.of(path.toString(), params.string("size")));
		ctx.commands().run(cmd);
		return "created disk " + path;
	}
}
