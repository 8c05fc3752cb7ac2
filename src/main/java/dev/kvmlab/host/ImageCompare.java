package dev.kvmlab.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether two image files hold the same data as the guest sees it ({@code qemu-img compare -U}: format,
 * backing chain and allocation may differ). Absent when either file is missing; read on the machine
 * itself only.
 */
public record ImageCompare(String path, String other) implements Need.Reading<ImageCompare.Verdict> {

	/** @param said qemu-img's own words ("Images are identical.", "Content mismatch at offset 0!") */
	public record Verdict(boolean identical, String said) {
	}

	@Override
	public Lookup<Verdict> read(LibvirtHost host) {
		if (!host.isLocal()) {
			return Lookup.unsupported(host.isPractice() ? "practice mode: there are no image files to compare"
					: "qemu-img can only compare image files on the machine itself (URI " + host.uri() + " is remote)");
		}
		if (!Files.isRegularFile(Path.of(path)) || !Files.isRegularFile(Path.of(other))) {
			return Lookup.absent();
		}
		String said = new HostCommands().output(List.of("qemu-img", "compare", "-U", path, other)).strip();
		if (said.contains("Images are identical")) {
			return Lookup.found(new Verdict(true, said));
		}
		if (said.contains("mismatch")) {
			return Lookup.found(new Verdict(false, said));
		}
		return Lookup.failed("qemu-img compare " + path + " " + other + ": " + said);
	}
}
