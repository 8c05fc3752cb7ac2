package dev.kvmlab.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.kvmlab.host.HostException;

/**
 * The guest booted by {@code qemu-system-x86_64} directly (no libvirt): direct kernel boot of the
 * cached kernel and initramfs, the serial console written to a file, and optionally qemu-ga's
 * virtio-serial port, a QMP monitor and a user-mode NIC, each on a socket in a private runtime
 * folder. {@link #close()} stops QEMU and removes that folder, whatever happened.
 */
public final class QemuGuest implements AutoCloseable {

	public static final String QEMU = "qemu-system-x86_64";

	/** How QEMU runs the guest's CPU: KVM (hardware-assisted) or TCG (emulation). */
	public enum Accel {
		KVM, TCG;

		public String key() {
			return name().toLowerCase();
		}

		/** libvirt's domain type for it: {@code kvm} or {@code qemu}. */
		public String domainType() {
			return this == KVM ? "kvm" : "qemu";
		}

		public static Accel parse(String text) {
			for (Accel a : values()) {
				if (a.key().equalsIgnoreCase(text)) {
					return a;
				}
			}
			throw new IllegalArgumentException("unknown accelerator '" + text + "' (kvm, tcg)");
		}
	}

	/**
	 * What to boot and with which devices. {@code lifetime} bounds QEMU even if kvmlab is killed
	 * before it can stop it (QEMU runs under coreutils' {@code timeout}).
	 */
	public record Options(Accel accel, Path kernel, Path initrd, String cmdline, int memoryMib, boolean agent,
			boolean qmp, boolean network, Duration lifetime) {

		public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);

		public static Options of(GuestImage image, Accel accel, GuestCmdline cmdline) {
			return new Options(accel, image.kernel(), image.initrd(), cmdline.render(), 256, true, false, false,
					DEFAULT_LIFETIME);
		}

		public Options memory(int mib) {
			return new Options(accel, kernel, initrd, cmdline, mib, agent, qmp, network, lifetime);
		}

		public Options withQmp(boolean on) {
			return new Options(accel, kernel, initrd, cmdline, memoryMib, agent, on, network, lifetime);
		}

		public Options withNetwork(boolean on) {
			return new Options(accel, kernel, initrd, cmdline, memoryMib, agent, qmp, on, lifetime);
		}

		public Options withAgent(boolean on) {
			return new Options(accel, kernel, initrd, cmdline, memoryMib, on, qmp, network, lifetime);
		}

