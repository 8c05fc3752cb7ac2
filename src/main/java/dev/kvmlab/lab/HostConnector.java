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
			throw KvmlabException.unreachable(explain(uri, e.getMessage()));
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

	/** One line naming the URI, libvirt's reason, and the way out (start the daemon, or practise). */
	public static String explain(String uri, String reason) {
		String why = reason == null ? "" : UriRedactor.redactText(reason.lines().findFirst().orElse(""));
		var clusterHost = dev.kvmlab.cluster.ClusterLayout.standard().hostOfUri(uri);
		if (clusterHost.isPresent()) { // say which host of the cluster is down, and how to bring it back
			return "cluster host " + clusterHost.get().name() + " is down: cannot connect to " + UriRedactor.redact(uri) + ": "
					+ why + "; `kvmlab cluster status` shows the cluster, `kvmlab cluster up` starts what is down";
		}
		String advice = LibvirtHost.isPracticeUri(uri) ? ""
				: "; is libvirtd running (systemctl start libvirtd, or libvirtd -d)? "
						+ "To practise without a host: --connect " + Settings.PRACTICE_URI;
		return "cannot connect to " + UriRedactor.redact(uri) + ": " + why + advice;
	}
}
