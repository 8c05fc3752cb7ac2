package dev.kvmlab.support;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.kvmlab.host.LibvirtHost;

/**
 * Pretend hosts for libvirt's test driver. A {@code test:///<file>} connection starts from the
 * file's state and shares nothing with any other connection, so every test gets a fresh host and
 * nothing is left behind when it closes.
 */
public final class TestHosts {

	private TestHosts() {
	}

	/** The host XML in src/test/resources/hosts/. */
	public static Path file(String name) {
		URL url = TestHosts.class.getResource("/hosts/" + name);
		if (url == null) {
			throw new IllegalStateException("no test host " + name + " on the class path");
		}
		try {
			return Path.of(url.toURI()).toAbsolutePath();
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** {@code test:///<absolute path>} of a host file. */
	public static String uri(String name) {
		return "test://" + file(name);
	}

	public static final String CLASSROOM = "classroom.xml";

	/**
	 * The classroom host, opened writable, with the state its XML cannot say: network lan marked
	 * autostart, network isolated stopped, and host interface lab-br0 down.
	 */
	public static LibvirtHost classroom() {
		LibvirtHost host = LibvirtHost.open(uri(CLASSROOM), false);
		host.setNetworkAutostart("lan", true);
		host.destroyNetwork("isolated");
		host.setInterfaceUp("lab-br0", false);
		return host;
	}

	/** The project folder (where pom.xml, labs/ and grading/ are). */
	public static Path projectRoot() {
		Path dir = file(CLASSROOM).getParent();
		while (dir != null && !(Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("labs")))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("cannot find the project folder above " + file(CLASSROOM));
		}
		return dir;
	}
}
