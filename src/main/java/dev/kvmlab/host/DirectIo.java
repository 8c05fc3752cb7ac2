package dev.kvmlab.host;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the files of a domain's disks can be opened with O_DIRECT, which {@code cache='none'} and
 * {@code 'directsync'} need: tmpfs and some network or FUSE file systems refuse it, and QEMU then
 * cannot open the disk. Per file: true or false (a file that does not exist is left out). Read on
 * the machine itself only.
 */
public record DirectIo(String domain) implements Need.Reading<Map<String, Boolean>> {

	@Override
	public Lookup<Map<String, Boolean>> read(LibvirtHost host) {
		return LocalReading.read(host, "disk files", root -> {
			DomainInfo d = host.findDomain(domain);
			if (d == null) {
				return Lookup.absent();
			}
			Map<String, Boolean> out = new LinkedHashMap<>();
			for (String file : LibvirtHost.diskFiles(d)) {
				Boolean direct = opensDirect(root.resolve(file.substring(file.startsWith("/") ? 1 : 0)));
				if (direct != null) {
					out.put(file, direct);
				}
			}
			return Lookup.found(out);
		});
	}

	/** True when the file opens with O_DIRECT, false when its file system refuses it, null when there is no such file. */
	static Boolean opensDirect(Path file) {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
			return true;
		}
		catch (IOException | UnsupportedOperationException e) {
			return false;
		}
	}
}
