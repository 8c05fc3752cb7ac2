package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.host.XmlDoc;

/** Removes a file in the lab's work folder, or a lab-* file in the image folder that the lab may change. */
@Component
class RemoveFile implements ActionType {

	@Override
	public String key() {
		return "remove-file";
	}

	@Override
	public Text description() {
		return Text.of("Remove a file under ${workdir}, or a lab-* file under ${images} that is the lab's.",
				"删除 ${workdir} 下的文件，或 ${images} 下属于本实验的 lab-* 文件。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("path", Type.STRING, "the file", "文件路径"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path path = LabFiles.labOwned(ctx, params.string("path"));
		if (ctx.practice() && !LabFiles.inWorkdir(ctx, path)) {
			return "practice mode: " + path + " is not on the real machine";
		}
		if (!Files.exists(path)) {
			return "file " + path + ": not there";
		}
		if (!LabFiles.inWorkdir(ctx, path)) {
			String declared = params.string("path");
			ctx.requireMayModify("file", declared, null);
		}
		try {
			Files.delete(path);
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot remove " + path + ": " + e.getMessage(), e);
		}
		return "removed file " + path;
	}
}
