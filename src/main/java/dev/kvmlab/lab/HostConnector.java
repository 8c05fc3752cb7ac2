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
			return LibvirtHost.open(uri, readOnly);
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
	}

	/** One line naming the URI, libvirt's reason, and the way out (start the daemon, or practise). */
	public static String explain(String uri, String reason) {
		String why = reason == null ? "" : UriRedactor.redactText(reason.lines().findFirst().orElse(""));
		String advice = LibvirtHost.isPracticeUri(uri) ? ""
				: "; is libvirtd running (systemctl start libvirtd, or libvirtd -d)? "
						+ "To practise without a host: --connect " + Settings.PRACTICE_URI;
		return "cannot connect to " + UriRedactor.redact(uri) + ": " + why + advice;
	}
}
