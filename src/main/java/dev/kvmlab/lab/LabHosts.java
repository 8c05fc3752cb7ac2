package dev.kvmlab.lab;

import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.host.HostUnreachableException;
import dev.kvmlab.host.LibvirtHost;

/**
 * The hosts a lab can name besides the one kvmlab is connected to: the cluster's {@code lab-host-a}
 * and {@code lab-host-b} (each a libvirtd of its own, reached from here through its socket in the
 * cluster's folder), or any libvirt URI (tests name libvirt test-driver hosts this way). Lab steps,
 * resources and rubric criteria say {@code host: lab-host-b}; a lab says {@code host: lab-host-a}
 * to run as a whole on that host.
 */
@Component
public class LabHosts {

	/** The cluster's hosts, in the order `cluster up` makes them. */
	public static final List<String> CLUSTER = dev.kvmlab.cluster.ClusterLayout.HOST_NAMES;

	private final Path clusterDir;

	public LabHosts(@Value("${kvmlab.cluster.dir:}") String dir) {
		this.clusterDir = !dir.isBlank() ? Path.of(dir) : dev.kvmlab.cluster.ClusterLayout.standard().dir(); // KVMLAB_CLUSTER_DIR or the default
	}

	public static boolean isUri(String name) {
		return name.contains(":/");
	}

	/** Can content name this host? */
	public static boolean known(String name) {
		return isUri(name) || CLUSTER.contains(name);
	}

	/** A content node's optional {@code host:}, checked: a cluster host's name or a libvirt URI; null when absent. */
	public static String hostOf(dev.kvmlab.content.YamlNode node) {
		String host = node.string("host", null);
		if (host != null && !known(host)) {
			throw node.get("host").error("unknown host '" + host + "' (known: " + String.join(", ", CLUSTER) + ", or a libvirt URI)");
		}
		return host;
	}

	/** The folder the cluster keeps its hosts in. */
	public Path clusterDir() {
		return clusterDir;
	}

	/** The cluster's layout in that folder (names, sockets, host folders). */
	public dev.kvmlab.cluster.ClusterLayout layout() {
		return dev.kvmlab.cluster.ClusterLayout.of(clusterDir, "");
	}

	/** The libvirt URI of a named host (a URI stays as it is). */
	public String uri(String name) {
		if (isUri(name)) {
			return name;
		}
		if (!CLUSTER.contains(name)) {
			throw KvmlabException.usageKey("error.unknown-host", name, String.join(", ", CLUSTER));
		}
		dev.kvmlab.cluster.ClusterLayout layout = layout();
		return layout.socketUri(layout.host(name).orElseThrow());
	}

	/**
	 * Opens a named host, or says in one line which host is down and what brings it up.
	 *
	 * @throws KvmlabException exit 3 when the host cannot be reached
	 */
	public LibvirtHost open(String name, boolean readOnly) {
		try {
			return LibvirtHost.open(uri(name), readOnly);
		}
		catch (HostUnreachableException e) {
			throw HostConnector.down(uri(name), e.getMessage());
		}
	}

	/**
	 * The one-line message for a host that could not be reached, as {@code --connect} says it: a
	 * cluster host is named ("cluster host lab-host-b is down: ..."), with what brings it back.
	 */
	public String down(String name, String reason) {
		return HostConnector.explain(uri(name), reason);
	}
}
