package dev.kvmlab.host;

/** The libvirt URI could not be opened: the daemon is down, the socket is missing, access was denied. */
public class HostUnreachableException extends HostException {

	private final String uri;

	public HostUnreachableException(String uri, String code, String message) {
		super(code, message);
		this.uri = uri;
	}

	public String uri() {
		return uri;
	}
}
