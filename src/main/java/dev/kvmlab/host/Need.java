package dev.kvmlab.host;

/**
 * One thing a rubric needs read from the host. A grade collects the needs of all its criteria and
 * reads them in one pass, so the libvirt round trips are per rubric, not per criterion.
 */
public sealed interface Need {

	record Domain(String name) implements Need {
	}

	record Network(String name) implements Need {
	}

	record Pool(String name) implements Need {
	}

	/** What {@code qemu-img info} says about a volume's image file (local hosts only). */
	record Image(String pool, String volume) implements Need {
	}

	/** Every domain on the host (for "some domain such that..." checks). */
	record AllDomains() implements Need {
	}

	/** A file on the machine itself, with its text when it is small. */
	record File(String path) implements Need {
	}

	/** A domain and the files its disks use (qemu-img info, ISO volume id), read on the machine itself. */
	record DomainFiles(String name) implements Need {
	}

	record Interfaces() implements Need {
	}

	record Facts() implements Need {
	}

	/** Capabilities and domain capabilities (which virt types and CPU models the host offers). */
	record Capabilities() implements Need {
	}

	/**
	 * Any other read a check type needs, which reads itself from the open host: the way to add a new
	 * kind of fact without touching {@link LibvirtHost#snapshot} or {@link HostSnapshot}. Implement it as
	 * a record (equal needs are read once) in this package, the only one that knows libvirt, and take
	 * the result with {@link HostSnapshot#reading}. An exception thrown by {@link #read} becomes a
	 * failed lookup (the criterion is ERROR), so a read never breaks the rest of the grade.
	 */
	non-sealed interface Reading<T> extends Need {
		Lookup<T> read(LibvirtHost host);
	}

	static Need domain(String name) {
		return new Domain(name);
	}

	static Need network(String name) {
		return new Network(name);
	}

	static Need pool(String name) {
		return new Pool(name);
	}

	static Need image(String pool, String volume) {
		return new Image(pool, volume);
	}

	static Need file(String path) {
		return new File(path);
	}

	static Need domainFiles(String name) {
		return new DomainFiles(name);
	}

	static Need allDomains() {
		return new AllDomains();
	}

	static Need interfaces() {
		return new Interfaces();
	}

	static Need facts() {
		return new Facts();
	}

	static Need capabilities() {
		return new Capabilities();
	}
}
