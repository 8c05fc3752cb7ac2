package dev.kvmlab.host;

import java.util.List;

/**
 * A network interface of the host (not of a guest): its kind (bridge, ethernet, veth, tun,
 * macvtap...), whether it is administratively up, its MAC and, for a bridge, its ports.
 */
public record HostInterface(String name, String kind, boolean up, String mac, List<String> ports) {

	public boolean isBridge() {
		return "bridge".equals(kind);
	}
}
