package dev.kvmlab.content;

import java.util.Locale;

/** The two languages every learner-facing text exists in. */
public enum Lang {
	EN("en"), ZH_CN("zh-CN");

	private final String tag;

	Lang(String tag) {
		this.tag = tag;
	}

	public String tag() {
		return tag;
	}

	public Locale locale() {
		return this == EN ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
	}

	/** Parses "en", "zh-CN", "zh_CN", "zh", case-insensitively; null when unknown. */
	public static Lang parse(String text) {
		if (text == null) {
			return null;
		}
		String t = text.trim().replace('_', '-').toLowerCase(Locale.ROOT);
		if (t.equals("en") || t.startsWith("en-")) {
			return EN;
		}
		if (t.equals("zh") || t.startsWith("zh-")) {
			return ZH_CN;
		}
		return null;
	}

	/** From KVMLAB_LANG, then LC_ALL / LC_MESSAGES / LANG (zh_CN.UTF-8 → zh-CN), default English. */
	public static Lang fromEnvironment(java.util.Map<String, String> env) {
		for (String var : new String[] { "KVMLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG" }) {
			String v = env.get(var);
			if (v != null && !v.isBlank() && !v.equals("C") && !v.equals("POSIX")) {
				Lang lang = parse(v.split("[.@]")[0]);
				if (lang != null) {
					return lang;
				}
				if (!var.equals("KVMLAB_LANG")) {
					return EN;
				}
			}
		}
		return EN;
	}
}
