package dev.kvmlab.progress;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file whole or not at all: to a temporary file beside it, synced, then renamed over the
 * old one, so a crash never leaves half a file. With {@code ownerOnly} the file is created
 * readable by its owner alone (0600) before any byte is written; otherwise the umask decides, as
 * for any new file.
 */
public final class AtomicFiles {

	private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

	private AtomicFiles() {
	}

	public static void write(Path file, byte[] bytes) throws IOException {
		write(file, bytes, false);
	}

	public static void write(Path file, byte[] bytes, boolean ownerOnly) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		Path tmp;
		if (ownerOnly && posix(dir)) {
			Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
			tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(rw));
		}
		else { // not createTempFile, which makes 0600: a report or a public key gets the umask's usual mode
			tmp = dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
			Files.createFile(tmp);
		}
		try {
			Files.write(tmp, bytes);
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				ch.force(true);
			}
			try {
				Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	static boolean posix(Path dir) {
		return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}
}
