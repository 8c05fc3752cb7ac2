package dev.kvmlab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens {@link LibvirtHost#isoVolumeId} to tests in other packages. */
public final class LibvirtHostIso {

	private LibvirtHostIso() {
	}

	public static String volumeId(Path file) throws IOException {
		return LibvirtHost.isoVolumeId(file, Files.size(file));
	}
}
