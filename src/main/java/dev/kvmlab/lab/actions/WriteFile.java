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

/** Copies a lab file (variables expanded) into the lab's work folder in kvmlab's data directory, for the learner to use. */
@Component
class WriteFile implements ActionType {

	@Override
	public String key() {
		return "write-file";
	}

	@Override
	public Text description() {
		return Text.of("Write a lab file, with variables expanded, into the lab's work folder (${workdir}).",
				"把实验文件（展开变量后）写入实验工作目录（${workdir}）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("source", Type.STRING, "file in the lab folder", "实验目录中的文件"),
				ParamSpec.required("dest", Type.STRING, "destination under ${workdir}", "${workdir} 下的目标路径"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path workdir = Path.of(ctx.vars().get("workdir"));
		Path dest = Path.of(ctx.expand(params.string("dest"))).normalize();
		if (!dest.startsWith(workdir)) {
			throw new HostException("CONTENT", "write-file writes only under ${workdir}, not " + dest);
		}
		String text = ctx.labFile(params.string("source"));
		try {
			Files.createDirectories(dest.getParent());
			Files.writeString(dest, text);
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot write " + dest + ": " + e.getMessage(), e);
		}
		return "wrote " + dest;
	}
}
