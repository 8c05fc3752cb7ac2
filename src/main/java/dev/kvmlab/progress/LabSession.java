package dev.kvmlab.progress;

import java.util.ArrayList;
import java.util.List;

/**
 * A lab started on one host (one libvirt URI). {@code preexisting} lists the lab's resources that
 * were already there without kvmlab's mark when it was started: {@code lab finish} never touches
 * them. {@code created} lists what kvmlab itself made, for the record.
 */
public class LabSession {

	public String startedAt;

	public List<String> preexisting = new ArrayList<>();

	public List<String> created = new ArrayList<>();

	/**
	 * Choices lab start made for this host, kept as variables for later steps: for example
	 * {@code block_pool_type} (logical where the kernel has device-mapper, else fs) and {@code loop_device}.
	 */
	public java.util.Map<String, String> vars = new java.util.LinkedHashMap<>();

	/**
	 * The lab's domains whose QEMU log was already there when it was started (resource keys,
	 * {@code domain:lab-vm1}): {@code lab finish} removes the log of a domain it removes unless it is listed
	 * here. Null in sessions from before kvmlab recorded it: then no log is removed.
	 */
	public List<String> qemuLogsBefore;
}
