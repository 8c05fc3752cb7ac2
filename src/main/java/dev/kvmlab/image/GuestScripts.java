package dev.kvmlab.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripts and small files of the guest, from {@code src/main/resources/image/}: the {@code /init}
 * template (module load lines filled in at build time), udhcpc's event script, {@code /sbin/shutdown}
 * for qemu-ga, the ACPI power-button handler, and {@code /etc/passwd} and friends.
 */
public final class GuestScripts {

	/**
	 * Bumped when what goes into the image changes in a way the scripts below do not show (the module
	 * list, the file layout, how libraries are found): an image built by another format is rebuilt.
	 */
	public static final int FORMAT = 1;

	/** Modules every guest gets (with what they depend on); the build fails if the kernel lacks one. */
	public static final List<String> REQUIRED_MODULES = List.of("virtio_ring", "virtio", "virtio_pci", "virtio_blk",
			"failover", "net_failover", "virtio_net", "virtio_console", "virtio_balloon", "virtio_scsi");

	/**
	 * Loaded when the kernel has them: the split virtio_pci helpers, and what the ACPI power button
	 * needs ({@code virsh shutdown --mode acpi}).
	 */
	public static final List<String> OPTIONAL_MODULES = List.of("virtio_pci_modern_dev", "virtio_pci_legacy_dev", "button",
			"evdev");

	private static final String MODULES_PLACEHOLDER = "@@KVMLAB_MODULES@@";

	private GuestScripts() {
	}

	public static String resource(String name) {
		try (InputStream in = GuestScripts.class.getResourceAsStream("/image/" + name)) {
			if (in == null) {
				throw new IllegalStateException("missing resource image/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The {@code /init} script for this kernel and these module files (paths under /lib/modules/&lt;version&gt;, in load order). */
	public static String renderInit(String kernelVersion, List<String> modulePaths) {
		StringBuilder loads = new StringBuilder();
		for (String p : modulePaths) {
			String path = ModuleDeps.uncompressedPath(p);
			if (!path.matches("[A-Za-z0-9_./+-]+")) {
				throw new IllegalArgumentException("module path with unexpected characters: " + p);
			}
			if (loads.length() > 0) {
				loads.append('\n');
			}
			loads.append("load ").append(path);
		}
		String template = resource("init.sh");
		if (!template.contains(MODULES_PLACEHOLDER)) {
			throw new IllegalStateException("image/init.sh has no " + MODULES_PLACEHOLDER);
		}
		return template.replace(MODULES_PLACEHOLDER, loads.toString())
			.replace("@@KVMLAB_FORMAT@@", "image format " + FORMAT)
			.replace("@@KVMLAB_KERNEL@@", kernelVersion);
	}

	/** Small files of the guest, by path: content (all executable scripts are listed in {@link #EXECUTABLES}). */
	public static Map<String, String> etcFiles() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("etc/udhcpc/default.script", resource("default.script"));
		files.put("sbin/shutdown", resource("shutdown.sh"));
		files.put("etc/acpi/PWRF/00000080", "#!/bin/sh\n# ACPI power button (virsh shutdown --mode acpi)\nexec poweroff -f\n");
		files.put("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
		files.put("etc/shadow", "root::19000:0:99999:7:::\n");
		files.put("etc/group", "root:x:0:\ntty:x:5:\n");
		files.put("etc/profile", "export PATH=/sbin:/bin:/usr/sbin:/usr/bin\nexport PS1='\\h:\\w\\$ '\n");
		files.put("etc/os-release", "NAME=\"kvmlab guest\"\nID=kvmlab\nPRETTY_NAME=\"kvmlab offline guest (busybox)\"\n");
		return files;
	}

	public static final List<String> EXECUTABLES = List.of("etc/udhcpc/default.script", "sbin/shutdown",
			"etc/acpi/PWRF/00000080");

	/**
	 * A digest of everything that decides the image besides the Debian packages: the format, the
	 * scripts and the module lists. A cached image with another recipe is rebuilt.
	 */
	public static String recipe() {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(("format " + FORMAT + "\n").getBytes(StandardCharsets.UTF_8));
			sha.update(resource("init.sh").getBytes(StandardCharsets.UTF_8));
			etcFiles().forEach((k, v) -> sha.update((k + "\n" + v).getBytes(StandardCharsets.UTF_8)));
			sha.update((REQUIRED_MODULES + " " + OPTIONAL_MODULES).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
