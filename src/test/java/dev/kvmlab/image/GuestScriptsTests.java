package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestScriptsTests {

	private static final List<String> MODULES = List.of("kernel/drivers/virtio/virtio_ring.ko",
			"kernel/drivers/virtio/virtio.ko", "kernel/drivers/virtio/virtio_pci.ko.xz");

	@Test
	void initLoadsTheModulesInTheGivenOrder() {
		String init = GuestScripts.renderInit("6.1.0-56-cloud-amd64", MODULES);
		assertThat(init).startsWith("#!/bin/sh\n");
		assertThat(init).doesNotContain("@@");
		assertThat(init).contains("kernel 6.1.0-56-cloud-amd64").contains("image format " + GuestScripts.FORMAT);
		assertThat(init).contains("load kernel/drivers/virtio/virtio_ring.ko\nload kernel/drivers/virtio/virtio.ko\n"
				+ "load kernel/drivers/virtio/virtio_pci.ko\n");
		assertThat(init.indexOf("load kernel/drivers/virtio/virtio_pci.ko")).isLessThan(init.indexOf("qemu-ga -m virtio-serial"));
	}

	@Test
	void initReadsTheKvmlabParametersAndPrintsTheMarkers() {
		String init = GuestScripts.renderInit("6.1.0-x", MODULES);
		for (String p : List.of("kvmlab.hostname=*", "kvmlab.ip=*", "kvmlab.heartbeat=*", "kvmlab.dirty=*")) {
			assertThat(init).contains(p + ")");
		}
		assertThat(init).contains("echo \"" + GuestCmdline.READY_MARKER + " $HOST $KVER\"");
		assertThat(init).contains("echo \"" + GuestCmdline.HEARTBEAT_MARKER + " $HOST $n\"");
		assertThat(init).contains("echo \"" + GuestCmdline.IP_MARKER + " eth0 $addr\"");
		assertThat(init).contains("/dev/virtio-ports/org.qemu.guest_agent.0");
		assertThat(init).contains("mount -t proc").contains("mount -t sysfs").contains("mount -t devtmpfs")
			.contains("mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs /run");
		// the marker comes after the agent is started, the shell last
		assertThat(init.indexOf("qemu-ga -m virtio-serial")).isLessThan(init.indexOf("echo \"KVMLAB-GUEST-READY"));
		assertThat(init.indexOf("echo \"KVMLAB-GUEST-READY")).isLessThan(init.indexOf("setsid cttyhack sh"));
		assertThat(GuestScripts.resource("default.script")).contains(GuestCmdline.IP_MARKER + " $interface $ip/");
	}

	@Test
	void oddModulePathsAreRefused() {
		assertThatThrownBy(() -> GuestScripts.renderInit("6.1", List.of("kernel/a.ko; reboot -f")))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void scriptsAreValidShell(@TempDir Path dir) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh");
		Files.writeString(dir.resolve("init"), GuestScripts.renderInit("6.1.0-x", MODULES));
		for (var e : GuestScripts.etcFiles().entrySet()) {
			if (GuestScripts.EXECUTABLES.contains(e.getKey())) {
				Path f = dir.resolve(e.getKey().replace('/', '_'));
				Files.writeString(f, e.getValue());
			}
		}
		try (var files = Files.list(dir)) {
			for (Path f : files.toList()) {
				assertThat(Files.readString(f)).as(f.getFileName().toString()).startsWith("#!/bin/sh\n");
				Process p = new ProcessBuilder("/bin/sh", "-n", f.toString()).redirectErrorStream(true).start();
				assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
				assertThat(p.exitValue()).as(f.getFileName() + ": " + new String(p.getInputStream().readAllBytes())).isZero();
			}
		}
	}

	@Test
	void recipeIsStable() {
		assertThat(GuestScripts.recipe()).hasSize(16).isEqualTo(GuestScripts.recipe());
	}

	@Test
	void guestFilesHaveTheirRoles() {
		var files = GuestScripts.etcFiles();
		assertThat(files.get("etc/passwd")).startsWith("root:x:0:0:");
		assertThat(files.get("sbin/shutdown")).contains("-r").contains("poweroff -f");
		assertThat(files.get("etc/acpi/PWRF/00000080")).contains("poweroff -f");
		assertThat(GuestScripts.EXECUTABLES).allMatch(files::containsKey);
	}
}
