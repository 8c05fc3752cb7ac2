package dev.kvmlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory tree that describes a machine as /proc, /sys and /dev would, for
 * {@link dev.kvmlab.host.LocalSystem}. A character device cannot be made without privileges; a FIFO
 * stands in for /dev/kvm, since LocalSystem only asks for "a special file" and its permissions.
 */
public final class FakeRoot {

	private final Path root;

	public FakeRoot(Path root) {
		this.root = root;
	}

	public Path path() {
		return root;
	}

	public FakeRoot file(String relative, String content) {
		try {
			Path p = root.resolve(relative);
			Files.createDirectories(p.getParent());
			Files.writeString(p, content);
			return this;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public FakeRoot dir(String relative) {
		try {
			Files.createDirectories(root.resolve(relative));
			return this;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** /proc/cpuinfo with {@code cpus} processors of this vendor and flags. */
	public FakeRoot cpuinfo(String vendor, String flags, int cpus) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < cpus; i++) {
			s.append("processor\t: ").append(i).append('\n');
			s.append("vendor_id\t: ").append(vendor).append('\n');
			s.append("model name\t: Pretend CPU\n");
			s.append("flags\t\t: ").append(flags).append("\n\n");
		}
		return file("proc/cpuinfo", s.toString());
	}

	public FakeRoot module(String name) {
		return dir("sys/module/" + name);
	}

	/** A special file at /dev/kvm with these permission bits ("rw-rw----"). */
	public FakeRoot kvmDevice(String permissions) {
		try {
			Path kvm = root.resolve("dev/kvm");
			Files.createDirectories(kvm.getParent());
			Process p = new ProcessBuilder("mkfifo", kvm.toString()).redirectErrorStream(true).start();
			if (p.waitFor() != 0) {
				throw new IllegalStateException("mkfifo failed: " + new String(p.getInputStream().readAllBytes()));
			}
			Files.setPosixFilePermissions(kvm, PosixFilePermissions.fromString(permissions));
			return this;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public FakeRoot mounts(String... lines) {
		return file("proc/mounts", String.join("\n", lines) + "\n");
	}

	/** A unified cgroup v2 hierarchy at /sys/fs/cgroup with these controllers. */
	public FakeRoot cgroupV2(String controllers) {
		return mounts("sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0",
				"cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0")
			.file("sys/fs/cgroup/cgroup.controllers", controllers + "\n");
	}

	/** /sys/class/net/NAME with its flags word (0x1 set when up) and MAC. */
	public FakeRoot netif(String name, String flags, String mac) {
		return file("sys/class/net/" + name + "/flags", flags + "\n").file("sys/class/net/" + name + "/address", mac + "\n");
	}
}
