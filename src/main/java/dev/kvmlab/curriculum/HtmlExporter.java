package dev.kvmlab.curriculum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import dev.kvmlab.content.Lang;

/**
 * {@code curriculum export --html DIR}: the course as static HTML with AsciidoctorJ's html5 backend,
 * {@code DIR/en/m1.html ... DIR/zh-CN/appendix.html}, each page with a navigation bar (contents,
 * previous and next module, the same page in the other language), and {@code DIR/index.html} with
 * each language's table of contents linking every section. Links between modules work: Asciidoctor
 * turns {@code xref:m2.adoc#m2-3[]} into {@code m2.html#m2-3}, and a {@code <<m2-3>>} written in
 * another module is pointed at the page that has that id. A module not translated yet is exported
 * from the other language, so every link still leads somewhere.
 */
public final class HtmlExporter {

	private static final Pattern HREF_FRAGMENT = Pattern.compile("href=\"#([^\"]+)\"");

	private static final Pattern BODY = Pattern.compile("<body[^>]*>");

	/** A page written: its language, module and file. */
	public record Page(Lang lang, String module, Path file, boolean fallback) {
	}

	private final Curriculum curriculum;

	public HtmlExporter(Curriculum curriculum) {
		this.curriculum = curriculum;
	}

	public static String pageName(String moduleKey) {
		return Curriculum.fileName(moduleKey).replace(".adoc", ".html");
	}

	/** Writes the whole course under {@code dir}; call on the engine. Returns the pages written, index first. */
	public List<Page> export(Asciidoctor asciidoctor, Path dir) {
		List<Page> pages = new ArrayList<>();
		try {
			Files.createDirectories(dir);
			for (Lang lang : Lang.values()) {
				Path langDir = dir.resolve(lang.tag());
				Files.createDirectories(langDir);
				Map<String, String> idToPage = idToPage(lang);
				List<String> keys = curriculum.moduleKeys();
				for (int i = 0; i < keys.size(); i++) {
					String key = keys.get(i);
					ModuleDoc doc = curriculum.module(key, lang);
					String html = convert(asciidoctor, doc, lang);
					html = crossModuleLinks(html, pageName(key), idToPage);
					html = BODY.matcher(html).replaceFirst(Matcher.quoteReplacement("$0\n" + nav(lang, keys, i)));
					Path file = langDir.resolve(pageName(key));
					Files.writeString(file, html, StandardCharsets.UTF_8);
					pages.add(new Page(lang, key, file, doc.lang() != lang));
				}
			}
			Path index = dir.resolve("index.html");
			Files.writeString(index, index(), StandardCharsets.UTF_8);
			pages.add(0, new Page(null, null, index, false));
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
		}
		return pages;
	}

	private static String convert(Asciidoctor asciidoctor, ModuleDoc doc, Lang lang) {
		Attributes attributes = CurriculumLoader.attributes(lang);
		attributes.setAttribute("outfilesuffix", ".html");
		attributes.setAttribute("webfonts!", "");
		attributes.setAttribute("toc", "left");
		attributes.setAttribute("toclevels", "2");
		attributes.setAttribute("sectanchors", "");
		attributes.setAttribute("source-highlighter!", "");
		Options options = Options.builder().backend("html5").safe(SafeMode.SAFE).standalone(true).toFile(false)
			.baseDir(doc.file().getParent().toFile()).attributes(attributes).build();
		return asciidoctor.convertFile(doc.file().toFile(), options);
	}

	/** Every section id and inline anchor of the language, with the page that has it. */
	private Map<String, String> idToPage(Lang lang) {
		Map<String, String> map = new HashMap<>();
		for (String key : curriculum.moduleKeys()) {
			ModuleDoc doc = curriculum.module(key, lang);
			for (String id : doc.document().getCatalog().getRefs().keySet()) {
				map.putIfAbsent(id, pageName(key));
			}
		}
		return map;
	}

	/** {@code href="#m2-3"} on a page without that id → {@code href="m2.html#m2-3"}. */
	static String crossModuleLinks(String html, String page, Map<String, String> idToPage) {
		Matcher m = HREF_FRAGMENT.matcher(html);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String id = m.group(1);
			String target = idToPage.get(id);
			boolean local = html.contains("id=\"" + id + "\"");
			if (!local && target != null && !target.equals(page)) {
				m.appendReplacement(out, Matcher.quoteReplacement("href=\"" + target + "#" + id + "\""));
			}
			else {
				m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
			}
		}
		m.appendTail(out);
		return out.toString();
	}

	private String nav(Lang lang, List<String> keys, int i) {
		Lang other = Curriculum.other(lang);
		String page = pageName(keys.get(i));
		StringBuilder b = new StringBuilder("<nav class=\"kvmlab-nav\" style=\"padding:.5em 1em;border-bottom:1px solid #ddd\">");
		b.append("<a href=\"../index.html\">").append(lang == Lang.ZH_CN ? "课程目录" : "Contents").append("</a>");
		if (i > 0) {
			b.append(" · <a href=\"").append(pageName(keys.get(i - 1))).append("\">")
				.append(lang == Lang.ZH_CN ? "上一模块" : "Previous").append("</a>");
		}
		if (i + 1 < keys.size()) {
			b.append(" · <a href=\"").append(pageName(keys.get(i + 1))).append("\">")
				.append(lang == Lang.ZH_CN ? "下一模块" : "Next").append("</a>");
		}
		b.append(" · <a href=\"../").append(other.tag()).append('/').append(page).append("\" hreflang=\"")
			.append(other.tag()).append("\">").append(other == Lang.ZH_CN ? "中文" : "English").append("</a>");
		return b.append("</nav>").toString();
	}

	/** A table-of-contents entry for the index template. */
	public record TocEntry(String id, String title, String href, int level) {
	}

	/** A module in the index: title, page and its sections. */
	public record TocModule(String title, String href, List<TocEntry> sections) {
	}

	private String index() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(HtmlExporter.class.getClassLoader());
		resolver.setPrefix("templates/");
		resolver.setSuffix(".html");
		resolver.setTemplateMode(TemplateMode.HTML);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCacheable(false);
		SpringTemplateEngine engine = new SpringTemplateEngine(); // SpEL expressions: no OGNL on the class path
		engine.setTemplateResolver(resolver);
		Map<String, List<TocModule>> languages = new LinkedHashMap<>();
		for (Lang lang : Lang.values()) {
			List<TocModule> modules = new ArrayList<>();
			for (String key : curriculum.moduleKeys()) {
				ModuleDoc doc = curriculum.module(key, lang);
				String href = lang.tag() + "/" + pageName(key);
				List<TocEntry> entries = new ArrayList<>();
				for (CourseSection s : doc.allSections()) {
					if (s.level() <= 2) {
						entries.add(new TocEntry(s.id(), s.title(), href + "#" + s.id(), s.level()));
					}
				}
				modules.add(new TocModule(doc.title(), href, entries));
			}
			languages.put(lang.tag(), modules);
		}
		Context context = new Context();
		context.setVariable("languages", languages);
		context.setVariable("names", Map.of("en", "English", "zh-CN", "中文"));
		return engine.process("curriculum-index", context);
	}
}
