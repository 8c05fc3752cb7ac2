package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.kvmlab.host.HostException;

/**
 * libvirt hook scripts ({@code /etc/libvirt/hooks/qemu} ...) as a lab's resource. A hook has a fixed
 * name, so it cannot carry the {@code lab-} prefix: the lab's own hook is the one with the marker line
 * {@code # kvmlab-lab: <lab>}. A learner's hook that is there at {@code lab start} is moved aside to
 * {@code <hook>.kvmlab-backup-<time>} (a rename: same bytes, owner, mode and times) and put back by
 * {@code lab finish}, which removes only a hook carrying the marker.
 */
public final class HookScripts {

	static final Path HOOKS = Path.of("/etc/libvirt/hooks");

	/** The scripts libvirt runs from its hooks folder, one per driver. */
	static final List<String> NAMES = List.of("daemon", "qemu", "lxc", "libxl", "network");

	/** The session variable that keeps where the learner's hook was moved. */
	static final String BACKUP_VAR = "hook_backup";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private HookScripts() {
	}

	public static String marker(String labId) {
		return "kvmlab-lab: " + labId;
	}

	/** The hook named by an action's or resource's path: one of libvirt's hook scripts, or a CONTENT error. */
	static Path hookPath(String path) {
		Path p = Path.of(path).normalize();
		if (!HOOKS.equals(p.getParent()) || !NAMES.contains(p.getFileName().toString())) {
			throw new HostException("CONTENT", "a libvirt hook is one of " + HOOKS + "/" + NAMES + ", not " + path);
		}
		return p;
	}

	/** A regular file (not a link) whose text has the lab's marker line. */
	static boolean isLabs(Path file, String labId) {
		if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		try {
			return Files.size(file) <= 65536 && isMarkerIn(Files.readString(file, StandardCharsets.UTF_8), labId);
		}
		catch (IOException | java.io.UncheckedIOException e) {
			return false;
		}
	}

	/** A comment line {@code # kvmlab-lab: <lab>} in a script's text. */
	static boolean isMarkerIn(String text, String labId) {
		return text.lines().map(String::strip).anyMatch(l -> l.startsWith("#") && l.endsWith(marker(labId))
				&& l.substring(1).strip().equals(marker(labId)));
	}

	/**
	 * Moves a hook that is not the lab's aside, next to it; returns where, or null when there was
	 * nothing to move (no hook, or the lab's own).
	 */
	static Path backUp(Path hook, String labId, LocalDateTime now) throws IOException {
		if (!Files.exists(hook, LinkOption.NOFOLLOW_LINKS) || isLabs(hook, labId)) {
			return null;
		}
		Path backup = hook.resolveSibling(hook.getFileName() + ".kvmlab-backup-" + STAMP.format(now));
		Files.move(hook, backup); // a rename: never replaces, keeps the inode
		return backup;
	}

	/** Writes the hook through a temporary file in its folder, with the mode given ("0755"). */
	static void write(Path hook, String text, String mode) throws IOException {
		Files.createDirectories(hook.getParent());
		Path tmp = Files.createTempFile(hook.getParent(), ".kvmlab-", ".tmp");
		try {
			Files.writeString(tmp, text, StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(tmp, permissions(mode));
			Files.move(tmp, hook, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** "0755" as permissions; a CONTENT error for anything but three or four octal digits. */
	static Set<PosixFilePermission> permissions(String mode) {
		if (mode == null || !mode.matches("0?[0-7]{3}")) {
			throw new HostException("CONTENT", "a file mode is octal, like 0755, not " + mode);
		}
		int bits = Integer.parseInt(mode, 8);
		Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
		for (PosixFilePermission p : PosixFilePermission.values()) {
			if ((bits & (1 << (8 - p.ordinal()))) != 0) {
				out.add(p);
			}
		}
		return out;
	}

	/** {@code lab finish} for a hook resource: removes the lab's hook, then puts the learner's back. */
	public static String finish(ActionContext ctx, String path) {
		Path hook = hookPath(ctx.expand(path));
		if (ctx.practice() || !ctx.host().isLocal()) {
			return "hook " + hook + ": not there (" + (ctx.practice() ? "practice mode" : "remote host") + ")";
		}
		String backup = ctx.vars().get(BACKUP_VAR);
		return finish(hook, ctx.labId(), backup == null ? null : Path.of(backup));
	}

	static String finish(Path hook, String labId, Path backup) {
		StringBuilder out = new StringBuilder();
		try {
			if (!Files.exists(hook, LinkOption.NOFOLLOW_LINKS)) {
				out.append("hook ").append(hook).append(": not there");
			}
			else if (isLabs(hook, labId)) {
				Files.delete(hook);
				out.append("removed hook ").append(hook);
			}
			else {
				out.append("hook ").append(hook).append(": left alone (no `# ").append(marker(labId))
					.append("` line: not the lab's)");
			}
			if (backup != null && Files.exists(backup, LinkOption.NOFOLLOW_LINKS)) {
				if (Files.exists(hook, LinkOption.NOFOLLOW_LINKS)) {
					out.append("; your earlier hook stays at ").append(backup).append(" (").append(hook)
						.append(" is taken by a hook that is not the lab's): put it back yourself");
				}
				else {
					Files.move(backup, hook);
					out.append("; put your earlier hook back from ").append(backup);
				}
			}
		}
		catch (IOException e) {
			out.append("; could not finish: ").append(e.getMessage());
		}
		return out.toString();
	}
}
