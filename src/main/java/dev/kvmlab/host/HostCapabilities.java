package dev.kvmlab.host;

import java.util.Set;

/**
 * What the hypervisor offers: libvirt and QEMU versions, the hypervisor type, and the domain types
 * (kvm, qemu) the host can run for x86_64.
 */
public record HostCapabilities(String hypervisor, String libvirtVersion, String hypervisorVersion,
		Set<String> domainTypes, XmlDoc capabilities) {
}
