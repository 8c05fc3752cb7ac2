package dev.kvmlab.grading.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.w3c.dom.Node;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.FileInfo;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.Need;
import dev.kvmlab.host.XmlDoc;

/**
 * A domain's disk (persistent config) is an image of a given format whose backing file is a given
 * base image, as {@code qemu-img info} reads the file: the overlay a learner makes with
 * {@code qemu-img create -b} or {@code virt-install --disk backing_store=}.
 */
@Component
class DiskImage implements CheckType {

	@Override
	public String key() {
		return "disk-image";
	}

	@Override
	public Text description() {
		return Text.of("A domain's disk (by target, default the first device='disk') is a file of the given format whose backing file is the given base image (qemu-img info).",
				"虚拟机的磁盘（按 target 指定，默认第一块 device='disk'）是指定格式的文件，其后端文件（backing file）为指定的基础镜像（依据 qemu-img info）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("name", Type.STRING, "domain name", "虚拟机名称"),
				ParamSpec.optional("target", Type.STRING, "target dev, e.g. vda (default: first disk)", "目标设备，例如 vda（默认第一块磁盘）"),
				ParamSpec.optional("format", Type.STRING, "image format, e.g. qcow2", "镜像格式，例如 qcow2"),
				ParamSpec.optional("backing", Type.STRING, "path of the backing (base) image", "后端（基础）镜像路径"));
	}

	@Override
	public String example() {
		return "check: disk-image\nparams: {name: lab-vm1, format: qcow2, backing: /var/lib/libvirt/images/kvmlab/lab-base.qcow2}";
	}

	@Override
	public Set<Need> needs(Params p) {
		return Set.of(Need.domain(p.string("name")), Need.domainFiles(p.string("name")));
	}

	@Override
	public CheckResult evaluate(Params p, HostSnapshot host) {
		String name = p.string("name");
		String target = p.string("target");
		String format = p.string("format");
		String backing = p.string("backing");
		String expected = "persistent config of " + name + ": disk " + (target == null ? "" : target + " ") + "file"
				+ (format == null ? "" : " in " + format + " format") + (backing == null ? "" : " backed by " + backing);
		return Evidence.from(host.domain(name), expected, "no domain named " + name, d -> {
			XmlDoc xml = d.definition();
			String xpath = target == null ? "/domain/devices/disk[@device='disk']"
					: "/domain/devices/disk[target/@dev='" + target.replace("'", "") + "']";
			List<Node> disks = xml.nodes(xpath);
			if (disks.isEmpty()) {
				return CheckResult.fail(expected, name + " has no " + (target == null ? "disk" : "disk " + target));
			}
			String path = XmlDoc.value(disks.get(0), "source/@file");
			if (path.isEmpty()) {
				return CheckResult.fail(expected, "the disk is not a file (type " + XmlDoc.value(disks.get(0), "@type") + ")");
			}
			Lookup<FileInfo> file = host.file(path);
			return Evidence.from(file, expected, "no file " + path, f -> {
				if (!f.exists()) {
					return CheckResult.fail(expected, "disk file " + path + " does not exist");
				}
				String found = path + ": " + f.imageFormat() + (f.backingFile() == null ? ", no backing file" : ", backing file " + f.backingFile());
				boolean ok = (format == null || format.equals(f.imageFormat()))
						&& (backing == null || samePath(backing, f.backingFile()));
				return CheckResult.of(ok, expected, found);
			});
		});
	}

	static boolean samePath(String a, String b) {
		if (a == null || b == null) {
			return false;
		}
		return java.nio.file.Path.of(a).normalize().equals(java.nio.file.Path.of(b).normalize());
	}
}
