package dev.kvmlab.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host tools kvmlab needs besides libvirt (iproute2's {@code ip}, {@code qemu-img}, apt and dpkg for
 * the guest image) and turns a failure into a {@link HostException} carrying the tool's own message.
 */
public final class HostCommands {

	private static final long TIMEOUT_SECONDS = 120;

	public String run(List<String> command) {
		return exec(command, null, Duration.ofSeconds(TIMEOUT_SECONDS), true);
	}

	/** Runs a tool in {@code workdir} (null: the current directory), failing when it exits non-zero or outlives {@code timeout}. */
	public String run(List<String> command, Path workdir, Duration timeout) {
		return exec(command, workdir, timeout, true);
	}

	/** Runs a tool and returns what it printed, whatever its exit status (for reporters such as virt-host-validate). */
	public String output(List<String> command) {
		return exec(command, null, Duration.ofSeconds(TIMEOUT_SECONDS), false);
	}

	private String exec(List<String> command, Path workdir, Duration timeout, boolean failOnExit) {
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		if (workdir != null) {
			pb.directory(workdir.toFile());
		}
		pb.environment().put("LC_ALL", "C");
		Process p;
		try {
			p = pb.start();
		}
		catch (IOException e) {
			throw new HostException("COMMAND_MISSING", command.get(0) + " cannot be run: " + e.getMessage(), e);
		}
		// Drained on its own thread, so a tool that hangs with its output open still meets the timeout.
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Thread drain = new Thread(() -> {
			try (InputStream in = p.getInputStream()) {
				in.transferTo(out);
			}
			catch (IOException ignored) {
				// the process went away; what was read is kept
			}
		}, "kvmlab-command-output");
		drain.setDaemon(true);
		try {
			p.getOutputStream().close();
			drain.start();
			if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly();
				throw new HostException("COMMAND_TIMEOUT", String.join(" ", command) + ": no answer in "
						+ timeout.toSeconds() + " s");
			}
			drain.join(5000);
			String text = out.toString().trim();
			if (failOnExit && p.exitValue() != 0) {
				throw new HostException("COMMAND_FAILED", String.join(" ", command) + ": "
						+ (text.isEmpty() ? "exit code " + p.exitValue() : text.lines().reduce((a, b) -> b).orElse("")));
			}
			return text;
		}
		catch (IOException e) {
			throw new HostException("COMMAND_FAILED", String.join(" ", command) + ": " + e.getMessage(), e);
		}
		catch (InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new HostException("INTERRUPTED", String.join(" ", command) + ": interrupted", e);
		}
	}

	public boolean available(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
			if (new java.io.File(dir, tool).canExecute()) {
				return true;
			}
		}
		return new java.io.File("/usr/sbin/" + tool).canExecute() || new java.io.File("/sbin/" + tool).canExecute();
	}
}
