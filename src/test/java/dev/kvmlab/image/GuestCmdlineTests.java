package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GuestCmdlineTests {

	@Test
	void defaultsLeaveTheGuestDefaultsUnwritten() {
		assertThat(GuestCmdline.defaults().render()).isEqualTo("console=ttyS0");
		assertThat(GuestCmdline.defaults().hostnameOrDefault()).isEqualTo("kvmlab-guest");
	}

	@Test
	void everyParameterInAStableOrder() {
		GuestCmdline c = GuestCmdline.defaults().dirty(64).heartbeat(true).ip("192.168.122.50/24,192.168.122.1")
			.hostname("lab-vm1").console("hvc0").panicExit(true).with("quiet");
		assertThat(c.render()).isEqualTo("console=hvc0 kvmlab.hostname=lab-vm1 kvmlab.ip=192.168.122.50/24,192.168.122.1"
				+ " kvmlab.heartbeat=1 kvmlab.dirty=64 panic=-1 quiet");
		assertThat(c.hostnameOrDefault()).isEqualTo("lab-vm1");
	}

	@Test
	void copiesAreIndependent() {
		GuestCmdline base = GuestCmdline.defaults().hostname("a");
		GuestCmdline beat = base.heartbeat(true);
		assertThat(base.render()).isEqualTo("console=ttyS0 kvmlab.hostname=a");
		assertThat(beat.render()).isEqualTo("console=ttyS0 kvmlab.hostname=a kvmlab.heartbeat=1");
		assertThat(beat.heartbeat(false).render()).isEqualTo(base.render());
	}

	@Test
	void ipForms() {
		assertThat(GuestCmdline.defaults().ip("dhcp").render()).endsWith("kvmlab.ip=dhcp");
		assertThat(GuestCmdline.defaults().ip("none").render()).endsWith("kvmlab.ip=none");
		assertThat(GuestCmdline.defaults().ip("10.0.0.5/8").render()).endsWith("kvmlab.ip=10.0.0.5/8");
		for (String bad : new String[] { "10.0.0.5", "10.0.0.256/24", "10.0.0.5/33", "10.0.0.5/24,", "10.0.0.5/24,gw",
				"static", "10.0.0.5/24 quiet" }) {
			assertThatThrownBy(() -> GuestCmdline.defaults().ip(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining(bad);
		}
	}

	@Test
	void hostnamesThatAKernelParameterCanCarry() {
		assertThat(GuestCmdline.defaults().hostname("vm-1").render()).contains("kvmlab.hostname=vm-1");
		for (String bad : new String[] { "", "-vm", "vm-", "vm 1", "vm.example", "a".repeat(64), "vm_1" }) {
			assertThatThrownBy(() -> GuestCmdline.defaults().hostname(bad)).as(bad)
				.isInstanceOf(IllegalArgumentException.class);
		}
	}

	@Test
	void consoleDirtyAndExtraAreChecked() {
		assertThat(GuestCmdline.defaults().console("ttyS0,115200n8").render()).isEqualTo("console=ttyS0,115200n8");
		assertThatThrownBy(() -> GuestCmdline.defaults().console("tty0")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> GuestCmdline.defaults().dirty(-1)).isInstanceOf(IllegalArgumentException.class);
		assertThat(GuestCmdline.defaults().dirty(0).render()).isEqualTo("console=ttyS0");
		assertThatThrownBy(() -> GuestCmdline.defaults().with("a b")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> GuestCmdline.defaults().with("")).isInstanceOf(IllegalArgumentException.class);
	}
}
