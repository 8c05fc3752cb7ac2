package dev.kvmlab.host;

/**
 * What the hypervisor offers one kind of guest ({@code virsh domcapabilities --virttype kvm|qemu}):
 * the CPU modes it supports and the CPU models it can run as they are, for a virt type, architecture
 * and machine type (empty: libvirt's default). libvirt's test driver has no domain capabilities
 * (unsupported: the criteria are SKIP in practice mode).
 */
public record DomainCapabilities(String virtType, String arch, String machine) implements Need.Reading<XmlDoc> {

	@Override
	public Lookup<XmlDoc> read(LibvirtHost host) {
		if (host.isPractice()) {
			return Lookup.unsupported("practice mode: libvirt's test driver has no domain capabilities");
		}
		try {
			return Lookup.found(XmlDoc.parse(host.domainCapabilities(virtType, arch, machine)));
		}
		catch (HostException e) {
			if (e.code().equals("VIR_ERR_OPERATION_DENIED")) {
				return readWritable(host);
			}
			return e.code().equals("VIR_ERR_NO_SUPPORT") ? Lookup.unsupported(e.getMessage()) : Lookup.failed(e.getMessage());
		}
	}

	/**
	 * libvirt refuses domain capabilities on a read-only connection (it may probe the emulator). On the
	 * machine itself they are read once more on a connection of its own that asks only this; a remote
	 * host graded read-only cannot be asked (SKIP).
	 */
	private Lookup<XmlDoc> readWritable(LibvirtHost host) {
		if (!host.isLocal()) {
			return Lookup.unsupported("libvirt gives domain capabilities only on a read-write connection, and "
					+ UriRedactor.redact(host.uri()) + " is graded read-only");
		}
		try (LibvirtHost rw = LibvirtHost.open(host.uri(), false, host.local())) {
			return Lookup.found(XmlDoc.parse(rw.domainCapabilities(virtType, arch, machine)));
		}
		catch (HostException e) {
			return Lookup.failed("domain capabilities: " + e.getMessage());
		}
	}

	/** Is the CPU mode offered ({@code <mode name='...' supported='yes'>})? */
	public static boolean modeSupported(XmlDoc caps, String mode) {
		return "yes".equals(caps.value("/domainCapabilities/cpu/mode[@name='" + mode + "']/@supported"));
	}

	/**
	 * How a named model is offered for mode custom: {@code yes} (the host runs it as it is), {@code no}
	 * (it lacks some of the model's features), {@code unknown}, or empty when the model is not listed.
	 */
	public static String modelUsable(XmlDoc caps, String model) {
		for (org.w3c.dom.Node n : caps.nodes("/domainCapabilities/cpu/mode[@name='custom']/model")) {
			if (n.getTextContent().strip().equals(model)) {
				org.w3c.dom.Node usable = n.getAttributes().getNamedItem("usable");
				return usable == null ? "unknown" : usable.getNodeValue();
			}
		}
		return "";
	}
}
