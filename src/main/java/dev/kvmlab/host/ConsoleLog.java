package dev.kvmlab.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What a domain's serial console wrote to its log file: the file its live XML names
 * ({@code <serial><log file=.../>} or a {@code <serial type='file'>}), when it was last written,
 * when the domain's QEMU started (its pid file under /run/libvirt/qemu, system daemon only) and the
 * end of its text. Read on the machine itself only; absent when there is no such domain.
 */
public record ConsoleLog(String domain) implements Need.Reading<ConsoleLog.Seen> {

	/** How much of the end of a log is read: far more than one boot of kvmlab's guest prints. */
	static final int TAIL = 256 * 1024;

	/** The first line a Linux kernel prints on its console: where one boot's output begins. */
	static final String KERNEL_BANNER = "Linux version ";

	/** Where libvirt's system daemon keeps a running domain's pid file (written when QEMU starts). */
	static final String SYSTEM_RUN_DIR = "run/libvirt/qemu";

	/**
	 * One look at a domain's console log.
	 *
	 * @param path the log file the live XML names, or null when it names none
	 * @param startedAt when the domain's QEMU started, or null when that cannot be told (not running,
	 * not the system daemon)
	 * @param modifiedAt when the log was last written, or null when there is no such file
	 * @param text the end of the log (at most {@link #TAIL} bytes), or null when there is no such file
	 */
	public record Seen(String domain, DomainState state, String path, Instant startedAt, Instant modifiedAt, String text) {

		/** The output of the latest boot in the log: from the last kernel banner on (all of it without one). */
		public String latestBoot() {
			if (text == null) {
				return "";
			}
			int banner = text.lastIndexOf(KERNEL_BANNER);
			return banner < 0 ? text : text.substring(banner);
		}

		/** The log was written after the domain's QEMU started (true when either time is unknown). */
		public boolean writtenSinceStart() {
			return startedAt == null || modifiedAt == null || !modifiedAt.isBefore(startedAt);
		}

		/** The marker is in the latest boot's output, and that output is from the running QEMU. */
		public boolean markerSinceStart(String marker) {
			return state == DomainState.RUNNING && text != null && writtenSinceStart() && latestBoot().contains(marker);
		}
	}

	@Override
	public Lookup<Seen> read(LibvirtHost host) {
		if (!host.isLocal()) {
			return Lookup.unsupported(host.isPractice() ? "practice mode: console logs on the machine are not graded"
					: "console log files can only be read on the machine itself (URI " + host.uri() + " is remote)");
		}
		DomainInfo d = host.findDomain(domain);
		if (d == null) {
			return Lookup.absent();
		}
		String path = logFile(d.liveXml());
		Instant started = d.isActive() && host.uri().startsWith("qemu:///system")
				? modified(host.local().root().resolve(SYSTEM_RUN_DIR).resolve(domain + ".pid")) : null;
		if (path == null) {
			return Lookup.found(new Seen(domain, d.state(), null, started, null, null));
		}
		Path file = Path.of(path);
		try {
			if (!Files.isRegularFile(file)) {
				return Lookup.found(new Seen(domain, d.state(), path, started, null, null));
			}
			Instant modified = Files.getLastModifiedTime(file).toInstant();
			return Lookup.found(new Seen(domain, d.state(), path, started, modified, tail(file)));
		}
		catch (IOException e) {
			return Lookup.failed("cannot read " + path + ": " + e.getMessage());
		}
	}

	/** The console log file a domain XML names: a serial port's {@code <log file>}, else a file-backed serial's path. */
	public static String logFile(XmlDoc xml) {
		for (String xpath : new String[] { "/domain/devices/serial/log/@file", "/domain/devices/serial[@type='file']/source/@path",
				"/domain/devices/console/log/@file", "/domain/devices/console[@type='file']/source/@path" }) {
			String value = xml.value(xpath);
			if (!value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

	private static Instant modified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		}
		catch (IOException e) {
			return null;
		}
	}

	/** The last {@link #TAIL} bytes of a file, as text (console output is ASCII; anything else is kept byte for byte). */
	static String tail(Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file)) {
			long size = ch.size();
			long from = Math.max(0, size - TAIL);
			ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
			while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
				// read until the buffer is full or the file ends
			}
			return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
		}
	}
}
