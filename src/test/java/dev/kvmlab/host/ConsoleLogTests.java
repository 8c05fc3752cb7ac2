package dev.kvmlab.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConsoleLog}: the end of a long console log, and where the latest boot begins. */
class ConsoleLogTests {

	@Test
	void aLongLogIsReadFromItsEnd(@TempDir Path dir) throws Exception {
		Path log = dir.resolve("serial.log");
		String old = "x".repeat(ConsoleLog.TAIL) + "\n";
		String recent = "[    0.000000] Linux version 6.1.0\nKVMLAB-GUEST-READY lab-bak 6.1.0\n";
		Files.writeString(log, old + recent, StandardCharsets.ISO_8859_1);

		String tail = ConsoleLog.tail(log);

		assertThat(tail).hasSize(ConsoleLog.TAIL).endsWith(recent);
		assertThat(ConsoleLog.tail(Files.writeString(dir.resolve("short.log"), recent))).isEqualTo(recent);
		assertThat(ConsoleLog.tail(Files.writeString(dir.resolve("empty.log"), ""))).isEmpty();
	}

	@Test
	void theLatestBootStartsAtTheLastKernelBanner() {
		String first = "[    0.000000] Linux version 6.1.0\nKVMLAB-GUEST-READY lab-bak 6.1.0\n";
		String second = "[    0.000000] Linux version 6.1.0\n[    0.3] still booting\n";
		ConsoleLog.Seen two = new ConsoleLog.Seen("d", DomainState.RUNNING, "/l", null, null, first + second);
		ConsoleLog.Seen noBanner = new ConsoleLog.Seen("d", DomainState.RUNNING, "/l", null, null, "KVMLAB-GUEST-READY d\n");

		assertThat(two.latestBoot()).isEqualTo(second.substring(second.indexOf("Linux version")));
		assertThat(two.markerSinceStart("KVMLAB-GUEST-READY")).isFalse();
		assertThat(noBanner.markerSinceStart("KVMLAB-GUEST-READY")).isTrue();
		assertThat(new ConsoleLog.Seen("d", DomainState.SHUTOFF, "/l", null, null, first).markerSinceStart("KVMLAB-GUEST-READY"))
			.isFalse();
	}
}
