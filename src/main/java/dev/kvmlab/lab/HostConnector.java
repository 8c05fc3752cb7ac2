package dev.kvmlab.lab;

import org.springframework.stereotype.Component;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.Settings;
import dev.kvmlab.host.HostUnreachableException;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.UriRedactor;

/**
 * Opens connections to the session's libvirt URI and turns "cannot connect" into a clear, exit-3
 * error. In practice mode (libvirt's test driver) one connection is kept for the whole session,
 * because the test driver forgets everything when its last connection closes.
 */
@Component
public class HostConnector {

	private final Settings settings;

	private LibvirtHost practice;

	/** The session's read-only connection to a real host, reused by every grade while it is alive. */
	private LibvirtHost reader;

	public HostConnector(Settings settings) {
		this.settings = settings;
	}

	public synchronized LibvirtHost open(boolean readOnly) {
		String uri = settings.uri();
		try {
			if (LibvirtHost.isPracticeUri(uri)) {
				if (practice == null || !practice.uri().equals(uri) || !practice.isAlive()) {
					closePractice();
					practice = LibvirtHost.open(uri, false).keepOpen();
				}
				return practice;
			}
			if (!readOnly) {
				return LibvirtHost.open(uri, false);
			}
			if (reader == null || !reader.uri().equals(uri) || !reader.isAlive()) {
				closeReader();
				reader = LibvirtHost.open(uri, true).keepOpen();
			}
			return reader;
		}
		catch (HostUnreachableException e) {
			throw down(uri, e.getMessage());
		}
	}

	public synchronized void closePractice() {
		if (practice != null) {
			practice.closeForGood();
			practice = null;
		}
		closeReader();
	}

	private void closeReader() {
		if (reader != null) {
			reader.closeForGood();
			reader = null;
		}
	}

	@jakarta.annotation.PreDestroy
	public synchronized void close() {
		closePractice();
	}

	/** One line naming the URI, libvirt's reason, and the way out (start the daemon, or practise); English. */
	public static String explain(String uri, String reason) {
		return down(uri, reason).getMessage();
	}

	/**
	 * The exit-3 failure for a host that cannot be reached, in the learner's language: a cluster host
	 * is named with what brings it back; another gets the daemon advice (none for a practice URI).
	 */
	public static KvmlabException down(String uri, String reason) {
		String why = reason == null ? "" : UriRedactor.redactText(reason.lines().findFirst().orElse(""));
		var clusterHost = dev.kvmlab.cluster.ClusterLayout.standard().hostOfUri(uri);
		if (clusterHost.isPresent()) { // say which host of the cluster is down, and how to bring it back
			return KvmlabException.unreachableKey("error.cluster-host-down", clusterHost.get().name(), UriRedactor.redact(uri), why);
		}
		return LibvirtHost.isPracticeUri(uri) ? KvmlabException.unreachableKey("error.cannot-connect-practice", UriRedactor.redact(uri), why)
				: KvmlabException.unreachableKey("error.cannot-connect", UriRedactor.redact(uri), why, Settings.PRACTICE_URI);
	}
}
