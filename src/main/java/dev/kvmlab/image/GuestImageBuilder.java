package dev.kvmlab.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.kvmlab.host.HostCommands;
import dev.kvmlab.host.HostException;

/**
 * Builds the offline guest from Debian packages, without installing any: {@code apt-get download}
 * fetches the cloud kernel, {@code busybox-static} and {@code qemu-guest-agent} into a work folder,
 * {@code dpkg-deb -x} unpacks them there, busybox's own {@code depmod} writes the kernel's
 * {@code modules.dep}, and the initramfs is written in Java.
 *
 * <p>qemu-ga's shared libraries come from the host: {@code ldd} on the unpacked qemu-ga lists them,
 * and those files (and the dynamic loader) are copied. That is sound because apt downloads qemu-ga
 * from the host's own release, built against the libraries that release has; the host has them
 * because qemu-system-x86 needs the same ones. A library the host lacks stops the build with the
 * package to install.
 */
public final class GuestImageBuilder {

	/** Progress for the user: a message key of {@code messages.properties} and its arguments. */
	@FunctionalInterface
	public interface Progress {

		void step(String key, Object... args);

		Progress NONE = (key, args) -> {
		};
	}

	/** The metapackage whose dependency names the current cloud kernel. */
	public static final String KERNEL_METAPACKAGE = "linux-image-cloud-amd64";

	public static final String BUSYBOX_PACKAGE = "busybox-static";

	public static final String AGENT_PACKAGE = "qemu-guest-agent";

	/** Tools the build runs, and the Debian package of each. */
	static final Map<String, String> TOOLS = Map.of("apt-get", "apt", "apt-cache", "apt", "dpkg-deb", "dpkg", "dpkg",
			"dpkg", "ldd", "libc-bin", "qemu-img", "qemu-utils");

	/** Debian packages of the libraries qemu-ga 7.2 links, for the message when the host lacks one. */
	static final Map<String, String> LIBRARY_PACKAGES = Map.of("libglib-2.0.so.0", "libglib2.0-0", "libgmodule-2.0.so.0",
			"libglib2.0-0", "libnuma.so.1", "libnuma1", "liburing.so.2", "liburing2", "libudev.so.1", "libudev1",
			"libpcre2-8.so.0", "libpcre2-8-0", "libc.so.6", "libc6", "libm.so.6", "libc6");

	private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

	private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

	private static final Pattern KERNEL_DEPENDS = Pattern.compile("^\\s*\\|?Depends:\\s*(linux-image-\\S+)\\s*$",
			Pattern.MULTILINE);

	private static final Pattern LDD_LINE = Pattern.compile("^\\s*(\\S+)\\s*=>\\s*(\\S+)(?:\\s+\\(0x[0-9a-f]+\\))?\\s*$");

	private static final Pattern LDD_MISSING = Pattern.compile("^\\s*(\\S+)\\s*=>\\s*not found\\s*$");

	private static final Pattern LDD_LOADER = Pattern.compile("^\\s*(/\\S+)\\s+\\(0x[0-9a-f]+\\)\\s*$");

	private final HostCommands commands;

	private final Path imagesDir;

	private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	public GuestImageBuilder(HostCommands commands, Path imagesDir) {
		this.commands = commands;
		this.imagesDir = imagesDir;
	}

