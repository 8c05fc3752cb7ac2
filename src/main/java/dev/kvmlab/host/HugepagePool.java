package dev.kvmlab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host's huge page pools, one per page size, from {@code /sys/kernel/mm/hugepages/hugepages-<N>kB},
 * the default size ({@code Hugepagesize} in /proc/meminfo) and the hugetlbfs mounts. Read on the
 * machine itself only.
 */
public record HugepagePool() implements Need.Reading<HugepagePool.Pools> {

	/** Every page size the kernel offers, and which is the default ({@code vm.nr_hugepages} is its pool). */
	public record Pools(long defaultPageKib, List<Counts> sizes, List<String> hugetlbfsMounts) {

		/** The pool of this page size (0: the default size), or null when the kernel has no such pages. */
		public Counts of(long pageKib) {
			long size = pageKib > 0 ? pageKib : defaultPageKib;
			return sizes.stream().filter(c -> c.pageKib() == size).findFirst().orElse(null);
		}
	}

	/**
	 * The kernel's counters for one page size. {@code persistent} is the pool that stays when its users
	 * are gone ({@code vm.nr_hugepages} for the default size): {@code total - surplus}.
	 */
	public record Counts(long pageKib, long total, long free, long reserved, long surplus) {

		public long persistent() {
			return total - surplus;
		}

		/** Pages in use or promised to a mapping (reserved pages are still counted as free). */
		public long held() {
			return total - free + reserved;
		}
	}

	@Override
	public Lookup<Pools> read(LibvirtHost host) {
		return LocalReading.read(host, "the host's huge pages", HugepagePool::read);
	}

	/** Reads the pools under a root directory (the real / or a test tree). */
	public static Lookup<Pools> read(Path root) {
		Path dir = root.resolve("sys/kernel/mm/hugepages");
		if (!Files.isDirectory(dir)) {
			return Lookup.absent(); // a kernel without huge pages
		}
		try (Stream<Path> sizes = Files.list(dir)) {
			List<Counts> out = new ArrayList<>();
			for (Path size : sizes.sorted().toList()) {
				String name = size.getFileName().toString();
				if (name.startsWith("hugepages-") && name.endsWith("kB")) {
					out.add(new Counts(Long.parseLong(name.substring("hugepages-".length(), name.length() - 2)),
							number(size, "nr_hugepages"), number(size, "free_hugepages"), number(size, "resv_hugepages"),
							number(size, "surplus_hugepages")));
				}
			}
			return Lookup.found(new Pools(defaultPageKib(root), List.copyOf(out), hugetlbfsMounts(root)));
		}
		catch (IOException | RuntimeException e) {
			return Lookup.failed("cannot read the huge page counters: " + e.getMessage());
		}
	}

	/** {@code Hugepagesize} from /proc/meminfo, in KiB. */
	public static long defaultPageKib(Path root) throws IOException {
		for (String line : Files.readAllLines(root.resolve("proc/meminfo"))) {
			if (line.startsWith("Hugepagesize:")) {
				return Long.parseLong(line.substring("Hugepagesize:".length()).replace("kB", "").strip());
			}
		}
		throw new IOException("no Hugepagesize in /proc/meminfo (a kernel without huge pages)");
	}

	/** Mount points of hugetlbfs file systems, from /proc/mounts. */
	public static List<String> hugetlbfsMounts(Path root) throws IOException {
		Path mounts = root.resolve("proc/mounts");
		if (!Files.exists(mounts)) {
			return List.of();
		}
		return Files.readAllLines(mounts).stream().map(l -> l.split(" ")).filter(f -> f.length > 2 && f[2].equals("hugetlbfs"))
			.map(f -> f[1]).toList();
	}

	private static long number(Path dir, String file) throws IOException {
		return Long.parseLong(Files.readString(dir.resolve(file)).strip());
	}
}
