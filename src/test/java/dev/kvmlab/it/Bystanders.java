package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;

/**
 * Things a test puts on the host before a lab starts, WITHOUT kvmlab's mark: a running KVM domain,
 * an active isolated network, an active dir pool under a temporary folder, and optionally a
 * pre-existing {@code lab-}-prefixed object that a lab declares (a Linux bridge, a disk file).
 * kvmlab must never change or remove them; {@link #assertUntouched} compares their XML (virsh
 * dumpxml, live and inactive) byte for byte. {@link #close} removes exactly what was created here,
 * by exact name, and nothing else.
 */
final class Bystanders implements AutoCloseable {

	private final String domain;

	private final String network;

	private final String networkBridge;

	private final String pool;

	private Path poolDir;

	private final List<Runnable> undo = new ArrayList<>();

	private final Map<String, Supplier<String>> probes = new LinkedHashMap<>();

	private Map<String, String> before;

	/** A pool's sizes, which move with everything else on its file system. */
	private static final java.util.regex.Pattern SIZES = java.util.regex.Pattern.compile("\\s*<(capacity|allocation|available) unit='bytes'>\\d+</\\1>");

	private boolean daemonRestarts;

	/**
	 * For tests that restart libvirtd: the pool's sizes are refreshed by the restart and its inactive XML
	 * is read back from its file, so the pool is compared by its live XML without sizes and by the file
	 * libvirt keeps its definition in (bytes, times, mode). Call before {@link #createLibvirtObjects()}.
	 */
	Bystanders acrossDaemonRestarts() {
		daemonRestarts = true;
		return this;
	}

	/** @param tag a few lower-case letters that keep the names of different test classes apart */
	Bystanders(String tag) {
		this.domain = "kvmlab-it-bystander-" + tag + "-vm";
		this.network = "kvmlab-it-bystander-" + tag + "-net";
		this.networkBridge = ("kvmitb-" + tag).substring(0, Math.min(15, 7 + tag.length()));
		this.pool = "kvmlab-it-bystander-" + tag + "-pool";
	}

	String domain() {
		return domain;
	}

	String network() {
		return network;
	}

	String pool() {
		return pool;
	}

	/** Creates the domain (running), the network (active) and the pool (active). */
	Bystanders createLibvirtObjects() throws IOException {
		removeLeftoversOfAKilledRun();
		assertThat(Host.domains()).doesNotContain(domain);
		assertThat(Host.networks()).doesNotContain(network);
		assertThat(Host.pools()).doesNotContain(pool);
		assertThat(Host.linkExists(networkBridge)).as("link %s already exists", networkBridge).isFalse();

		Path xml = Files.createTempFile("kvmlab-it-", ".xml");
		try {
			Files.writeString(xml, """
					<domain type='kvm'>
					  <name>%s</name>
					  <memory unit='MiB'>64</memory>
					  <vcpu>1</vcpu>
					  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
					  <devices>
					    <serial type='pty'/>
					    <console type='pty'/>
					    <memballoon model='none'/>
					  </devices>
					</domain>
					""".formatted(domain));
			boolean logThere = Files.exists(Host.qemuLog(domain));
			Host.virsh("define", xml.toString()).ok();
			undo.add(0, () -> Host.removeQemuLogIfNew(domain, logThere));
			undo.add(0, () -> Host.virsh("undefine", domain));
			Host.virsh("start", domain).ok();
			undo.add(0, () -> Host.virsh("destroy", domain));
			assertThat(Host.domainState(domain)).isEqualTo("running");

			Files.writeString(xml, """
					<network>
					  <name>%s</name>
					  <bridge name='%s' stp='on' delay='0'/>
					</network>
					""".formatted(network, networkBridge));
			Host.virsh("net-define", xml.toString()).ok();
			undo.add(0, () -> Host.virsh("net-undefine", network));
			Host.virsh("net-start", network).ok();
			undo.add(0, () -> Host.virsh("net-destroy", network));

			poolDir = Files.createTempDirectory("kvmlab-it-pool-");
			Path dir = poolDir;
			undo.add(0, () -> deleteTree(dir));
			Files.writeString(xml, """
					<pool type='dir'>
					  <name>%s</name>
					  <target><path>%s</path></target>
					</pool>
					""".formatted(pool, poolDir));
			Host.virsh("pool-define", xml.toString()).ok();
			undo.add(0, () -> Host.virsh("pool-undefine", pool));
			Host.virsh("pool-start", pool).ok();
			undo.add(0, () -> Host.virsh("pool-destroy", pool));
		}
		finally {
			Files.deleteIfExists(xml);
		}

		probes.put("domain " + domain + " (live XML)", () -> Host.virsh("dumpxml", domain).ok().out());
		probes.put("domain " + domain + " (persistent XML)", () -> Host.virsh("dumpxml", "--inactive", domain).ok().out());
		probes.put("domain " + domain + " state", () -> Host.domainState(domain));
		probes.put("network " + network + " (live XML)", () -> Host.virsh("net-dumpxml", network).ok().out());
		probes.put("network " + network + " (persistent XML)",
				() -> Host.virsh("net-dumpxml", "--inactive", network).ok().out());
		probes.put("network " + network + " info", () -> Host.virsh("net-info", network).ok().out());
		if (daemonRestarts) {
			probes.put("pool " + pool + " (XML, without sizes)", () -> SIZES.matcher(Host.virsh("pool-dumpxml", pool).ok().out()).replaceAll(""));
			probes.put("pool " + pool + " (its file in /etc/libvirt/storage)", () -> fileFingerprint(Path.of("/etc/libvirt/storage", pool + ".xml")));
		}
		else {
			probes.put("pool " + pool + " (XML)", () -> Host.virsh("pool-dumpxml", pool).ok().out());
			probes.put("pool " + pool + " (persistent XML)", () -> Host.virsh("pool-dumpxml", "--inactive", pool).ok().out());
		}
		probes.put("pool " + pool + " state", () -> Host.virsh("pool-info", pool).ok().lines().stream()
			.filter(l -> l.startsWith("State") || l.startsWith("Persistent") || l.startsWith("Autostart")).toList().toString());
		return this;
	}

