package dev.kvmlab.host;

/**
 * What {@code qemu-img info --output=json -U} says about an image file: the format found in its
 * header (not the one libvirt was told), the virtual size the guest sees, the bytes it really uses,
 * and its backing file, if any.
 */
public record ImageInfo(String path, String format, long virtualSizeBytes, long actualSizeBytes, String backingFile) {
}
