package dev.kvmlab.host;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code qemu-img info --output=json -U} says about an image file given by its path (a backup,
 * an overlay: files no domain or pool names). Absent when there is no such file; read on the machine
 * itself only.
 */
public record ImageFile(String path) implements Need.Reading<ImageInfo> {

	@Override
	public Lookup<ImageInfo> read(LibvirtHost host) {
		if (!host.isLocal()) {
			return Lookup.unsupported(host.isPractice() ? "practice mode: there is no image file to run qemu-img on"
					: "qemu-img can only read image files on the machine itself (URI " + host.uri() + " is remote)");
		}
		Path file = Path.of(path);
		if (!Files.exists(file)) {
			return Lookup.absent();
		}
		if (!Files.isRegularFile(file)) {
			return Lookup.failed(path + " is not a regular file");
		}
		return Lookup.found(LibvirtHost.imageInfo(path));
	}
}
