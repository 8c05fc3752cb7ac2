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
}
