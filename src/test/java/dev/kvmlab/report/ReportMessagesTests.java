package dev.kvmlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.kvmlab.fixtures.Kvmlab;

/** Every message the report templates and renderers use exists in English and in Chinese. */
class ReportMessagesTests {

	private static final Path MAIN = Kvmlab.projectRoot().resolve("src/main");

	private static Properties bundle(String name) throws IOException {
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(MAIN.resolve("resources/i18n").resolve(name), StandardCharsets.UTF_8)) {
			p.load(r);
		}
		return p;
	}

	private static Set<String> keys(Path dir, Pattern pattern) throws IOException {
		Set<String> keys = new TreeSet<>();
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				Matcher m = pattern.matcher(Files.readString(f));
				while (m.find()) {
					keys.add(m.group(1));
				}
			}
		}
		return keys;
	}

	@Test
	void everyKeyUsedByTheReportsExistsInBothLanguages() throws IOException {
		Set<String> used = keys(MAIN.resolve("resources/templates"), Pattern.compile("#\\{([a-z0-9.-]+)[}(]"));
		used.addAll(keys(MAIN.resolve("java/dev/kvmlab/report"), Pattern.compile("\"((?:progress|report|class|export|verify|module|grade|labs)\\.[a-z0-9.-]+[a-z0-9])\"")));
		used.addAll(keys(MAIN.resolve("java/dev/kvmlab/shell"), Pattern.compile("\"((?:progress|report|class|export|verify)\\.[a-z0-9.-]+[a-z0-9])\"")));
		used.removeIf(key -> key.matches(".*\\.(csv|json|xml|html)")); // file names, not messages
		Properties en = bundle("messages.properties");
		Properties zh = bundle("messages_zh_CN.properties");

		assertThat(used).hasSizeGreaterThan(60);
		assertThat(used).allSatisfy(key -> {
			assertThat(en).as("en").containsKey(key);
			assertThat(zh).as("zh-CN").containsKey(key);
		});
		assertThat(zh.keySet()).isEqualTo(en.keySet());
	}
}
