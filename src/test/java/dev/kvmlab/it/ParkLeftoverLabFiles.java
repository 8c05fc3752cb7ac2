package dev.kvmlab.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@code lab-*} file already in kvmlab's image folder (left by an earlier, interrupted lab
 * session) would make `lab start` treat the lab's disk as pre-existing, so `lab finish` would rightly
 * keep it and the "finish leaves no lab disk" checks could not run. This extension moves such files
 * aside for the duration of a test class (a rename on the same file system: same inode, bytes,
 * owner, mode and times) and puts them back afterwards, also on JVM shutdown, and first restores
 * anything a killed earlier run left parked. Nothing is ever deleted.
 */
final class ParkLeftoverLabFiles implements BeforeAllCallback, AfterAllCallback {

	static final Path PARKING = Host.IMAGES.resolveSibling(".kvmlab-it-parked");

	private static final List<Path> parked = new ArrayList<>();

	private static Thread hook;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		restore(); // a killed earlier run
		park();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		restore();
	}

	static synchronized void park() throws IOException {
		if (!Files.isDirectory(Host.IMAGES)) {
			return;
		}
		List<Path> leftovers;
		try (Stream<Path> s = Files.list(Host.IMAGES)) {
			leftovers = s.filter(p -> p.getFileName().toString().startsWith("lab-") && Files.isRegularFile(p)).toList();
		}
		if (leftovers.isEmpty()) {
			return;
		}
		Files.createDirectories(PARKING);
		for (Path p : leftovers) {
			Path to = PARKING.resolve(p.getFileName());
			Files.move(p, to, StandardCopyOption.ATOMIC_MOVE);
			parked.add(to);
			System.err.println("kvmlab-it: " + p + " was already there (a leftover?); parked it in " + PARKING
					+ " for these tests; it goes back afterwards");
		}
		if (hook == null) {
			hook = new Thread(ParkLeftoverLabFiles::restore, "kvmlab-it-restore-parked");
			Runtime.getRuntime().addShutdownHook(hook);
		}
	}

	static synchronized void restore() {
		if (!Files.isDirectory(PARKING)) {
			return;
		}
		try (Stream<Path> s = Files.list(PARKING)) {
			for (Path p : s.toList()) {
				Path back = Host.IMAGES.resolve(p.getFileName());
				if (Files.exists(back)) {
					System.err.println("kvmlab-it: cannot put " + p + " back: " + back + " exists; left it in " + PARKING);
					continue;
				}
				Files.createDirectories(Host.IMAGES);
				Files.move(p, back, StandardCopyOption.ATOMIC_MOVE);
				parked.remove(p);
			}
		}
		catch (IOException e) {
			System.err.println("kvmlab-it: cannot restore parked files from " + PARKING + ": " + e.getMessage());
			return;
		}
		try {
			Files.deleteIfExists(PARKING);
		}
		catch (IOException e) {
			System.err.println("kvmlab-it: " + PARKING + " not empty: " + e.getMessage());
		}
	}
}
