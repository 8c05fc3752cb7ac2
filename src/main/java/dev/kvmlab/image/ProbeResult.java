package dev.kvmlab.image;

/**
 * One boot of the guest under one accelerator: whether the ready marker appeared on the console
 * (and after how many seconds), whether qemu-ga answered, and otherwise why not (the last console
 * line, QEMU's error, or that the accelerator is missing).
 */
public record ProbeResult(String accel, boolean reached, double seconds, Boolean agent, int timeoutSeconds, String detail,
		String imageId, String probedAt) {
}
