package dev.kvmlab.grading.checks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.ImageCompare;
import dev.kvmlab.host.ImageFile;
import dev.kvmlab.host.ImageInfo;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;

/**
 * An image file given by its path, as {@code qemu-img info -U} reads it: its format, whether it stands
 * alone (no backing file: a backup that needs nothing else to restore), whether the guest sees the
 * same virtual size as in another image (the original) and the same data ({@code qemu-img compare}: a
 * copy, not an empty image of the same size). Local hosts only; elsewhere SKIP.
 */
@Component
class ImageFileCheck implements CheckType {

	@Override
	public String key() {
		return "image-file";
	}

	@Override
	public Text description() {
		return Text.of("qemu-img info of an image file by path (${images} and ${workdir} are expanded): format, standalone (no backing file), same virtual size as another image, same data (qemu-img compare) (local hosts; SKIP elsewhere).",
				"按路径对镜像文件运行 qemu-img info（展开 ${images} 与 ${workdir}）：格式、是否独立（无 backing file）、虚拟大小是否与另一镜像相同、数据是否相同（qemu-img compare）（仅本机；其他情况为 SKIP）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("path", Type.STRING, "image file", "镜像文件"),
				ParamSpec.optional("format", Type.STRING, "image format qemu-img finds (qcow2, raw, ...)", "qemu-img 识别出的格式（qcow2、raw 等）"),
				ParamSpec.optional("standalone", Type.BOOLEAN, "true: no backing file (a full copy)", "true：没有 backing file（完整副本）"),
				ParamSpec.optional("same_size_as", Type.STRING, "another image whose virtual size it must have", "虚拟大小必须与之相同的另一镜像"),
				ParamSpec.optional("same_content_as", Type.STRING, "another image whose data it must hold (qemu-img compare)",
						"必须与之数据相同的另一镜像（qemu-img compare）"));
	}

	@Override
	public String example() {
		return "check: image-file\nparams: {path: \"${images}/lab-bak-backup.qcow2\", format: qcow2, standalone: true, same_size_as: \"${images}/lab-bak.qcow2\", same_content_as: \"${images}/lab-bak.qcow2\"}";
	}

	@Override
	public Set<Need> needs(Params p) {
		Set<Need> needs = new LinkedHashSet<>();
		needs.add(new ImageFile(p.string("path")));
		if (p.has("same_size_as")) {
			needs.add(new ImageFile(p.string("same_size_as")));
		}
		if (p.has("same_content_as")) {
			needs.add(new ImageCompare(p.string("path"), p.string("same_content_as")));
		}
		return needs;
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String path = p.string("path");
		String other = p.string("same_size_as");
		String sameData = p.string("same_content_as");
		boolean standalone = p.bool("standalone", false);
		String expected = "image file " + path + (p.has("format") ? " in " + p.string("format") + " format" : "")
				+ (standalone ? ", standalone (no backing file)" : "") + (other == null ? "" : ", the virtual size of " + other)
				+ (sameData == null ? "" : ", the same data as " + sameData);
		return Evidence.from(host.reading(new ImageFile(path)), expected, "no file " + path, i -> {
			String found = describe(i);
			if (p.has("format") && !p.string("format").equals(i.format())) {
				return CheckResult.fail(expected, found);
			}
			if (standalone && i.backingFile() != null) {
				return CheckResult.fail(expected, found + ": it needs its backing file, so it is not a copy that stands alone");
			}
			if (other == null) {
				return sameData(p, host, expected, found);
			}
			Lookup<ImageInfo> original = host.reading(new ImageFile(other));
			return Evidence.from(original, expected, "no file " + other + " to compare the size with",
					o -> o.virtualSizeBytes() == i.virtualSizeBytes() ? sameData(p, host, expected, found + ", as " + other)
							: CheckResult.fail(expected, found + "; " + other + " has " + o.virtualSizeBytes() + " bytes"));
		});
	}

	/** The last condition: the same data as another image, when asked for. */
	private static CheckResult sameData(Params p, HostSnapshot host, String expected, String found) {
		if (!p.has("same_content_as")) {
			return CheckResult.pass(expected, found);
		}
		String other = p.string("same_content_as");
		return Evidence.from(host.reading(new ImageCompare(p.string("path"), other)), expected, "no file " + other + " to compare with",
				v -> CheckResult.of(v.identical(), expected, found + (v.identical() ? "; the same data as " + other
						: "; qemu-img compare with " + other + ": " + v.said())));
	}

	private static String describe(ImageInfo i) {
		return i.path() + ": " + i.format() + ", virtual size " + i.virtualSizeBytes() + " bytes"
				+ (i.backingFile() == null ? ", no backing file" : ", backing file " + i.backingFile());
	}
}
