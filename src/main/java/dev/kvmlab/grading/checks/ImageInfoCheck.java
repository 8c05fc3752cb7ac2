package dev.kvmlab.grading.checks;

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
import dev.kvmlab.host.Need;

/**
 * What the image file of a pool's volume really is, from {@code qemu-img info --output=json -U}
 * (not what libvirt was told): its format and virtual size. Local hosts only; elsewhere SKIP.
 */
@Component
class ImageInfoCheck implements CheckType {

	@Override
	public String key() {
		return "image-info";
	}

	@Override
	public Text description() {
		return Text.of("qemu-img info of a pool volume's image file: format and virtual size in MiB (local hosts; SKIP elsewhere).",
				"对存储池卷的镜像文件运行 qemu-img info：检查格式和以 MiB 计的虚拟大小（仅本机；其他情况为 SKIP）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("pool", Type.STRING, "pool name", "存储池名称"),
				ParamSpec.required("volume", Type.STRING, "volume name", "卷名称"),
				ParamSpec.optional("format", Type.STRING, "image format qemu-img finds (qcow2, raw, ...)", "qemu-img 识别出的格式（qcow2、raw 等）"),
				ParamSpec.optional("virtual_size_mib", Type.NUMBER, "virtual size in MiB", "虚拟大小（MiB）"));
	}

	@Override
	public String example() {
		return "check: image-info\nparams: {pool: lab-dir, volume: lab-vol1-clone.qcow2, format: qcow2, virtual_size_mib: 128}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.image(p.string("pool"), p.string("volume")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String pool = p.string("pool");
		String volume = p.string("volume");
		String expected = "qemu-img info " + pool + "/" + volume + ":" + (p.has("format") ? " format " + p.string("format") : "")
				+ (p.has("virtual_size_mib") ? " virtual size " + p.number("virtual_size_mib", 0) + " MiB" : " readable");
		return Evidence.from(host.image(pool, volume), expected, "no volume " + volume + " in pool " + pool + " (or the pool is not active)", i -> {
			boolean ok = (!p.has("format") || p.string("format").equals(i.format()))
					&& (!p.has("virtual_size_mib") || i.virtualSizeBytes() == p.number("virtual_size_mib", 0) * 1024 * 1024);
			return CheckResult.of(ok, expected, i.path() + ": format " + i.format() + ", virtual size "
					+ (i.virtualSizeBytes() / (1024 * 1024)) + " MiB (" + i.virtualSizeBytes() + " bytes), on disk "
					+ i.actualSizeBytes() + " bytes" + (i.backingFile() == null ? "" : ", backing file " + i.backingFile()));
		});
	}
}
