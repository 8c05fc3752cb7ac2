package dev.kvmlab.host;

import java.util.Optional;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * kvmlab's mark on what it creates: a {@code lab-} name prefix and, in the libvirt XML,
 * {@code <metadata><kvmlab:owner xmlns:kvmlab="https://kvmlab.dev/xmlns/1" lab="..."/></metadata>}.
 * Cleanup removes nothing that lacks the mark.
 */
public final class Ownership {

	public static final String NAMESPACE = "https://kvmlab.dev/xmlns/1";

	public static final String PREFIX = "lab-";

	private Ownership() {
	}

	/** The metadata element to put inside {@code <metadata>} for a resource of the given lab. */
	public static String ownerElement(String labId) {
		return "<kvmlab:owner xmlns:kvmlab=\"" + NAMESPACE + "\" lab=\"" + labId + "\"/>";
	}

	/** The lab that owns this libvirt object, if its XML carries kvmlab's metadata. */
	public static Optional<String> ownerLab(XmlDoc xml) {
		if (xml == null) {
			return Optional.empty();
		}
		for (Node node : xml.nodes("/*/*[local-name()='metadata']/*")) {
			if (NAMESPACE.equals(node.getNamespaceURI()) && "owner".equals(node.getLocalName())) {
				String lab = ((Element) node).getAttribute("lab");
				return Optional.of(lab);
			}
		}
		return Optional.empty();
	}

	public static boolean hasPrefix(String name) {
		return name != null && name.startsWith(PREFIX);
	}

	/**
	 * Puts the owner element into an XML description that lacks it (inside an existing
	 * {@code <metadata>} or a new one right after {@code <name>}).
	 */
	public static String mark(String xml, String labId) {
		if (xml.contains(NAMESPACE)) {
			return xml;
		}
		String owner = ownerElement(labId);
		int meta = xml.indexOf("<metadata>");
		if (meta >= 0) {
			int at = meta + "<metadata>".length();
			return xml.substring(0, at) + owner + xml.substring(at);
		}
		int nameEnd = xml.indexOf("</name>");
		if (nameEnd < 0) {
			throw new IllegalArgumentException("XML has no <name> element to put kvmlab's metadata after");
		}
		int at = nameEnd + "</name>".length();
		return xml.substring(0, at) + "<metadata>" + owner + "</metadata>" + xml.substring(at);
	}
}
