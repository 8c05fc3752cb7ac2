package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.Criterion;
import dev.kvmlab.lab.Lab;

/**
 * Lab host-readiness on the real qemu:///system: a fresh start grades below the pass mark, the
 * reference solution (define and start the KVM domain lab-probe) grades 100%, each criterion's undo
 * breaks exactly that criterion, the host facts pass on this KVM host, `lab finish` leaves nothing of
 * the lab, and a running domain, an active network and an active pool that are not the lab's keep
 * their XML byte for byte throughout.
 */
class HostReadinessLabIT extends LabTestBase {

	private final Bystanders bystanders = cleanUpAfterwards(new Bystanders("hr"));

	@Test
	void startSolveUndoEachCriterionFinish_leavesBystandersAlone() throws Exception {
		Lab lab = lab("host-readiness");
		requireHostFreeOf(lab);
		bystanders.createLibvirtObjects().snapshot();
		Map<String, List<String>> before = Host.inventory();

		assertFreshStartBelowPassMark(lab);
		bystanders.assertUntouched("lab start");

		assertEachUndoBreaksExactlyItsCriterion(lab, List.of(), () -> bystanders.assertUntouched("an undo step or re-solve"));
		assertThat(rubric(lab).criteria()).filteredOn(Criterion::hostFact).extracting(Criterion::id)
			.containsExactlyInAnyOrder("cpu-virt", "kvm-module", "kvm-device", "libvirt", "kvm-domain-type", "cgroups");

		// the solved lab really runs a KVM guest: live XML type kvm, state running
		assertThat(Host.domainState("lab-probe")).isEqualTo("running");
		assertThat(Host.virsh("dumpxml", "lab-probe").ok().out()).contains("<domain type='kvm'");
		assertThat(Host.ownerLab(Host.virsh("dumpxml", "--inactive", "lab-probe").ok().out())).isEqualTo(lab.id());

		finish(lab);
		bystanders.assertUntouched("lab finish");
		assertFinishedClean(lab, before, List.of());
	}
}
