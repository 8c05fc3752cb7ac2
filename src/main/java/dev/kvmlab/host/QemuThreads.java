package dev.kvmlab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The threads of a running domain's QEMU process as the kernel shows them: each thread's name and
 * the host CPUs it may run on ({@code Cpus_allowed_list} in {@code /proc/<pid>/task/<tid>/status}),
 * and the huge pages the process holds ({@code HugetlbPages}). This is what pinning and huge page
 * backing really are, whatever the XML says. The process is found through libvirt's pid file
 * ({@code /run/libvirt/qemu/<name>.pid}, checked against the process's command line); a domain that
 * is not running has none (absent). Read on the machine itself only: remote and practice hosts are
 * unsupported (the criteria are SKIP).
 */
public record QemuThreads(String domain) implements Need.Reading<QemuThreads.Process> {

	/** A QEMU process: its pid, the huge page memory it holds (KiB) and its threads. */
	public record Process(int pid, long hugetlbKib, List<Task> tasks) {

		/** The main thread: QEMU's emulator thread (the I/O loop), whose affinity emulatorpin sets. */
		public Task main() {
			return tasks.stream().filter(t -> t.tid() == pid).findFirst().orElse(null);
		}

		/** The thread of vCPU {@code n} (named {@code CPU n/KVM} or {@code CPU n/TCG}), or null. */
		public Task vcpu(int n) {
			return tasks.stream().filter(t -> t.vcpu() == n).findFirst().orElse(null);
		}

		/** The thread of libvirt's IOThread {@code id} (named {@code IO iothread<id>}), or null. */
		public Task iothread(int id) {
			return tasks.stream().filter(t -> t.comm().equals("IO iothread" + id)).findFirst().orElse(null);
		}
	}

	/** One thread: id, name ({@code comm}) and the host CPUs it may run on. */
	public record Task(int tid, String comm, Set<Integer> cpus) {

		private static final Pattern VCPU = Pattern.compile("CPU (\\d+)/\\w+");

		/** The vCPU number this thread runs, or -1. */
		public int vcpu() {
			Matcher m = VCPU.matcher(comm);
			return m.matches() ? Integer.parseInt(m.group(1)) : -1;
		}
	}

	@Override
	public Lookup<Process> read(LibvirtHost host) {
		return LocalReading.read(host, "QEMU's threads", root -> read(root, domain));
	}

	/** Reads the process under a root directory (the real / or a test tree). */
	public static Lookup<Process> read(Path root, String domain) {
		Path pidFile = root.resolve("run/libvirt/qemu/" + domain + ".pid");
		int pid;
		try {
			if (!Files.exists(pidFile)) {
				return Lookup.absent();
			}
			pid = Integer.parseInt(Files.readString(pidFile).strip());
		}
		catch (IOException | NumberFormatException e) {
			return Lookup.failed("cannot read " + pidFile + ": " + e.getMessage());
		}
		Path proc = root.resolve("proc/" + pid);
		try {
			String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
			if (!cmdline.contains("guest=" + domain + ",") && !cmdline.contains("guest=" + domain + " ")) {
				return Lookup.absent(); // a stale pid file: the pid now belongs to another process
			}
			long hugetlb = kib(field(Files.readAllLines(proc.resolve("status")), "HugetlbPages"));
			List<Task> tasks = new ArrayList<>();
			try (Stream<Path> dirs = Files.list(proc.resolve("task"))) {
				for (Path task : dirs.sorted().toList()) {
					int tid = Integer.parseInt(task.getFileName().toString());
					String comm = Files.readString(task.resolve("comm")).strip();
					Set<Integer> cpus = cpuList(field(Files.readAllLines(task.resolve("status")), "Cpus_allowed_list"));
					tasks.add(new Task(tid, comm, cpus));
				}
			}
			tasks.sort(java.util.Comparator.comparingInt(Task::tid));
			return Lookup.found(new Process(pid, hugetlb, List.copyOf(tasks)));
		}
		catch (java.nio.file.NoSuchFileException e) {
			return Lookup.absent(); // the process ended while it was read
		}
		catch (IOException | RuntimeException e) {
			return Lookup.failed("cannot read QEMU process " + pid + " of " + domain + ": " + e.getMessage());
		}
	}

	private static String field(List<String> status, String name) {
		return status.stream().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
			.findFirst().orElse("");
	}

	private static long kib(String value) {
		String number = value.replace("kB", "").strip();
		return number.isEmpty() ? 0 : Long.parseLong(number);
	}

	/** A CPU list as the kernel and libvirt write it ({@code 0-3,6,8-9}, {@code ^2} excluded), as a set. */
	public static Set<Integer> cpuList(String list) {
		Set<Integer> out = new TreeSet<>();
		Set<Integer> excluded = new TreeSet<>();
		for (String part : list.strip().split(",")) {
			String p = part.strip();
			if (p.isEmpty()) {
				continue;
			}
			Set<Integer> target = p.startsWith("^") ? excluded : out;
			p = p.startsWith("^") ? p.substring(1) : p;
			int dash = p.indexOf('-');
			int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
			int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
			for (int i = from; i <= to; i++) {
				target.add(i);
			}
		}
		out.removeAll(excluded);
		return out;
	}

	/** A set of CPUs written as the kernel writes it ({@code 0-1,3}). */
	public static String cpuListText(Set<Integer> cpus) {
		StringBuilder out = new StringBuilder();
		List<Integer> sorted = new ArrayList<>(new TreeSet<>(cpus));
		for (int i = 0; i < sorted.size(); i++) {
			int start = sorted.get(i);
			int end = start;
			while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
				end = sorted.get(++i);
			}
			out.append(out.length() > 0 ? "," : "").append(start).append(end > start ? "-" + end : "");
		}
		return out.toString();
	}
}
