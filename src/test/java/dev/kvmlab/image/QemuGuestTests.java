package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kvmlab.image.QemuGuest.Accel;

class QemuGuestTests {

	private static final QemuGuest.Options TCG = new QemuGuest.Options(Accel.TCG, Path.of("/img/vmlinuz"),
			Path.of("/img/initrd.img"), "console=ttyS0 kvmlab.hostname=t", 256, true, false, false, QemuGuest.Options.DEFAULT_LIFETIME);

	@Test
	void directKernelBootWithTheSerialConsoleInAFile() {
		List<String> cmd = QemuGuest.command(TCG, Path.of("/tmp/run"));
		assertThat(String.join(" ", cmd)).startsWith("qemu-system-x86_64 -name kvmlab-guest -machine pc,accel=tcg -cpu qemu64")
			.contains("-nodefaults").contains("-no-reboot").contains("-display none")
			.contains("-serial file:/tmp/run/console.log");
		assertThat(cmd).containsSubsequence("-kernel", "/img/vmlinuz", "-initrd", "/img/initrd.img", "-append",
				"console=ttyS0 kvmlab.hostname=t");
		assertThat(cmd).containsSubsequence("-chardev", "socket,path=/tmp/run/qga.sock,server=on,wait=off,id=qga0", "-device",
				"virtio-serial", "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0");
		assertThat(cmd).doesNotContain("-qmp", "-netdev");
	}

	@Test
	void kvmNamedCpuQmpAndNetwork() {
		List<String> cmd = QemuGuest.command(new QemuGuest.Options(Accel.KVM, TCG.kernel(), TCG.initrd(), TCG.cmdline(), 512,
				false, false, false, Duration.ofMinutes(1)).withQmp(true).withNetwork(true), Path.of("/r"));
		// host-model and host-passthrough CPUs fail on nested, software-assisted KVM; a named model works everywhere
		assertThat(cmd).containsSubsequence("-machine", "pc,accel=kvm", "-cpu", "qemu64", "-m", "512");
		assertThat(cmd).containsSubsequence("-qmp", "unix:/r/qmp.sock,server=on,wait=off");
		assertThat(cmd).containsSubsequence("-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0");
		assertThat(cmd).doesNotContain("virtio-serial");
	}

	@Test
	void markersAreFoundAfterAPrompt() {
		String console = "[    2.6] ACPI: button: Power Button [PWRF]\r\n"
				+ "KVMLAB-GUEST-READY vm1 6.1.0-56-cloud-amd64\r\n"
				+ "/ # \u001b[6nKVMLAB-GUEST-IP eth0 10.0.2.15/24\r\n"
				+ "KVMLAB-HEARTBEAT vm1 1\n";
		assertThat(QemuGuest.markerLines(console)).containsExactly("[    2.6] ACPI: button: Power Button [PWRF]",
				"KVMLAB-GUEST-READY vm1 6.1.0-56-cloud-amd64", "KVMLAB-GUEST-IP eth0 10.0.2.15/24", "KVMLAB-HEARTBEAT vm1 1");
	}

	@Test
	void acceleratorsMapToDomainTypes() {
		assertThat(Accel.KVM.domainType()).isEqualTo("kvm");
		assertThat(Accel.TCG.domainType()).isEqualTo("qemu");
		assertThat(Accel.parse("TCG")).isEqualTo(Accel.TCG);
		assertThatThrownBy(() -> Accel.parse("xen")).hasMessageContaining("xen");
	}
}
