package dev.kvmlab.image;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <data>/images/probe.json}: the last probe result per accelerator ({@code kvm}, {@code tcg}) on
 * the host named {@code host}. Results recorded on another host (a data folder shared between
 * machines) are ignored.
 */
public record ProbeRecord(String host, Map<String, ProbeResult> results) {

	public ProbeRecord {
		results = results == null ? new TreeMap<>() : new TreeMap<>(results);
	}

	public ProbeResult result(QemuGuest.Accel accel) {
		return results.get(accel.key());
	}

	public ProbeRecord with(ProbeResult result) {
		Map<String, ProbeResult> more = new TreeMap<>(results);
		more.put(result.accel(), result);
		return new ProbeRecord(host, more);
	}
}
