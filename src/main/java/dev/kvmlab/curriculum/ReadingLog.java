package dev.kvmlab.curriculum;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kvmlab.progress.Progress;

/**
 * What the learner has read, kept in {@link Progress#reading}: {@code sections} maps each section id
 * rendered with {@code learn} to when it was first read, {@code last} is the last one read.
 */
public final class ReadingLog {

	private ReadingLog() {
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> sections(Progress p) {
		Object s = p.reading.get("sections");
		if (s instanceof Map<?, ?> m) {
			return (Map<String, Object>) m;
		}
		Map<String, Object> fresh = new LinkedHashMap<>();
		p.reading.put("sections", fresh);
		return fresh;
	}

	public static Set<String> read(Progress p) {
		return Set.copyOf(sections(p).keySet());
	}

	public static String last(Progress p) {
		Object l = p.reading.get("last");
		return l == null ? null : l.toString();
	}

	public static void record(Progress p, List<String> ids) {
		Map<String, Object> s = sections(p);
		String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
		for (String id : ids) {
			s.putIfAbsent(id, now);
		}
		if (!ids.isEmpty()) {
			p.reading.put("last", ids.get(ids.size() - 1));
		}
	}

	/**
	 * The section to read next: the first unread level-1 section after the one the learner read last
	 * (or the one that contains it), else the first unread one anywhere; empty when all were read.
	 * Works on the quick {@link Outline} (headings in course order), so it needs no lesson parsed.
	 */
	public static Optional<Outline.Entry> next(List<Outline.Entry> outline, Progress p) {
		List<Outline.Entry> order = outline.stream().filter(e -> e.level() == 1).toList();
		if (order.isEmpty()) {
			return Optional.empty();
		}
		Set<String> read = read(p);
		String last = last(p);
		int from = 0;
		String top = null;
		for (Outline.Entry e : outline) {
			if (e.level() == 1) {
				top = e.id();
			}
			if (e.id().equals(last) && top != null) {
				for (int i = 0; i < order.size(); i++) {
					if (order.get(i).id().equals(top)) {
						from = i + 1;
					}
				}
				break;
			}
		}
		for (int i = 0; i < order.size(); i++) {
			Outline.Entry e = order.get((from + i) % order.size());
			if (!read.contains(e.id())) {
				return Optional.of(e);
			}
		}
		return Optional.empty();
	}
}
