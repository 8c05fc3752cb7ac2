package dev.kvmlab.curriculum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kvmlab.content.Lang;

/**
 * The course as loaded: for each language, the lesson files of modules 1 to 6 and the appendix,
 * in course order. Look-ups accept what a learner types: a module ("2", "m2", "appendix"), a section
 * id ("m2-2", "m2-2-bridge", "app-a") or a section number ("2.2", "A").
 */
public final class Curriculum {

	public static final String APPENDIX = "appendix";

	/** Module keys in course order; the file of module N is mN.adoc, the appendix appendix.adoc. */
	public static final List<String> MODULE_KEYS = List.of("1", "2", "3", "4", "5", "6", APPENDIX);

	private static final Pattern MODULE_OF_ID = Pattern.compile("^m(\\d+)-.*");

	private static final Pattern MODULE_OF_NUMBER = Pattern.compile("^(\\d+)\\.\\d+\\.?$");

	private final Path dir;

	private final List<CurriculumLoader.FileLog> log;

	private final Map<String, Optional<ModuleDoc>> cache = new java.util.HashMap<>();

	/**
	 * The course in {@code dir}; each lesson file is parsed the first time it is needed (a one-shot
	 * {@code learn 2 m2-3} parses one file, not fourteen). Asciidoctor's messages go to {@code log}
	 * when it is not null.
	 */
	public Curriculum(Path dir, List<CurriculumLoader.FileLog> log) {
		this.dir = dir;
		this.log = log;
	}

	public Path dir() {
		return dir;
	}

	public static String fileName(String moduleKey) {
		return moduleKey.equals(APPENDIX) ? "appendix.adoc" : "m" + moduleKey + ".adoc";
	}

	public Path file(String moduleKey, Lang lang) {
		return dir.resolve(lang.tag()).resolve(fileName(moduleKey));
	}

	/** "2", "m2", "M2", "module2", "appendix", "app" → the module key; null when it is not a module. */
	public static String moduleKey(String text) {
		if (text == null) {
			return null;
		}
		String t = text.trim().toLowerCase(Locale.ROOT);
		if (t.equals(APPENDIX) || t.equals("app") || t.equals("appendices")) {
			return APPENDIX;
		}
		t = t.replaceFirst("^(module|m)", "");
		return MODULE_KEYS.contains(t) ? t : null;
	}

	/** The module keys that have a lesson file in at least one language, in course order. */
	public List<String> moduleKeys() {
		List<String> out = new ArrayList<>();
		for (String key : MODULE_KEYS) {
			if (Files.isRegularFile(file(key, Lang.EN)) || Files.isRegularFile(file(key, Lang.ZH_CN))) {
				out.add(key);
			}
		}
		return out;
	}

	/**
	 * The lesson file of a module in exactly that language, parsed; null when there is no such file.
	 * The cache is guarded by the engine's lock, the only lock here, so a background warm-up and a
	 * command can never wait on each other in opposite order.
	 */
	public ModuleDoc exact(String key, Lang lang) {
		return AdocEngine.call(a -> {
			String k = lang.tag() + "/" + key;
			Optional<ModuleDoc> cached = cache.get(k);
			if (cached == null) {
				Path file = file(key, lang);
				if (!Files.isRegularFile(file)) {
					cached = Optional.empty();
				}
				else {
					AdocEngine.Logged<ModuleDoc> loaded = AdocEngine.callLogged(x -> CurriculumLoader.loadFile(x, file, key, lang));
					if (log != null) {
						loaded.records().forEach(r -> log.add(new CurriculumLoader.FileLog(file, r)));
					}
					cached = Optional.of(loaded.value());
				}
				cache.put(k, cached);
			}
			return cached.orElse(null);
		});
	}

	/** Every lesson file of a language, parsed, in course order. */
	public Map<String, ModuleDoc> docs(Lang lang) {
		Map<String, ModuleDoc> out = new LinkedHashMap<>();
		for (String key : MODULE_KEYS) {
			ModuleDoc d = exact(key, lang);
			if (d != null) {
				out.put(key, d);
			}
		}
		return out;
	}

	/** The module in that language, else in the other one (a translation not written yet); null if neither. */
	public ModuleDoc module(String key, Lang lang) {
		ModuleDoc d = exact(key, lang);
		return d != null ? d : exact(key, other(lang));
	}

	public static Lang other(Lang lang) {
		return lang == Lang.EN ? Lang.ZH_CN : Lang.EN;
	}

	/** Level-1 sections of the course in order, in that language (falling back per module). */
	public List<CourseSection> sectionsInOrder(Lang lang) {
		List<CourseSection> out = new ArrayList<>();
		for (String key : moduleKeys()) {
			out.addAll(module(key, lang).sections());
		}
		return out;
	}

	/**
	 * A section by id (any level) or by number, in that language (falling back per module). The
	 * module the id or number suggests (m2-..., 2.3, app-..., A) is looked at first, so usually only
	 * that file is parsed.
	 */
	public Optional<CourseSection> find(String idOrNumber, Lang lang) {
		if (idOrNumber == null || idOrNumber.isBlank()) {
			return Optional.empty();
		}
		String q = idOrNumber.trim();
		List<String> keys = new ArrayList<>();
		Matcher id = MODULE_OF_ID.matcher(q);
		Matcher number = MODULE_OF_NUMBER.matcher(q);
		if (id.matches()) {
			keys.add(id.group(1));
		}
		else if (number.matches()) {
			keys.add(number.group(1));
		}
		else if (q.startsWith("app-") || q.matches("[A-Za-z]\\.?")) {
			keys.add(APPENDIX);
		}
		for (String key : moduleKeys()) {
			if (!keys.contains(key)) {
				keys.add(key);
			}
		}
		for (String key : keys) {
			if (!moduleKeys().contains(key)) {
				continue;
			}
			for (CourseSection s : module(key, lang).allSections()) {
				if (s.id().equals(q) || (s.number() != null && s.number().equalsIgnoreCase(q.replaceFirst("\\.$", "")))) {
					return Optional.of(s);
				}
			}
		}
		return Optional.empty();
	}
}
