package dev.kvmlab.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook readings' file parts on real files: a file's owner and mode, and the lines a log gained. */
class HookReadingsTests {

	@TempDir
	Path dir;

	@Test
	void aFilesOwnerAndModeAreRead() throws Exception {
		Path hook = dir.resolve("qemu");
		Files.writeString(hook, "#!/bin/sh\nexit 0\n");
		Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-x---"));

		HookFileStat.Info info = HookFileStat.stat(hook).orNull();

		assertThat(info.regular()).isTrue();
		assertThat(info.uid()).isEqualTo((Integer) Files.getAttribute(hook, "unix:uid"));
		assertThat(info.mode()).isEqualTo("0750");
		assertThat(HookFileStat.stat(dir.resolve("missing"))).isEqualTo(Lookup.absent());
		assertThat(HookFileStat.stat(dir).orNull().regular()).isFalse();
	}

	@Test
	void onlyTheLinesAfterTheOffsetAreNewUnlessTheLogWasTruncated() throws Exception {
		Path log = dir.resolve("lab-hook.log");
		Files.writeString(log, "old 1\nold 2\n");
		long offset = Files.size(log);
		Files.writeString(log, "new 1\n\nnew 2\n", java.nio.file.StandardOpenOption.APPEND);

		assertThat(HookProbe.newLines(log, offset)).containsExactly("new 1", "new 2");
		Files.writeString(log, "x\n");
		assertThat(HookProbe.newLines(log, offset)).containsExactly("x");
		assertThat(HookProbe.newLines(dir.resolve("none.log"), 0)).isEmpty();
	}
}
