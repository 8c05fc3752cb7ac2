package dev.kvmlab.lab.actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;

/**
 * Copies a lab image into a new, standalone lab image with {@code qemu-img convert} (a cold backup:
 * the backing chain is flattened, and qemu-img refuses an image a running guest holds). An existing
 * copy is kept.
 */
@Component
class ConvertImage implements ActionType {

	@Override
	public String key() {
		return "convert-image";
	}

	@Override
	public Text description() {
		return Text.of("Copy a lab image to a standalone lab-* image under ${images} with qemu-img convert (kept if it exists).",
				"用 qemu-img convert 把实验镜像复制为 ${images} 下独立的 lab-* 镜像（已存在则保留）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("from", Type.STRING, "the image to copy (a lab file)", "要复制的镜像（实验文件）"),
				ParamSpec.required("to", Type.STRING, "the copy (lab-* under ${images})", "副本（${images} 下的 lab-* 文件）"),
				ParamSpec.optional("format", Type.STRING, "the copy's format: qcow2 (default) or raw", "副本格式：qcow2（默认）或 raw")
					.oneOf("qcow2", "raw"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path from = LabFiles.labOwned(ctx, params.string("from"));
		Path to = LabFiles.image(ctx, params.string("to"));
		if (ctx.practice()) {
			return "practice mode: " + to + " is not made on the real machine";
		}
		LabFiles.requireLocal(ctx, "image copies");
		if (Files.exists(to)) {
			ctx.requireMayModify("file", params.string("to"), null);
			return "image " + to + " already there: kept";
		}
		ctx.recordCreated("file", to.toString());
		ctx.commands().run(List.of("qemu-img", "convert", "-q", "-O", params.string("format", "qcow2"), from.toString(), to.toString()));
		return "copied " + from + " to " + to + " (qemu-img convert)";
	}
}
