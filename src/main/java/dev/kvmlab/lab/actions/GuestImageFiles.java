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

import dev.kvmlab.image.GuestImage;
import dev.kvmlab.image.GuestImageService;

/**
 * Builds the offline guest image when it is not cached (`image build`), and copies its kernel and
 * initramfs into kvmlab's image folder, where the libvirt-qemu user can read them (the cache in the
 * data folder, often under /root, it cannot).
 */
@Component
class GuestImageFiles implements ActionType {

	private final GuestImageService images;

	GuestImageFiles(GuestImageService images) {
		this.images = images;
	}

	@Override
	public String key() {
		return "guest-image";
	}

	@Override
	public Text description() {
		return Text.of("Build the offline guest image if needed and copy its kernel and initramfs to lab-* files under ${images} (for direct kernel boot).",
				"必要时构建离线客户机镜像，并把其内核和 initramfs 复制为 ${images} 下的 lab-* 文件（用于直接内核引导）。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("kernel", Type.STRING, "where the kernel goes (lab-* under ${images})", "内核的目标路径（${images} 下的 lab-* 文件）"),
				ParamSpec.required("initrd", Type.STRING, "where the initramfs goes (lab-* under ${images})", "initramfs 的目标路径（${images} 下的 lab-* 文件）"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path kernel = LabFiles.image(ctx, params.string("kernel"));
		Path initrd = LabFiles.image(ctx, params.string("initrd"));
		if (ctx.practice()) {
			return "practice mode: the guest kernel is not copied to the real machine";
		}
		LabFiles.requireLocal(ctx, "guest image files");
		if (Files.exists(kernel) && Files.exists(initrd)) {
			return "guest kernel and initramfs already in " + kernel.getParent() + ": kept";
		}
		GuestImage image = images.image().orElseGet(() -> images.build(false, (key, args) -> { }).image());
		try {
			Files.createDirectories(kernel.getParent());
			for (Path[] copy : new Path[][] { { image.kernel(), kernel }, { image.initrd(), initrd } }) {
				if (!Files.exists(copy[1])) {
					ctx.recordCreated("file", copy[1].toString());
					Files.copy(copy[0], copy[1], StandardCopyOption.REPLACE_EXISTING);
					copy[1].toFile().setReadable(true, false);
				}
			}
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot copy the guest image into " + kernel.getParent() + ": " + e.getMessage(), e);
		}
		return "copied the guest kernel " + image.kernelVersion() + " to " + kernel + " and its initramfs to " + initrd;
	}
}
