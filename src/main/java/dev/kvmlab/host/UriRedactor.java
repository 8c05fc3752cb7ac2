package dev.kvmlab.host;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes libvirt URIs safe to show: a password in the user part is dropped
 * ({@code qemu+ssh://user:secret@host/system} becomes {@code qemu+ssh://user@host/system}) and the
 * value of every query parameter that is not known to be harmless is replaced by {@code ***}
 * (key files, PKI paths, auth files, commands). Everything kvmlab prints, logs or writes into a
 * report goes through here; the real URI is only ever used to connect.
 */
public final class UriRedactor {

	/** libvirt URI parameters whose values are switches, never secrets or paths. */
	private static final Set<String> HARMLESS = Set.of("no_verify", "no_tty", "mode", "proxy", "sshauth", "transport",
			"tls_priority", "known_hosts_verify", "socket");

	public static final String MASK = "***";

	private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*:)(//)?");

	/** A URI inside free text (an error message): scheme://, then anything up to a space or quote. */
	private static final Pattern IN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s'\"<>`]+");

	/** userinfo with a password inside text that is not a URI ("user:secret@host"). */
	private static final Pattern BARE_USERINFO = Pattern.compile("(?<![/\\w])([\\w.\\-]+):([^\\s@/:'\"]+)@([\\w.\\-\\[\\]]+)");

	private UriRedactor() {
	}

	/** The URI without a password or secret query values; null stays null. */
	public static String redact(String uri) {
		if (uri == null) {
			return null;
		}
		Matcher scheme = SCHEME.matcher(uri);
		if (!scheme.find()) {
			return redactUserinfo(uri);
		}
		String head = scheme.group(0);
		String rest = uri.substring(head.length());
		int fragment = rest.indexOf('#');
		if (fragment >= 0) {
			rest = rest.substring(0, fragment); // fragments carry nothing libvirt needs
		}
		String query = null;
		int q = rest.indexOf('?');
		if (q >= 0) {
			query = rest.substring(q + 1);
			rest = rest.substring(0, q);
		}
		if (scheme.group(2) != null) { // an authority follows: [user[:password]@]host[:port]
			int slash = rest.indexOf('/');
			String authority = slash >= 0 ? rest.substring(0, slash) : rest;
			String path = slash >= 0 ? rest.substring(slash) : "";
			int at = authority.lastIndexOf('@');
			if (at >= 0) {
				String userinfo = authority.substring(0, at);
				int colon = userinfo.indexOf(':');
				if (colon >= 0) {
					userinfo = userinfo.substring(0, colon);
				}
				authority = userinfo + "@" + authority.substring(at + 1);
			}
			rest = authority + path;
		}
		StringBuilder out = new StringBuilder(head).append(rest);
		if (query != null) {
			out.append('?').append(redactQuery(query));
		}
		return out.toString();
	}

	private static String redactQuery(String query) {
		StringBuilder out = new StringBuilder();
		for (String pair : query.split("[&;]", -1)) {
			if (out.length() > 0) {
				out.append('&');
			}
			int eq = pair.indexOf('=');
			if (eq < 0) {
				out.append(pair);
				continue;
			}
			String key = pair.substring(0, eq);
			String value = pair.substring(eq + 1);
			if (key.toLowerCase(Locale.ROOT).equals("name")) { // the remote daemon's own URI
				out.append(key).append('=').append(redactEncoded(value));
			}
			else if (HARMLESS.contains(key.toLowerCase(Locale.ROOT))) {
				out.append(pair);
			}
			else {
				out.append(key).append('=').append(MASK);
			}
		}
		return out.toString();
	}

	private static String redactEncoded(String value) {
		String decoded;
		try {
			decoded = java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException e) {
			return MASK;
		}
		return decoded.contains("://") ? redact(decoded) : value;
	}

	private static String redactUserinfo(String text) {
		return BARE_USERINFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "@" + m.group(3)));
	}

	/**
	 * Free text about a connection to {@code uri} (libvirt's or ssh's error message): as
	 * {@link #redactText(String)}, and every secret of that URI (its password, the values of its
	 * masked parameters) masked wherever the text repeats it, such as an ssh key file's path.
	 */
	public static String redactText(String text, String uri) {
		String out = redactText(text);
		if (out == null || uri == null) {
			return out;
		}
		for (String secret : secrets(uri)) {
			out = out.replace(secret, MASK);
		}
		return out;
	}

	/** The parts of a URI that {@link #redact} masks (3 characters or more, so masking them in text is safe). */
	static java.util.List<String> secrets(String uri) {
		java.util.List<String> out = new java.util.ArrayList<>();
		Matcher scheme = SCHEME.matcher(uri);
		if (!scheme.find()) {
			return out;
		}
		String rest = uri.substring(scheme.end());
		int q = rest.indexOf('?');
		String query = q >= 0 ? rest.substring(q + 1).replaceFirst("#.*$", "") : "";
		String authority = (q >= 0 ? rest.substring(0, q) : rest).split("/", 2)[0];
		int at = authority.lastIndexOf('@');
		if (scheme.group(2) != null && at >= 0 && authority.substring(0, at).contains(":")) {
			out.add(authority.substring(authority.indexOf(':') + 1, at));
		}
		for (String pair : query.split("[&;]")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && !HARMLESS.contains(pair.substring(0, eq).toLowerCase(Locale.ROOT))
					&& !pair.substring(0, eq).equalsIgnoreCase("name")) {
				String value = pair.substring(eq + 1);
				out.add(value);
				try {
					out.add(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
				}
				catch (IllegalArgumentException e) {
					// not percent-encoded: the raw value is masked
				}
			}
		}
		out.removeIf(s -> s.length() < 3);
		out.sort((a, b) -> b.length() - a.length()); // longest first, so a secret inside another is not half masked
		return out;
	}

	/**
	 * Free text (a libvirt or ssh error message, a log line) with every URI in it redacted and any
	 * {@code user:password@host} reduced to {@code user@host}.
	 */
	public static String redactText(String text) {
		if (text == null) {
			return null;
		}
		String uris = IN_TEXT.matcher(text).replaceAll(m -> {
			String found = m.group();
			int end = found.length();
			while (end > 0 && ".,:;)]}!".indexOf(found.charAt(end - 1)) >= 0) { // sentence punctuation after the URI
				end--;
			}
			return Matcher.quoteReplacement(redact(found.substring(0, end)) + found.substring(end));
		});
		return redactUserinfo(uris);
	}
}
