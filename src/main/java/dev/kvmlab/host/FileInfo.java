package dev.kvmlab.host;

/**
 * One file on the machine itself, as grading reads it: whether it exists, its size, its text (for
 * small files asked for by path, such as an exported domain XML), what {@code qemu-img info} says
 * of it (for a domain's disks) and the volume id of an ISO 9660 image (a cloud-init seed is labelled
 * {@code cidata}).
 *
 * @param text the content when it was asked for and is small (at most {@link #MAX_TEXT} bytes), else null
 * @param imageFormat qemu-img's format (qcow2, raw, iso is raw), or null when not read
 * @param backingFile the full backing file name qemu-img reports, or null when there is none
 * @param isoVolumeId the ISO 9660 volume id, or null when the file is not an ISO 9660 image
 */
public record FileInfo(String path, boolean exists, long size, String text, String imageFormat, String backingFile,
		String isoVolumeId) {

	/** Larger files are not read as text. */
	public static final int MAX_TEXT = 1 << 20;

	public static FileInfo missing(String path) {
		return new FileInfo(path, false, 0, null, null, null, null);
	}
}
