package dev.kvmlab.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Restarts this machine's libvirt daemon, which reads some settings only when it starts (whether a hook
 * script exists, for one). With systemd: {@code systemctl restart libvirtd}. Without (containers, the
 * CI machine): the running libvirtd named by its pid file is stopped (SIGTERM) and started again with
 * its own command line. Running domains keep running: libvirtd reconnects to their QEMU processes.
 */
public final class LibvirtDaemon {

	private static final List<Path> PID_FILES = List.of(Path.of("/run/libvirtd.pid"), Path.of("/run/libvirt/libvirtd.pid"));

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

	private LibvirtDaemon() {
	}

	/** Restarts libvirtd and waits until {@code uri} answers again; returns what was done, in one line. */
	public static String restart(String uri, HostCommands commands) {
		if (Files.isDirectory(Path.of("/run/systemd/system")) && commands.available("systemctl")) {
			commands.run(List.of("systemctl", "restart", "libvirtd"));
			awaitAnswer(uri);
			return "restarted libvirtd (systemctl restart libvirtd)";
		}
		long pid = runningPid();
		List<String> argv = commandLine(pid);
		ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow(() -> notRunning());
		daemon.destroy();
		Instant stopBy = Instant.now().plus(STOP_TIMEOUT);
		while (daemon.isAlive() && Instant.now().isBefore(stopBy)) {
			sleep(100);
		}
		if (daemon.isAlive()) {
			throw new HostException("COMMAND_TIMEOUT", "libvirtd (pid " + pid + ") did not stop within "
					+ STOP_TIMEOUT.toSeconds() + " s of SIGTERM");
		}
		commands.run(argv, null, Duration.ofSeconds(60));
		awaitAnswer(uri);
		return "restarted libvirtd (stopped pid " + pid + ", started `" + String.join(" ", argv) + "`)";
	}

	/** The pid of the running libvirtd, from its pid file. */
	static long runningPid() {
		for (Path file : PID_FILES) {
			try {
				long pid = Long.parseLong(Files.readString(file).strip());
				Path comm = Path.of("/proc", Long.toString(pid), "comm");
				if (Files.exists(comm) && Files.readString(comm).strip().equals("libvirtd")) {
					return pid;
				}
			}
			catch (IOException | NumberFormatException e) {
				// no such pid file, or a stale one: try the next
			}
		}
		throw notRunning();
	}

	/** The daemon's command line, with the program as an absolute path and daemon mode (-d) on. */
	static List<String> commandLine(long pid) {
		try {
			Path proc = Path.of("/proc", Long.toString(pid));
			String raw = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8);
			List<String> argv = new ArrayList<>(Arrays.asList(raw.split("\0")));
			argv.removeIf(String::isEmpty);
			argv.set(0, Files.readSymbolicLink(proc.resolve("exe")).toString());
			if (!argv.contains("-d") && !argv.contains("--daemon")) {
				argv.add("-d");
			}
			return argv;
		}
		catch (IOException | IndexOutOfBoundsException e) {
			throw new HostException("IO", "cannot read the command line of libvirtd (pid " + pid + "): " + e.getMessage(), e);
		}
	}

	private static HostException notRunning() {
		return new HostException("NO_DAEMON", "no running libvirtd found (pid file " + PID_FILES.get(0) + " or "
				+ PID_FILES.get(1) + "); start it with `libvirtd -d` (or `systemctl start libvirtd`)");
	}

	/** Waits until a read-only connection to {@code uri} opens. */
	static void awaitAnswer(String uri) {
		Instant by = Instant.now().plus(ANSWER_TIMEOUT);
		while (true) {
			try (LibvirtHost host = LibvirtHost.open(uri, true)) {
				return;
			}
			catch (HostException e) {
				if (Instant.now().isAfter(by)) {
					throw new HostException("NO_DAEMON", "libvirtd did not answer on " + UriRedactor.redact(uri) + " within "
							+ ANSWER_TIMEOUT.toSeconds() + " s of its restart: " + e.getMessage());
				}
				sleep(200);
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new HostException("INTERRUPTED", "interrupted while restarting libvirtd", e);
		}
	}
}
