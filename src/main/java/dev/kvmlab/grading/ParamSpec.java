package dev.kvmlab.grading;

import java.util.List;

import dev.kvmlab.content.Text;

/**
 * One parameter a check type takes: its name, type, whether it is required, the allowed values
 * (empty for any), and a description in both languages.
 */
public record ParamSpec(String name, Type type, boolean required, List<String> allowed, Text description) {

	public enum Type {
		STRING, BOOLEAN, NUMBER, LIST, XPATH
	}

	public static ParamSpec required(String name, Type type, String en, String zh) {
		return new ParamSpec(name, type, true, List.of(), Text.of(en, zh));
	}

	public static ParamSpec optional(String name, Type type, String en, String zh) {
		return new ParamSpec(name, type, false, List.of(), Text.of(en, zh));
	}

	public ParamSpec oneOf(String... values) {
		return new ParamSpec(name, type, required, List.of(values), description);
	}
}
