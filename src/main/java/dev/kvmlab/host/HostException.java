package dev.kvmlab.host;

/**
 * The one unchecked exception of the host layer: a libvirt (or host command) failure with
 * libvirt's error code name (for example {@code VIR_ERR_NO_DOMAIN}) and its message.
 */
public class HostException extends RuntimeException {

	private final String code;

	public HostException(String code, String message) {
		super(message);
		this.code = code;
	}

	public HostException(String code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/** libvirt's error number name, or a kvmlab code such as {@code COMMAND_FAILED}. */
	public String code() {
		return code;
	}

	/** True when libvirt said the object does not exist (domain, network, pool, volume, snapshot). */
	public boolean isNotFound() {
		return code.startsWith("VIR_ERR_NO_") && !code.equals("VIR_ERR_NO_SUPPORT") && !code.equals("VIR_ERR_NO_CONNECT")
				&& !code.equals("VIR_ERR_NO_MEMORY");
	}

	/** True when the connection itself is gone (daemon died, socket closed). */
	public boolean isConnectionLost() {
		return code.equals("VIR_ERR_SYSTEM_ERROR") || code.equals("VIR_ERR_RPC") || code.equals("VIR_ERR_NO_CONNECT")
				|| code.equals("VIR_ERR_INVALID_CONN")
				|| code.equals("VIR_ERR_INTERNAL_ERROR") && getMessage() != null && getMessage().contains("client socket is closed");
	}
}
