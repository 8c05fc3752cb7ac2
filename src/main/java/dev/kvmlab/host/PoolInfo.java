package dev.kvmlab.host;

import java.util.List;
import java.util.Optional;

/** One storage pool, with its volumes when it is active. */
public record PoolInfo(String name, String uuid, boolean active, boolean autostart, boolean persistent, XmlDoc xml,
		List<VolumeInfo> volumes) {

	public Optional<String> ownerLab() {
		return Ownership.ownerLab(xml);
	}

	public String type() {
		return xml.value("/pool/@type");
	}
}
