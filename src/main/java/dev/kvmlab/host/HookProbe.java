package dev.kvmlab.host;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Grades a libvirt hook by what it does: over a writable connection of its own to the same URI, starts
 * a tiny transient domain {@code lab-hook-probe-<random>} (TCG, no disk: it only has to start, not
 * boot), destroys it, and reads the lines the hook appended to its log meanwhile. The probe carries
 * kvmlab's mark and is always destroyed (a transient domain is then gone), and the QEMU log libvirt
 * wrote for it is removed. Only the machine's own daemon can be probed: practice mode and remote URIs
 * are unsupported (SKIP).
 *
 * @param log the file the hook writes to
 * @param lab the lab whose mark the probe carries
 */
public record HookProbe(String log, String lab) implements Need.Reading<HookProbe.Run> {

	/** What one probe saw. {@code failure}: why libvirt would not start the probe (a hook that exits non-zero), or null. */
	public record Run(String probe, Instant startedAt, boolean logExists, List<String> lines, String failure) {

		/** The new lines that name the probe as a word. */
		public List<String> probeLines() {
			Pattern name = word(probe);
			return lines.stream().filter(l -> name.matcher(l).find()).toList();
		}

		/** The probe's lines that carry one of these operations as a word. */
		public List<String> probeLines(String... operations) {
			Pattern op = word(String.join("|", operations));
			return probeLines().stream().filter(l -> op.matcher(l).find()).toList();
		}

		private static Pattern word(String alternatives) {
			return Pattern.compile("(?<![\\w.-])(?:" + alternatives + ")(?![\\w.-])");
		}
	}

	/** How long to wait for the hook's stop lines after the probe was destroyed (they are written synchronously). */
	private static final Duration SETTLE = Duration.ofMillis(1500);

	/** At most this many new lines are kept (a busy host logs other domains too). */
	private static final int MAX_LINES = 500;

	private static final Path QEMU_LOGS = Path.of("/var/log/libvirt/qemu");

	@Override
	public Lookup<Run> read(LibvirtHost host) {
		if (host.isPractice()) {
			return Lookup.unsupported("practice mode: libvirt's test driver runs no hooks; grade this on the real host");
		}
		if (!host.isLocal()) {
			return Lookup.unsupported("the hook's log can only be read on the machine itself (URI "
					+ UriRedactor.redact(host.uri()) + " is remote)");
		}
		Path logFile = Path.of(log);
		byte[] random = new byte[3];
		java.util.concurrent.ThreadLocalRandom.current().nextBytes(random);
		String probe = "lab-hook-probe-" + HexFormat.of().formatHex(random);
		long offset = size(logFile);
		Instant started = Instant.now();
		Path qemuLog = QEMU_LOGS.resolve(probe + ".log");
		boolean qemuLogBefore = Files.exists(qemuLog);
		String failure = null;
		try (LibvirtHost rw = LibvirtHost.open(host.uri(), false, host.local())) {
			try {
				rw.createTransientDomain(xml(probe));
				rw.destroyDomain(probe);
			}
			catch (HostException e) {
				if (!"VIR_ERR_HOOK_SCRIPT_FAILED".equals(e.code())) {
					throw new HostException(e.code(), "the probe domain " + probe + " could not run: " + e.getMessage(), e);
				}
				failure = e.getMessage();
			}
			finally {
				removeProbe(rw, probe);
				if (!qemuLogBefore) {
					deleteQuietly(qemuLog);
				}
			}
		}
		Run run = new Run(probe, started, Files.exists(logFile), newLines(logFile, offset), failure);
		Instant deadline = Instant.now().plus(SETTLE);
		while (failure == null && awaitingStop(run) && Instant.now().isBefore(deadline)) {
			sleep(100);
			run = new Run(probe, started, Files.exists(logFile), newLines(logFile, offset), null);
		}
		return Lookup.found(run);
	}

	/** The hook logged the probe's start but (not yet) its stop. */
	private static boolean awaitingStop(Run run) {
		return !run.probeLines().isEmpty() && run.probeLines("stopped", "release").isEmpty();
	}

	private String xml(String name) {
		return "<domain type='qemu'><name>" + name + "</name><metadata>" + Ownership.ownerElement(lab) + "</metadata>"
				+ "<memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>"
				+ "<cpu mode='custom' match='exact' check='none'><model fallback='allow'>qemu64</model></cpu>"
				+ "<devices><memballoon model='none'/></devices></domain>";
	}

	private static void removeProbe(LibvirtHost rw, String probe) {
		try {
			if (rw.findDomain(probe) != null) {
				rw.destroyDomain(probe);
			}
		}
		catch (HostException e) {
			// already gone, or the daemon is away: a transient domain does not outlive its QEMU
		}
	}

	private static long size(Path file) {
		try {
			return Files.isRegularFile(file) ? Files.size(file) : 0;
		}
		catch (IOException e) {
			return 0;
		}
	}

	/** The lines written after {@code offset} (all of them when the file was truncated or replaced meanwhile). */
	static List<String> newLines(Path file, long offset) {
		if (!Files.isRegularFile(file)) {
			return List.of();
		}
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
			long from = f.length() < offset ? 0 : offset;
			byte[] bytes = new byte[(int) Math.min(f.length() - from, 1 << 20)];
			f.seek(Math.max(from, f.length() - bytes.length));
			f.readFully(bytes);
			List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
			return lines.size() > MAX_LINES ? lines.subList(lines.size() - MAX_LINES, lines.size()) : lines;
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException e) {
			// a leftover QEMU log is harmless
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
