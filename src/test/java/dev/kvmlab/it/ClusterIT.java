package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kvmlab.cluster.ClusterLayout;

/**
 * The two-host cluster for real, through the one-shot launcher as a learner runs it: refused for a
 * user who is not root; an {@code up} killed half-way is removed by {@code down}; {@code cluster
 * up} twice, both hosts answer from this machine on their socket URIs with their own hostnames and
 * host UUIDs, a guest (the offline image, TCG) runs on lab-host-a and migrates live to lab-host-b;
 * then lab-host-b's libvirtd is killed, {@code cluster status} and a one-shot grade against it say
 * which host is down (exit 3); an iSCSI target on the cluster's storage network serves both hosts, and
 * {@code cluster down}, with it running, still removes everything. Before and after:
 * namespaces, processes, mounts, cgroups, links of this machine's own namespace, files, loop devices,
 * the kernel setting the cluster changes, and the system libvirtd's domains and networks (XML) are
 * the same. Writes to the system libvirt host and root networking: run under
 * {@code flock /tmp/kvmlab-system.lock}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

	private static final Path HOME = InterruptedRuns.HOME;

	private static final Path DATA = HOME.resolve("target").resolve("kvmlab-it-cluster-data");

	private static final ClusterLayout LAYOUT = ClusterLayout.standard();

	private static final String GUEST = "lab-x";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static Map<String, Object> before;

	@BeforeAll
	static void cleanMachine() throws IOException {
		Files.createDirectories(DATA);
		if (Files.exists(LAYOUT.dir().resolve("journal"))) {
			System.err.println("kvmlab-it: an earlier run left a cluster in " + LAYOUT.dir() + "; removing it");
			assertThat(kvmlab("cluster", "down").exit()).isZero();
		}
		Cmd.Result warm = Cmd.run(Map.of("KVMLAB_DATA", DATA.toString()), HOME, Duration.ofMinutes(5), List.of("./kvmlab", "labs"));
		assertThat(warm.exit()).as(warm.describe()).isZero();
		before = machine();
	}

	/** Pass or fail, the cluster goes, and the machine must be as it was. */
	@AfterAll
	static void downLeavesTheMachineAsItWas() {
		Cmd.Result down = kvmlab("cluster", "down");
		assertThat(down.exit()).as(down.describe()).isZero();
		assertThat(machine()).as("the machine after cluster down:\n%s", down.out()).isEqualTo(before);
		Cmd.Result again = kvmlab("cluster", "down");
		assertThat(again.exit()).as(again.describe()).isZero();
		assertThat(again.out()).contains("nothing to remove");
		LabTestBase.deleteTree(DATA);
	}

	@Test
	@Order(0)
	void notRoot_isRefusedWithTheReason_andNothingIsMade() throws IOException {
		Path home = DATA.resolve("nobody");
		Files.createDirectories(home);
		Cmd.run("chown", "65534:65534", home.toString()).ok();

		Cmd.Result r = Cmd.run(Map.of(), HOME, Duration.ofMinutes(2), List.of("setpriv", "--reuid=65534", "--regid=65534",
				"--clear-groups", "env", "HOME=" + home, "KVMLAB_DATA=" + home, "./kvmlab", "cluster", "up"));

		assertThat(r.exit()).as(r.describe()).isEqualTo(3);
		assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
		assertThat(r.err()).contains("cluster up cannot work on this machine: it must run as root (uid is 65534)");
		assertThat(LAYOUT.dir()).doesNotExist();
	}

	/**
	 * A namespace with the cluster's name that kvmlab did not make: up refuses to use it, and down
	 * leaves it and the process in it alone.
	 */
	@Test
	@Order(0)
	void aForeignNamespaceWithTheClustersName_isNeitherUsedNorRemoved() throws Exception {
		boolean netnsDir = Files.exists(Path.of("/run/netns"));
		Cmd.run("ip", "netns", "add", "kvmlab-cluster").ok();
		Process bystander = new ProcessBuilder("ip", "netns", "exec", "kvmlab-cluster", "sleep", "600").start();
		try {
			Cmd.Result up = kvmlab("cluster", "up");
			assertThat(up.exit()).as(up.describe()).isEqualTo(3);
			assertThat(up.err()).contains("a network namespace kvmlab-cluster is here that kvmlab did not make");

			Cmd.Result down = kvmlab("cluster", "down");
			assertThat(down.exit()).as(down.describe()).isZero();
			assertThat(Cmd.run("ip", "netns", "list").ok().out()).contains("kvmlab-cluster");
			assertThat(bystander.isAlive()).as("the process in the foreign namespace").isTrue();
		}
		finally {
			bystander.destroyForcibly().waitFor();
			Cmd.run("ip", "netns", "del", "kvmlab-cluster");
			if (!netnsDir) { // ip netns add made /run/netns a mount of itself
				Cmd.run("umount", "/run/netns");
				Cmd.run("rmdir", "/run/netns");
			}
		}
		assertThat(machine()).isEqualTo(before);
	}

	/** An up killed half-way (with whatever it had started) leaves nothing that down does not remove. */
	@Test
	@Order(0)
	void anInterruptedUp_isRemovedCompletelyByDown() throws Exception {
		ProcessBuilder pb = new ProcessBuilder("./kvmlab", "cluster", "up").directory(HOME.toFile())
			.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
		pb.environment().put("KVMLAB_DATA", DATA.toString());
		Process up = pb.start();
		Path journal = LAYOUT.dir().resolve("journal");
		long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < end && up.isAlive()
				&& !(Files.exists(journal) && Files.readString(journal).contains("netns kvmlab-lab-host-a"))) {
			sleep(20);
		}
		boolean halfWay = up.isAlive();
		up.descendants().forEach(ProcessHandle::destroyForcibly);
		up.destroyForcibly();
		up.waitFor();
		assertThat(halfWay).as("up was still running when it was killed").isTrue();
		assertThat(Files.readString(journal)).as("up was stopped half-way").contains("netns kvmlab-lab-host-a");

		Cmd.Result down = kvmlab("cluster", "down");
		assertThat(down.exit()).as(down.describe()).isZero();
		assertThat(machine()).as("the machine after down of a half-made cluster:\n%s", down.out()).isEqualTo(before);
	}

	@Test
	@Order(1)
	void upTwice_bothHostsAnswerFromHereWithTheirOwnNamesAndUuids() throws IOException {
		Cmd.Result up = kvmlab("cluster", "up");
		assertThat(up.exit()).as(up.describe()).isZero();
		assertThat(up.out()).contains("made netns kvmlab-lab-host-a", "made libvirtd lab-host-b", "qemu+tcp://lab-host-b/system");

		Cmd.Result again = kvmlab("cluster", "up");
		assertThat(again.exit()).as(again.describe()).isZero();
		assertThat(again.out()).as("a second cluster up makes nothing").doesNotContain("made ")
			.contains("already there: libvirtd lab-host-a");

		JsonNode status = statusJson(0);
		assertThat(status.get("state").asText()).isEqualTo("up");
		List<String> uuids = new ArrayList<>();
		for (String name : ClusterLayout.HOST_NAMES) {
			String uri = LAYOUT.socketUri(LAYOUT.host(name).orElseThrow());
			assertThat(virsh(uri, "hostname").ok().out().strip()).isEqualTo(name);
			String caps = virsh(uri, "capabilities").ok().out();
			String uuid = caps.substring(caps.indexOf("<uuid>") + 6, caps.indexOf("</uuid>"));
			uuids.add(uuid);
			JsonNode host = hostJson(status, name);
			assertThat(host.get("up").asBoolean()).isTrue();
			assertThat(host.get("uri").asText()).isEqualTo(uri);
			assertThat(host.get("hostUuid").asText()).isEqualTo(uuid);
			assertThat(host.get("hostname").asText()).isEqualTo(name);
			assertThat(virsh(uri, "list", "--all", "--name").ok().lines()).as("a new host has no domains").isEmpty();
		}
		assertThat(uuids.get(0)).isNotEqualTo(uuids.get(1));

		Cmd.Result alias = kvmlab("--connect", "lab-host-a", "connect");
		assertThat(alias.exit()).as(alias.describe()).isZero();
		assertThat(alias.out()).contains(LAYOUT.socketUri(LAYOUT.host("lab-host-a").orElseThrow()));
		assertThat(rootLinks()).as("the cluster adds no link to this machine's own namespace").isEqualTo(before.get("root links"));
	}

	@Test
	@Order(2)
	void aGuestRunsOnHostAAndMigratesLiveToHostB() throws Exception {
		Cmd.Result build = Cmd.run(Map.of("KVMLAB_DATA", DATA.toString()), HOME, Duration.ofMinutes(5),
				List.of("./kvmlab", "image", "build"));
		assertThat(build.exit()).as(build.describe()).isZero();
		Path image = DATA.resolve("images/kvmlab-guest");
		Path shared = LAYOUT.sharedDir();
		Files.copy(image.resolve("vmlinuz"), shared.resolve("vmlinuz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Files.copy(image.resolve("initrd.img"), shared.resolve("initrd.img"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Path xml = DATA.resolve(GUEST + ".xml");
		Files.writeString(xml, """
				<domain type='qemu'>
				  <name>%s</name>
				  <memory unit='MiB'>256</memory>
				  <vcpu>1</vcpu>
				  <os>
				    <type arch='x86_64'>hvm</type>
				    <kernel>%s</kernel>
				    <initrd>%s</initrd>
				    <cmdline>console=ttyS0 kvmlab.hostname=%s kvmlab.ip=none kvmlab.heartbeat=1</cmdline>
				  </os>
				  <features><acpi/></features>
				  <cpu mode='custom'><model>qemu64</model></cpu>
				  <devices>
				    <serial type='pty'><log file='/var/log/libvirt/qemu/%s-console.log' append='on'/><target port='0'/></serial>
				    <console type='pty'><target type='serial' port='0'/></console>
				  </devices>
				</domain>
				""".formatted(GUEST, shared.resolve("vmlinuz"), shared.resolve("initrd.img"), GUEST, GUEST));
		String a = LAYOUT.socketUri(LAYOUT.host("lab-host-a").orElseThrow());
		String b = LAYOUT.socketUri(LAYOUT.host("lab-host-b").orElseThrow());
		virsh(a, "define", xml.toString()).ok();
		virsh(a, "start", GUEST).ok();
		Path consoleA = LAYOUT.dir().resolve("lab-host-a/log/qemu/" + GUEST + "-console.log");
		awaitLine(consoleA, "KVMLAB-GUEST-READY " + GUEST, Duration.ofSeconds(90));

		long start = System.nanoTime();
		Cmd.Result migrate = virsh(a, "migrate", "--live", "--p2p", "--persistent", "--undefinesource", GUEST,
				"qemu+tcp://lab-host-b/system");
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertThat(migrate.exit()).as(migrate.describe()).isZero();
		System.err.println("kvmlab-it: live migration of a 256 MiB guest from lab-host-a to lab-host-b took " + millis + " ms");
		assertThat(virsh(a, "list", "--all", "--name").ok().lines()).isEmpty();
		assertThat(virsh(b, "domstate", GUEST).ok().out().strip()).isEqualTo("running");
		assertThat(virsh(b, "list", "--persistent", "--name").ok().lines()).containsExactly(GUEST);
		awaitLine(LAYOUT.dir().resolve("lab-host-b/log/qemu/" + GUEST + "-console.log"), "KVMLAB-HEARTBEAT " + GUEST,
				Duration.ofSeconds(30));

		// and back, without --p2p: this machine's virsh talks to both hosts over their sockets
		Cmd.Result back = virsh(b, "migrate", "--live", "--persistent", "--undefinesource", GUEST, a);
		assertThat(back.exit()).as(back.describe()).isZero();
		assertThat(virsh(b, "list", "--all", "--name").ok().lines()).isEmpty();
		assertThat(virsh(a, "domstate", GUEST).ok().out().strip()).isEqualTo("running");

		// post-copy (needs vm.unprivileged_userfaultfd=1, which cluster up sets): a slow pre-copy, switched
		Path consoleB = LAYOUT.dir().resolve("lab-host-b/log/qemu/" + GUEST + "-console.log");
		long beatsBefore = Files.readString(consoleB).lines().filter(l -> l.contains("KVMLAB-HEARTBEAT")).count();
		Process postcopy = new ProcessBuilder("virsh", "-q", "-c", a, "migrate", "--live", "--p2p", "--postcopy", "--bandwidth",
				"4", "--persistent", "--undefinesource", GUEST, "qemu+tcp://lab-host-b/system").redirectErrorStream(true).start();
		long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < until && !virsh(a, "domjobinfo", GUEST).out().contains("Data processed")) {
			sleep(100); // the job exists before QEMU migrates (and before libvirt enabled post-copy in it)
		}
		Cmd.Result switched = virsh(a, "migrate-postcopy", GUEST);
		for (int i = 0; i < 20 && switched.exit() != 0 && switched.err().contains("before the start of migration"); i++) {
			sleep(200);
			switched = virsh(a, "migrate-postcopy", GUEST);
		}
		switched.ok();
		assertThat(postcopy.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("post-copy migration ends").isTrue();
		assertThat(postcopy.exitValue()).as(new String(postcopy.getInputStream().readAllBytes())).isZero();
		assertThat(virsh(b, "domstate", GUEST).ok().out().strip()).isEqualTo("running");
		until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < until
				&& Files.readString(consoleB).lines().filter(l -> l.contains("KVMLAB-HEARTBEAT")).count() <= beatsBefore) {
			sleep(250);
		}
		assertThat(Files.readString(consoleB).lines().filter(l -> l.contains("KVMLAB-HEARTBEAT")).count())
			.as("the guest beats on lab-host-b after post-copy").isGreaterThan(beatsBefore);
	}

	@Test
	@Order(3)
	void aKilledLibvirtdIsReportedAsItsHostDown() throws IOException {
		String pid = Files.readString(LAYOUT.dir().resolve("lab-host-b/run/libvirtd.pid")).strip();
		Cmd.run("kill", pid).ok();
		for (int i = 0; i < 50 && running(Long.parseLong(pid)); i++) {
			sleep(100);
		}

		JsonNode status = statusJson(3);
		assertThat(status.get("state").asText()).isEqualTo("degraded");
		assertThat(hostJson(status, "lab-host-a").get("up").asBoolean()).isTrue();
		assertThat(hostJson(status, "lab-host-b").get("up").asBoolean()).isFalse();
		assertThat(hostJson(status, "lab-host-b").get("problem").asText()).isEqualTo("libvirtd-not-running");
		Cmd.Result text = kvmlab("cluster", "status");
		assertThat(text.exit()).as(text.describe()).isEqualTo(3);
		assertThat(text.out()).containsPattern("\\[DOWN\\] lab-host-b +its libvirtd is not running");

		Cmd.Result grade = kvmlab("--connect", "lab-host-b", "lab", "grade", "host-readiness", "--format", "json");
		assertThat(grade.exit()).as(grade.describe()).isEqualTo(3);
		assertThat(grade.out()).as("stdout").isEmpty();
		assertThat(grade.err().strip().lines().count()).as(grade.err()).isEqualTo(1);
		assertThat(grade.err()).contains("cluster host lab-host-b is down").doesNotContain("Exception");
	}

	/**
	 * `flock FILE cluster.sh up` hands its locked descriptor to the script: the libvirtd it starts
	 * again must not keep it (nor the script's own lock on the state folder), or every later flock
	 * on that file, and the next `up`, waits for ever.
	 */
	@Test
	@Order(4)
	void upUnderACallersLockStartsTheKilledLibvirtdAgainAndKeepsNoLock() throws IOException {
		Path lock = DATA.resolve("caller.lock");
		Files.writeString(lock, "");
		Cmd.Result up = Cmd.run(Map.of(), null, Duration.ofMinutes(2),
				List.of("flock", lock.toString(), "bash", LAYOUT.dir().resolve("cluster.sh").toString(), "up"));
		assertThat(up.exit()).as(up.describe()).isZero();
		assertThat(up.out()).contains("+ libvirtd lab-host-b", "= libvirtd lab-host-a");

		assertThat(Cmd.run("flock", "-w", "5", lock.toString(), "true").exit()).as("the caller's lock is free again").isZero();
		List<String> holding = new ArrayList<>();
		for (String p : clusterProcesses()) {
			String pid = p.substring(0, p.indexOf(' '));
			try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
				fds.forEach(fd -> {
					try {
						Path target = Files.readSymbolicLink(fd);
						if (target.equals(lock) || target.equals(LAYOUT.dir())) {
							holding.add(p + " holds " + target);
						}
					}
					catch (IOException e) {
						// closed meanwhile
					}
				});
			}
		}
		assertThat(holding).isEmpty();
		Cmd.Result again = kvmlab("cluster", "up");
		assertThat(again.exit()).as(again.describe()).isZero();
		assertThat(statusJson(0).get("state").asText()).isEqualTo("up");
	}

	/**
	 * The storage network: an iSCSI target served in the bridge's namespace reaches both hosts (a pool
	 * of type iscsi-direct on each sees its LUN), `cluster status` names it, and it is left running for
	 * `cluster down`, which must stop its daemon with the rest.
	 */
	@Test
	@Order(5)
	void anIscsiTargetOnTheStorageNetworkServesBothHosts_andIsLeftForClusterDown() throws IOException {
		List<String> steps = new ArrayList<>();
		new dev.kvmlab.cluster.ClusterService().sanUp("lab-it", 8, step -> steps.add(step.kind() + " " + step.what()));
		assertThat(steps).anyMatch(st -> st.startsWith("CREATED tgtd ")).contains("CREATED iscsi-target "
				+ ClusterLayout.iqn("lab-it") + " (LUN 1: " + LAYOUT.sanDir().resolve("lab-it-lun1.img") + ", 8 MiB)");
		for (ClusterLayout.ClusterHost h : LAYOUT.hosts()) {
			String uri = LAYOUT.socketUri(h);
			virsh(uri, "pool-create-as", "lab-it-pool", "iscsi-direct", "--source-host", LAYOUT.sanAddress(), "--source-dev",
					ClusterLayout.iqn("lab-it"), "--source-initiator", ClusterLayout.iqn(h.name())).ok();
			try {
				assertThat(virsh(uri, "vol-list", "lab-it-pool").ok().out()).as("the LUN seen from %s", h.name()).contains("unit:0:0:1");
			}
			finally {
				virsh(uri, "pool-destroy", "lab-it-pool").ok();
			}
		}
		JsonNode status = statusJson(0);
		assertThat(status.get("sanTargets").toString()).contains(ClusterLayout.iqn("lab-it"));
		assertThat(kvmlab("cluster", "status").out()).contains("iSCSI target " + ClusterLayout.iqn("lab-it") + " at "
				+ LAYOUT.sanAddress() + ":3260");
		assertThat(daemons()).anyMatch(d -> d.endsWith(" tgtd"));
	}

	// ------------------------------------------------------------------ helpers

	private static Cmd.Result kvmlab(String... args) {
		List<String> cmd = Cmd.list("./kvmlab");
		cmd.addAll(List.of(args));
		return Cmd.run(Map.of("KVMLAB_DATA", DATA.toString()), HOME, Duration.ofMinutes(3), cmd);
	}

	private static Cmd.Result virsh(String uri, String... args) {
		List<String> cmd = Cmd.list("virsh", "-q", "-c", uri);
		cmd.addAll(List.of(args));
		return Cmd.run(Map.of(), null, Duration.ofSeconds(90), cmd);
	}

	private static JsonNode statusJson(int exit) throws IOException {
		Cmd.Result r = kvmlab("cluster", "status", "--format", "json");
		assertThat(r.exit()).as(r.describe()).isEqualTo(exit);
		return JSON.readTree(r.out());
	}

	private static JsonNode hostJson(JsonNode status, String name) {
		for (JsonNode h : status.get("hosts")) {
			if (h.get("name").asText().equals(name)) {
				return h;
			}
		}
		throw new AssertionError("no host " + name + " in " + status);
	}

	private static void awaitLine(Path log, String text, Duration timeout) throws IOException {
		long end = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < end) {
			if (Files.exists(log) && Files.readString(log).contains(text)) {
				return;
			}
			sleep(250);
		}
		throw new AssertionError("no '" + text + "' in " + log + " within " + timeout + ":\n"
				+ (Files.exists(log) ? Files.readString(log) : "(no log)"));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/**
	 * What must be the same before and after the cluster: everything it could leave behind, and
	 * everything of the machine's own it must not touch.
	 */
	private static Map<String, Object> machine() {
		Map<String, Object> m = new TreeMap<>();
		m.put("network namespaces", Cmd.run("ip", "netns", "list").ok().lines());
		m.put("processes in a kvmlab-cluster cgroup or namespace", clusterProcesses());
		m.put("libvirtd, virtlogd and tgtd processes", daemons());
		m.put("mounts", mounts());
		m.put("cgroups", cgroups());
		m.put("root links", rootLinks());
		m.put("state folder", Files.exists(LAYOUT.dir()) ? "present" : "absent");
		m.put("state folder's parent", Files.exists(LAYOUT.dir().getParent()) ? "present" : "absent");
		m.put("/run/netns", Files.exists(Path.of("/run/netns")) ? "present" : "absent");
		m.put("loop devices", Cmd.run("losetup", "-a").ok().lines().stream().sorted().toList());
		m.put("vm.unprivileged_userfaultfd", Cmd.run("sysctl", "-n", "vm.unprivileged_userfaultfd").ok().out().strip());
		Map<String, String> libvirt = new TreeMap<>();
		for (String d : Host.domains()) {
			libvirt.put("domain " + d, Host.virsh("dumpxml", "--inactive", d).ok().out());
		}
		for (String n : Host.networks()) {
			libvirt.put("network " + n, Host.virsh("net-dumpxml", "--inactive", n).ok().out());
		}
		m.put("system libvirt domains and networks", libvirt);
		return m;
	}

	private static List<String> rootLinks() {
		List<String> out = new ArrayList<>();
		for (String name : Cmd.run("ls", "/sys/class/net").ok().lines()) {
			out.add(Host.linkExists(name) ? Host.linkFingerprint(name) : name + " (gone)");
		}
		return out;
	}

	private static List<String> mounts() {
		List<String> out = new ArrayList<>();
		for (String line : lines(Path.of("/proc/self/mountinfo"))) {
			String[] f = line.split(" ");
			int dash = List.of(f).indexOf("-");
			out.add(f[4] + " " + f[dash + 1] + " " + f[dash + 2]);
		}
		return out.stream().sorted().toList();
	}

	private static List<String> cgroups() {
		try (Stream<Path> s = Files.list(Path.of("/sys/fs/cgroup"))) {
			return s.map(hierarchy -> hierarchy.resolve(LAYOUT.cgroup())).filter(Files::exists).map(Path::toString).sorted()
				.toList();
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	private static List<String> clusterProcesses() {
		List<String> out = new ArrayList<>();
		for (long pid : pids()) {
			List<String> cgroup = lines(Path.of("/proc", String.valueOf(pid), "cgroup"));
			String cmdline = read(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
			if (cgroup.stream().anyMatch(l -> l.contains("/" + LAYOUT.cgroup())) || cmdline.contains("kvmlab-cluster")) {
				out.add(pid + " " + cmdline);
			}
		}
		return out;
	}

	private static List<String> daemons() {
		List<String> out = new ArrayList<>();
		for (long pid : pids()) {
			String comm = read(Path.of("/proc", String.valueOf(pid), "comm")).strip();
			if (comm.equals("libvirtd") || comm.equals("virtlogd") || comm.equals("tgtd")) {
				out.add(pid + " " + comm);
			}
		}
		return out.stream().sorted().toList();
	}

	/**
	 * The processes that run: a killed daemon stays a zombie until its parent reaps it, which on this
	 * machine's init can take seconds; a zombie holds nothing (no cgroup, no namespace, no file).
	 */
	private static List<Long> pids() {
		try (Stream<Path> s = Files.list(Path.of("/proc"))) {
			return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::parseLong)
				.filter(ClusterIT::running).toList();
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	private static boolean running(long pid) {
		String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
		int end = stat.lastIndexOf(") ");
		return end > 0 && !stat.substring(end + 2).startsWith("Z");
	}

	private static List<String> lines(Path p) {
		return read(p).lines().toList();
	}

	private static String read(Path p) {
		try {
			return Files.readString(p);
		}
		catch (IOException e) {
			return ""; // a process that ended meanwhile
		}
	}
}
