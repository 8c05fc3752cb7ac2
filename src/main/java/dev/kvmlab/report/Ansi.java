package dev.kvmlab.report;

/** Minimal ANSI styling for terminal output; plain when colour is off (NO_COLOR, not a terminal). */
public final class Ansi {

	private final boolean on;

	public Ansi(boolean on) {
		this.on = on;
	}

	public static Ansi auto() {
		return new Ansi(System.console() != null && System.getenv("NO_COLOR") == null
				&& !"dumb".equals(System.getenv("TERM")));
	}

	private String wrap(String code, String s) {
		return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
	}

	public String green(String s) {
		return wrap("32", s);
	}

	public String red(String s) {
		return wrap("31", s);
	}

	public String yellow(String s) {
		return wrap("33", s);
	}

	public String cyan(String s) {
		return wrap("36", s);
	}

	public String bold(String s) {
		return wrap("1", s);
	}

	public String dim(String s) {
		return wrap("2", s);
	}
}
