package dev.kvmlab.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Lang;

/**
 * kvmlab's own interface strings, from {@code i18n/messages_en.properties} and
 * {@code messages_zh_CN.properties} (UTF-8). A test checks both files have the same keys.
 */
@Component
public class Messages {

	private static final java.util.regex.Pattern LONE_APOSTROPHE = java.util.regex.Pattern.compile("(?<!')'(?!')");

	public String get(Lang lang, String key, Object... args) {
		return text(lang, key, args);
	}

	/** The same, for code that has no Messages bean at hand (an exception's English message). */
	public static String text(Lang lang, String key, Object... args) {
		ResourceBundle bundle = ResourceBundle.getBundle("i18n.messages",
				lang == Lang.ZH_CN ? Locale.SIMPLIFIED_CHINESE : Locale.ROOT, ResourceBundle.Control
					.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
		String pattern;
		try {
			pattern = bundle.getString(key);
		}
		catch (MissingResourceException e) {
			return key;
		}
		// Always through MessageFormat, so that '' is one apostrophe whether or not there are arguments;
		// a lone ' (easy to write in English text) is taken as an apostrophe too, never as quoting.
		return new MessageFormat(LONE_APOSTROPHE.matcher(pattern).replaceAll("''"), lang.locale()).format(args);
	}
}
