package dev.kvmlab.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kvmlab.content.Lang;

/** kvmlab's own strings exist in English and Simplified Chinese, key for key. */
class MessagesTests {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

	private static Properties load(String name) throws IOException {
		Properties p = new Properties();
		try (InputStream in = MessagesTests.class.getResourceAsStream("/i18n/" + name)) {
			assertThat(in).as(name).isNotNull();
			p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return p;
	}

	private static Set<String> placeholders(String pattern) {
		Set<String> out = new TreeSet<>();
		Matcher m = PLACEHOLDER.matcher(pattern);
		while (m.find()) {
			out.add(m.group(1));
		}
		return out;
	}

	private final Messages messages = new Messages();

	@Nested
	class BundleFiles {

		@Test
		void bothLanguagesHaveExactlyTheSameKeys() throws IOException {
			// given
			Properties en = load("messages.properties");
			Properties zh = load("messages_zh_CN.properties");

			// then
			assertThat(en.stringPropertyNames()).isNotEmpty();
			assertThat(zh.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
		}

		@Test
		void everyChineseTextIsChinese() throws IOException {
			Properties zh = load("messages_zh_CN.properties");
			for (String key : zh.stringPropertyNames()) {
				assertThat(zh.getProperty(key)).as(key).containsPattern("\\p{IsHan}");
			}
		}

		@Test
		void everyErrorKeyTheCodeNamesExists() throws IOException {
			Properties en = load("messages.properties");
			java.util.regex.Pattern keyed = java.util.regex.Pattern.compile("(?:usageKey|unreachableKey)\\(\"([a-z.-]*[a-z-])\"");
			java.util.regex.Pattern arg = java.util.regex.Pattern.compile("\\.arg\\(\\d+, \"([a-z-]+)\"");
			java.util.Set<String> named = new java.util.TreeSet<>();
			try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
				for (java.nio.file.Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
					String text = java.nio.file.Files.readString(f);
					keyed.matcher(text).results().forEach(m -> named.add(m.group(1)));
					arg.matcher(text).results().forEach(m -> named.add("error.missing." + m.group(1)));
				}
			}
			assertThat(named).contains("error.unknown-lab", "error.missing.lab-id");
			assertThat(en.stringPropertyNames()).containsAll(named);
		}

		@Test
		void bothLanguagesUseTheSamePlaceholders() throws IOException {
			Properties en = load("messages.properties");
			Properties zh = load("messages_zh_CN.properties");
			for (String key : en.stringPropertyNames()) {
				assertThat(placeholders(zh.getProperty(key))).as(key).isEqualTo(placeholders(en.getProperty(key)));
			}
		}
	}

	@Nested
	class Rendering {

		@Test
		void everyMessageRendersInBothLanguagesWithoutFormattingLeftovers() throws IOException {
			Properties en = load("messages.properties");
			for (String key : en.stringPropertyNames()) {
				Object[] args = placeholders(en.getProperty(key)).stream().map(n -> "ARG" + n).toArray();
				for (Lang lang : Lang.values()) {
					String text = messages.get(lang, key, args);
					assertThat(text).as(lang + " " + key).isNotBlank().isNotEqualTo(key).doesNotContain("''")
						.doesNotContainPattern("\\{\\d");
					for (Object arg : args) {
						assertThat(text).as(lang + " " + key).contains((String) arg);
					}
				}
			}
		}

		@Test
		void aLoneApostropheInAHelpTextIsKept() {
			assertThat(messages.get(Lang.EN, "cmd.lab-show.help")).contains("the lab's instructions");
		}

		@Test
		void anApostropheIsOneApostropheWithOrWithoutArguments() {
			assertThat(messages.get(Lang.EN, "error.unreachable.practice")).contains("libvirt's test driver");
			assertThat(messages.get(Lang.EN, "shell.practice", "test:///default")).contains("libvirt's test driver (test:///default)");
		}

		@Test
		void chineseIsChosenForZhCn() {
			assertThat(messages.get(Lang.ZH_CN, "grade.hint")).isEqualTo("提示");
			assertThat(messages.get(Lang.EN, "grade.hint")).isEqualTo("hint");
		}

		@Test
		void anUnknownKeyShowsTheKey() {
			assertThat(messages.get(Lang.EN, "no.such.key")).isEqualTo("no.such.key");
		}
	}

	@Nested
	class Languages {

		@Test
		void languageTagsAreParsedLeniently() {
			assertThat(Lang.parse("zh-CN")).isEqualTo(Lang.ZH_CN);
			assertThat(Lang.parse("zh_cn")).isEqualTo(Lang.ZH_CN);
			assertThat(Lang.parse("zh")).isEqualTo(Lang.ZH_CN);
			assertThat(Lang.parse("en-GB")).isEqualTo(Lang.EN);
			assertThat(Lang.parse("fr")).isNull();
			assertThat(Lang.parse(null)).isNull();
		}

		@Test
		void theEnvironmentChoosesTheLanguage() {
			assertThat(Lang.fromEnvironment(java.util.Map.of("LANG", "zh_CN.UTF-8"))).isEqualTo(Lang.ZH_CN);
			assertThat(Lang.fromEnvironment(java.util.Map.of("KVMLAB_LANG", "zh-CN", "LANG", "en_US.UTF-8")))
				.isEqualTo(Lang.ZH_CN);
			assertThat(Lang.fromEnvironment(java.util.Map.of("LC_ALL", "C", "LANG", "zh_CN.UTF-8"))).isEqualTo(Lang.ZH_CN);
			assertThat(Lang.fromEnvironment(java.util.Map.of("LANG", "de_DE.UTF-8"))).isEqualTo(Lang.EN);
			assertThat(Lang.fromEnvironment(java.util.Map.of())).isEqualTo(Lang.EN);
		}
	}
}
