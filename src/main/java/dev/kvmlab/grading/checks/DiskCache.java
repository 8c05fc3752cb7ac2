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
import dev.kvmlab.host.DirectIo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.XmlDoc;

/**
 * A domain's disk runs with the cache and AIO modes asked for, in its live XML. {@code cache='none'}
 * and {@code 'directsync'} open the image with O_DIRECT: where the image's file system refuses
 * O_DIRECT (tmpfs, some FUSE and network file systems) the criterion cannot be met, and is SKIP
 * with that reason.
 */
@Component
class DiskCache implements CheckType {

	@Override
	public String key() {
		return "disk-cache";
	}

	@Override
	public Text description() {
		return Text.of("A domain's disk (by target, else the first disk) runs with the given cache and io modes (live XML);"
				+ " SKIP where the image's file system cannot do the O_DIRECT that cache none/directsync needs.",
				"虚拟机的磁盘（按 target 指定，否则为第一块磁盘）以指定的 cache 和 io 模式运行（live XML）；"
						+ "若镜像所在文件系统不支持 cache none/directsync 所需的 O_DIRECT，则为 SKIP。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("target", Type.STRING, "the disk's target dev, e.g. sda (default: the first disk)",
						"磁盘的 target dev，例如 sda（默认：第一块磁盘）"),
				ParamSpec.required("cache", Type.STRING, "cache mode", "缓存模式")
					.oneOf("none", "writethrough", "writeback", "directsync", "unsafe"),
				ParamSpec.optional("io", Type.STRING, "AIO mode", "AIO 模式").oneOf("native", "threads", "io_uring"));
	}

	@Override
	public String example() {
		return "check: disk-cache\nparams: {name: lab-tuned, target: sda, cache: none, io: native}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), new DirectIo(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String target = p.string("target", "");
		String disk = target.isEmpty() ? "disk" : "disk " + target;
		String want = "cache='" + p.string("cache") + "'" + (p.has("io") ? " io='" + p.string("io") + "'" : "");
		String expected = "the running " + name + "'s " + disk + " with <driver " + want + "/>";
		return Evidence.from(host.domain(name), expected, "no domain named " + name, d -> {
			List<org.w3c.dom.Node> disks = d.liveXml().nodes("/domain/devices/disk[@device='disk']"
					+ (target.isEmpty() ? "" : "[target/@dev='" + target + "']"));
			if (disks.isEmpty()) {
				return CheckResult.fail(expected, name + " has no " + disk);
			}
			String file = XmlDoc.value(disks.get(0), "source/@file");
			String cache = XmlDoc.value(disks.get(0), "driver/@cache");
			String io = XmlDoc.value(disks.get(0), "driver/@io");
			boolean direct = p.string("cache").equals("none") || p.string("cache").equals("directsync");
			if (direct && host.reading(new DirectIo(name)) instanceof Lookup.Found<java.util.Map<String, Boolean>> f
					&& Boolean.FALSE.equals(f.value().get(file))) {
				return CheckResult.skip(expected, "the file system of " + file + " refuses O_DIRECT (tmpfs?), which cache='"
						+ p.string("cache") + "' needs: not possible on this host");
			}
			String found = "<driver cache='" + (cache.isEmpty() ? "(default)" : cache) + "' io='" + (io.isEmpty() ? "(default)" : io)
					+ "'/>" + (file.isEmpty() ? "" : " on " + file);
			boolean ok = cache.equals(p.string("cache")) && (!p.has("io") || io.equals(p.string("io")));
			return CheckResult.of(ok, expected, found);
		});
	}
}
