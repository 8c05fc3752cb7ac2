package dev.kvmlab.it;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The machine as virsh and iproute2 see it, read without kvmlab's own host layer, so the tests
 * check kvmlab against an independent view.
 */
final class Host {

	static final String URI = "qemu:///system";

	static final String OWNER_NS = "https://kvmlab.dev/xmlns/1";

	/** Where lab disks live (LabService.imagesDir() without KVMLAB_IMAGES). */
	static final Path IMAGES = Path.of("/var/lib/libvirt/images/kvmlab");

	private static final ObjectMapper JSON = new ObjectMapper();

	private Host() {
	}

	static Cmd.Result virsh(String... args) {
		List<String> cmd = Cmd.list("virsh", "-q", "-c", URI);
		cmd.addAll(List.of(args));
		return Cmd.run(Map.of(), null, Cmd.DEFAULT_TIMEOUT, cmd);
	}

	static List<String> domains() {
		return virsh("list", "--all", "--name").ok().lines();
	}

	static List<String> networks() {
		return virsh("net-list", "--all", "--name").ok().lines();
	}

	static List<String> pools() {
		return virsh("pool-list", "--all", "--name").ok().lines();
	}

	static boolean domainExists(String name) {
		return domains().contains(name);
	}

	static boolean networkExists(String name) {
		return networks().contains(name);
	}

	static String domainState(String name) {
		return virsh("domstate", name).ok().out().strip();
	}

	/** Names of the Linux bridges on the host. */
	static List<String> bridges() {
		List<String> out = new ArrayList<>();
		for (JsonNode link : json(Cmd.run("ip", "-j", "link", "show", "type", "bridge").ok().out())) {
			out.add(link.path("ifname").asText());
		}
		return out.stream().sorted().toList();
	}

	/** The log libvirt keeps of a domain's QEMU (virtlogd writes it when the domain starts). */
	static Path qemuLog(String domain) {
		return Path.of("/var/log/libvirt/qemu", domain + ".log");
	}

	/**
	 * Runs when the test is done with a domain it started: removes the QEMU log libvirt made for it,
	 * unless the log was there before ({@code existedBefore}).
	 */
	static void removeQemuLogIfNew(String domain, boolean existedBefore) {
		if (existedBefore) {
			return;
		}
		try {
			Files.deleteIfExists(qemuLog(domain));
		}
		catch (IOException e) {
			System.err.println("kvmlab-it: cannot remove " + qemuLog(domain) + ": " + e.getMessage());
		}
	}

	/** Host links that libvirt makes for guests' NICs (vnet0, ...) or for macvtap (macvtap0, ...). */
	static List<String> guestTaps() {
		List<String> out = new ArrayList<>();
		for (JsonNode link : json(Cmd.run("ip", "-j", "link", "show").ok().out())) {
			String name = link.path("ifname").asText();
			if (name.startsWith("vnet") || name.startsWith("macvtap")) {
				out.add(name);
			}
		}
		return out.stream().sorted().toList();
	}

	/** The loop devices attached to a file ({@code losetup -j FILE}). */
	static List<String> loopsOf(String file) {
		return Cmd.run("losetup", "-j", file).ok().lines().stream().map(l -> l.split(":", 2)[0].strip())
			.filter(s -> s.startsWith("/dev/loop")).toList();
	}

	static boolean linkExists(String name) {
		return Files.exists(Path.of("/sys/class/net", name));
	}

	/**
	 * A link's configuration as {@code ip -d -j link show} reports it, without what moves by itself
	 * (bridge timers, counters): equal before and after means nobody changed it.
	 */
	static String linkFingerprint(String name) {
		JsonNode all = json(Cmd.run("ip", "-d", "-j", "link", "show", "dev", name).ok().out());
		JsonNode link = all.get(0).deepCopy();
		strip(link);
		List<String> ports = new ArrayList<>();
		try (Stream<Path> s = Files.list(Path.of("/sys/class/net", name, "brif"))) {
			s.forEach(p -> ports.add(p.getFileName().toString()));
		}
		catch (IOException e) {
			ports.add("(no brif: " + e.getMessage() + ")");
		}
		return link.toPrettyString() + "\nports: " + ports.stream().sorted().toList();
	}

	private static void strip(JsonNode node) {
		if (node instanceof ObjectNode o) {
			List<String> drop = new ArrayList<>();
			o.fieldNames().forEachRemaining(f -> {
				if (f.endsWith("_timer") || f.equals("stats") || f.equals("stats64")) {
					drop.add(f);
				}
			});
			o.remove(drop);
			o.elements().forEachRemaining(Host::strip);
		}
		else if (node != null && node.isArray()) {
			node.elements().forEachRemaining(Host::strip);
		}
	}

	private static JsonNode json(String text) {
		try {
			return JSON.readTree(text.isBlank() ? "[]" : text);
		}
		catch (IOException e) {
			throw new AssertionError("not JSON: " + text, e);
		}
	}

	/** The lab-* files in kvmlab's image folder. */
	static List<String> labFiles() {
		if (!Files.isDirectory(IMAGES)) {
			return List.of();
		}
		try (Stream<Path> s = Files.list(IMAGES)) {
			return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("lab-")).sorted().toList();
		}
		catch (IOException e) {
			throw new AssertionError("cannot list " + IMAGES, e);
		}
	}

	/** Which lab's mark (kvmlab:owner lab="...") a libvirt XML carries, or null. */
	static String ownerLab(String xml) {
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setNamespaceAware(true);
			var doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
			NodeList owners = doc.getElementsByTagNameNS(OWNER_NS, "owner");
			return owners.getLength() == 0 ? null : ((Element) owners.item(0)).getAttribute("lab");
		}
		catch (Exception e) {
			throw new AssertionError("cannot parse XML: " + e.getMessage() + "\n" + xml, e);
		}
	}

	/**
	 * Every domain and network on the host that carries the given lab's mark, in its persistent or
	 * live definition: after {@code lab finish} this must be empty.
	 */
	static List<String> markedBy(String labId) {
		List<String> out = new ArrayList<>();
		for (String d : domains()) {
			for (String xml : List.of(virsh("dumpxml", d).ok().out(), virsh("dumpxml", "--inactive", d).ok().out())) {
				if (labId.equals(ownerLab(xml))) {
					out.add("domain:" + d);
					break;
				}
			}
		}
		for (String n : networks()) {
			for (String xml : List.of(virsh("net-dumpxml", n).ok().out(), virsh("net-dumpxml", "--inactive", n).ok().out())) {
				if (labId.equals(ownerLab(xml))) {
					out.add("network:" + n);
					break;
				}
			}
		}
		return out;
	}

	/**
	 * What the tests compare to prove the machine is as it was: every domain, network, pool and
	 * bridge by name, and the lab files in kvmlab's image folder.
	 */
	static Map<String, List<String>> inventory() {
		Map<String, List<String>> m = new TreeMap<>();
		m.put("domains", domains().stream().sorted().toList());
		m.put("networks", networks().stream().sorted().toList());
		m.put("pools", pools().stream().sorted().toList());
		m.put("bridges", bridges());
		m.put("guest taps", guestTaps());
		m.put("lab files in " + IMAGES, labFiles());
		m.put("loop devices", Cmd.run("losetup", "-a").ok().lines().stream().sorted().toList());
		return m;
	}
}
