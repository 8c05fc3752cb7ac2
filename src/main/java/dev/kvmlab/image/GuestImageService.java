package dev.kvmlab.image;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.host.HostCommands;
import dev.kvmlab.host.HostException;
import dev.kvmlab.image.QemuGuest.Accel;
import dev.kvmlab.progress.ProgressStore;

/**
 * The offline guest image in kvmlab's data folder ({@code <data>/images/}): build it (cached, atomic,
 * one build at a time), report its state, boot it under KVM and TCG to learn which this host runs
 * (recorded for labs: {@link #domainType()}), and the learner's own base cloud image setting.
 */
@Service
public class GuestImageService {

	/** Time bound of a KVM probe: on a host where KVM works the guest is up in a second or two. */
	public static final Duration KVM_PROBE_TIMEOUT = Duration.ofSeconds(20);

	/** Time bound of a TCG probe: emulation reaches the marker in a few seconds, more on a busy machine. */
	public static final Duration TCG_PROBE_TIMEOUT = Duration.ofSeconds(90);

	private final Path dataDir;

	private final HostCommands commands;

	private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	@org.springframework.beans.factory.annotation.Autowired
	public GuestImageService(ProgressStore store) {
		this(store.dir(), new HostCommands());
	}

	public GuestImageService(Path dataDir, HostCommands commands) {
		this.dataDir = dataDir;
		this.commands = commands;
	}

	public Path imagesDir() {
		return dataDir.resolve("images");
	}

	public Path imageDir() {
		return imagesDir().resolve(GuestImage.DIR);
	}

	public Path probeFile() {
		return imagesDir().resolve("probe.json");
	}

	public ImageConfig config() {
		return new ImageConfig(dataDir);
	}

	/** State of the cached image: absent, intact and current, or why not. */
	public enum State {
		ABSENT, CURRENT, OUTDATED, DAMAGED
	}

	/** The cached image (null when absent or unreadable), its state and, if not current, why. */
	public record Status(State state, GuestImage image, String problem) {
	}

	public Status status() {
		Path manifestFile = imageDir().resolve(GuestImage.MANIFEST);
		if (!Files.exists(manifestFile)) {
			return new Status(State.ABSENT, null, null);
		}
		Manifest manifest;
		try {
			manifest = json.readValue(manifestFile.toFile(), Manifest.class);
		}
		catch (IOException e) {
			return new Status(State.DAMAGED, null, manifestFile + " cannot be read");
		}
		GuestImage image = new GuestImage(imageDir(), manifest);
		if (manifest.files() == null) {
			return new Status(State.DAMAGED, image, "the manifest lists no files");
		}
		for (Map.Entry<String, Manifest.FileInfo> f : manifest.files().entrySet()) {
			Path file = imageDir().resolve(f.getKey());
			try {
				if (!Files.isRegularFile(file)) {
					return new Status(State.DAMAGED, image, f.getKey() + " is missing");
				}
				if (f.getValue().sha256() != null && (Files.size(file) != f.getValue().size()
						|| !GuestImageBuilder.sha256(file).equals(f.getValue().sha256()))) {
					return new Status(State.DAMAGED, image, f.getKey() + " differs from what was built");
				}
			}
			catch (IOException e) {
				return new Status(State.DAMAGED, image, f.getKey() + " cannot be read: " + e.getMessage());
			}
		}
		if (manifest.format() != GuestScripts.FORMAT || !GuestScripts.recipe().equals(manifest.recipe())) {
			return new Status(State.OUTDATED, image, "built by another version of kvmlab");
		}
		return new Status(State.CURRENT, image, null);
	}

	/** The cached image when it is intact and current. */
	public Optional<GuestImage> image() {
		Status s = status();
		return s.state() == State.CURRENT ? Optional.of(s.image()) : Optional.empty();
	}

	/** What a build did: built (and in how long) or found the cache up to date. */
	public record BuildResult(GuestImage image, boolean built, double seconds) {
	}

