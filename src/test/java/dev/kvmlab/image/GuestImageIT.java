package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kvmlab.host.HostCommands;
import dev.kvmlab.image.GuestImageService.State;
import dev.kvmlab.image.QemuGuest.Accel;

/**
 * Builds the offline guest for real (apt-get download from Debian's archive into a scratch data
 * folder) and boots it with qemu-system-x86_64 under TCG: the ready marker, heartbeats, DHCP and a
 * static address, the dirty-memory loop, qemu-ga over its virtio-serial port, and shutdown by ACPI
 * and by the agent. No libvirt. Every QEMU is stopped and every file removed, pass or fail; every
 * wait is bounded.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestImageIT {

	/** Under TCG on a busy 2-core machine the marker takes 3-15 s; this leaves room without waiting forever. */
	private static final Duration BOOT = Duration.ofSeconds(120);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final List<QemuGuest> GUESTS = new CopyOnWriteArrayList<>();

	private static Path data;

	private static GuestImageService service;

	private static GuestImage image;

	@BeforeAll
	static void build() throws IOException {
		data = Files.createTempDirectory("kvmlab-image-it-");
		service = new GuestImageService(data, new HostCommands());
		List<String> steps = new ArrayList<>();
		long t0 = System.nanoTime();
		GuestImageService.BuildResult r = service.build(false, (key, args) -> steps.add(key));
		System.out.printf("guest image built in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, r.image().dir());
		assertThat(r.built()).isTrue();
		assertThat(steps).contains("image.step.download", "image.step.unpack", "image.step.modules", "image.step.initramfs");
		image = r.image();
	}

	@AfterEach
	void stopGuests() {
		GUESTS.forEach(QemuGuest::close);
		GUESTS.clear();
	}

	@AfterAll
	static void cleanUp() {
		GUESTS.forEach(QemuGuest::close);
		QemuGuest.deleteTree(data);
		assertThat(data == null || !Files.exists(data)).as("scratch data folder removed").isTrue();
	}

	private static QemuGuest boot(QemuGuest.Options options) {
		QemuGuest guest = QemuGuest.start(options);
		GUESTS.add(guest);
		return guest;
	}

	private static String ready(QemuGuest guest, String hostname) {
		long t0 = System.nanoTime();
		Optional<String> marker = guest.awaitReady(BOOT);
		assertThat(marker).as("ready marker; console ends: " + guest.lastConsoleLine() + "; qemu: " + guest.qemuLog())
			.isPresent();
		System.out.printf("%s: marker after %.1f s under %s%n", hostname, (System.nanoTime() - t0) / 1e9,
				guest.options().accel().key());
		assertThat(marker.get()).isEqualTo(GuestCmdline.READY_MARKER + " " + hostname + " " + image.kernelVersion());
		return marker.get();
	}

	@Test
	@Order(1)
	void theImageIsCachedAndComplete() throws IOException {
		Manifest m = image.manifest();
		assertThat(m.kernelVersion()).matches("\\d+\\.\\d+\\.\\d+-\\d+-cloud-amd64");
		assertThat(m.packages()).containsKeys("busybox-static", "qemu-guest-agent", m.kernelPackage());
		assertThat(m.modules().stream().map(ModuleDeps::name)).contains("virtio", "virtio_ring", "virtio_pci", "virtio_blk",
				"virtio_net", "net_failover", "failover", "virtio_console", "virtio_balloon", "virtio_scsi");
		assertThat(m.libraries()).anyMatch(l -> l.startsWith("/lib64/ld-linux-x86-64.so.2"))
			.anyMatch(l -> l.contains("libglib-2.0.so.0"));
		assertThat(Files.size(image.kernel())).isGreaterThan(1 << 20);
		assertThat(Files.size(image.initrd())).isBetween(1L << 20, 32L << 20);
		assertThat(service.diskInfo(image.dataDisk())).isEqualTo(new GuestImageService.DiskInfo("qcow2", 64L << 20));
		assertThat(service.status().state()).isEqualTo(State.CURRENT);
		try (var names = Files.list(service.imagesDir())) {
			assertThat(names.map(p -> p.getFileName().toString())).as("no work folders left")
				.noneMatch(n -> n.startsWith(".build-") || n.startsWith(".old-"));
		}

		long t0 = System.nanoTime();
		GuestImageService.BuildResult again = service.build(false, GuestImageBuilder.Progress.NONE);
		assertThat(again.built()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
		assertThat(again.image().manifest().imageId()).isEqualTo(m.imageId());
	}

	@Test
	@Order(2)
	void bootsUnderTcgWithHeartbeatsDhcpAgentAndAcpiShutdown() throws IOException {
		GuestCmdline cmdline = GuestCmdline.defaults().hostname("it-guest").heartbeat(true);
		QemuGuest guest = boot(QemuGuest.Options.of(image, Accel.TCG, cmdline).withNetwork(true).withQmp(true));
		ready(guest, "it-guest");

		assertThat(guest.awaitLine(l -> l.equals(GuestCmdline.HEARTBEAT_MARKER + " it-guest 3"), Duration.ofSeconds(60)))
			.as("third heartbeat").isPresent();
		List<String> beats = guest.consoleLines().stream().filter(l -> l.startsWith(GuestCmdline.HEARTBEAT_MARKER + " "))
			.toList();
		assertThat(beats).startsWith("KVMLAB-HEARTBEAT it-guest 1", "KVMLAB-HEARTBEAT it-guest 2",
				"KVMLAB-HEARTBEAT it-guest 3");

		// QEMU's user-mode network answers DHCP with 10.0.2.15
		assertThat(guest.awaitLine(l -> l.startsWith(GuestCmdline.IP_MARKER + " eth0 "), Duration.ofSeconds(60)))
			.contains(GuestCmdline.IP_MARKER + " eth0 10.0.2.15/24");

		// qemu-ga on org.qemu.guest_agent.0: the raw exchange, then a call after guest-sync
		assertThat(AgentClient.ping(guest.agentSocket(), Duration.ofSeconds(60))).as("guest-ping").isTrue();
		try (AgentClient agent = AgentClient.connect(guest.agentSocket())) {
			assertThat(agent.sync(Duration.ofSeconds(20))).isTrue();
			agent.send("{\"execute\":\"guest-ping\"}");
			assertThat(agent.readLine(Duration.ofSeconds(20))).contains("{\"return\": {}}");
			String name = agent.call("{\"execute\":\"guest-get-host-name\"}", Duration.ofSeconds(20)).orElseThrow();
			assertThat(JSON.readTree(name).at("/return/host-name").asText()).isEqualTo("it-guest");
		}

		// the ACPI power button (what `virsh shutdown --mode acpi` presses) powers the guest off
		try (AgentClient qmp = AgentClient.connect(guest.qmpSocket())) {
			assertThat(qmp.readUntil(l -> l.contains("\"QMP\""), Duration.ofSeconds(20))).isPresent();
			qmp.send("{\"execute\":\"qmp_capabilities\"}");
			assertThat(qmp.readUntil(l -> l.contains("\"return\""), Duration.ofSeconds(20))).isPresent();
			qmp.send("{\"execute\":\"system_powerdown\"}");
			assertThat(qmp.readUntil(l -> l.contains("\"return\""), Duration.ofSeconds(20))).isPresent();
		}
		catch (IOException e) {
			// QEMU may close the monitor as the guest powers off; the exit below is what counts
		}
		assertThat(guest.awaitExit(Duration.ofSeconds(90))).as("QEMU exits after the ACPI power-off; console: "
				+ guest.lastConsoleLine()).isTrue();
		assertThat(guest.console()).contains("reboot: Power down");
	}

	@Test
	@Order(3)
	void staticAddressDirtyMemoryAndAgentShutdown() throws IOException {
		GuestCmdline cmdline = GuestCmdline.defaults().hostname("it-dirty").ip("10.0.2.50/24,10.0.2.2").dirty(16);
		QemuGuest guest = boot(QemuGuest.Options.of(image, Accel.TCG, cmdline).withNetwork(true).memory(320));
		ready(guest, "it-dirty");
		assertThat(guest.consoleLines()).contains("KVMLAB-GUEST-IP eth0 10.0.2.50/24",
				"kvmlab: rewriting 16 MiB of memory with random data in a loop");

		assertThat(AgentClient.ping(guest.agentSocket(), Duration.ofSeconds(60))).isTrue();
		try (AgentClient agent = AgentClient.connect(guest.agentSocket())) {
			assertThat(agent.sync(Duration.ofSeconds(20))).isTrue();
			String out = exec(agent, "ip -4 route show default; ls /dev/virtio-ports; hostname");
			assertThat(out).contains("default via 10.0.2.2 dev eth0").contains("org.qemu.guest_agent.0").contains("it-dirty");
			// the loop fills 16 MiB of tmpfs (memory) and keeps rewriting it
			String filled = exec(agent, "n=0; while [ \"$(stat -c %s /run/dirty/buf 2>/dev/null)\" != 16777216 ]"
					+ " && [ $n -lt 60 ]; do sleep 1; n=$((n+1)); done; stat -c %s /run/dirty/buf");
			assertThat(filled.strip()).isEqualTo(String.valueOf(16L << 20));
			String sums = exec(agent, "md5sum /run/dirty/buf; sleep 2; md5sum /run/dirty/buf");
			List<String> two = sums.lines().map(l -> l.split("\\s+")[0]).toList();
			assertThat(two).hasSize(2);
			assertThat(two.get(0)).as("the buffer changes").isNotEqualTo(two.get(1));
			// qemu-ga's guest-shutdown runs /sbin/shutdown -P +0: the guest powers off
			agent.send("{\"execute\":\"guest-shutdown\"}");
		}
		assertThat(guest.awaitExit(Duration.ofSeconds(90))).as("QEMU exits after guest-shutdown; console: "
				+ guest.lastConsoleLine()).isTrue();
	}

	/** Runs a shell command in the guest through qemu-ga (guest-exec) and returns its output. */
	private static String exec(AgentClient agent, String command) throws IOException {
		String request = JSON.writeValueAsString(JSON.createObjectNode().put("execute", "guest-exec").set("arguments",
				JSON.createObjectNode().put("path", "/bin/sh").put("capture-output", true)
					.set("arg", JSON.createArrayNode().add("-c").add(command))));
		JsonNode started = JSON.readTree(agent.call(request, Duration.ofSeconds(20)).orElseThrow());
		long pid = started.at("/return/pid").asLong();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			JsonNode status = JSON.readTree(agent.call("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}",
					Duration.ofSeconds(20)).orElseThrow());
			if (status.at("/return/exited").asBoolean()) {
				return new String(Base64.getDecoder().decode(status.at("/return/out-data").asText("")), StandardCharsets.UTF_8);
			}
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted");
			}
		}
		throw new AssertionError("guest-exec of '" + command + "' did not finish in 90 s");
	}

	@Test
	@Order(4)
	void probeRecordsWhichAcceleratorBootsTheGuest() {
		ProbeResult tcg = service.probe(Accel.TCG, BOOT);
		System.out.println("probe tcg: " + tcg);
		assertThat(tcg.reached()).as(tcg.detail()).isTrue();
		assertThat(tcg.agent()).isTrue();
		assertThat(tcg.imageId()).isEqualTo(image.manifest().imageId());

		// KVM may or may not boot a guest here (nested, software-assisted KVM does not): only the bound is certain
		long t0 = System.nanoTime();
		ProbeResult kvm = service.probe(Accel.KVM, Duration.ofSeconds(15));
		double took = (System.nanoTime() - t0) / 1e9;
		System.out.printf("probe kvm (%.1f s): %s%n", took, kvm);
		assertThat(took).isLessThan(15 + 15 + 15);
		assertThat(service.probes().result(Accel.KVM)).isEqualTo(kvm);
		assertThat(service.probes().result(Accel.TCG)).isEqualTo(tcg);
		assertThat(service.domainType()).contains(kvm.reached() ? "kvm" : "qemu");
		if (!kvm.reached()) {
			assertThat(kvm.detail()).isNotBlank();
		}
	}

	@Test
	@Order(5)
	void oneShotCommandsKeepTheirExitCodes() throws Exception {
		Path jar = Path.of("target/kvmlab.jar");
		if (!Files.exists(jar)) {
			throw new AssertionError("target/kvmlab.jar missing: run through `mvn verify`");
		}
		Run status = kvmlab(jar, "image", "status");
		assertThat(status.code()).as(status.toString()).isZero();
		assertThat(status.out()).contains(image.dir().toString()).contains("intact and current")
			.contains(image.kernelVersion()).contains("tcg: boot verified");

		Run build = kvmlab(jar, "image", "build");
		assertThat(build.code()).as(build.toString()).isZero();
		assertThat(build.out()).contains("up to date");

		Run missing = kvmlab(jar, "image", "use", "/nonexistent/cloud.qcow2");
		assertThat(missing.code()).as(missing.toString()).isEqualTo(2);
		assertThat(missing.err().strip()).isEqualTo("kvmlab: error: /nonexistent/cloud.qcow2: no such file");

		Run badAccel = kvmlab(jar, "image", "probe", "--accel", "xen");
		assertThat(badAccel.code()).as(badAccel.toString()).isEqualTo(2);
		assertThat(badAccel.err().lines().count()).isEqualTo(1);

		Path disk = data.resolve("mine.qcow2");
		new HostCommands().run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "8M"));
		Run use = kvmlab(jar, "image", "use", disk.toString());
		assertThat(use.code()).as(use.toString()).isZero();
		assertThat(kvmlab(jar, "image", "status").out()).contains("Base cloud image: " + disk + " (qcow2)");
	}

	record Run(int code, String out, String err) {
	}

	private static Run kvmlab(Path jar, String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-Dkvmlab.home=" + Path.of("").toAbsolutePath(), "-jar", jar.toString(),
				"--data", data.toString(), "--lang", "en"));
		cmd.addAll(List.of(args));
		Path out = Files.createTempFile(data, "out", ".txt");
		Path err = Files.createTempFile(data, "err", ".txt");
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		pb.environment().put("KVMLAB_LANG", "en");
		Process p = pb.start();
		if (!p.waitFor(120, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError(String.join(" ", args) + ": no exit in 120 s");
		}
		Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
		Files.delete(out);
		Files.delete(err);
		return r;
	}
}
