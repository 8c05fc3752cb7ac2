package dev.kvmlab.cluster;

/** {@code cluster up} or {@code down} could not do its work: a message key (and arguments) for the shell to say. */
public class ClusterException extends RuntimeException {

	private final String key;

	private final transient Object[] args;

	public ClusterException(String key, Object... args) {
		super(key);
		this.key = key;
		this.args = args;
	}

	public String key() {
		return key;
	}

	public Object[] args() {
		return args.clone();
	}

	/** What went wrong in the script's or the system's own words (the message's last argument), for logs and lab steps. */
	public String detail() {
		return args.length == 0 ? key : String.valueOf(args[args.length - 1]);
	}
}
