package dev.kvmlab.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command (virsh, ip, qemu-img, the kvmlab launcher) with stdout and stderr kept apart,
 * a timeout, and an optional environment (a null value removes a variable). The integration tests
 * use it to look at the machine independently of the code under test.
 */
final class Cmd {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

	private static final Path SCRATCH = Path.of(System.getProperty("user.dir"), "target", "kvmlab-it-tmp");

	private Cmd() {
	}

	/** What a command did. */
	record Result(List<String> command, int exit, String out, String err) {

		/** Fails the test (with everything the command printed) unless it exited 0. */
		Result ok() {
			if (exit != 0) {
				throw new AssertionError(this.describe());
			}
			return this;
		}

		String describe() {
			return String.join(" ", command) + " -> exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
		}

		List<String> lines() {
			return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
		}
	}

	static Result run(String... command) {
		return run(Map.of(), null, DEFAULT_TIMEOUT, List.of(command));
	}

	static Result run(Map<String, String> env, Path dir, Duration timeout, List<String> command) {
		ProcessBuilder pb = new ProcessBuilder(command);
		pb.environment().put("LC_ALL", "C");
		env.forEach((k, v) -> {
			if (v == null) {
				pb.environment().remove(k);
			}
			else {
				pb.environment().put(k, v);
			}
		});
		if (dir != null) {
			pb.directory(dir.toFile());
		}
		File out = null;
		File err = null;
		try {
			// under target/, so that a killed run leaves nothing in the system's temporary folder
			Files.createDirectories(SCRATCH);
			out = File.createTempFile("out", ".txt", SCRATCH.toFile());
			err = File.createTempFile("err", ".txt", SCRATCH.toFile());
			pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			Process p = pb.start();
			if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + ": no answer in " + timeout);
			}
			return new Result(List.copyOf(command), p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
					Files.readString(err.toPath(), StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new AssertionError(String.join(" ", command) + " cannot be run: " + e.getMessage(), e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(String.join(" ", command) + ": interrupted", e);
		}
		finally {
			if (out != null) {
				out.delete();
			}
			if (err != null) {
				err.delete();
			}
		}
	}

	static List<String> list(String... parts) {
		return new ArrayList<>(Arrays.asList(parts));
	}
}
