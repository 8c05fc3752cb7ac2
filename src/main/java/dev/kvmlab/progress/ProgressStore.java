package dev.kvmlab.progress;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Saves the learner's progress as {@code progress.json} in kvmlab's data directory
 * ({@code $KVMLAB_DATA}, else {@code $XDG_DATA_HOME/kvmlab}, else {@code ~/.local/share/kvmlab}).
 * Writes go to a temporary file that is synced and renamed over the old one, so a crash never
 * leaves half a file. A file that cannot be read is moved aside (never deleted) and reported.
 */
@Component
public class ProgressStore {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

	private final Path dir;

	private final ObjectMapper json = new ObjectMapper()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.setSerializationInclusion(JsonInclude.Include.NON_NULL);

	private String warning;

	/**
	 * Write-behind for records that must not slow a command down (a grade's attempt): one thread.
	 * Every read waits for what is queued, and closing the store (the end of every kvmlab run) waits
	 * for all of it, so nothing queued is lost by a normal exit. Writes that pile up while one is on
	 * its way to disk are coalesced: the record's changes are applied in order to one read and saved
	 * once, and of the files written by key (a lab's latest result) only the newest is written.
	 */
	private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors
		.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "kvmlab-progress-writer");
			t.setDaemon(true);
			return t;
		});

	/** Changes to the record not yet saved, in the order they were made. */
	private final java.util.Queue<Consumer<Progress>> pendingChanges = new java.util.concurrent.ConcurrentLinkedQueue<>();

	/** Files to write, by key: a newer write of the same key replaces one that has not run yet. */
	private final java.util.Map<String, Runnable> pendingFiles = new java.util.LinkedHashMap<>();

	/** Is a flush queued that has not started taking the pending writes yet? */
	private final java.util.concurrent.atomic.AtomicBoolean flushQueued = new java.util.concurrent.atomic.AtomicBoolean();

	@org.springframework.beans.factory.annotation.Autowired
	public ProgressStore(@Value("${kvmlab.data:}") String configured) {
		this.dir = dataDir(configured);
	}

	public ProgressStore(Path dir) {
		this.dir = dir;
	}

	public static Path dataDir(String configured) {
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		String env = System.getenv("KVMLAB_DATA");
		if (env != null && !env.isBlank()) {
			return Path.of(env);
		}
		String xdg = System.getenv("XDG_DATA_HOME");
		if (xdg != null && !xdg.isBlank()) {
			return Path.of(xdg, "kvmlab");
		}
		return Path.of(System.getProperty("user.home"), ".local", "share", "kvmlab");
	}

	public Path dir() {
		return dir;
	}

	public Path file() {
		return dir.resolve("progress.json");
	}

	/**
	 * Queues a file write to run after the command has answered; a later write with the same key that
	 * comes before it has run replaces it. See {@link #drain()}.
	 */
	public void later(String key, Runnable write) {
		synchronized (pendingFiles) {
			pendingFiles.remove(key); // re-inserted at the end: keys are written in the order of their newest write
			pendingFiles.put(key, write);
		}
		scheduleFlush();
	}

	/** Applies a change to the record after the command has answered (in order with other changes). */
	public void updateLater(Consumer<Progress> change) {
		pendingChanges.add(change);
		scheduleFlush();
	}

	private void scheduleFlush() {
		if (flushQueued.compareAndSet(false, true)) {
			try {
				writer.execute(this::flush);
			}
			catch (java.util.concurrent.RejectedExecutionException e) { // closed: write now rather than lose it
				flush();
			}
		}
	}

	/** Takes everything pending (and whatever comes meanwhile is for the next flush), then writes it. */
	private void flush() {
		flushQueued.set(false);
		List<Consumer<Progress>> changes = new java.util.ArrayList<>();
		for (Consumer<Progress> c; (c = pendingChanges.poll()) != null;) {
			changes.add(c);
		}
		List<Runnable> files;
		synchronized (pendingFiles) {
			files = new java.util.ArrayList<>(pendingFiles.values());
			pendingFiles.clear();
		}
		if (!changes.isEmpty()) {
			guarded(() -> change(p -> changes.forEach(c -> c.accept(p))));
		}
		files.forEach(this::guarded);
	}

	private void guarded(Runnable write) {
		try {
			write.run();
		}
		catch (RuntimeException e) {
			synchronized (this) {
				warning = "a record could not be saved: " + e.getMessage();
			}
		}
	}

	/** Waits until every queued write is on disk. */
	public void drain() {
		if (Thread.currentThread().getName().equals("kvmlab-progress-writer")) {
			return;
		}
		try {
			writer.submit(() -> {
			}).get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
			// nothing queued can be waited for any more
		}
	}

	@jakarta.annotation.PreDestroy
	public void close() {
		drain();
		writer.shutdown();
	}

	/**
	 * The warning from the last load, if the file was corrupt and moved aside; null otherwise.
	 * Commands print it so the learner knows.
	 */
	public synchronized String takeWarning() {
		String w = warning;
		warning = null;
		return w;
	}

	public Progress load() {
		drain();
		return read();
	}

	/**
	 * The record as it is on disk now, without waiting for queued writes: for reads of what only
	 * synchronous updates change (a lab's sessions and their variables), never of attempts. A grade
	 * reads its session this way, so back-to-back grades do not wait for each other's records. A file
	 * that cannot be read as it is goes the way of {@link #load()}.
	 */
	public Progress peek() {
		Path file = file();
		if (!Files.exists(file)) {
			return new Progress();
		}
		try {
			Progress p = json.readValue(file.toFile(), Progress.class);
			return p != null ? p : load();
		}
		catch (IOException | RuntimeException e) {
			return load();
		}
	}

	private synchronized Progress read() {
		Path file = file();
		if (!Files.exists(file)) {
			return new Progress();
		}
		try {
			Progress p = json.readValue(file.toFile(), Progress.class);
			return p == null ? new Progress() : p;
		}
		catch (IOException e) {
			Path aside;
			try {
				aside = moveAside(file);
			}
			catch (IOException moveFailed) {
				throw new ProgressException(file + ": cannot be read (" + firstLine(e) + ") and cannot be moved aside ("
						+ moveFailed.getMessage() + "); fix or move it yourself");
			}
			warning = file + ": cannot be read (" + firstLine(e) + "); kept it as " + aside.getFileName()
					+ " and started a new record";
			return new Progress();
		}
	}

	/**
	 * Moves a corrupt file to progress.json.corrupt-STAMP, with -2, -3... when that name is taken: an
	 * earlier corrupt copy (from the same second) is never overwritten.
	 */
	private Path moveAside(Path file) throws IOException {
		String base = "progress.json.corrupt-" + STAMP.format(Instant.now());
		for (int n = 1;; n++) {
			Path aside = dir.resolve(n == 1 ? base : base + "-" + n);
			try {
				return Files.move(file, aside); // fails rather than replaces
			}
			catch (java.nio.file.FileAlreadyExistsException taken) {
				// try the next name
			}
		}
	}

	/** Loads, applies the change and saves, atomically. */
	public Progress update(Consumer<Progress> change) {
		drain();
		return change(change);
	}

	private synchronized Progress change(Consumer<Progress> change) {
		Progress p = read();
		change.accept(p);
		save(p);
		return p;
	}

	public synchronized void save(Progress progress) {
		try {
			Files.createDirectories(dir);
			Path tmp = Files.createTempFile(dir, "progress", ".tmp");
			try {
				Files.write(tmp, json.writeValueAsBytes(progress));
				try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
					ch.force(true);
				}
				try {
					Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException e) {
					Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		}
		catch (IOException e) {
			throw new ProgressException("cannot save progress in " + dir + ": " + e.getMessage());
		}
	}

	private static String firstLine(Exception e) {
		String m = e.getMessage() == null ? e.toString() : e.getMessage();
		return m.lines().findFirst().orElse(m);
	}

	/** Progress cannot be read or written. */
	public static class ProgressException extends RuntimeException {

		public ProgressException(String message) {
			super(message);
		}
	}
}
