package dev.kvmlab.host;

import java.util.List;
import java.util.Optional;

/**
 * One domain as read from libvirt: state, persistence, autostart, the live XML and (for a
 * persistent domain) the inactive XML the next boot will use, and its snapshot names.
 */
public record DomainInfo(String name, String uuid, DomainState state, boolean persistent, boolean autostart,
		XmlDoc liveXml, XmlDoc configXml, List<String> snapshots) {

	/** The persistent definition when there is one, otherwise the live XML. */
	public XmlDoc definition() {
		return configXml != null ? configXml : liveXml;
	}

	public Optional<String> ownerLab() {
		return Ownership.ownerLab(definition());
	}

	public boolean isActive() {
		return state == DomainState.RUNNING || state == DomainState.PAUSED || state == DomainState.BLOCKED
				|| state == DomainState.SHUTDOWN || state == DomainState.PMSUSPENDED;
	}
}
