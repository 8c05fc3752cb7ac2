package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.lab.Lab;

/**
 * Lab network-modes on the real qemu:///system: a NAT network with a DHCP range and a static lease
 * (dnsmasq and iptables really start it), a macvtap network on a veth pair that `lab start` makes,
 * an isolated network, and bandwidth QoS plus multiqueue vhost on a defined domain's NIC. Open
 * vSwitch counts only where it runs; elsewhere its criterion must be SKIP with the reason. Proves
 * the grading cycle and that finish removes the networks and the veth pair and nothing else.
 */
class NetworkModesLabIT extends LabTestBase {

	private static final boolean OVS = (Files.isExecutable(Path.of("/usr/bin/ovs-vsctl")) || Files.isExecutable(Path.of("/usr/sbin/ovs-vsctl")))
			&& (Files.exists(Path.of("/run/openvswitch/db.sock")) || Files.exists(Path.of("/var/run/openvswitch/db.sock")));

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("nm"));

	@Override
	Set<String> skippedOnThisHost() {
		return OVS ? Set.of() : Set.of("ovs-vlans");
	}

	@Test
	void startSolveUndoEachCriterionFinish_leavesBystandersAlone() throws Exception {
		Lab lab = lab("network-modes");
		requireHostFreeOf(lab);
		assertThat(Host.linkExists("lab-veth1")).as("link lab-veth1 already exists").isFalse();
		bystanders.createLibvirtObjects().snapshot();
		Map<String, List<String>> before = Host.inventory();

		assertFreshStartBelowPassMark(lab);
		assertThat(Host.linkExists("lab-veth0")).as("lab start made the veth pair").isTrue();
		assertThat(Host.linkExists("lab-veth1")).isTrue();
		assertThat(Host.ownerLab(Host.virsh("dumpxml", "--inactive", "lab-net-vm").ok().out())).isEqualTo(lab.id());
		start(lab); // idempotent: a second start keeps the pair and the VM
		assertThat(logText()).contains("veth pair lab-veth0/lab-veth1 already exists, up")
			.contains("domain lab-net-vm already defined: kept as it is");
		GradeResult fresh = grade(lab);
		assertThat(fresh.criteria()).filteredOn(c -> c.id().equals("ovs-vlans")).extracting(CriterionResult::status)
			.containsExactly(OVS ? Status.FAIL : Status.SKIP);
		bystanders.assertUntouched("lab start");

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> bystanders.assertUntouched("an undo step or re-solve"));

		// the solved lab as the host shows it
		for (String net : List.of("lab-nat", "lab-macvtap", "lab-iso")) {
			assertThat(Host.virsh("net-info", net).ok().out()).as(net).containsPattern("Active:\\s+yes");
		}
		assertThat(Host.virsh("net-dumpxml", "lab-nat").ok().out()).contains("52:54:00:4b:00:01").contains("10.77.31.10");
		assertThat(Host.linkExists("lab-natbr0")).as("libvirt made lab-nat's bridge").isTrue();
		String vm = Host.virsh("dumpxml", "--inactive", "lab-net-vm").ok().out();
		assertThat(vm).contains("queues='2'").contains("average='1000'");
		GradeResult solved = grade(lab);
		if (!OVS) {
			assertThat(solved.criteria()).filteredOn(c -> c.id().equals("ovs-vlans")).singleElement()
				.satisfies(c -> assertThat(c.found()).contains("Open vSwitch is not installed"));
		}

		finish(lab);
		bystanders.assertUntouched("lab finish");
		assertThat(Host.linkExists("lab-veth0")).isFalse();
		assertThat(Host.linkExists("lab-veth1")).isFalse();
		assertThat(Host.linkExists("lab-natbr0")).isFalse();
		assertThat(Host.linkExists("lab-isobr0")).isFalse();
		assertFinishedClean(lab, before, List.of());
	}

	/**
	 * The learner's way: network XML written by hand (no kvmlab mark), net-define, net-start, and
	 * `virsh edit` of the VM's NIC (an editor that changes the file, as a learner does in vi). It
	 * grades 100% (OVS SKIP where it does not run), and `lab finish` removes the learner's networks.
	 */
	@Test
	void theStepsAsWrittenWithVirshGradeFullAndFinishRemovesTheLearnersNetworks() throws Exception {
		Lab lab = lab("network-modes");
		requireHostFreeOf(lab);
		assertThat(Host.linkExists("lab-veth1")).as("link lab-veth1 already exists").isFalse();
		Map<String, List<String>> before = Host.inventory();
		Path work = Files.createTempDirectory("kvmlab-it-learner-");
		cleanUpAfterwards((AutoCloseable) () -> deleteTree(work));
		cleanUpAfterwards((AutoCloseable) () -> {
			for (String net : List.of("lab-nat", "lab-macvtap", "lab-iso")) {
				if (Host.networkExists(net)) {
					Host.virsh("net-destroy", net);
					Host.virsh("net-undefine", net);
				}
			}
		});
		Files.writeString(work.resolve("lab-nat.xml"), """
				<network>
				  <name>lab-nat</name>
				  <forward mode='nat'/>
				  <bridge name='lab-natbr0'/>
				  <ip address='10.77.31.1' netmask='255.255.255.0'>
				    <dhcp>
				      <range start='10.77.31.100' end='10.77.31.200'/>
				      <host mac='52:54:00:4b:00:01' ip='10.77.31.10'/>
				    </dhcp>
				  </ip>
				</network>
				""");
		Files.writeString(work.resolve("lab-macvtap.xml"),
				"<network><name>lab-macvtap</name><forward mode='bridge'><interface dev='lab-veth0'/></forward></network>\n");
		Files.writeString(work.resolve("lab-iso.xml"), "<network><name>lab-iso</name><bridge name='lab-isobr0'/></network>\n");
		Files.writeString(work.resolve("lab-ovs.xml"), """
				<network>
				  <name>lab-ovs</name>
				  <forward mode='bridge'/>
				  <bridge name='lab-ovsbr0'/>
				  <virtualport type='openvswitch'/>
				  <portgroup name='vlan-10' default='yes'><vlan><tag id='10'/></vlan></portgroup>
				  <portgroup name='vlan-20'><vlan><tag id='20'/></vlan></portgroup>
				</network>
				""");
		boolean kernelDatapath = Files.isDirectory(Path.of("/sys/module/openvswitch"));
		String ovsStep = !OVS ? "true"
				: "ovs-vsctl add-br lab-ovsbr0" + (kernelDatapath ? "" : " -- set bridge lab-ovsbr0 datapath_type=netdev")
						+ " && virsh net-define lab-ovs.xml && virsh net-start lab-ovs";
		if (OVS) {
			cleanUpAfterwards((AutoCloseable) () -> {
				if (Host.networkExists("lab-ovs")) {
					Host.virsh("net-destroy", "lab-ovs");
					Host.virsh("net-undefine", "lab-ovs");
				}
				Cmd.run("ovs-vsctl", "--if-exists", "del-br", "lab-ovsbr0");
			});
		}

		start(lab);
		runLearnerSteps(work, Map.of("EDITOR",
				"sed -i -e \"s|<model type='virtio'/>|<model type='virtio'/><driver name='vhost' queues='2'/><bandwidth><inbound average='1000'/></bandwidth>|\""),
						"virsh net-define lab-nat.xml && virsh net-start lab-nat",
						"virsh net-define lab-macvtap.xml && virsh net-start lab-macvtap",
						"virsh net-define lab-iso.xml && virsh net-start lab-iso",
						"virsh edit lab-net-vm", ovsStep,
						"virsh dumpxml --inactive lab-net-vm");

		assertGradesFull(lab, "the learner's virsh steps");

		finish(lab);
		assertThat(Host.networks()).doesNotContain("lab-nat", "lab-macvtap", "lab-iso");
		assertThat(Host.linkExists("lab-veth0")).isFalse();
		assertThat(Host.linkExists("lab-natbr0")).isFalse();
		assertFinishedClean(lab, before, List.of());
	}

	@Test
	void aPreexistingUnmarkedVeth_isUsedButNeitherChangedNorRemoved() throws Exception {
		Lab lab = lab("network-modes");
		requireHostFreeOf(lab);
		assertThat(Host.linkExists("lab-veth1")).isFalse();
		Cmd.run("ip", "link", "add", "name", "lab-veth0", "type", "veth", "peer", "name", "lab-veth1").ok();
		cleanUpAfterwards((AutoCloseable) () -> Cmd.run("ip", "link", "delete", "dev", "lab-veth0"));
		String fingerprint = Host.linkFingerprint("lab-veth0");

		start(lab);
		assertThat(logText()).contains("veth lab-veth0 was already here without kvmlab's mark")
			.contains("link lab-veth0 was already here (not this lab's): used as it is");
		finish(lab);
		assertThat(logText()).contains("veth lab-veth0: left alone");
		assertThat(Host.linkFingerprint("lab-veth0")).isEqualTo(fingerprint);
	}
}
