package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kvmlab.host.HostException;

class GuestImageBuilderTests {

	private static final String LDD = """
				linux-vdso.so.1 (0x00007ffd5a5f2000)
				libudev.so.1 => /lib/x86_64-linux-gnu/libudev.so.1 (0x00007f64f4f0c000)
				libglib-2.0.so.0 => /usr/lib/x86_64-linux-gnu/libglib-2.0.so.0 (0x00007f64f4dc0000)
				libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f64f4af6000)
				/lib64/ld-linux-x86-64.so.2 (0x00007f64f5048000)
			""";

	@Test
	void lddLibrariesGoToTheMultiarchFolderAndTheLoaderToItsPath() {
		List<String[]> libs = GuestImageBuilder.parseLdd(LDD, "qemu-ga");
		assertThat(libs).extracting(l -> l[0]).containsExactly("lib/x86_64-linux-gnu/libudev.so.1",
				"lib/x86_64-linux-gnu/libglib-2.0.so.0", "lib/x86_64-linux-gnu/libc.so.6", "lib64/ld-linux-x86-64.so.2");
		assertThat(libs).extracting(l -> l[1]).containsExactly("/lib/x86_64-linux-gnu/libudev.so.1",
				"/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2");
	}

	@Test
	void aLibraryTheHostLacksNamesItsPackage() {
		String ldd = LDD + "\tlibnuma.so.1 => not found\n";
		assertThatThrownBy(() -> GuestImageBuilder.parseLdd(ldd, "qemu-ga"))
			.isInstanceOf(HostException.class)
			.hasMessageContaining("qemu-ga needs libnuma.so.1")
			.hasMessageContaining("apt-get install libnuma1")
			.hasMessageNotContaining("\n");
	}

	@Test
	void staticBinariesNeedNoLibraries() {
		assertThat(GuestImageBuilder.parseLdd("\tnot a dynamic executable", "busybox")).isEmpty();
		assertThatThrownBy(() -> GuestImageBuilder.parseLdd("ldd: ./x: No such file or directory", "x"))
			.isInstanceOf(HostException.class);
	}

	@Test
	void theVersionedKernelPackageFromAptCacheDepends() {
		assertThat(GuestImageBuilder.kernelPackageFromDepends("""
				linux-image-cloud-amd64
				  Depends: linux-image-6.1.0-56-cloud-amd64
				""")).isEqualTo("linux-image-6.1.0-56-cloud-amd64");
		assertThat(GuestImageBuilder.kernelPackageFromDepends("""
				linux-image-cloud-amd64
				  Depends: <linux-image-virtual>
				 |Depends: linux-image-6.12.43+deb13-cloud-amd64
				  Recommends: firmware-linux-free
				""")).isEqualTo("linux-image-6.12.43+deb13-cloud-amd64");
		assertThat(GuestImageBuilder.kernelPackageFromDepends("linux-image-cloud-amd64\n  Depends: linux-base\n")).isNull();
	}
}
