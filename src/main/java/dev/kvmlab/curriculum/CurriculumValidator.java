package dev.kvmlab.curriculum;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.asciidoctor.log.LogRecord;
import org.asciidoctor.log.Severity;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.Lang;

/**
 * {@code curriculum lint} and the content tests: everything that must hold for the course to work,
 * each problem as {@code file:line: what is wrong}. Lessons: load and render without Asciidoctor
 * warnings, one {@code = Title}, a {@code :module:} that matches the file, level-1 sections numbered
 * in order, each with an explicit anchor line ({@code [[m2-3]]}, {@code [[app-a]]}) right above its
 * heading, the same section ids in both languages, and cross references that lead to a section or
 * anchor. Quizzes: valid answer keys (see {@link QuizLoader}), sections that exist, at least 8
 * questions (15 for module 1). Coverage: every seed section maps to a section that exists.
 */
public final class CurriculumValidator {

	public static final int MIN_QUESTIONS = 8;

	public static final int MIN_QUESTIONS_MODULE_1 = 15;

	private static final Pattern ANCHOR_LINE = Pattern.compile("^\\[\\[([A-Za-z0-9_-]+)(?:,[^\\]]*)?]]\\s*$|^\\[#([A-Za-z0-9_-]+)[^\\]]*]\\s*$");

	private static final Pattern XREF_SHORT = Pattern.compile("<<([A-Za-z0-9_-]+)(?:,[^>]*)?>>");

	private static final Pattern XREF_MACRO = Pattern.compile("xref:([A-Za-z0-9_./-]*?)(?:#([A-Za-z0-9_-]+))?\\[");

	private static final Pattern DELIMITER = Pattern.compile("^(-{4,}|\\.{4,}|\\+{4,}|/{4,})\\s*$");

	private final Path dir;

	public CurriculumValidator(Path curriculumDir) {
		this.dir = curriculumDir;
	}

	/** Loads and checks everything; call on the engine (it loads and renders every lesson). */
	public List<String> validate() {
		List<String> problems = new ArrayList<>();
		List<CurriculumLoader.FileLog> log = new ArrayList<>();
		Curriculum c = CurriculumLoader.load(dir, log);
		problems.addAll(lessons(c, log));
		problems.addAll(quizzes(c));
		problems.addAll(coverage(c));
		return problems;
	}

	static boolean serious(LogRecord r) {
		return r.getSeverity() != Severity.DEBUG && r.getSeverity() != Severity.INFO;
	}

	public List<String> lessons(Curriculum c, List<CurriculumLoader.FileLog> loadLog) {
		List<String> problems = new ArrayList<>();
		loadLog.stream().filter(l -> serious(l.record())).forEach(l -> problems.add(l.describe()));
		for (Lang lang : Lang.values()) {
			for (String key : Curriculum.MODULE_KEYS) {
				Path file = dir.resolve(lang.tag()).resolve(Curriculum.fileName(key));
				ModuleDoc doc = c.docs(lang).get(key);
				if (doc == null) {
					problems.add(file + ": missing lesson file");
					continue;
				}
				// conversion-time messages (inline substitutions happen when text is rendered)
				AdocEngine.Logged<Integer> rendered = AdocEngine.callLogged(a -> new AnsiRenderer(100).render(doc.document()).size());
				rendered.records().stream().filter(CurriculumValidator::serious)
					.forEach(r -> problems.add(new CurriculumLoader.FileLog(file, r).describe()));
				problems.addAll(structure(doc));
			}
		}
		problems.addAll(sameIds(c));
		problems.addAll(xrefs(c));
		return problems;
	}

