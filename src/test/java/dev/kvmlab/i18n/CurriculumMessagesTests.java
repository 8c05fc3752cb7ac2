package dev.kvmlab.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.kvmlab.content.Lang;

/** The course's interface strings exist in both languages and format. */
class CurriculumMessagesTests {

	private static Set<String> keys(String file) throws Exception {
		Properties p = new Properties();
		try (var in = new InputStreamReader(CurriculumMessagesTests.class.getResourceAsStream("/i18n/" + file),
				StandardCharsets.UTF_8)) {
			p.load(in);
		}
		return p.stringPropertyNames().stream()
			.filter(k -> k.startsWith("learn.") || k.startsWith("quiz.") || k.startsWith("export.")
					|| k.startsWith("curriculum."))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	@Test
	void bothLanguagesHaveTheSameCourseKeys() throws Exception {
		Set<String> en = keys("messages.properties");
		assertThat(en).hasSizeGreaterThan(30);
		assertThat(keys("messages_zh_CN.properties")).isEqualTo(en);
	}

	@Test
	void messagesFormatInBothLanguages() {
		Messages m = new Messages();
		assertThat(m.get(Lang.EN, "learn.unknown", "m9-9")).contains("'m9-9'");
		assertThat(m.get(Lang.ZH_CN, "learn.unknown", "m9-9")).contains("'m9-9'");
		assertThat(m.get(Lang.ZH_CN, "quiz.score", 3, 4, 75)).isEqualTo("得分：3/4（75%）");
		assertThat(m.get(Lang.EN, "learn.next", "m1-2", "1.2 x")).isEqualTo("Next: learn m1-2  (1.2 x)");
	}
}