	/**
	 * Objects with exactly these names are only ever made by these tests: when a run was killed
	 * before its clean-up, the next one removes them (the pool's folder only when it is one of ours).
	 */
	private void removeLeftoversOfAKilledRun() {
		if (Host.domains().contains(domain)) {
			System.err.println("kvmlab-it: removing domain " + domain + " left by an earlier, interrupted run");
			Host.virsh("destroy", domain);
			Host.virsh("undefine", domain).ok();
			Host.removeQemuLogIfNew(domain, false);
		}
		if (Host.networks().contains(network)) {
			System.err.println("kvmlab-it: removing network " + network + " left by an earlier, interrupted run");
			Host.virsh("net-destroy", network);
			Host.virsh("net-undefine", network).ok();
		}
		if (Host.pools().contains(pool)) {
			System.err.println("kvmlab-it: removing pool " + pool + " left by an earlier, interrupted run");
			String xml = Host.virsh("pool-dumpxml", "--inactive", pool).ok().out();
			Matcher m = Pattern.compile("<path>([^<]+)</path>").matcher(xml);
			Host.virsh("pool-destroy", pool);
			Host.virsh("pool-undefine", pool).ok();
			if (m.find()) {
				Path dir = Path.of(m.group(1));
				if (dir.getFileName().toString().startsWith("kvmlab-it-pool-")
						&& dir.getParent().equals(Path.of(System.getProperty("java.io.tmpdir")))) {
					deleteTree(dir);
				}
			}
		}
	}

	/**
	 * Creates the Linux bridge {@code name} (no ports) the way a learner or another tool would:
	 * {@code ip link add NAME type bridge}, then {@code ip link set NAME up} when {@code up}.
	 */
	Bystanders createBridge(String name, boolean up) {
		assertThat(Host.linkExists(name)).as("link %s already exists", name).isFalse();
		Cmd.run("ip", "link", "add", "name", name, "type", "bridge").ok();
		undo.add(0, () -> Cmd.run("ip", "link", "delete", "dev", name));
		if (up) {
			Cmd.run("ip", "link", "set", "dev", name, "up").ok();
		}
		probes.put("bridge " + name, () -> Host.linkExists(name) ? Host.linkFingerprint(name) : "(gone)");
		return this;
	}

	/** Creates a qcow2 disk file with {@code qemu-img create}, as a learner might before `lab start`. */
	Bystanders createDisk(Path file) {
		assertThat(file).doesNotExist();
		Cmd.run("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "32M").ok();
		undo.add(0, () -> {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException e) {
				System.err.println("kvmlab-it: cannot remove " + file + ": " + e.getMessage());
			}
		});
		probes.put("file " + file, () -> fileFingerprint(file));
		return this;
	}

	private static String fileFingerprint(Path file) {
		if (!Files.exists(file)) {
			return "(gone)";
		}
		try {
			byte[] bytes = Files.readAllBytes(file);
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
					+ " " + Files.getLastModifiedTime(file) + " " + Files.getPosixFilePermissions(file);
		}
		catch (Exception e) {
			throw new AssertionError("cannot read " + file, e);
		}
	}

	/** Records the bystanders' current XML and state; later checks compare against this. */
	Bystanders snapshot() {
		before = read();
		return this;
	}

	private Map<String, String> read() {
		Map<String, String> now = new LinkedHashMap<>();
		probes.forEach((k, v) -> now.put(k, v.get()));
		return now;
	}

	/** Every bystander has exactly the XML and state it had at {@link #snapshot()}. */
	void assertUntouched(String after) {
		assertThat(before).as("snapshot() first").isNotNull();
		Map<String, String> now = read();
		SoftAssertions soft = new SoftAssertions();
		before.forEach((k, v) -> soft.assertThat(now.get(k)).as("%s after %s", k, after).isEqualTo(v));
		soft.assertAll();
	}

	/** Removes what this object created, by exact name, newest first; best effort, never throws. */
	@Override
	public void close() {
		for (Runnable r : undo) {
			try {
				r.run();
			}
			catch (RuntimeException | AssertionError e) {
				System.err.println("kvmlab-it: cleanup step failed: " + e.getMessage());
			}
		}
		undo.clear();
	}

	private static void deleteTree(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> s = Files.walk(dir)) {
			for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
		catch (IOException e) {
			System.err.println("kvmlab-it: cannot remove " + dir + ": " + e.getMessage());
		}
	}
}