	/** The shape every lesson file must have. */
	List<String> structure(ModuleDoc doc) {
		List<String> problems = new ArrayList<>();
		Path file = doc.file();
		List<String> lines = lines(file);
		int titles = 0;
		boolean inBlock = false;
		String delimiter = null;
		for (String l : lines) {
			Matcher d = DELIMITER.matcher(l);
			if (d.matches()) {
				if (!inBlock) {
					inBlock = true;
					delimiter = d.group(1);
				}
				else if (l.strip().equals(delimiter)) {
					inBlock = false;
				}
				continue;
			}
			if (!inBlock && l.startsWith("= ")) {
				titles++;
			}
		}
		if (titles != 1 || doc.title().isBlank()) {
			problems.add(file + ": needs exactly one '= Title' line, found " + titles);
		}
		String expectedModule = doc.key();
		if (doc.moduleAttribute() == null) {
			problems.add(file + ": missing ':module: " + expectedModule + "' line");
		}
		else if (!doc.moduleAttribute().equals(expectedModule)) {
			problems.add(file + ": ':module: " + doc.moduleAttribute() + "' does not match the file (expected " + expectedModule
					+ ")");
		}
		if (doc.sections().isEmpty()) {
			problems.add(file + ": no '==' sections");
		}
		int k = 0;
		for (CourseSection s : doc.sections()) {
			k++;
			String where = file + ":" + s.line() + ": ";
			String id = doc.isAppendix() ? "app-" + (char) ('a' + k - 1) : "m" + doc.key() + "-" + k;
			String number = doc.isAppendix() ? String.valueOf((char) ('A' + k - 1)) : doc.key() + "." + k;
			if (!s.id().equals(id)) {
				problems.add(where + "section '" + s.title() + "' has id '" + s.id() + "', expected '" + id + "'");
			}
			if (!number.equals(s.number())) {
				problems.add(where + "section title '" + s.title() + "' should start with its number " + number);
			}
			problems.addAll(anchorAbove(file, lines, s));
		}
		return problems;
	}

	private static List<String> anchorAbove(Path file, List<String> lines, CourseSection s) {
		int line = s.line();
		if (line < 2 || line > lines.size()) {
			return List.of();
		}
		String above = lines.get(line - 2).strip();
		Matcher m = ANCHOR_LINE.matcher(above);
		String anchored = m.matches() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
		if (!s.id().equals(anchored)) {
			return List.of(file + ":" + line + ": section '" + s.title() + "' needs the anchor line [[" + s.id()
					+ "]] right above its heading");
		}
		return List.of();
	}

	/** Explicit section ids (not Asciidoctor's generated {@code _title} ones) of a language. */
	static Set<String> sectionIds(Curriculum c, Lang lang) {
		Set<String> ids = new TreeSet<>();
		for (ModuleDoc d : c.docs(lang).values()) {
			d.allSections().stream().map(CourseSection::id).filter(id -> !id.startsWith("_")).forEach(ids::add);
		}
		return ids;
	}

	List<String> sameIds(Curriculum c) {
		List<String> problems = new ArrayList<>();
		for (String key : Curriculum.MODULE_KEYS) {
			ModuleDoc en = c.docs(Lang.EN).get(key);
			ModuleDoc zh = c.docs(Lang.ZH_CN).get(key);
			if (en == null || zh == null) {
				continue;
			}
			Set<String> a = new LinkedHashSet<>();
			en.allSections().stream().map(CourseSection::id).filter(id -> !id.startsWith("_")).forEach(a::add);
			Set<String> b = new LinkedHashSet<>();
			zh.allSections().stream().map(CourseSection::id).filter(id -> !id.startsWith("_")).forEach(b::add);
			if (!a.equals(b)) {
				Set<String> onlyEn = new TreeSet<>(a);
				onlyEn.removeAll(b);
				Set<String> onlyZh = new TreeSet<>(b);
				onlyZh.removeAll(a);
				problems.add(zh.file() + ": section ids differ from " + en.file().getFileName() + " (only en: " + onlyEn
						+ ", only zh-CN: " + onlyZh + ")");
			}
			List<String> numbersEn = en.sections().stream().map(s -> s.id() + "=" + s.number()).toList();
			List<String> numbersZh = zh.sections().stream().map(s -> s.id() + "=" + s.number()).toList();
			if (!numbersEn.equals(numbersZh) && a.equals(b)) {
				problems.add(zh.file() + ": section order or numbers differ from English: " + numbersZh + " vs " + numbersEn);
			}
		}
		return problems;
	}

