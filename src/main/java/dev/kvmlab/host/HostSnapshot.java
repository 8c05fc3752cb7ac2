package dev.kvmlab.host;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One read of a host, made once per grade: everything the rubric's criteria asked for. Checks are
 * evaluated against this, never against a live connection.
 */
public record HostSnapshot(String uri, boolean practice, Instant takenAt, Map<String, Lookup<DomainInfo>> domains,
		Lookup<List<DomainInfo>> allDomains, Map<String, Lookup<NetworkInfo>> networks,
		Map<String, Lookup<PoolInfo>> pools, Lookup<List<HostInterface>> interfaces, Lookup<HostFacts> facts,
		Lookup<HostCapabilities> capabilities, Map<String, Lookup<ImageInfo>> images, Map<String, Lookup<FileInfo>> files,
		Map<String, String> labVars, Map<Need.Reading<?>, Lookup<?>> readings) {

	public HostSnapshot(String uri, boolean practice, Instant takenAt, Map<String, Lookup<DomainInfo>> domains,
			Lookup<List<DomainInfo>> allDomains, Map<String, Lookup<NetworkInfo>> networks,
			Map<String, Lookup<PoolInfo>> pools, Lookup<List<HostInterface>> interfaces, Lookup<HostFacts> facts,
			Lookup<HostCapabilities> capabilities, Map<String, Lookup<ImageInfo>> images, Map<String, Lookup<FileInfo>> files) {
		this(uri, practice, takenAt, domains, allDomains, networks, pools, interfaces, facts, capabilities, images, files,
				Map.of(), Map.of());
	}

	public HostSnapshot(String uri, boolean practice, Instant takenAt, Map<String, Lookup<DomainInfo>> domains,
			Lookup<List<DomainInfo>> allDomains, Map<String, Lookup<NetworkInfo>> networks,
			Map<String, Lookup<PoolInfo>> pools, Lookup<List<HostInterface>> interfaces, Lookup<HostFacts> facts,
			Lookup<HostCapabilities> capabilities) {
		this(uri, practice, takenAt, domains, allDomains, networks, pools, interfaces, facts, capabilities, Map.of(), Map.of(),
				Map.of(), Map.of());
	}

	/**
	 * The same snapshot with the choices the lab's session recorded on this host (for example
	 * {@code block_pool_type}), so checks grade against what {@code lab start} set up here.
	 */
	public HostSnapshot withLabVars(Map<String, String> vars) {
		return new HostSnapshot(uri, practice, takenAt, domains, allDomains, networks, pools, interfaces, facts, capabilities,
				images, files, vars == null ? Map.of() : Map.copyOf(vars), readings);
	}

	/** A choice the lab's session recorded on this host, or null (class grading has no session). */
	public String labVar(String name) {
		return labVars == null ? null : labVars.get(name);
	}

	/** qemu-img's view of a pool's volume (see {@link Need#image}). */
	public Lookup<ImageInfo> image(String pool, String volume) {
		return images.getOrDefault(pool + "/" + volume,
				Lookup.failed("image of " + pool + "/" + volume + " was not read (rubric did not ask)"));
	}

	/** What a {@link Need.Reading} read, or a failed lookup when the rubric did not ask for it. */
	@SuppressWarnings("unchecked")
	public <T> Lookup<T> reading(Need.Reading<T> need) {
		Lookup<?> found = readings == null ? null : readings.get(need);
		return found == null ? Lookup.failed(need + " was not read (rubric did not ask)") : (Lookup<T>) found;
	}

	/** The same snapshot with these readings (for tests that build a snapshot by hand). */
	public HostSnapshot withReadings(Map<Need.Reading<?>, Lookup<?>> more) {
		Map<Need.Reading<?>, Lookup<?>> all = new java.util.LinkedHashMap<>(readings == null ? Map.of() : readings);
		all.putAll(more);
		return new HostSnapshot(uri, practice, takenAt, domains, allDomains, networks, pools, interfaces, facts, capabilities,
				images, files, labVars, all);
	}

	/** A file read for a {@link Need.File} or as a disk of a {@link Need.DomainFiles} domain. */
	public Lookup<FileInfo> file(String path) {
		return files.getOrDefault(path, Lookup.failed("file " + path + " was not read (rubric did not ask)"));
	}

	public Lookup<DomainInfo> domain(String name) {
		return domains.getOrDefault(name, Lookup.failed("domain " + name + " was not read (rubric did not ask)"));
	}

	public Lookup<NetworkInfo> network(String name) {
		return networks.getOrDefault(name, Lookup.failed("network " + name + " was not read (rubric did not ask)"));
	}

	public Lookup<PoolInfo> pool(String name) {
		return pools.getOrDefault(name, Lookup.failed("pool " + name + " was not read (rubric did not ask)"));
	}

	/** The host interface with this name, absent if there is none. */
	public Lookup<HostInterface> hostInterface(String name) {
		if (interfaces instanceof Lookup.Found<List<HostInterface>> f) {
			return f.value().stream().filter(i -> i.name().equals(name)).findFirst()
					.<Lookup<HostInterface>>map(Lookup::found).orElse(Lookup.absent());
		}
		return interfaces.map(list -> null);
	}
}
