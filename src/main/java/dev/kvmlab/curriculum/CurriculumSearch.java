package dev.kvmlab.curriculum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.asciidoctor.ast.StructuralNode;

import dev.kvmlab.content.Lang;

/**
 * {@code learn search}: finds level-1 sections by substring, so it works for Chinese (no word
 * boundaries) as well as English. The words are looked for in the title and the rendered text of
 * each section in the learner's language; when nothing matches there, in the other language. A
 * Chinese word that never occurs as a whole is also looked for by its two-character pieces.
 * Sections that contain more of the words come first, then those with more hits; a hit in the title
 * counts five times.
 */
public final class CurriculumSearch {

	/** One searchable section: its plain text in one language. */
	public record Entry(CourseSection section, String title, String body) {
	}

	/** A match: the section, how many of the words it contains, its score, a snippet around the first hit. */
	public record Hit(CourseSection section, Lang lang, int wordsMatched, int score, String snippet) {
	}

	/** The result: hits best first, and the language they were found in. */
	public record Result(List<Hit> hits, Lang lang, boolean fallback) {
	}

	private final Map<Lang, List<Entry>> entries;

	public CurriculumSearch(Map<Lang, List<Entry>> entries) {
		this.entries = entries;
	}

	/** Builds the index: every level-1 section rendered as plain text. Call on the engine. */
	public static CurriculumSearch index(Curriculum curriculum) {
		Map<Lang, List<Entry>> map = new EnumMap<>(Lang.class);
		for (Lang lang : Lang.values()) {
			List<Entry> list = new ArrayList<>();
			for (ModuleDoc doc : curriculum.docs(lang).values()) {
				for (CourseSection s : doc.sections()) {
					Object node = doc.document().getCatalog().getRefs().get(s.id());
					String body = "";
					if (node instanceof StructuralNode sn) {
						AnsiRenderer r = new AnsiRenderer(100_000);
						body = r.toText(r.render(sn), false).replaceAll("[\u2500-\u257f]", " "); // no table frames
					}
					list.add(new Entry(s, s.title(), body));
				}
			}
			map.put(lang, list);
		}
		return new CurriculumSearch(map);
	}

	public Result search(String query, Lang lang) {
		List<String> words = words(query);
		if (words.isEmpty()) {
			return new Result(List.of(), lang, false);
		}
		List<Hit> hits = search(words, lang);
		if (!hits.isEmpty()) {
			return new Result(hits, lang, false);
		}
		Lang other = Curriculum.other(lang);
		return new Result(search(words, other), other, true);
	}

	static List<String> words(String query) {
		Set<String> out = new LinkedHashSet<>();
		for (String w : query.trim().split("[\\s\\u3000]+")) {
			if (!w.isBlank()) {
				out.add(w.toLowerCase(Locale.ROOT));
			}
		}
		return List.copyOf(out);
	}

	private List<Hit> search(List<String> words, Lang lang) {
		List<Hit> hits = new ArrayList<>();
		for (Entry e : entries.getOrDefault(lang, List.of())) {
			String title = e.title().toLowerCase(Locale.ROOT);
			String body = e.body().toLowerCase(Locale.ROOT);
			int matched = 0;
			int score = 0;
			int first = -1;
			String firstWord = null;
			for (String w : words) {
				int t = count(title, w);
				int b = count(body, w);
				if (t + b == 0 && isCjk(w) && w.codePointCount(0, w.length()) > 2) {
					// 虚拟网络配置 → 虚拟, 拟网, 网络, ...: half credit when most pieces are there
					List<String> pieces = bigrams(w);
					int found = 0;
					int pieceHits = 0;
					for (String p : pieces) {
						int n = count(title, p) * 5 + count(body, p);
						if (n > 0) {
							found++;
							pieceHits += n;
							if (first < 0) {
								first = body.indexOf(p);
								firstWord = p;
							}
						}
					}
					if (found * 3 >= pieces.size() * 2) {
						matched++;
						score += Math.max(1, pieceHits / pieces.size());
					}
					continue;
				}
				if (t + b > 0) {
					matched++;
					score += t * 5 + b;
					if (b > 0 && (first < 0 || firstWord == null)) {
						first = body.indexOf(w);
						firstWord = w;
					}
				}
			}
			if (matched > 0) {
				hits.add(new Hit(e.section(), lang, matched, score, snippet(e.body(), first, firstWord)));
			}
		}
		hits.sort(Comparator.comparingInt(Hit::wordsMatched).reversed().thenComparing(Comparator.comparingInt(Hit::score)
			.reversed()));
		return hits;
	}

	private static int count(String haystack, String needle) {
		int n = 0;
		for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
			n++;
		}
		return n;
	}

	static boolean isCjk(String w) {
		return w.codePoints().anyMatch(TermText::isWide);
	}

	private static List<String> bigrams(String w) {
		int[] cps = w.codePoints().toArray();
		List<String> out = new ArrayList<>();
		for (int i = 0; i + 1 < cps.length; i++) {
			out.add(new String(cps, i, 2));
		}
		return out;
	}

	/** About 60 columns of text around the first hit, on one line. */
	static String snippet(String body, int at, String word) {
		if (at < 0 || word == null) {
			return "";
		}
		String flat = body.replaceAll("\\s+", " ");
		String lower = flat.toLowerCase(Locale.ROOT);
		int i = lower.indexOf(word);
		if (i < 0) {
			return "";
		}
		int start = i;
		int cols = 0;
		while (start > 0 && cols < 24) {
			start--;
			cols += TermText.isWide(flat.charAt(start)) ? 2 : 1;
		}
		int end = i + word.length();
		cols = 0;
		while (end < flat.length() && cols < 40) {
			cols += TermText.isWide(flat.charAt(end)) ? 2 : 1;
			end++;
		}
		return (start > 0 ? "…" : "") + flat.substring(start, end).strip() + (end < flat.length() ? "…" : "");
	}
}
