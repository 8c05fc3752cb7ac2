package dev.kvmlab.image;

import java.util.List;
import java.util.Map;

/**
 * What {@code manifest.json} beside the cached image records: how it was made (format, recipe,
 * packages and their versions), what is in it (modules, libraries) and its files' sizes and SHA-256
 * digests, which {@code image status} and the up-to-date check verify.
 */
public record Manifest(int format, String recipe, String builtAt, double buildSeconds, String kernelVersion,
		String kernelPackage, Map<String, String> packages, List<String> modules, List<String> libraries,
		String librarySource, Map<String, FileInfo> files) {

	/** A file of the image: its size in bytes and SHA-256 (null for files that labs may change, such as the data disk template). */
	public record FileInfo(long size, String sha256) {
	}

	/** A short id of this build: the start of the initramfs digest. */
	public String imageId() {
		FileInfo initrd = files == null ? null : files.get(GuestImage.INITRD);
		return initrd == null || initrd.sha256() == null ? "unknown" : initrd.sha256().substring(0, 12);
	}
}
