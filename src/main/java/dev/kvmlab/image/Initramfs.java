package dev.kvmlab.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The contents of an initramfs, written as the kernel reads it: a cpio archive in the "newc" format
 * (SVR4 without CRC), gzip-compressed. Written here rather than with {@code cpio}, so the host needs
 * no cpio, no root (device nodes are just headers) and the result is reproducible: entries are sorted
 * by path, owned by root, numbered in order and stamped with one time.
 */
public final class Initramfs {

	static final int S_IFDIR = 0040000;

	static final int S_IFREG = 0100000;

	static final int S_IFLNK = 0120000;

	static final int S_IFCHR = 0020000;

	/** One archive member; {@code source} or {@code data} holds a regular file's bytes, {@code data} a link's target. */
	record Entry(String path, int mode, Path source, byte[] data, int rdevMajor, int rdevMinor) {
	}

	private final Map<String, Entry> entries = new TreeMap<>();

	private final long mtime;

	public Initramfs(long mtimeEpochSeconds) {
		this.mtime = mtimeEpochSeconds;
	}

	public Initramfs directory(String path) {
		return put(new Entry(clean(path), S_IFDIR | 0755, null, null, 0, 0));
	}

	public Initramfs directory(String path, int permissions) {
		return put(new Entry(clean(path), S_IFDIR | permissions, null, null, 0, 0));
	}

	public Initramfs file(String path, int permissions, Path source) {
		return put(new Entry(clean(path), S_IFREG | permissions, source, null, 0, 0));
	}

	public Initramfs file(String path, int permissions, String text) {
		return put(new Entry(clean(path), S_IFREG | permissions, null, text.getBytes(StandardCharsets.UTF_8), 0, 0));
	}

	public Initramfs symlink(String path, String target) {
		return put(new Entry(clean(path), S_IFLNK | 0777, null, target.getBytes(StandardCharsets.UTF_8), 0, 0));
	}

	public Initramfs charDevice(String path, int permissions, int major, int minor) {
		return put(new Entry(clean(path), S_IFCHR | permissions, null, new byte[0], major, minor));
	}

	public boolean contains(String path) {
		return entries.containsKey(clean(path));
	}

	public int size() {
		return entries.size();
	}

	/** Adds the entry, and any missing parent directory before it (a later explicit directory replaces it). */
	private Initramfs put(Entry entry) {
		String path = entry.path();
		int slash = path.lastIndexOf('/');
		if (slash > 0 && !entries.containsKey(path.substring(0, slash))) {
			directory(path.substring(0, slash));
		}
		entries.put(path, entry);
		return this;
	}

	private static String clean(String path) {
		String p = path;
		while (p.startsWith("/")) {
			p = p.substring(1);
		}
		while (p.endsWith("/")) {
			p = p.substring(0, p.length() - 1);
		}
		if (p.isEmpty() || p.contains("//") || p.equals("..") || p.startsWith("../") || p.contains("/../")) {
			throw new IllegalArgumentException("bad initramfs path: " + path);
		}
		return p;
	}

	/** Writes the gzip-compressed archive. */
	public void writeGzip(Path target) throws IOException {
		try (OutputStream file = Files.newOutputStream(target);
				OutputStream gz = new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16) {
					{
						def.setLevel(6);
					}
				}) {
			writeCpio(gz);
		}
	}

	/** Writes the uncompressed newc archive, ending with the TRAILER!!! entry. */
	public void writeCpio(OutputStream out) throws IOException {
		long[] written = { 0 };
		OutputStream counting = new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				out.write(b);
				written[0]++;
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				out.write(b, off, len);
				written[0] += len;
			}
		};
		int ino = 1;
		for (Entry e : entries.values()) {
			long size = e.source() != null ? Files.size(e.source()) : e.data() == null ? 0 : e.data().length;
			header(counting, written, ino++, e.mode(), (e.mode() & S_IFDIR) == S_IFDIR ? 2 : 1, size, e.rdevMajor(),
					e.rdevMinor(), e.path());
			if (e.source() != null) {
				long copied;
				try (InputStream in = Files.newInputStream(e.source())) {
					copied = in.transferTo(counting);
				}
				if (copied != size) {
					throw new IOException(e.source() + " changed while being archived");
				}
			}
			else if (e.data() != null) {
				counting.write(e.data());
			}
			pad(counting, written);
		}
		header(counting, written, 0, 0, 1, 0, 0, 0, "TRAILER!!!");
		// The kernel reads the archive in 512-byte blocks, as cpio writes it.
		while (written[0] % 512 != 0) {
			counting.write(0);
		}
	}

	private void header(OutputStream out, long[] written, int ino, int mode, int nlink, long size, int rdevMajor,
			int rdevMinor, String name) throws IOException {
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		StringBuilder h = new StringBuilder(110).append("070701");
		for (long field : new long[] { ino, mode, 0, 0, nlink, mtime, size, 0, 0, rdevMajor, rdevMinor,
				nameBytes.length + 1, 0 }) {
			if (field < 0 || field > 0xffffffffL) {
				throw new IOException(name + ": does not fit a newc header (" + field + ")");
			}
			h.append(String.format("%08x", field));
		}
		out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
		out.write(nameBytes);
		out.write(0);
		pad(out, written);
	}

	private static void pad(OutputStream out, long[] written) throws IOException {
		while (written[0] % 4 != 0) {
			out.write(0);
		}
	}
}
