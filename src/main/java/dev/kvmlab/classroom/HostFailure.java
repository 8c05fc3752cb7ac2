package dev.kvmlab.classroom;

import java.util.List;
import java.util.Locale;

import dev.kvmlab.host.UriRedactor;

/**
 * Names why a learner's host could not be graded, from libvirt's error code and message, so a class
 * report says "connection refused" or "TLS failure" rather than a zero. The message is redacted
 * (libvirt and ssh quote URIs and user names) and cut to its first line.
 */
public final class HostFailure {

	private HostFailure() {
	}

	/** The cause in one line: a category, then libvirt's words (with the URI's secrets masked). */
	public static String describe(String uri, String code, String message) {
		List<String> lines = message == null ? List.of()
				: message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
		String category = category(code, String.join(" ", lines), transport(uri));
		// an XML parser's message is one line, then the offending text and a caret under it
		String text = category.equals("bad host description") && !lines.isEmpty() ? lines.get(0) : String.join(" ", lines);
		if (text.length() > 300) {
			text = text.substring(0, 297) + "...";
		}
		return category + ": " + UriRedactor.redactText(text, uri);
	}

	/** The transport a libvirt URI names: ssh (ssh, libssh, libssh2), tls, tcp, unix, or "" (local, test). */
	static String transport(String uri) {
		if (uri == null) {
			return "";
		}
		int colon = uri.indexOf(':');
		String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
		int plus = scheme.indexOf('+');
		String t = plus < 0 ? "" : scheme.substring(plus + 1);
		return t.contains("ssh") ? "ssh" : t;
	}

	static String category(String code, String message, String transport) {
		String generic = category(code, message);
		if (transport.equals("ssh") && !generic.startsWith("ssh") && !generic.equals("bad host description")) {
			// libvirt often loses ssh's own words and says only "Broken pipe"
			return generic.equals("cannot connect") ? "ssh failure" : "ssh failure (" + generic + ")";
		}
		if (transport.equals("tls") && generic.equals("cannot connect")) {
			return "TLS failure";
		}
		return generic;
	}

	static String category(String code, String message) {
		String m = message.toLowerCase(Locale.ROOT);
		String c = code == null ? "" : code;
		if (c.equals("VIR_ERR_XML_ERROR") || c.equals("VIR_ERR_XML_DETAIL") || m.contains("failed to parse xml")
				|| m.contains("premature end of data") || m.contains("xml error")) {
			return "bad host description";
		}
		if (c.equals("VIR_ERR_AUTH_FAILED") || c.equals("VIR_ERR_AUTH_CANCELLED") || m.contains("authentication failed")) {
			return "authentication failed";
		}
		if (m.contains("connection refused")) {
			return "connection refused";
		}
		if (m.contains("timed out") || m.contains("timeout")) {
			return "timed out";
		}
		if (m.contains("no route to host") || m.contains("network is unreachable")) {
			return "host unreachable";
		}
		if (m.contains("could not resolve") || m.contains("name or service not known")
				|| m.contains("temporary failure in name resolution") || m.contains("unable to resolve")) {
			return "unknown host name";
		}
		if (m.contains("tls") || m.contains("gnutls") || m.contains("certificate") || m.contains("x509")) {
			return "TLS failure";
		}
		if (m.contains("ssh") || m.contains("host key verification") || m.contains("publickey")) {
			return "ssh failure";
		}
		if (m.contains("permission denied") || m.contains("access denied") || c.equals("VIR_ERR_ACCESS_DENIED")) {
			return "access denied";
		}
		if (c.equals("VIR_ERR_NO_CONNECT") || m.contains("no connection driver")) {
			return "no libvirt driver for this URI";
		}
		if (m.contains("failed to connect socket") || m.contains("no such file or directory")) {
			return "libvirtd not running";
		}
		if (c.equals("NO_LIBVIRT")) {
			return "libvirt client library missing";
		}
		return "cannot connect";
	}
}
