package dev.kvmlab.image;

import java.nio.file.Path;

/**
 * The cached offline guest: a Debian cloud kernel, an initramfs with busybox, the virtio modules and
 * qemu-ga, and an empty qcow2 data disk, in {@code <data>/images/kvmlab-guest/}. Labs boot it by direct
 * kernel boot: {@link #osXml(GuestCmdline)} is the domain's {@code <os>} element.
 */
public record GuestImage(Path dir, Manifest manifest) {

	public static final String DIR = "kvmlab-guest";

	public static final String KERNEL = "vmlinuz";

	public static final String INITRD = "initrd.img";

	public static final String DATA_DISK = "data.qcow2";

	public static final String MANIFEST = "manifest.json";

	public Path kernel() {
		return dir.resolve(KERNEL);
	}

	public Path initrd() {
		return dir.resolve(INITRD);
	}

	/** An empty 64 MiB qcow2 disk: copy it for each domain that needs a data disk. */
	public Path dataDisk() {
		return dir.resolve(DATA_DISK);
	}

	public String kernelVersion() {
		return manifest.kernelVersion();
	}

	/**
	 * The domain XML {@code <os>} element booting this image's kernel and initramfs with that command
	 * line. Give the domain {@code <features><acpi/></features>} too: without ACPI the guest cannot
	 * power off (it halts) and has no power button for {@code virsh shutdown --mode acpi}.
	 */
	public String osXml(GuestCmdline cmdline) {
		return osXml(kernel(), initrd(), cmdline.render());
	}

	/**
	 * The domain XML {@code <os>} element for direct kernel boot (for example of copies of the kernel and
	 * initramfs in a folder the libvirt daemon can read). The machine type is left to libvirt.
	 */
	public static String osXml(Path kernel, Path initrd, String cmdline) {
		return "<os>\n"
				+ "  <type arch='x86_64'>hvm</type>\n"
				+ "  <kernel>" + escape(kernel.toString()) + "</kernel>\n"
				+ "  <initrd>" + escape(initrd.toString()) + "</initrd>\n"
				+ "  <cmdline>" + escape(cmdline) + "</cmdline>\n"
				+ "</os>";
	}

	static String escape(String text) {
		StringBuilder sb = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '&' -> sb.append("&amp;");
				case '<' -> sb.append("&lt;");
				case '>' -> sb.append("&gt;");
				case '\'' -> sb.append("&apos;");
				case '"' -> sb.append("&quot;");
				default -> sb.append(c);
			}
		}
		return sb.toString();
	}
}
