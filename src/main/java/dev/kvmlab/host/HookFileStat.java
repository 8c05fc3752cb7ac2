package dev.kvmlab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Who owns a file on the machine itself and who may run and change it (for a hook script, which
 * libvirt runs as root). A missing file is absent; practice mode and remote URIs are unsupported.
 */
public record HookFileStat(String path) implements Need.Reading<HookFileStat.Info> {

	/** A file's type, numeric owner and permission bits ({@code rwxr-xr-x}). */
	public record Info(String path, boolean regular, int uid, Set<PosixFilePermission> permissions) {

		public String mode() {
			int bits = 0;
			for (PosixFilePermission p : permissions) {
				bits |= 1 << (8 - p.ordinal());
			}
			return String.format("%04o", bits);
		}

		public String describe() {
			return path + ": " + (regular ? "file" : "not a regular file") + ", owner uid " + uid + ", mode " + mode() + " ("
					+ PosixFilePermissions.toString(permissions) + ")";
		}
	}

	@Override
	public Lookup<Info> read(LibvirtHost host) {
		if (host.isPractice()) {
			return Lookup.unsupported("practice mode: files on the machine are not graded");
		}
		if (!host.isLocal()) {
			return Lookup.unsupported("files can only be read on the machine itself (URI " + UriRedactor.redact(host.uri())
					+ " is remote)");
		}
		return stat(Path.of(path));
	}

	static Lookup<Info> stat(Path file) {
		if (!Files.exists(file)) {
			return Lookup.absent();
		}
		try {
			PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
			int uid = (Integer) Files.getAttribute(file, "unix:uid");
			return Lookup.found(new Info(file.toString(), a.isRegularFile(), uid, a.permissions()));
		}
		catch (IOException | UnsupportedOperationException e) {
			return Lookup.failed("cannot read " + file + ": " + e.getMessage());
		}
	}
}
