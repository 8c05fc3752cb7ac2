package dev.kvmlab.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@code lab-*} file already in kvmlab's image folder (left by an earlier lab session that was
 * finished without its record) would make `lab start` treat the lab's disk as pre-existing, so
 * `lab finish` would rightly keep it and the "finish leaves no lab disk" checks could not run. The
 * tests move such files aside while they run (a rename on the same file system: same inode, bytes,
 * owner, mode and times) and put them back afterwards, also on JVM shutdown. Files parked by a
 * killed earlier run are put back first. Nothing is ever deleted or replaced: a move never
 * overwrites, and a name clash stops the tests with a message instead.
 */
final class ParkLeftoverLabFiles {

	static final Path PARKING = Host.IMAGES.resolveSibling(".kvmlab-it-parked");

	/** What this JVM parked (anything else in PARKING was parked by a killed earlier run). */
	private static final Set<String> parked = new HashSet<>();

	private static Thread hook;

	private ParkLeftoverLabFiles() {
	}

	/** Finishes the labs of an interrupted run first, so that what is left is really not the tests'. */
	static synchronized void park() throws IOException {
		InterruptedRuns.finishAll();
		restoreFromKilledRun();
		if (!Files.isDirectory(Host.IMAGES)) {
			return;
		}
		List<Path> leftovers;
		try (Stream<Path> s = Files.list(Host.IMAGES)) {
			leftovers = s.filter(p -> p.getFileName().toString().startsWith("lab-") && Files.isRegularFile(p)).toList();
		}
		for (Path p : leftovers) {
			String name = p.getFileName().toString();
			if (parked.contains(name)) {
				throw new AssertionError(p + " is back although the original was parked: an earlier test of this run"
						+ " left it (see its failure); not touching it");
			}
			Path to = PARKING.resolve(name);
			if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
				throw new AssertionError(p + " and " + to + " both exist (the second parked by a killed run); not touching"
						+ " either: put the right one back in " + Host.IMAGES + " by hand");
			}
			Files.createDirectories(PARKING);
			Files.move(p, to); // never replaces: fails if the target appeared meanwhile
			parked.add(name);
			System.err.println("kvmlab-it: " + p + " was already there (a leftover?); parked it in " + PARKING
					+ " while the tests run; it goes back afterwards");
		}
		if (!parked.isEmpty() && hook == null) {
			hook = new Thread(ParkLeftoverLabFiles::restore, "kvmlab-it-restore-parked");
			Runtime.getRuntime().addShutdownHook(hook);
		}
	}

	/** Puts back everything this JVM parked. */
	static synchronized void restore() {
		for (String name : Set.copyOf(parked)) {
			if (putBack(name)) {
				parked.remove(name);
			}
		}
		removeParkingIfEmpty();
	}

	private static void restoreFromKilledRun() throws IOException {
		if (!Files.isDirectory(PARKING)) {
			return;
		}
		try (Stream<Path> s = Files.list(PARKING)) {
			for (Path p : s.toList()) {
				if (!parked.contains(p.getFileName().toString())) {
					putBack(p.getFileName().toString());
				}
			}
		}
		removeParkingIfEmpty();
	}

	private static boolean putBack(String name) {
		Path from = PARKING.resolve(name);
		Path back = Host.IMAGES.resolve(name);
		try {
			if (Files.exists(back, LinkOption.NOFOLLOW_LINKS)) {
				System.err.println("kvmlab-it: cannot put " + from + " back: " + back + " exists; left it in " + PARKING);
				return false;
			}
			Files.createDirectories(Host.IMAGES);
			Files.move(from, back); // never replaces
			return true;
		}
		catch (IOException e) {
			System.err.println("kvmlab-it: cannot put " + from + " back: " + e.getMessage());
			return false;
		}
	}

	private static void removeParkingIfEmpty() {
		try (Stream<Path> s = Files.exists(PARKING) ? Files.list(PARKING) : Stream.empty()) {
			if (Files.exists(PARKING) && s.findAny().isEmpty()) {
				Files.delete(PARKING);
			}
		}
		catch (IOException e) {
			System.err.println("kvmlab-it: " + PARKING + ": " + e.getMessage());
		}
	}
}
