package dev.kvmlab.lab.actions;

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
 * Gives a lab disk data of its own: a byte pattern written at its start with {@code qemu-io}, so that
 * a copy of it can be told from an empty image of the same size ({@code qemu-img compare}). A disk
 * that already holds the pattern is left as it is (a running guest may hold it).
 */
@Component
class WritePattern implements ActionType {

	@Override
	public String key() {
		return "write-pattern";
	}

	@Override
	public Text description() {
		return Text.of("Write a byte pattern at the start of a lab qcow2 disk with qemu-io (kept when it is already there).",
				"用 qemu-io 在实验 qcow2 磁盘开头写入字节模式（已存在则保留）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("path", Type.STRING, "the disk (lab-* under ${images})", "磁盘（${images} 下的 lab-* 文件）"),
				ParamSpec.optional("pattern", Type.STRING, "the byte, 0x00 to 0xff (default 0x4b)", "字节值，0x00 到 0xff（默认 0x4b）"),
				ParamSpec.optional("length", Type.STRING, "how much, e.g. 1M (default)", "长度，例如 1M（默认）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path disk = LabFiles.image(ctx, params.string("path"));
		String pattern = params.string("pattern", "0x4b");
		String length = params.string("length", "1M");
		if (!pattern.matches("0x[0-9a-fA-F]{1,2}") || !length.matches("[0-9]+[KMG]?")) {
			throw new HostException("CONTENT", "write-pattern wants pattern 0x00..0xff and a length like 1M, found " + pattern + ", " + length);
		}
		if (ctx.practice()) {
			return "practice mode: " + disk + " is not on the real machine";
		}
		LabFiles.requireLocal(ctx, "disk data");
		if (!Files.isRegularFile(disk)) {
			throw new HostException("IO", "no disk " + disk + " to write to");
		}
		String read = ctx.commands().output(List.of("qemu-io", "-r", "-U", "-f", "qcow2", "-c", "read -P " + pattern + " 0 " + length,
				disk.toString()));
		if (read.startsWith("read ")) {
			return disk + " already holds its data (" + length + " of " + pattern + "): kept";
		}
		ctx.requireMayModify("file", params.string("path"), null);
		ctx.commands().run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P " + pattern + " 0 " + length, disk.toString()));
		return "wrote " + length + " of " + pattern + " at the start of " + disk;
	}
}
