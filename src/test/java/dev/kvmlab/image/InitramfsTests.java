package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsTests {

	/** One member as read back from a newc archive. */
	record Member(String name, int mode, long mtime, int nlink, byte[] data, int rdevMajor, int rdevMinor, int ino) {
	}

	/** A strict newc reader: magic, hex fields, 4-byte alignment of header+name and of data, the trailer. */
	static Map<String, Member> read(byte[] archive) {
		Map<String, Member> members = new LinkedHashMap<>();
		int pos = 0;
		while (true) {
			assertThat(pos % 4).isZero();
			String magic = new String(archive, pos, 6, StandardCharsets.US_ASCII);
			assertThat(magic).isEqualTo("070701");
			long[] f = new long[13];
			for (int i = 0; i < 13; i++) {
				f[i] = Long.parseLong(new String(archive, pos + 6 + i * 8, 8, StandardCharsets.US_ASCII), 16);
			}
			int nameSize = (int) f[11];
			String name = new String(archive, pos + 110, nameSize - 1, StandardCharsets.UTF_8);
			assertThat(archive[pos + 110 + nameSize - 1]).isZero();
			pos = align(pos + 110 + nameSize);
			int size = (int) f[6];
			byte[] data = java.util.Arrays.copyOfRange(archive, pos, pos + size);
			pos = align(pos + size);
			if (name.equals("TRAILER!!!")) {
				break;
			}
			members.put(name, new Member(name, (int) f[1], f[5], (int) f[4], data, (int) f[9], (int) f[10], (int) f[0]));
		}
		assertThat(archive.length % 512).isZero();
		for (int i = pos; i < archive.length; i++) {
			assertThat(archive[i]).isZero();
		}
		return members;
	}

	private static int align(int n) {
		return (n + 3) & ~3;
	}

	private static byte[] cpio(Initramfs fs) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		fs.writeCpio(out);
		return out.toByteArray();
	}

	@Test
	void membersRoundTrip(@TempDir Path dir) throws Exception {
		Path bin = Files.write(dir.resolve("busybox"), new byte[] { 1, 2, 3, 4, 5 });
		Initramfs fs = new Initramfs(1_700_000_000L)
			.file("/bin/busybox", 0755, bin)
			.symlink("bin/sh", "/bin/busybox")
			.file("init", 0755, "#!/bin/sh\necho hi\n")
			.charDevice("dev/console", 0600, 5, 1)
			.directory("tmp", 01777);
		Map<String, Member> m = read(cpio(fs));
		assertThat(m.keySet()).containsExactly("bin", "bin/busybox", "bin/sh", "dev", "dev/console", "init", "tmp");
		assertThat(m.get("bin").mode()).isEqualTo(0040755);
		assertThat(m.get("bin").nlink()).isEqualTo(2);
		assertThat(m.get("bin/busybox").mode()).isEqualTo(0100755);
		assertThat(m.get("bin/busybox").data()).containsExactly(1, 2, 3, 4, 5);
		assertThat(m.get("bin/sh").mode()).isEqualTo(0120777);
		assertThat(new String(m.get("bin/sh").data(), StandardCharsets.UTF_8)).isEqualTo("/bin/busybox");
		assertThat(new String(m.get("init").data(), StandardCharsets.UTF_8)).isEqualTo("#!/bin/sh\necho hi\n");
		assertThat(m.get("dev/console").mode()).isEqualTo(0020600);
		assertThat(m.get("dev/console").rdevMajor()).isEqualTo(5);
		assertThat(m.get("dev/console").rdevMinor()).isEqualTo(1);
		assertThat(m.get("tmp").mode()).isEqualTo(0041777);
		assertThat(m.values()).allMatch(x -> x.mtime() == 1_700_000_000L);
		List<Integer> inos = new ArrayList<>();
		m.values().forEach(x -> inos.add(x.ino()));
		assertThat(inos).doesNotHaveDuplicates();
	}

	@Test
	void outputIsReproducible(@TempDir Path dir) throws Exception {
		Path a = dir.resolve("a.img");
		Path b = dir.resolve("b.img");
		new Initramfs(42).file("z", 0644, "z").file("a/b/c", 0644, "c").symlink("l", "z").writeGzip(a);
		new Initramfs(42).symlink("l", "z").file("a/b/c", 0644, "c").file("z", 0644, "z").writeGzip(b);
		assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
		byte[] plain;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(a))) {
			plain = in.readAllBytes();
		}
		assertThat(read(plain).keySet()).containsExactly("a", "a/b", "a/b/c", "l", "z");
	}

	@Test
	void badPathsAreRefused() {
		Initramfs fs = new Initramfs(0);
		assertThatThrownBy(() -> fs.file("../etc/passwd", 0644, "x")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> fs.file("a/../../b", 0644, "x")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> fs.directory("/")).isInstanceOf(IllegalArgumentException.class);
	}
}