	/** Every {@code <<id>>} and {@code xref:file#id[]} (outside listings) must name a section or anchor that exists. */
	List<String> xrefs(Curriculum c) {
		List<String> problems = new ArrayList<>();
		for (Lang lang : Lang.values()) {
			Map<String, ModuleDoc> docs = c.docs(lang);
			Set<String> all = new HashSet<>();
			docs.values().forEach(d -> all.addAll(d.document().getCatalog().getRefs().keySet()));
			for (ModuleDoc doc : docs.values()) {
				List<String> lines = lines(doc.file());
				boolean inBlock = false;
				String delimiter = null;
				for (int i = 0; i < lines.size(); i++) {
					String l = lines.get(i);
					Matcher d = DELIMITER.matcher(l);
					if (d.matches()) {
						if (!inBlock) {
							inBlock = true;
							delimiter = d.group(1);
						}
						else if (l.strip().equals(delimiter)) {
							inBlock = false;
						}
						continue;
					}
					if (inBlock) {
						continue;
					}
					String where = doc.file() + ":" + (i + 1) + ": ";
					Matcher m = XREF_SHORT.matcher(l);
					while (m.find()) {
						if (!all.contains(m.group(1))) {
							problems.add(where + "<<" + m.group(1) + ">> points at no section or anchor");
						}
					}
					m = XREF_MACRO.matcher(l);
					while (m.find()) {
						String path = m.group(1);
						String id = m.group(2);
						if (path.isEmpty() || !path.contains(".")) { // xref:id[] or xref:#id[]
							String target = path.isEmpty() ? id : path;
							if (target != null && !all.contains(target)) {
								problems.add(where + "xref to '" + target + "' points at no section or anchor");
							}
							continue;
						}
						String key = path.replaceFirst("\\.adoc$", "").replaceFirst("^m", "");
						ModuleDoc target = docs.get(key);
						if (target == null && Curriculum.MODULE_KEYS.contains(key) && path.endsWith(".adoc")) {
							problems.add(where + "xref to " + path + ", which is missing in " + lang.tag());
						}
						else if (target == null || !path.endsWith(".adoc")) {
							problems.add(where + "xref to '" + path + "', which is not a lesson file (m1.adoc ... appendix.adoc)");
						}
						else if (id != null && !target.document().getCatalog().getRefs().containsKey(id)) {
							problems.add(where + "xref:" + path + "#" + id + " points at no section or anchor of " + path);
						}
					}
				}
			}
		}
		return problems;
	}

	public List<String> quizzes(Curriculum c) {
		List<String> problems = new ArrayList<>();
		Set<String> en = sectionIds(c, Lang.EN);
		Set<String> zh = sectionIds(c, Lang.ZH_CN);
		for (String key : Curriculum.MODULE_KEYS) {
			if (key.equals(Curriculum.APPENDIX)) {
				continue;
			}
			Path file = QuizLoader.file(dir, key);
			Quiz quiz;
			try {
				quiz = QuizLoader.load(file);
			}
			catch (ContentException e) {
				problems.add(e.getMessage());
				continue;
			}
			int min = key.equals("1") ? MIN_QUESTIONS_MODULE_1 : MIN_QUESTIONS;
			if (quiz.questions().size() < min) {
				problems.add(file + ": " + quiz.questions().size() + " questions, module " + key + " needs at least " + min);
			}
			for (Quiz.Question q : quiz.questions()) {
				if (!en.contains(q.section()) || !zh.contains(q.section())) {
					problems.add(file + ":" + q.line() + ": question " + q.id() + " points at section '" + q.section()
							+ "', which is not a section in " + (en.contains(q.section()) ? "zh-CN" : zh.contains(q.section()) ? "en" : "either language"));
				}
				else if (!q.section().startsWith("m" + key + "-")) {
					problems.add(file + ":" + q.line() + ": question " + q.id() + " points at section '" + q.section()
							+ "' of another module");
				}
			}
		}
		return problems;
	}

	public List<String> coverage(Curriculum c) {
		List<String> problems = new ArrayList<>();
		Path file = CoverageManifest.file(dir);
		CoverageManifest manifest;
		try {
			manifest = CoverageManifest.load(file);
		}
		catch (ContentException e) {
			return List.of(e.getMessage());
		}
		Set<String> en = sectionIds(c, Lang.EN);
		Set<String> zh = sectionIds(c, Lang.ZH_CN);
		for (String seed : CoverageManifest.SEED) {
			String id = manifest.sections().get(seed);
			if (id == null) {
				problems.add(file + ": seed section " + seed + " is not mapped to a lesson section");
			}
			else if (!en.contains(id) || !zh.contains(id)) {
				problems.add(file + ":" + manifest.lines().get(seed) + ": seed section " + seed + " maps to '" + id
						+ "', which is not a section in " + (en.contains(id) ? "zh-CN" : zh.contains(id) ? "en" : "either language"));
			}
		}
		for (String key : manifest.sections().keySet()) {
			if (!CoverageManifest.SEED.contains(key)) {
				problems.add(file + ":" + manifest.lines().get(key) + ": '" + key + "' is not a seed section number");
			}
		}
		return problems;
	}

	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException e) {
			return List.of();
		}
	}
}