		public Options withLifetime(Duration max) {
			return new Options(accel, kernel, initrd, cmdline, memoryMib, agent, qmp, network, max);
		}
	}

	/** Guests still running, stopped by a shutdown hook if the JVM ends first (Ctrl-C in a one-shot run). */
	private static final java.util.Set<QemuGuest> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(QemuGuest::close), "kvmlab-qemu-cleanup"));
	}

	private final Options options;

	private final Path runDir;

	private final Process process;

	private QemuGuest(Options options, Path runDir, Process process) {
		this.options = options;
		this.runDir = runDir;
		this.process = process;
	}

	/** The QEMU command line for these options, with the runtime files in {@code runDir}. */
	public static List<String> command(Options o, Path runDir) {
		List<String> cmd = new ArrayList<>(List.of(QEMU, "-name", "kvmlab-guest", "-machine",
				"pc,accel=" + o.accel().key(), "-cpu", "qemu64", "-m", String.valueOf(o.memoryMib()), "-smp", "1",
				"-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-kernel", o.kernel().toString(),
				"-initrd", o.initrd().toString(), "-append", o.cmdline(), "-serial",
				"file:" + runDir.resolve("console.log")));
		if (o.agent()) {
			cmd.addAll(List.of("-chardev", "socket,path=" + runDir.resolve("qga.sock") + ",server=on,wait=off,id=qga0",
					"-device", "virtio-serial", "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0"));
		}
		if (o.qmp()) {
			cmd.addAll(List.of("-qmp", "unix:" + runDir.resolve("qmp.sock") + ",server=on,wait=off"));
		}
		if (o.network()) {
			cmd.addAll(List.of("-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0"));
		}
		return cmd;
	}

	/** Starts QEMU; the runtime folder is made under /tmp (socket paths must stay short). */
	public static QemuGuest start(Options options) {
		Path runDir;
		try {
			runDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kvmlab-qemu-");
		}
		catch (IOException e) {
			throw new HostException("QEMU_START", "cannot make a runtime folder for QEMU: " + e.getMessage(), e);
		}
		List<String> cmd = new ArrayList<>();
		if (new java.io.File("/usr/bin/timeout").canExecute()) {
			// timeout passes SIGTERM on to QEMU, and ends it by itself when kvmlab could not
			cmd.addAll(List.of("/usr/bin/timeout", "--kill-after=5s", Math.max(1, options.lifetime().toSeconds()) + "s"));
		}
		cmd.addAll(command(options, runDir));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
			.redirectOutput(runDir.resolve("qemu.log").toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		pb.environment().put("LC_ALL", "C");
		try {
			QemuGuest guest = new QemuGuest(options, runDir, pb.start());
			LIVE.add(guest);
			return guest;
		}
		catch (IOException e) {
			deleteTree(runDir);
			throw new HostException("COMMAND_MISSING", QEMU + " cannot be run (package qemu-system-x86): " + e.getMessage(), e);
		}
	}

	public Options options() {
		return options;
	}

	public Path runDir() {
		return runDir;
	}

	public Path agentSocket() {
		return runDir.resolve("qga.sock");
	}

	public Path qmpSocket() {
		return runDir.resolve("qmp.sock");
	}

	public boolean alive() {
		return process.isAlive();
	}

	public long pid() {
		return process.pid();
	}

	/** What the guest wrote on its serial console so far. */
	public String console() {
		return read(runDir.resolve("console.log"));
	}

	/** What QEMU itself printed (its errors and warnings). */
	public String qemuLog() {
		return read(runDir.resolve("qemu.log"));
	}

	/**
	 * The console's lines, each cut to start at a {@code KVMLAB-} marker when it has one: a marker
	 * printed while the console shell shows its prompt lands on the prompt's line
	 * ({@code "/ # KVMLAB-GUEST-IP eth0 10.0.2.15/24"}).
	 */
	public List<String> consoleLines() {
		return markerLines(console());
	}

	static List<String> markerLines(String console) {
		return console.lines().map(l -> {
			String line = l.replace("\r", "");
			int marker = line.indexOf("KVMLAB-");
			return marker > 0 ? line.substring(marker) : line;
		}).toList();
	}

	/**
	 * Waits until a console line (see {@link #consoleLines()}) satisfies {@code test}, QEMU exits, or
	 * {@code timeout} passes; returns the line, or empty.
	 */
	public Optional<String> awaitLine(Predicate<String> test, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Optional<String> line = consoleLines().stream().filter(test).findFirst();
			if (line.isPresent()) {
				return line;
			}
			if (!process.isAlive() || System.nanoTime() > deadline) {
				// one last look: QEMU may have written the line just before it exited
				return consoleLines().stream().filter(test).findFirst();
			}
			sleep(100);
		}
	}

	public Optional<String> awaitReady(Duration timeout) {
		return awaitLine(l -> l.startsWith(GuestCmdline.READY_MARKER + " "), timeout);
	}

	/** Waits up to {@code timeout} for QEMU to exit by itself (a guest poweroff); true if it did. */
	public boolean awaitExit(Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** The last non-blank console line (for reports of a guest that did not come up), or empty. */
	public String lastConsoleLine() {
		return console().lines().map(l -> l.replace("\r", "").strip()).filter(l -> !l.isEmpty())
			.reduce((a, b) -> b).orElse("");
	}

	/** Stops QEMU (SIGTERM, then SIGKILL to it and its timeout wrapper after 5 s) and removes the runtime folder. */
	@Override
	public void close() {
		try {
			if (process.isAlive()) {
				process.destroy();
				if (!process.waitFor(5, TimeUnit.SECONDS)) {
					process.descendants().forEach(ProcessHandle::destroyForcibly);
					process.destroyForcibly();
					process.waitFor(5, TimeUnit.SECONDS);
				}
			}
		}
		catch (InterruptedException e) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		finally {
			LIVE.remove(this);
			deleteTree(runDir);
		}
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
		}
		catch (IOException e) {
			return "";
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new HostException("INTERRUPTED", "interrupted while waiting for the guest", e);
		}
	}

	static void deleteTree(Path dir) {
		if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			walk.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException ignored) {
					// best effort; reported by the caller if the folder stays
				}
			});
		}
		catch (IOException ignored) {
			// best effort
		}
	}
}
