package dev.kvmlab.host;

/** libvirt's virDomainState, with the words virsh prints. */
public enum DomainState {
	NOSTATE("no state"), RUNNING("running"), BLOCKED("idle"), PAUSED("paused"), SHUTDOWN("in shutdown"),
	SHUTOFF("shut off"), CRASHED("crashed"), PMSUSPENDED("pmsuspended");

	private final String label;

	DomainState(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	public static DomainState ofCode(int code) {
		DomainState[] all = values();
		return code >= 0 && code < all.length ? all[code] : NOSTATE;
	}

	/** Parses either the enum name ("RUNNING") or virsh's word ("running", "shut off"). */
	public static DomainState parse(String text) {
		String t = text.trim();
		for (DomainState s : values()) {
			if (s.name().equalsIgnoreCase(t) || s.label.equalsIgnoreCase(t)
					|| s.label.replace(" ", "").equalsIgnoreCase(t.replace("-", "").replace("_", ""))) {
				return s;
			}
		}
		throw new IllegalArgumentException("unknown domain state '" + text + "'");
	}
}