	/**
	 * Builds the image unless an intact, current one is cached ({@code force} rebuilds anyway). The new
	 * image is assembled beside the old one and swapped in at the end, so a failed build leaves the
	 * cache as it was. Host problems (a missing tool or package, no network) are {@link HostException}s
	 * with one line naming what is missing.
	 */
	public BuildResult build(boolean force, GuestImageBuilder.Progress progress) {
		try {
			Files.createDirectories(imagesDir());
		}
		catch (IOException e) {
			throw new HostException("IMAGE_DIR", "cannot create " + imagesDir() + ": " + e.getMessage(), e);
		}
		try (FileChannel lockFile = FileChannel.open(imagesDir().resolve(".lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = tryLock(lockFile)) {
			if (lock == null) {
				throw new HostException("IMAGE_BUSY", "another kvmlab is building the guest image (lock "
						+ imagesDir().resolve(".lock") + ")");
			}
			removeLeftovers();
			Status before = status();
			if (!force && before.state() == State.CURRENT) {
				return new BuildResult(before.image(), false, 0);
			}
			if (before.state() == State.OUTDATED || before.state() == State.DAMAGED) {
				progress.step("image.step.rebuild", before.problem());
			}
			Path work = imagesDir().resolve(".build-" + UUID.randomUUID().toString().substring(0, 8));
			try {
				Path target = work.resolve(GuestImage.DIR);
				Manifest manifest = new GuestImageBuilder(commands, imagesDir()).build(work, target, progress);
				Path old = imagesDir().resolve(".old-" + UUID.randomUUID().toString().substring(0, 8));
				if (Files.exists(imageDir())) {
					GuestImageBuilder.move(imageDir(), old);
				}
				GuestImageBuilder.move(target, imageDir());
				QemuGuest.deleteTree(old);
				return new BuildResult(new GuestImage(imageDir(), manifest), true, manifest.buildSeconds());
			}
			finally {
				QemuGuest.deleteTree(work);
			}
		}
		catch (IOException e) {
			throw new HostException("IMAGE_IO", "building the guest image in " + imagesDir() + " failed: " + e.getMessage(), e);
		}
	}

	private static FileLock tryLock(FileChannel ch) throws IOException {
		try {
			return ch.tryLock();
		}
		catch (OverlappingFileLockException e) {
			return null;
		}
	}

	/** Work folders of an earlier build that was killed. */
	private void removeLeftovers() throws IOException {
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(imagesDir(), p -> {
			String n = p.getFileName().toString();
			return n.startsWith(".build-") || n.startsWith(".old-");
		})) {
			for (Path p : ds) {
				QemuGuest.deleteTree(p);
			}
		}
	}

	/**
	 * Boots the cached image under {@code accel} and waits at most {@code timeout} for the ready marker,
	 * then (when it came) up to 15 s for qemu-ga to answer a ping; records the result in probe.json. The
	 * image must be built ({@link #build}).
	 */
	public ProbeResult probe(Accel accel, Duration timeout) {
		GuestImage image = image().orElseThrow(() -> KvmlabException.unreachableKey("error.image-none"));
		ProbeResult result = boot(image, accel, timeout);
		record(result);
		return result;
	}

	private ProbeResult boot(GuestImage image, Accel accel, Duration timeout) {
		String now = Instant.now().toString();
		int bound = (int) timeout.toSeconds();
		String id = image.manifest().imageId();
		if (!commands.available(QemuGuest.QEMU)) {
			throw new HostException("IMAGE_TOOL", "booting the guest needs " + QemuGuest.QEMU
					+ " (Debian package qemu-system-x86), which is not installed");
		}
		if (accel == Accel.KVM) {
			Path kvm = Path.of("/dev/kvm");
			if (!Files.exists(kvm)) {
				return new ProbeResult(accel.key(), false, 0, null, bound, "/dev/kvm is missing", id, now);
			}
			if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
				return new ProbeResult(accel.key(), false, 0, null, bound,
						"/dev/kvm is not readable and writable for this user (group kvm?)", id, now);
			}
		}
		GuestCmdline cmdline = GuestCmdline.defaults().hostname("kvmlab-probe").ip("none").panicExit(true);
		long start = System.nanoTime();
		try (QemuGuest guest = QemuGuest.start(QemuGuest.Options.of(image, accel, cmdline)
			.withLifetime(timeout.plusSeconds(60)))) {
			Optional<String> marker = guest.awaitReady(timeout);
			double seconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
			if (marker.isPresent()) {
				boolean agent = AgentClient.ping(guest.agentSocket(), Duration.ofSeconds(15));
				return new ProbeResult(accel.key(), true, seconds, agent, bound, marker.get(), id, now);
			}
			String why;
			if (!guest.alive()) {
				String qemu = guest.qemuLog().lines().filter(l -> !l.contains("warning:")).reduce((a, b) -> b).orElse("");
				String last = guest.lastConsoleLine();
				why = "QEMU exited after " + seconds + " s"
						+ (qemu.isEmpty() ? "" : ": " + qemu.strip())
						+ (last.isEmpty() ? "" : " (console: " + abbreviate(last) + ")");
			}
			else {
				String last = guest.lastConsoleLine();
				why = "no " + GuestCmdline.READY_MARKER + " in " + bound + " s"
						+ (last.isEmpty() ? ", nothing on the console" : ", last console line: " + abbreviate(last));
			}
			return new ProbeResult(accel.key(), false, seconds, null, bound, why, id, now);
		}
	}

