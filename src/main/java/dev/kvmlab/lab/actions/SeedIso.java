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

import dev.kvmlab.host.HostCommands;

/**
 * Makes a cloud-init NoCloud seed ISO (volume id cidata) from a user-data and a meta-data file, with
 * cloud-localds, genisoimage or xorriso, whichever is there.
 */
@Component
class SeedIso implements ActionType {

	@Override
	public String key() {
		return "seed-iso";
	}

	@Override
	public Text description() {
		return Text.of("Make a cloud-init NoCloud seed ISO (volume id cidata) from user-data and meta-data files (cloud-localds, genisoimage or xorriso).",
				"用 user-data 和 meta-data 文件制作 cloud-init NoCloud 种子 ISO（卷标 cidata；使用 cloud-localds、genisoimage 或 xorriso）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("dest", Type.STRING, "the ISO (lab-* under ${images})", "ISO 路径（${images} 下的 lab-* 文件）"),
				ParamSpec.required("user_data", Type.STRING, "user-data file", "user-data 文件"),
				ParamSpec.required("meta_data", Type.STRING, "meta-data file", "meta-data 文件"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path dest = LabFiles.image(ctx, params.string("dest"));
		if (ctx.practice()) {
			return "practice mode: the seed ISO " + dest + " is not made on the real machine";
		}
		LabFiles.requireLocal(ctx, "seed images");
		if (Files.exists(dest)) {
			return "seed " + dest + " already exists: kept";
		}
		Path userData = Path.of(ctx.expand(params.string("user_data")));
		Path metaData = Path.of(ctx.expand(params.string("meta_data")));
		HostCommands commands = ctx.commands();
		Path tmp = null;
		try {
			Files.createDirectories(dest.getParent());
			// genisoimage and xorriso name the files in the ISO after the files: give them the names cloud-init wants
			tmp = Files.createTempDirectory("kvmlab-seed");
			Files.copy(userData, tmp.resolve("user-data"));
			Files.copy(metaData, tmp.resolve("meta-data"));
			List<String> cmd;
			if (commands.available("cloud-localds")) {
				cmd = List.of("cloud-localds", dest.toString(), tmp.resolve("user-data").toString(), tmp.resolve("meta-data").toString());
			}
			else if (commands.available("genisoimage")) {
				cmd = List.of("genisoimage", "-quiet", "-output", dest.toString(), "-volid", "cidata", "-joliet", "-rock",
						tmp.resolve("user-data").toString(), tmp.resolve("meta-data").toString());
			}
			else if (commands.available("xorriso")) {
				cmd = List.of("xorriso", "-as", "mkisofs", "-quiet", "-output", dest.toString(), "-volid", "cidata", "-joliet",
						"-rock", tmp.resolve("user-data").toString(), tmp.resolve("meta-data").toString());
			}
			else {
				throw new HostException("COMMAND_MISSING", "no cloud-localds, genisoimage or xorriso to make a seed ISO:"
						+ " apt-get install genisoimage (or cloud-image-utils)");
			}
			ctx.recordCreated("file", dest.toString());
			commands.run(cmd);
			dest.toFile().setReadable(true, false);
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot make " + dest + ": " + e.getMessage(), e);
		}
		finally {
			if (tmp != null) {
				for (String f : List.of("user-data", "meta-data")) {
					tmp.resolve(f).toFile().delete();
				}
				tmp.toFile().delete();
			}
		}
		return "made the cloud-init seed " + dest + " (volume id cidata)";
	}
}
