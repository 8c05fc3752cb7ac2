package dev.kvmlab.lab.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.host.HostException;

/**
 * A learner's hook is moved aside at lab start and comes back byte-identical with its mode at lab
 * finish; only a hook with the lab's marker line is ever written over or removed. On files in a
 * temporary folder standing in for /etc/libvirt/hooks.
 */
class HookScriptsTests {

	private static final String LAB = "libvirt-hook";

	private static final String OURS = "#!/bin/sh\n# kvmlab-lab: libvirt-hook\nexit 0\n";

	private static final String THEIRS = "#!/bin/bash\n# my own hook\nlogger started \"$1\"\nexit 0\n";

	@TempDir
	Path hooks;

	private Path learnersHook() throws Exception {
		Path hook = hooks.resolve("qemu");
		Files.writeString(hook, THEIRS);
		Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-x---"));
		Files.setLastModifiedTime(hook, FileTime.fromMillis(1_600_000_000_000L));
		return hook;
	}

	@Test
	void aLearnersHookIsMovedAsideAndPutBackByteIdenticalWithItsMode() throws Exception {
		Path hook = learnersHook();
		byte[] bytes = Files.readAllBytes(hook);

		Path backup = HookScripts.backUp(hook, LAB, LocalDateTime.of(2026, 11, 26, 10, 3, 12));

		assertThat(backup).isEqualTo(hooks.resolve("qemu.kvmlab-backup-20261126-100312"));
		assertThat(hook).doesNotExist();
		HookScripts.write(hook, OURS, "0755");
		assertThat(Files.getPosixFilePermissions(hook)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));

		String done = HookScripts.finish(hook, LAB, backup);

		assertThat(done).isEqualTo("removed hook " + hook + "; put your earlier hook back from " + backup);
		assertThat(Files.readAllBytes(hook)).isEqualTo(bytes);
		assertThat(Files.getPosixFilePermissions(hook)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
		assertThat(Files.getLastModifiedTime(hook).toMillis()).isEqualTo(1_600_000_000_000L);
		assertThat(backup).doesNotExist();
	}

	@Test
	void nothingIsMovedWhenThereIsNoHookOrItIsTheLabsOwn() throws Exception {
		Path hook = hooks.resolve("qemu");
		assertThat(HookScripts.backUp(hook, LAB, LocalDateTime.now())).isNull();
		HookScripts.write(hook, OURS, "0755");
		assertThat(HookScripts.backUp(hook, LAB, LocalDateTime.now())).isNull();
		assertThat(hook).hasContent(OURS);
	}

	@Test
	void finishLeavesAHookWithoutTheMarkerAloneAndKeepsTheBackup() throws Exception {
		Path hook = learnersHook();
		Path backup = hooks.resolve("qemu.kvmlab-backup-1");
		Files.writeString(backup, "#!/bin/sh\n# the first one\n");

		String done = HookScripts.finish(hook, LAB, backup);

		assertThat(done).contains("left alone (no `# kvmlab-lab: libvirt-hook` line").contains("stays at " + backup);
		assertThat(hook).hasContent(THEIRS);
		assertThat(backup).exists();
		assertThat(HookScripts.finish(hooks.resolve("daemon"), LAB, null)).isEqualTo("hook " + hooks.resolve("daemon") + ": not there");
	}

	@Test
	void theMarkerIsACommentLineOfItsOwn() {
		assertThat(HookScripts.isMarkerIn(OURS, LAB)).isTrue();
		assertThat(HookScripts.isMarkerIn("#!/bin/sh\n#   kvmlab-lab: libvirt-hook  \n", LAB)).isTrue();
		assertThat(HookScripts.isMarkerIn("#!/bin/sh\necho kvmlab-lab: libvirt-hook\n", LAB)).isFalse();
		assertThat(HookScripts.isMarkerIn("#!/bin/sh\n# kvmlab-lab: libvirt-hook-2\n", LAB)).isFalse();
		assertThat(HookScripts.isMarkerIn("#!/bin/sh\n# not kvmlab-lab: libvirt-hook\n", LAB)).isFalse();
	}

	@Test
	void onlyLibvirtsHookScriptsAndOctalModesAreAccepted() {
		assertThat(HookScripts.hookPath("/etc/libvirt/hooks/qemu")).isEqualTo(Path.of("/etc/libvirt/hooks/qemu"));
		assertThat(HookScripts.hookPath("/etc/libvirt/hooks/../hooks/network")).isEqualTo(Path.of("/etc/libvirt/hooks/network"));
		assertThatThrownBy(() -> HookScripts.hookPath("/etc/passwd")).isInstanceOf(HostException.class);
		assertThatThrownBy(() -> HookScripts.hookPath("/etc/libvirt/hooks/qemu.d/x")).isInstanceOf(HostException.class);
		assertThat(HookScripts.permissions("0750")).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
		assertThat(HookScripts.permissions("644")).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
		assertThatThrownBy(() -> HookScripts.permissions("rwx")).isInstanceOf(HostException.class);
		assertThatThrownBy(() -> HookScripts.permissions("0855")).isInstanceOf(HostException.class);
	}
}