	private static String abbreviate(String line) {
		return line.length() <= 100 ? line : line.substring(0, 97) + "...";
	}

	private synchronized void record(ProbeResult result) {
		ProbeRecord current = probes();
		ProbeRecord next = current.host() != null && current.host().equals(hostName()) ? current.with(result)
				: new ProbeRecord(hostName(), Map.of()).with(result);
		try {
			Files.createDirectories(imagesDir());
			Path tmp = Files.createTempFile(imagesDir(), "probe", ".tmp");
			try {
				json.writeValue(tmp.toFile(), next);
				GuestImageBuilder.move(tmp, probeFile());
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		}
		catch (IOException e) {
			throw new HostException("IMAGE_IO", "cannot record the probe in " + probeFile() + ": " + e.getMessage(), e);
		}
	}

	/** The recorded probes of this host (empty when none, or recorded on another host). */
	public ProbeRecord probes() {
		if (Files.exists(probeFile())) {
			try {
				ProbeRecord r = json.readValue(probeFile().toFile(), ProbeRecord.class);
				if (r != null && hostName().equals(r.host())) {
					return r;
				}
			}
			catch (IOException e) {
				// unreadable: as if never probed; the next probe writes it anew
			}
		}
		return new ProbeRecord(hostName(), Map.of());
	}

	/**
	 * The libvirt domain type labs should use for this guest here: {@code kvm} when the last KVM probe
	 * reached the ready marker, {@code qemu} when it did not (or when only TCG was probed), empty when
	 * never probed on this host.
	 */
	public Optional<String> domainType() {
		ProbeRecord r = probes();
		ProbeResult kvm = r.result(Accel.KVM);
		if (kvm != null) {
			return Optional.of(kvm.reached() ? "kvm" : "qemu");
		}
		return r.result(Accel.TCG) != null ? Optional.of("qemu") : Optional.empty();
	}

	/** The learner's own cloud image: checked with qemu-img and stored in config.json; returns its format. */
	public String useBaseImage(Path path) {
		Path abs = path.toAbsolutePath().normalize();
		if (!Files.exists(abs)) {
			throw KvmlabException.usageKey("error.image-no-file", abs);
		}
		if (!Files.isRegularFile(abs) || !Files.isReadable(abs)) {
			throw KvmlabException.usageKey("error.image-not-readable", abs);
		}
		String format = imageFormat(abs);
		long size = diskInfo(abs).virtualSize();
		if (size >= 0 && size < 1 << 20) {
			throw KvmlabException.usageKey("error.image-too-small", abs, String.valueOf(size));
		}
		config().baseImage(abs.toString(), format);
		return format;
	}

	public void clearBaseImage() {
		config().baseImage(null, null);
	}

	/** The disk format and virtual size of an image file, from {@code qemu-img info}; format null when qemu-img is missing. */
	public record DiskInfo(String format, long virtualSize) {
	}

	public DiskInfo diskInfo(Path file) {
		if (!commands.available("qemu-img")) {
			return new DiskInfo(null, -1);
		}
		String out = commands.run(List.of("qemu-img", "info", "--output=json", "-U", file.toString()));
		try {
			var node = json.readTree(out);
			return new DiskInfo(node.path("format").asText(null), node.path("virtual-size").asLong(-1));
		}
		catch (IOException e) {
			throw new HostException("COMMAND_FAILED", "qemu-img info " + file + ": unexpected output");
		}
	}

	private String imageFormat(Path file) {
		try {
			return diskInfo(file).format();
		}
		catch (HostException e) {
			throw KvmlabException.usageKey("error.image-not-disk", file, e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2));
		}
	}

	static String hostName() {
		try {
			Path kernel = Path.of("/proc/sys/kernel/hostname");
			String name = Files.exists(kernel) ? Files.readString(kernel).strip() : "";
			return name.isEmpty() ? InetAddress.getLocalHost().getHostName() : name;
		}
		catch (IOException e) {
			return "localhost";
		}
	}

	/** Both accelerators, KVM first. */
	public static List<Accel> allAccels() {
		return new ArrayList<>(List.of(Accel.KVM, Accel.TCG));
	}
}
