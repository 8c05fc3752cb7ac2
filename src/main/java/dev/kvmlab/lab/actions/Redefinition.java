package dev.kvmlab.lab.actions;

import dev.kvmlab.host.XmlDoc;

/**
 * Redefining an existing domain or network from a lab file: libvirt identifies objects by UUID and
 * refuses a definition that reuses a name with a new one ("already exists with uuid ..."). Lab files
 * carry no UUID, so libvirt would invent a fresh one each time; the existing object's UUID is put
 * in instead, which makes the define an update of that object.
 */
final class Redefinition {

	private Redefinition() {
	}

	/** The XML with {@code <uuid>} set to the existing object's, unless it already names one. */
	static String keepUuid(String xml, String uuid) {
		if (uuid == null || uuid.isBlank() || XmlDoc.parse(xml).exists("/*/uuid")) {
			return xml;
		}
		int nameEnd = xml.indexOf("</name>");
		if (nameEnd < 0) {
			throw new IllegalArgumentException("XML has no <name> element to put the UUID after");
		}
		int at = nameEnd + "</name>".length();
		return xml.substring(0, at) + "<uuid>" + uuid + "</uuid>" + xml.substring(at);
	}
}
