package dev.kvmlab.curriculum;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.asciidoctor.Asciidoctor;
import org.asciidoctor.log.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one AsciidoctorJ instance of the process, created on first use: JRuby takes about three
 * seconds to start, so nothing creates it until a lesson is rendered, searched or exported (the
 * interactive shell warms it up in the background, see {@link #warmUpInBackground}). Every use goes
 * through {@link #call}, one at a time: the JRuby runtime and its documents are not shared between
 * threads. Asciidoctor's log messages are collected per call instead of being printed.
 */
public final class AdocEngine {

	private static final Logger log = LoggerFactory.getLogger(AdocEngine.class);

	private static final Object LOCK = new Object();

	/**
	 * AsciidoctorJ also logs through java.util.logging to stderr; learners should not see authoring
	 * warnings (curriculum lint reports them). Held here so the setting is not garbage-collected.
	 */
	private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger("asciidoctor");

	private static Asciidoctor instance;

	private static List<LogRecord> collector;

	private static volatile boolean started;

	private AdocEngine() {
	}

	/** True once the instance exists (tests use it to prove a command did not need it). */
	public static boolean started() {
		return started;
	}

	/** Runs {@code work} with the shared instance, creating it first if needed. */
	public static <T> T call(Function<Asciidoctor, T> work) {
		synchronized (LOCK) {
			return work.apply(instance());
		}
	}

	/** Like {@link #call}, and also returns what Asciidoctor logged meanwhile. */
	public static <T> Logged<T> callLogged(Function<Asciidoctor, T> work) {
		synchronized (LOCK) {
			Asciidoctor a = instance();
			List<LogRecord> records = new ArrayList<>();
			List<LogRecord> outer = collector;
			collector = records;
			try {
				return new Logged<>(work.apply(a), records);
			}
			finally {
				collector = outer;
			}
		}
	}

	/** A result with the log records Asciidoctor emitted while producing it. */
	public record Logged<T>(T value, List<LogRecord> records) {
	}

	private static Asciidoctor instance() {
		if (instance == null) {
			long t0 = System.nanoTime();
			if (System.getProperty("jruby.compile.mode") == null) {
				// JRuby's own JIT does not pay off in a short run; its interpreter starts faster
				System.setProperty("jruby.compile.mode", "OFF");
			}
			JUL.setLevel(java.util.logging.Level.OFF);
			Asciidoctor a = Asciidoctor.Factory.create();
			a.javaConverterRegistry().register(AnsiConverter.class);
			a.registerLogHandler(AdocEngine::handle);
			instance = a;
			started = true;
			log.debug("AsciidoctorJ {} ready in {} ms", a.asciidoctorVersion(), (System.nanoTime() - t0) / 1_000_000);
		}
		return instance;
	}

	private static void handle(LogRecord record) {
		List<LogRecord> c = collector;
		if (c != null) {
			c.add(record);
		}
		else {
			log.debug("asciidoctor: {} {}", record.getSeverity(), record.getMessage());
		}
	}

	/**
	 * Starts AsciidoctorJ on a low-priority daemon thread, then runs {@code afterwards} (for example
	 * loading the lessons), so the first {@code learn} in the shell does not wait. A no-op when it
	 * already runs.
	 */
	public static void warmUpInBackground(long delayMillis, Runnable afterwards) {
		if (started) {
			return;
		}
		Thread t = new Thread(() -> {
			try {
				Thread.sleep(delayMillis);
				call(a -> a.load("= Warm-up\n\nwarm *up* `now`\n\n[source,bash]\n----\nls -l\n----\n",
						org.asciidoctor.Options.builder().backend(AnsiConverter.BACKEND).build()).getBlocks().size());
				if (afterwards != null) {
					afterwards.run();
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException | LinkageError e) {
				log.debug("warm-up failed: {}", e.toString());
			}
		}, "kvmlab-asciidoctor-warmup");
		t.setDaemon(true);
		t.setPriority(Thread.MIN_PRIORITY);
		t.start();
	}
}
