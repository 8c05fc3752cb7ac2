package dev.kvmlab.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UriRedactorTests {

	@Nested
	class Uris {

		@Test
		void dropsThePasswordAndMasksSecretParameters() {
			String shown = UriRedactor.redact("qemu+ssh://user:secret@host/system?keyfile=/x");

			assertThat(shown).doesNotContain("secret").doesNotContain("/x")
				.isEqualTo("qemu+ssh://user@host/system?keyfile=***");
		}

		@Test
		void keepsHarmlessSwitchesAndThePath() {
			assertThat(UriRedactor.redact("qemu+tls://lab01.example.org:16514/system?no_verify=1&pkipath=/etc/pki/alice"))
				.isEqualTo("qemu+tls://lab01.example.org:16514/system?no_verify=1&pkipath=***");
		}

		@Test
		void leavesUrisWithoutSecretsAlone() {
			assertThat(UriRedactor.redact("qemu:///system")).isEqualTo("qemu:///system");
			assertThat(UriRedactor.redact("test:///default")).isEqualTo("test:///default");
			assertThat(UriRedactor.redact("test:///tmp/a@b/host.xml")).isEqualTo("test:///tmp/a@b/host.xml");
			assertThat(UriRedactor.redact("qemu+ssh://alice@10.0.0.11/system")).isEqualTo("qemu+ssh://alice@10.0.0.11/system");
		}

		@Test
		void redactsTheRemoteDaemonsOwnUriAndDropsFragments() {
			String shown = UriRedactor.redact("qemu+ssh://root:pw1234@h/system?name=qemu%2Bssh%3A%2F%2Fu%3Atopsecret%40x%2Fsystem#frag");

			assertThat(shown).doesNotContain("pw1234").doesNotContain("topsecret").doesNotContain("frag");
		}

		@Test
		void aPasswordContainingAtSignsOrColonsIsDroppedWhole() {
			assertThat(UriRedactor.redact("qemu+ssh://bob:p@ss:w0rd@host/system")).isEqualTo("qemu+ssh://bob@host/system");
		}

		@Test
		void nullStaysNull() {
			assertThat(UriRedactor.redact(null)).isNull();
			assertThat(UriRedactor.redactText(null)).isNull();
		}
	}

	@Nested
	class Text {

		@Test
		void redactsEveryUriInAMessage() {
			String message = "cannot connect to qemu+ssh://user:secret@host/system?keyfile=/x: Connection refused";

			assertThat(UriRedactor.redactText(message)).doesNotContain("secret")
				.isEqualTo("cannot connect to qemu+ssh://user@host/system?keyfile=***: Connection refused");
		}

		@Test
		void redactsUserAndPasswordOutsideUris() {
			assertThat(UriRedactor.redactText("ssh alice:hunter22@lab01 failed")).isEqualTo("ssh alice@lab01 failed");
		}

		@Test
		void masksTheUrisSecretsWhereverAMessageRepeatsThem() {
			String uri = "qemu+ssh://user:secret@127.0.0.1:1/system?keyfile=/home/alice/.ssh/lab_key";
			String ssh = "Cannot recv data: Warning: Identity file /home/alice/.ssh/lab_key not accessible: No such file"
					+ " or directory. ssh: connect to host 127.0.0.1 port 1: Connection refused (password secret)";

			String shown = UriRedactor.redactText(ssh, uri);

			assertThat(shown).doesNotContain("lab_key").doesNotContain("secret").contains("Connection refused");
		}
	}
}
