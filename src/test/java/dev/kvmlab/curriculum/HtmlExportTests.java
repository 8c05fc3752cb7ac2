package dev.kvmlab.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.content.Lang;

/**
 * {@code curriculum export --html}: both languages, an index linking every section, and no link
 * that leads nowhere (every relative href names a file that exists and, with a #fragment, an id in
 * it).
 */
class HtmlExportTests {

	@TempDir
	static Path out;

	private static List<HtmlExporter.Page> pages;

	private static Curriculum curriculum;

	private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

	private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]+)\"");

	@BeforeAll
	static void export() {
		curriculum = new Curriculum(CurriculumContentTests.DIR, null);
		pages = AdocEngine.call(a -> new HtmlExporter(curriculum).export(a, out));
	}

	@Test
	void writesBothLanguagesAndAnIndex() {
		assertThat(out.resolve("index.html")).isRegularFile();
		for (Lang lang : Lang.values()) {
			for (String key : Curriculum.MODULE_KEYS) {
				assertThat(out.resolve(lang.tag()).resolve(HtmlExporter.pageName(key))).isRegularFile();
			}
		}
		assertThat(pages).hasSize(1 + 2 * Curriculum.MODULE_KEYS.size());
	}

	@Test
	void everyHrefPointsToAnExistingFileAndAnchor() throws Exception {
		Map<Path, String> cache = new HashMap<>();
		List<String> broken = new ArrayList<>();
		int checked = 0;
		for (HtmlExporter.Page page : pages) {
			String html = Files.readString(page.file());
			Matcher m = HREF.matcher(html);
			while (m.find()) {
				String href = m.group(1).replace("&amp;", "&");
				if (href.matches("^[a-z][a-z0-9+.-]*:.*")) { // http:, https:, mailto:
					continue;
				}
				checked++;
				String path = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
				String fragment = href.contains("#") ? href.substring(href.indexOf('#') + 1) : null;
				Path target = path.isEmpty() ? page.file() : page.file().getParent().resolve(path).normalize();
				if (!Files.isRegularFile(target)) {
					broken.add(page.file() + ": " + href + " (no file)");
					continue;
				}
				if (fragment != null && !fragment.isEmpty()) {
					String targetHtml = cache.computeIfAbsent(target, HtmlExportTests::read);
					String id = URLDecoder.decode(fragment, StandardCharsets.UTF_8);
					if (!targetHtml.contains(" id=\"" + id + "\"")) {
						broken.add(page.file() + ": " + href + " (no id " + id + ")");
					}
				}
			}
		}
		assertThat(checked).isGreaterThan(500);
		assertThat(broken).isEmpty();
	}

	private static String read(Path p) {
		try {
			return Files.readString(p);
		}
		catch (Exception e) {
			return "";
		}
	}

	@Test
	void theIndexLinksEverySectionOfBothLanguages() throws Exception {
		String index = Files.readString(out.resolve("index.html"));
		for (Lang lang : Lang.values()) {
			for (ModuleDoc doc : curriculum.docs(lang).values()) {
				for (CourseSection s : doc.sections()) {
					assertThat(index).contains("href=\"" + lang.tag() + "/" + HtmlExporter.pageName(doc.key()) + "#" + s.id() + "\"");
				}
			}
		}
		assertThat(index).contains("中文", "English", "模块一");
	}

	@Test
	void crossModuleReferencesBecomeLinksToTheOtherPage() throws Exception {
		String m1 = Files.readString(out.resolve("en/m1.html"));
		assertThat(m1).contains("href=\"m3.html#m3-5\"");
		Matcher ids = ID.matcher(m1);
		List<String> local = new ArrayList<>();
		while (ids.find()) {
			local.add(ids.group(1));
		}
		assertThat(local).contains("m1-1", "m1-7");
		String html = "<a href=\"#m2-3\">x</a><a href=\"#here\">y</a><h2 id=\"here\">";
		assertThat(HtmlExporter.crossModuleLinks(html, "m1.html", Map.of("m2-3", "m2.html", "here", "m1.html")))
			.contains("href=\"m2.html#m2-3\"").contains("href=\"#here\"");
	}

	@Test
	void chinesePagesAreInChineseWithNavigation() throws Exception {
		String zh = Files.readString(out.resolve("zh-CN/m2.html"));
		assertThat(zh).contains("<html lang=\"zh-CN\"", "模块二", "href=\"../index.html\"", "href=\"../en/m2.html\"",
				"href=\"m1.html\"", "href=\"m3.html\"");
	}
}
