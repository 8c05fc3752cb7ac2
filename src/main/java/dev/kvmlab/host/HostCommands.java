package dev.kvmlab.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host tools a lab needs besides libvirt (iproute2's {@code ip}, {@code qemu-img}) and
 * turns a failure into a {@link HostException} carrying the tool's own message.
 */
public final class HostCommands {

	private static final long TIMEOUT_SECONDS = 120;

	public String run(List<String> command) {
		return exec(command, true);
	}

	/** Runs a tool and returns what it printed, whatever its exit status (for reporters such as virt-host-validate). */
	public String output(List<String> command) {
		return exec(command, false);
	}

	private String exec(List<String> command, boolean failOnExit) {
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		pb.environment().put("LC_ALL", "C");
		try {
			Process p = pb.start();
			p.getOutputStream().close();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (InputStream in = p.getInputStream()) {
				in.transferTo(out);
			}
			if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new HostException("COMMAND_TIMEOUT", String.join(" ", command) + ": no answer in "
						+ TIMEOUT_SECONDS + " s");
			}
			String text = out.toString().trim();
			if (failOnExit && p.exitValue() != 0) {
				throw new HostException("COMMAND_FAILED", String.join(" ", command) + ": "
						+ (text.isEmpty() ? "exit code " + p.exitValue() : text.lines().reduce((a, b) -> b).orElse("")));
			}
			return text;
		}
		catch (IOException e) {
			throw new HostException("COMMAND_MISSING", command.get(0) + " cannot be run: " + e.getMessage(), e);
		}
		catch (InterruptedException e) {
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
