package dev.kvmlab.readiness;

import dev.kvmlab.content.Text;

/** One line of the host readiness check: what was looked at, what was found, and the fix when it is not PASS. */
public record ReadinessItem(String id, Level level, Text title, String found, Text fix) {
}
