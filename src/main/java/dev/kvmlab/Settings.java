package dev.kvmlab;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.kvmlab.cluster.ClusterLayout;
import dev.kvmlab.content.Lang;
import dev.kvmlab.host.LibvirtHost;

/**
 * The session's choices: which libvirt URI to use ({@code --connect}, {@code KVMLAB_CONNECT},
 * default {@code qemu:///system}; a cluster host's name, such as {@code lab-host-a}, stands for its
 * URI) and the language ({@code --lang}, else the locale). The shell's
 * {@code connect} and {@code lang} commands change them for the rest of the session.
 */
@Component
public class Settings {

	public static final String DEFAULT_URI = "qemu:///system";

	public static final String PRACTICE_URI = "test:///default";

	private volatile String uri;

	private volatile Lang lang;

	public Settings(@Value("${kvmlab.connect:}") String connect, @Value("${kvmlab.lang:}") String lang) {
		String env = System.getenv("KVMLAB_CONNECT");
		this.uri = ClusterLayout.resolveAlias(!connect.isBlank() ? connect : env != null && !env.isBlank() ? env : DEFAULT_URI);
		Lang parsed = Lang.parse(lang);
		this.lang = parsed != null ? parsed : Lang.fromEnvironment(System.getenv());
	}

	public String uri() {
		return uri;
	}

	/** A cluster host's name ({@code lab-host-a}) stands for its URI. */
	public void uri(String uri) {
		this.uri = ClusterLayout.resolveAlias(uri);
	}

	public Lang lang() {
		return lang;
	}

	public void lang(Lang lang) {
		this.lang = lang;
	}

	public boolean practice() {
		return LibvirtHost.isPracticeUri(uri);
	}
}
