package dev.kvmlab.content;

/** A learner-facing text in both languages. */
public record Text(String en, String zhCN) {

	public String get(Lang lang) {
		return lang == Lang.ZH_CN ? zhCN : en;
	}

	public static Text of(String en, String zhCN) {
		return new Text(en, zhCN);
	}
}
