package dev.kvmlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostFailureTests {

	@Test
	void namesTheCommonCauses() {
		assertThat(HostFailure.describe("qemu+tcp://h/system", "VIR_ERR_SYSTEM_ERROR",
				"unable to connect to server at 'h:16509': Connection refused")).startsWith("connection refused: unable");
		assertThat(HostFailure.describe("qemu+ssh://u@h/system", "VIR_ERR_SYSTEM_ERROR", "Cannot write data: Broken pipe"))
			.isEqualTo("ssh failure: Cannot write data: Broken pipe");
		assertThat(HostFailure.describe("qemu+ssh://u@h/system", "VIR_ERR_SYSTEM_ERROR",
				"Cannot recv data: ssh: Could not resolve hostname h: Name or service not known"))
			.startsWith("ssh failure (unknown host name): ");
		assertThat(HostFailure.describe("qemu+tls://h/system", "VIR_ERR_SYSTEM_ERROR",
				"The server certificate /etc/pki/CA/cacert.pem is not yet active")).startsWith("TLS failure: ");
		assertThat(HostFailure.describe("qemu+tls://h/system", "VIR_ERR_RPC", "handshake failed")).startsWith("TLS failure: ");
		assertThat(HostFailure.describe("test:///x.xml", "VIR_ERR_XML_DETAIL", "/x.xml:2: Premature end of data"))
			.startsWith("bad host description: ");
		assertThat(HostFailure.describe("qemu:///system", "VIR_ERR_SYSTEM_ERROR",
				"Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory"))
			.startsWith("libvirtd not running: ");
		assertThat(HostFailure.describe("qemu+tcp://h/system", "VIR_ERR_AUTH_FAILED", "authentication failed: x"))
			.startsWith("authentication failed: ");
	}

	@Test
	void keepsOneLineWithoutTheUrisSecrets() {
		String uri = "qemu+ssh://u:pa55word@h/system?keyfile=/home/u/.ssh/k1";
		String said = HostFailure.describe(uri, "VIR_ERR_SYSTEM_ERROR",
				"Cannot recv data: Warning: Identity file /home/u/.ssh/k1 not accessible\nu:pa55word@h: Permission denied (publickey)");

		assertThat(said).doesNotContain("\n").doesNotContain("pa55word").doesNotContain(".ssh/k1").startsWith("ssh failure");
	}
}
