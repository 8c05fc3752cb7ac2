package dev.kvmlab.grading;

import java.util.List;
import java.util.Map;

/** The parameters of one criterion's check, as written in the rubric (already validated). */
public record Params(Map<String, Object> values) {

	public String string(String name) {
		Object v = values.get(name);
		return v == null ? null : String.valueOf(v);
	}

	public String string(String name, String fallback) {
		String v = string(name);
		return v == null ? fallback : v;
	}

	public boolean bool(String name, boolean fallback) {
		String v = string(name);
		return v == null ? fallback : Boolean.parseBoolean(v) || v.equals("yes");
	}

	public long number(String name, long fallback) {
		String v = string(name);
		return v == null ? fallback : Long.parseLong(v.trim());
	}

	@SuppressWarnings("unchecked")
	public List<String> strings(String name) {
		Object v = values.get(name);
		if (v == null) {
			return List.of();
		}
		if (v instanceof List<?> l) {
			return ((List<Object>) l).stream().map(String::valueOf).toList();
		}
		return List.of(String.valueOf(v));
	}

	public boolean has(String name) {
		return values.containsKey(name);
	}
}
