package dev.kvmlab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the local machine's facts from /proc, /sys and /dev. The root is configurable so tests can
 * point it at a directory tree that describes another machine (no VT-x, no /dev/kvm, ...).
 */
public final class LocalSystem {

	private static final Set<String> KVM_MODULES = Set.of("kvm", "kvm_intel", "kvm_amd", "kvm_pvm", "vhost_net",
			"vhost", "tun", "bridge", "macvtap");

	private final Path root;

	public LocalSystem(Path root) {
		this.root = root;
	}

	/** The real machine. */
	public static LocalSystem real() {
		return new LocalSystem(Path.of("/"));
	}

	public Path root() {
		return root;
	}

	/** An absolute path of the machine, under this root. */
	public Path at(String absolute) {
		return root.resolve(absolute.substring(1));
	}

	/** The lines of a file of the machine; none when it cannot be read. */
	public List<String> lines(String absolute) {
		try {
			return Files.readAllLines(at(absolute));
		}
		catch (IOException e) {
			return List.of();
		}
	}

	private String read(String absolute) {
		try {
			return Files.readString(at(absolute)).trim();
		}
		catch (IOException e) {
			return "";
		}
	}

	public HostFacts facts() {
		Set<String> flags = new TreeSet<>();
		String vendor = "";
		for (String line : lines("/proc/cpuinfo")) {
			if (line.startsWith("flags")) {
				for (String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
					if (flag.equals("vmx") || flag.equals("svm")) {
						flags.add(flag);
					}
				}
			}
			else if (line.startsWith("vendor_id") && vendor.isEmpty()) {
				vendor = line.substring(line.indexOf(':') + 1).trim();
			}
		}
		Path kvm = at("/dev/kvm");
		boolean kvmDevice = false;
		String mode = "";
		boolean openable = false;
		if (Files.exists(kvm, LinkOption.NOFOLLOW_LINKS)) {
			try {
				PosixFileAttributes attrs = Files.readAttributes(kvm, PosixFileAttributes.class);
				kvmDevice = attrs.isOther();
				mode = PosixFilePermissions.toString(attrs.permissions()) + " " + attrs.owner().getName() + ":"
						+ attrs.group().getName();
			}
			catch (IOException | UnsupportedOperationException e) {
				mode = "unreadable: " + e.getMessage();
			}
			openable = Files.isReadable(kvm) && Files.isWritable(kvm);
		}
		Set<String> modules = new TreeSet<>();
		for (String m : KVM_MODULES) {
			if (Files.isDirectory(at("/sys/module/" + m))) {
				modules.add(m);
			}
		}
		boolean disabledByBios = lines("/var/log/kern.log").stream().anyMatch(l -> l.contains("disabled by bios"))
				|| read("/sys/module/kvm_intel/parameters/vmx_disabled").equals("Y");
		Set<String> controllers = new TreeSet<>();
		boolean v1 = false;
		boolean v2 = false;
		boolean hugetlbfs = false;
		for (String line : lines("/proc/mounts")) {
			String[] f = line.split("\\s+");
			if (f.length < 4) {
				continue;
			}
			if (f[2].equals("cgroup")) {
				v1 = true;
				for (String opt : f[3].split(",")) {
					if (Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids")
							.contains(opt)) {
						controllers.add(opt);
					}
				}
			}
			else if (f[2].equals("cgroup2")) {
				v2 = true;
				String list = read(f[1] + "/cgroup.controllers");
				if (!list.isEmpty()) {
					for (String c : list.split("\\s+")) {
						controllers.add(c);
					}
				}
			}
			else if (f[2].equals("hugetlbfs")) {
				hugetlbfs = true;
			}
		}
		// a hybrid host (v1 controllers beside a unified v2 mount) is run through its v1 controllers
		int cgroupVersion = v1 ? 1 : v2 ? 2 : 0;
		long hugepages = parseLong(read("/proc/sys/vm/nr_hugepages"));
		long memTotal = 0;
		for (String line : lines("/proc/meminfo")) {
			if (line.startsWith("MemTotal:")) {
				memTotal = parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		int cpus = (int) lines("/proc/cpuinfo").stream().filter(l -> l.startsWith("processor")).count();
		return new HostFacts(flags, vendor, kvmDevice, mode, openable, modules, disabledByBios, controllers,
				cgroupVersion, hugepages, hugetlbfs, memTotal, cpus, Files.exists(at("/dev/net/tun")),
				Files.exists(at("/dev/vhost-net")), hasDeviceMapper(), hasOpenvswitch());
	}

	/** The kernel offers device-mapper (needed by LVM, hence by libvirt's logical pools). */
	public boolean hasDeviceMapper() {
		return Files.exists(at("/sys/class/misc/device-mapper")) || Files.exists(at("/dev/mapper/control"));
	}

	/** Open vSwitch is installed (ovs-vsctl) and its database server runs (its socket is there). */
	public boolean hasOpenvswitch() {
		boolean tool = Files.isExecutable(at("/usr/bin/ovs-vsctl")) || Files.isExecutable(at("/usr/sbin/ovs-vsctl"));
		boolean db = Files.exists(at("/run/openvswitch/db.sock")) || Files.exists(at("/var/run/openvswitch/db.sock"));
		return tool && db;
	}

	/** Host network interfaces from /sys/class/net. */
	public List<HostInterface> interfaces() {
		Path net = at("/sys/class/net");
		List<HostInterface> out = new ArrayList<>();
		if (!Files.isDirectory(net)) {
			return out;
		}
		try (Stream<Path> entries = Files.list(net)) {
			for (Path dir : entries.sorted().toList()) {
				String name = dir.getFileName().toString();
				out.add(new HostInterface(name, kindOf(dir), isUp(dir), read(dir, "address"), ports(dir)));
			}
		}
		catch (IOException e) {
			throw new HostException("SYSFS", "cannot list " + net + ": " + e.getMessage(), e);
		}
		return out;
	}

	private static String read(Path dir, String file) {
		try {
			return Files.readString(dir.resolve(file)).trim();
		}
		catch (IOException e) {
			return "";
		}
	}

	private static String kindOf(Path dir) {
		if (Files.isDirectory(dir.resolve("bridge"))) {
			return "bridge";
		}
		String uevent = read(dir, "uevent");
		for (String line : uevent.split("\n")) {
			if (line.startsWith("DEVTYPE=")) {
				return line.substring("DEVTYPE=".length());
			}
		}
		if (Files.exists(dir.resolve("tun_flags"))) {
			return "tun";
		}
		if (dir.getFileName().toString().equals("lo")) {
			return "loopback";
		}
		return Files.exists(dir.resolve("device")) ? "ethernet" : "virtual";
	}

	private static boolean isUp(Path dir) {
		String flags = read(dir, "flags");
		if (flags.startsWith("0x")) {
			try {
				return (Long.parseLong(flags.substring(2), 16) & 0x1) != 0;
			}
			catch (NumberFormatException e) {
				// fall through to operstate
			}
		}
		return "up".equals(read(dir, "operstate"));
	}

	private static List<String> ports(Path dir) {
		Path brif = dir.resolve("brif");
		if (!Files.isDirectory(brif)) {
			return List.of();
		}
		try (Stream<Path> s = Files.list(brif)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
		catch (IOException e) {
			return List.of();
		}
	}

	private static long parseLong(String s) {
		try {
			return Long.parseLong(s.trim());
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}
}
