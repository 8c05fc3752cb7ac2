package dev.kvmlab.host;

import java.util.Optional;

/** One libvirt virtual network: active, autostart, persistent, and its (persistent, if any) XML. */
public record NetworkInfo(String name, String uuid, boolean active, boolean autostart, boolean persistent,
		XmlDoc xml) {

	public Optional<String> ownerLab() {
		return Ownership.ownerLab(xml);
	}
}
