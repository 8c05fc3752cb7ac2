package dev.kvmlab.host;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * A {@link Need.Reading} of the machine's own /proc, /sys or /run (under {@link LocalSystem#root}):
 * unsupported, with the reason, in practice mode and against a remote URI.
 */
final class LocalReading {

	private LocalReading() {
	}

	static <T> Lookup<T> read(LibvirtHost host, String what, Function<Path, Lookup<T>> reader) {
		if (host.isPractice()) {
			return Lookup.unsupported("practice mode: " + what + " on the real machine are not read");
		}
		if (!host.isLocal()) {
			return Lookup.unsupported(what + " can only be read on the machine itself (URI " + UriRedactor.redact(host.uri())
					+ " is remote)");
		}
		return reader.apply(host.local().root());
	}
}