	/**
	 * Builds the image into {@code target} (which must not exist); the work folder {@code work} is
	 * used for the packages and removed by the caller. Returns the manifest written beside the files.
	 */
	Manifest build(Path work, Path target, Progress progress) throws IOException {
		long started = System.nanoTime();
		checkTools();
		String arch = commands.run(List.of("dpkg", "--print-architecture")).strip();
		if (!arch.equals("amd64")) {
			throw new HostException("IMAGE_HOST", "the offline guest image is built from amd64 Debian packages; this host is "
					+ arch);
		}
		String kernelPackage = resolveKernelPackage();
		String kernelVersion = kernelPackage.substring("linux-image-".length());
		List<String> packages = List.of(kernelPackage, BUSYBOX_PACKAGE, AGENT_PACKAGE);

		Path debs = Files.createDirectories(work.resolve("debs"));
		Path root = Files.createDirectories(work.resolve("root"));
		progress.step("image.step.download", String.join(", ", packages));
		download(debs, packages);

		Map<String, String> versions = new LinkedHashMap<>();
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(debs, "*.deb")) {
			for (Path deb : ds) {
				String[] fields = commands.run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version")).split("\n");
				String name = null;
				String version = null;
				for (String f : fields) {
					if (f.startsWith("Package:")) {
						name = f.substring(8).strip();
					}
					else if (f.startsWith("Version:")) {
						version = f.substring(8).strip();
					}
				}
				versions.put(name == null ? deb.getFileName().toString() : name, version);
			}
		}
		for (String p : packages) {
			if (!versions.containsKey(p)) {
				throw new HostException("IMAGE_PACKAGE", "apt-get download did not deliver " + p);
			}
		}
		progress.step("image.step.unpack");
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(debs, "*.deb")) {
			for (Path deb : ds) {
				commands.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), null, TOOL_TIMEOUT);
			}
		}

		Path vmlinuz = firstExisting(kernelPackage, root.resolve("boot/vmlinuz-" + kernelVersion));
		Path modulesDir = firstExisting(kernelPackage, root.resolve("lib/modules/" + kernelVersion),
				root.resolve("usr/lib/modules/" + kernelVersion));
		Path busybox = firstExisting(BUSYBOX_PACKAGE, root.resolve("bin/busybox"), root.resolve("usr/bin/busybox"));
		Path qemuGa = firstExisting(AGENT_PACKAGE, root.resolve("usr/sbin/qemu-ga"), root.resolve("usr/bin/qemu-ga"));

		progress.step("image.step.modules", kernelVersion);
		Path modulesDep = modulesDir.resolve("modules.dep");
		if (!Files.exists(modulesDep)) {
			// Debian runs depmod when the package is installed; busybox's depmod does it here.
			Path base = modulesDir.getParent().getParent().getParent();
			commands.run(List.of(busybox.toString(), "depmod", "-b", base.toString(), kernelVersion), null, TOOL_TIMEOUT);
		}
		Path builtinFile = modulesDir.resolve("modules.builtin");
		ModuleDeps deps = ModuleDeps.parse(Files.readString(modulesDep),
				Files.exists(builtinFile) ? Files.readString(builtinFile) : "");
		List<String> order;
		try {
			order = deps.loadOrder(GuestScripts.REQUIRED_MODULES, GuestScripts.OPTIONAL_MODULES);
		}
		catch (IllegalArgumentException e) {
			throw new HostException("IMAGE_MODULES", kernelPackage + ": " + e.getMessage());
		}

		progress.step("image.step.initramfs");
		long mtime = Files.getLastModifiedTime(vmlinuz).toInstant().getEpochSecond();
		Initramfs fs = new Initramfs(mtime);
		for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "run", "root", "mnt",
				"var", "lib/x86_64-linux-gnu", "lib64")) {
			fs.directory(d);
		}
		fs.directory("tmp", 01777);
		fs.symlink("var/run", "/run");
		fs.symlink("var/tmp", "/tmp");
		fs.charDevice("dev/console", 0600, 5, 1);
		fs.charDevice("dev/null", 0666, 1, 3);
		fs.file("bin/busybox", 0755, busybox);
		for (String applet : commands.run(List.of(busybox.toString(), "--list-full")).split("\n")) {
			String a = applet.strip();
			if (!a.isEmpty() && !a.equals("bin/busybox") && !fs.contains(a)) {
				fs.symlink(a, "/bin/busybox");
			}
		}
		for (String m : order) {
			Path source = modulesDir.resolve(m);
			fs.file("lib/modules/" + kernelVersion + "/" + ModuleDeps.uncompressedPath(m), 0644,
					uncompressedModule(source, work, busybox));
		}
		fs.file("lib/modules/" + kernelVersion + "/modules.dep", 0644, deps.subset(order));
		fs.file("init", 0755, GuestScripts.renderInit(kernelVersion, order));
		GuestScripts.etcFiles().forEach((path, text) -> fs.file(path, GuestScripts.EXECUTABLES.contains(path) ? 0755 : 0644,
				text));
		fs.file("usr/sbin/qemu-ga", 0755, qemuGa);
		List<String> libraries = new ArrayList<>();
		try {
			// the same binary and libraries the guest gets: if it runs here, it runs there
			commands.run(List.of(qemuGa.toString(), "--version"), null, TOOL_TIMEOUT);
		}
		catch (HostException e) {
			throw new HostException("IMAGE_LIBRARY", "qemu-ga " + versions.get(AGENT_PACKAGE)
					+ " does not run with this host's libraries (are apt's sources for another release than the one"
					+ " installed?): " + e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2));
		}
		for (String[] lib : sharedLibraries(qemuGa)) {
			fs.file(lib[0], 0755, Path.of(lib[1]).toRealPath());
			libraries.add("/" + lib[0] + " <- " + lib[1]);
		}

		Files.createDirectories(target);
		progress.step("image.step.write");
		Files.copy(vmlinuz, target.resolve(GuestImage.KERNEL));
		fs.writeGzip(target.resolve(GuestImage.INITRD));
		commands.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", target.resolve(GuestImage.DATA_DISK).toString(), "64M"),
				null, TOOL_TIMEOUT);

		Map<String, Manifest.FileInfo> files = new LinkedHashMap<>();
		files.put(GuestImage.KERNEL, fileInfo(target.resolve(GuestImage.KERNEL), true));
		files.put(GuestImage.INITRD, fileInfo(target.resolve(GuestImage.INITRD), true));
		files.put(GuestImage.DATA_DISK, fileInfo(target.resolve(GuestImage.DATA_DISK), false));
		double seconds = Math.round((System.nanoTime() - started) / 1e7) / 100.0;
		Manifest manifest = new Manifest(GuestScripts.FORMAT, GuestScripts.recipe(), Instant.now().toString(), seconds,
				kernelVersion, kernelPackage, versions, order.stream().map(ModuleDeps::uncompressedPath).toList(), libraries,
				"host (ldd on the unpacked qemu-ga)", files);
		json.writeValue(target.resolve(GuestImage.MANIFEST).toFile(), manifest);
		return manifest;
	}

	private void checkTools() {
		for (String tool : List.of("apt-get", "apt-cache", "dpkg", "dpkg-deb", "ldd", "qemu-img")) {
			if (!commands.available(tool)) {
				throw new HostException("IMAGE_TOOL", "building the guest image needs " + tool + " (Debian package "
						+ TOOLS.get(tool) + "), which is not installed");
			}
		}
	}

	/** The versioned kernel package the cloud metapackage depends on, such as linux-image-6.1.0-56-cloud-amd64. */
	String resolveKernelPackage() {
		String out;
		try {
			out = commands.run(List.of("apt-cache", "depends", KERNEL_METAPACKAGE));
		}
		catch (HostException e) {
			throw new HostException("IMAGE_PACKAGE", "apt knows no package " + KERNEL_METAPACKAGE
					+ " (the guest image needs Debian's archive; run apt-get update)");
		}
		String pkg = kernelPackageFromDepends(out);
		if (pkg == null) {
			throw new HostException("IMAGE_PACKAGE", KERNEL_METAPACKAGE + " depends on no linux-image package here"
					+ " (apt-cache depends " + KERNEL_METAPACKAGE + ")");
		}
		return pkg;
	}

	static String kernelPackageFromDepends(String aptCacheDepends) {
		Matcher m = KERNEL_DEPENDS.matcher(aptCacheDepends);
		while (m.find()) {
			String name = m.group(1);
			if (!name.startsWith("<") && name.matches("linux-image-[0-9][A-Za-z0-9.+-]*")) {
				return name;
			}
		}
		return null;
	}

	private void download(Path debs, List<String> packages) {
		List<String> cmd = new ArrayList<>(List.of("apt-get", "-q", "download"));
		if (isRoot()) {
			// apt's sandbox user (_apt) cannot write into a folder of root's; downloading as root is what apt would do anyway.
			cmd.addAll(1, List.of("-o", "APT::Sandbox::User=root"));
		}
		cmd.addAll(packages);
		try {
			commands.run(cmd, debs, DOWNLOAD_TIMEOUT);
		}
		catch (HostException e) {
			String prefix = String.join(" ", cmd) + ": ";
			String why = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
			String hint = why.contains("Unable to locate") || why.contains("404") || why.contains("has no installation candidate")
					? " (run apt-get update)" : why.contains("resolv") || why.contains("connect") ? " (no network to Debian's archive?)" : "";
			throw new HostException("IMAGE_DOWNLOAD", "apt-get download " + String.join(" ", packages) + " failed: " + why + hint);
		}
	}

	private static boolean isRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	private static Path firstExisting(String pkg, Path... candidates) {
		for (Path p : candidates) {
			if (Files.exists(p)) {
				return p;
			}
		}
		throw new HostException("IMAGE_PACKAGE", pkg + " has no " + candidates[0].getFileName()
				+ " where expected (" + candidates[0] + ")");
	}

	/** A module file as the guest's insmod wants it: uncompressed (xz by the unpacked busybox, gzip here, zstd by zstd). */
	private Path uncompressedModule(Path source, Path work, Path busybox) throws IOException {
		String name = source.getFileName().toString();
		if (name.endsWith(".ko")) {
			return source;
		}
		Path out = Files.createDirectories(work.resolve("modules")).resolve(ModuleDeps.name(name) + ".ko");
		if (name.endsWith(".ko.gz")) {
			try (InputStream in = new GZIPInputStream(Files.newInputStream(source))) {
				Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
			}
			return out;
		}
		List<String> cmd;
		if (name.endsWith(".ko.xz")) {
			cmd = List.of(busybox.toString(), "unxz", "-c", source.toString());
		}
		else if (name.endsWith(".ko.zst")) {
			if (!commands.available("zstd")) {
				throw new HostException("IMAGE_TOOL", "the kernel's modules are zstd-compressed: building the guest image"
						+ " needs zstd (Debian package zstd)");
			}
			cmd = List.of("zstd", "-q", "-d", "-c", source.toString());
		}
		else {
			throw new HostException("IMAGE_MODULES", "unknown module file type: " + source);
		}
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD);
		try {
			Process p = pb.start();
			if (!p.waitFor(TOOL_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
				p.destroyForcibly();
				throw new HostException("IMAGE_MODULES", "cannot decompress " + source);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new HostException("INTERRUPTED", "interrupted while decompressing " + source, e);
		}
		return out;
	}

	/**
	 * The shared libraries qemu-ga loads, as {guest path, host path} pairs: every library ldd resolves
	 * goes to /lib/x86_64-linux-gnu, the dynamic loader to its own path (/lib64/ld-linux-x86-64.so.2).
	 */
	List<String[]> sharedLibraries(Path binary) {
		String out = commands.output(List.of("ldd", binary.toString()));
		return parseLdd(out, binary.getFileName().toString());
	}

	static List<String[]> parseLdd(String lddOutput, String binaryName) {
		List<String[]> libs = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		if (lddOutput.contains("not a dynamic executable") || lddOutput.contains("statically linked")) {
			return libs;
		}
		for (String line : lddOutput.split("\n")) {
			Matcher notFound = LDD_MISSING.matcher(line);
			if (notFound.matches()) {
				missing.add(notFound.group(1));
				continue;
			}
			Matcher m = LDD_LINE.matcher(line);
			if (m.matches()) {
				String soname = m.group(1);
				String path = m.group(2);
				if (path.startsWith("/")) {
					libs.add(new String[] { "lib/x86_64-linux-gnu/" + soname, path });
				}
				continue;
			}
			Matcher loader = LDD_LOADER.matcher(line);
			if (loader.matches() && !loader.group(1).contains("linux-vdso")) {
				String p = loader.group(1);
				libs.add(new String[] { p.substring(1), p });
			}
		}
		if (!missing.isEmpty()) {
			String so = missing.get(0);
			String pkg = LIBRARY_PACKAGES.get(so);
			throw new HostException("IMAGE_LIBRARY", binaryName + " needs " + String.join(", ", missing)
					+ ", which this host lacks (the guest takes qemu-ga's libraries from the host): apt-get install "
					+ (pkg == null ? "the package that ships " + so : pkg));
		}
		if (libs.isEmpty()) {
			throw new HostException("IMAGE_LIBRARY", "ldd " + binaryName + " listed no libraries: "
					+ lddOutput.lines().findFirst().orElse("no output"));
		}
		return libs;
	}

	static Manifest.FileInfo fileInfo(Path file, boolean digest) throws IOException {
		return new Manifest.FileInfo(Files.size(file), digest ? sha256(file) : null);
	}

	static String sha256(Path file) throws IOException {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	Path imagesDir() {
		return imagesDir;
	}

	/** Moves {@code from} to {@code to} atomically where the file system can. */
	static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to);
		}
	}

	static String text(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
