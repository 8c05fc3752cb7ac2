package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ModuleDepsTests {

	private static String resource(String name) throws IOException {
		try (InputStream in = ModuleDepsTests.class.getResourceAsStream("/image/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static ModuleDeps sample() throws IOException {
		// modules.dep of Debian's 6.1 cloud kernel (as busybox depmod writes it), cut down to the virtio family and ext4
		return ModuleDeps.parse(resource("modules.dep"), resource("modules.builtin"));
	}

	private static String base(String path) {
		return path.substring(path.lastIndexOf('/') + 1);
	}

	@Test
	void guestModulesLoadAfterWhatTheyNeed() throws IOException {
		List<String> order = sample().loadOrder(GuestScripts.REQUIRED_MODULES, GuestScripts.OPTIONAL_MODULES);
		List<String> names = order.stream().map(ModuleDeps::name).toList();
		assertThat(names).containsExactly("virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
				"virtio_pci", "virtio_blk", "failover", "net_failover", "virtio_net", "virtio_console", "virtio_balloon",
				"scsi_common", "scsi_mod", "virtio_scsi", "button", "evdev");
		// every module comes after each module its modules.dep line names
		ModuleDeps deps = sample();
		String subset = deps.subset(order);
		for (String line : subset.split("\n")) {
			String module = line.substring(0, line.indexOf(':'));
			for (String dep : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
				if (!dep.isEmpty()) {
					assertThat(order.indexOf(dep)).as(dep + " before " + module).isLessThan(order.indexOf(module));
				}
			}
		}
		assertThat(order).allMatch(p -> p.startsWith("kernel/") && p.endsWith(".ko"));
	}

	@Test
	void orderIsTheSameWhateverTheRequestOrder() throws IOException {
		List<String> a = sample().loadOrder(List.of("virtio_net", "virtio_blk"), List.of());
		List<String> b = sample().loadOrder(List.of("virtio_blk", "virtio_net"), List.of());
		assertThat(a).containsExactlyInAnyOrderElementsOf(b);
		assertThat(a.stream().map(ModuleDepsTests::base).toList()).startsWith("virtio_ring.ko", "virtio.ko");
		assertThat(a.indexOf("kernel/net/core/failover.ko")).isLessThan(a.indexOf("kernel/drivers/net/net_failover.ko"));
		assertThat(a.indexOf("kernel/drivers/net/net_failover.ko")).isLessThan(a.indexOf("kernel/drivers/net/virtio_net.ko"));
	}

	@Test
	void builtInModulesNeedNoFile() throws IOException {
		ModuleDeps deps = sample();
		assertThat(deps.isBuiltin("crc16")).isTrue();
		List<String> order = deps.loadOrder(List.of("ext4", "crc32"), List.of());
		assertThat(order).containsExactly("kernel/fs/mbcache.ko", "kernel/fs/jbd2/jbd2.ko", "kernel/fs/ext4/ext4.ko");
	}

	@Test
	void aMissingRequiredModuleIsNamed() throws IOException {
		assertThatThrownBy(() -> sample().loadOrder(List.of("virtio_net", "nosuch_mod"), List.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("nosuch_mod");
	}

	@Test
	void aMissingOptionalModuleIsLeftOut() throws IOException {
		assertThat(sample().loadOrder(List.of("virtio"), List.of("nosuch_mod")))
			.containsExactly("kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko");
	}

	@Test
	void namesFollowTheKernel() {
		assertThat(ModuleDeps.name("kernel/drivers/char/hw_random/virtio-rng.ko")).isEqualTo("virtio_rng");
		assertThat(ModuleDeps.name("kernel/drivers/virtio/virtio_pci.ko.xz")).isEqualTo("virtio_pci");
		assertThat(ModuleDeps.name("kernel/drivers/virtio/virtio_pci.ko.zst")).isEqualTo("virtio_pci");
		assertThat(ModuleDeps.uncompressedPath("kernel/a/b.ko.xz")).isEqualTo("kernel/a/b.ko");
		assertThat(ModuleDeps.uncompressedPath("kernel/a/b.ko")).isEqualTo("kernel/a/b.ko");
	}

	@Test
	void compressedModulesAreOrderedAndListedUncompressed() {
		ModuleDeps deps = ModuleDeps.parse("kernel/b.ko.xz: kernel/a.ko.xz\nkernel/a.ko.xz:\n", "");
		List<String> order = deps.loadOrder(List.of("b"), List.of());
		assertThat(order).containsExactly("kernel/a.ko.xz", "kernel/b.ko.xz");
		assertThat(deps.subset(order)).isEqualTo("kernel/a.ko:\nkernel/b.ko: kernel/a.ko\n");
		assertThat(GuestScripts.renderInit("6.1.0-x", order)).contains("load kernel/a.ko\nload kernel/b.ko\n");
	}

	@Test
	void cyclesAndDanglingDependenciesAreReported() {
		ModuleDeps cycle = ModuleDeps.parse("kernel/a.ko: kernel/b.ko\nkernel/b.ko: kernel/a.ko\n", "");
		assertThatThrownBy(() -> cycle.loadOrder(List.of("a"), List.of())).hasMessageContaining("cycle");
		ModuleDeps dangling = ModuleDeps.parse("kernel/a.ko: kernel/gone.ko\n", "");
		assertThatThrownBy(() -> dangling.loadOrder(List.of("a"), List.of())).hasMessageContaining("kernel/gone.ko");
	}

	@Test
	void aMalformedLineIsReportedWithItsNumber() {
		assertThatThrownBy(() -> ModuleDeps.parse("kernel/a.ko:\nno colon here\n", ""))
			.hasMessageContaining("modules.dep:2");
	}
}
