package dev.kvmlab.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Lang;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.i18n.Messages;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabCatalog;
import dev.kvmlab.progress.LabProgress;
import dev.kvmlab.progress.Progress;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.progress.ResultStore;

/**
 * Builds the {@link ProgressReport} from the catalogue (the course's shape), progress.json (status,
 * attempts, best scores, quizzes) and the stored latest results (evidence). Quizzes are optional:
 * the quiz command fills {@code Progress.quizzes} with whatever fields it keeps, and this reads
 * the common ones it finds (score, max, passed, attempts, module, last).
 */
@Component
public class ProgressReports {

	/** The course has six modules (the seed's); each is listed even before it has labs. */
	public static final int MODULES = 6;

	private static final Pattern MODULE_IN_ID = Pattern.compile("^(?:m|module-?)(\\d+)\\b.*|^(\\d+)$");

	private final LabCatalog catalog;

	private final ProgressStore store;

	private final ResultStore results;

	private final Messages messages;

	public ProgressReports(LabCatalog catalog, ProgressStore store, ResultStore results, Messages messages) {
		this.catalog = catalog;
		this.store = store;
		this.results = results;
		this.messages = messages;
	}

	public ProgressReport build(String learner, Lang lang) {
		Progress progress = store.load();
		List<String> warnings = new ArrayList<>();
		String w = store.takeWarning();
		if (w != null) {
			warnings.add(w);
		}
		Map<Integer, List<ProgressReport.Lab>> labs = new TreeMap<>();
		Map<Integer, List<ProgressReport.Quiz>> quizzes = new TreeMap<>();
		for (int m = 1; m <= MODULES; m++) {
			labs.put(m, new ArrayList<>());
			quizzes.put(m, new ArrayList<>());
		}
		for (Lab lab : catalog.all()) {
			LabProgress lp = progress.labs.getOrDefault(lab.id(), new LabProgress());
			GradeResult latest = null;
			try {
				latest = results.latest(lab.id()).orElse(null);
			}
			catch (ProgressStore.ProgressException e) {
				warnings.add(e.getMessage());
			}
			labs.computeIfAbsent(lab.module(), k -> new ArrayList<>())
				.add(new ProgressReport.Lab(lab.id(), lab.title().get(lang), lp.status, lp.bestPercent(), lp.bestScore,
						lp.bestMax, lp.attempts, lp.lastGraded, List.copyOf(lp.history), latest));
		}
		for (Map.Entry<String, Map<String, Object>> e : progress.quizzes.entrySet()) {
			Map<String, Object> q = e.getValue() == null ? Map.of() : e.getValue();
			int module = moduleOf(e.getKey(), q);
			quizzes.computeIfAbsent(module, k -> new ArrayList<>()).add(quiz(e.getKey(), q, lang));
			labs.computeIfAbsent(module, k -> new ArrayList<>());
		}
		List<ProgressReport.Module> modules = new ArrayList<>();
		for (Map.Entry<Integer, List<ProgressReport.Lab>> e : labs.entrySet()) {
			int m = e.getKey();
			String title = m == 0 ? messages.get(lang, "progress.module.other") : moduleTitle(lang, m);
			modules.add(new ProgressReport.Module(m, title, List.copyOf(e.getValue()),
					List.copyOf(quizzes.getOrDefault(m, List.of()))));
		}
		if (!modules.isEmpty() && modules.get(0).number() == 0) { // quizzes without a module go last
			modules.add(modules.remove(0));
		}
		return new ProgressReport(learner, Instant.now(), lang.tag(), List.copyOf(modules), List.copyOf(warnings));
	}

	private String moduleTitle(Lang lang, int m) {
		String key = "module." + m + ".title";
		String title = messages.get(lang, key);
		return title.equals(key) ? messages.get(lang, "labs.module", m) : title;
	}

	static int moduleOf(String id, Map<String, Object> q) {
		Integer declared = number(q.get("module"));
		if (declared != null) {
			return declared;
		}
		Matcher m = MODULE_IN_ID.matcher(id);
		if (m.matches()) {
			return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
		}
		return 0;
	}

	static ProgressReport.Quiz quiz(String id, Map<String, Object> q, Lang lang) {
		Integer score = first(q, "bestScore", "best", "score", "correct");
		Integer max = first(q, "bestMax", "maxScore", "max", "total", "questions");
		Boolean passed = q.get("passed") instanceof Boolean b ? b : null;
		Integer attempts = first(q, "attempts");
		String last = text(q, "lastTaken", "last", "takenAt", "at", "date", "lastGraded");
		String title = q.get("title") instanceof Map<?, ?> t && t.get(lang.tag()) instanceof String s ? s : text(q, "title");
		return new ProgressReport.Quiz(id, title, score, max, passed, attempts, last);
	}

	private static Integer first(Map<String, Object> q, String... keys) {
		for (String k : keys) {
			Integer n = number(q.get(k));
			if (n != null) {
				return n;
			}
		}
		return null;
	}

	private static String text(Map<String, Object> q, String... keys) {
		for (String k : keys) {
			if (q.get(k) instanceof String s && !s.isBlank()) {
				return s;
			}
		}
		return null;
	}

	private static Integer number(Object o) {
		if (o instanceof Number n) {
			return n.intValue();
		}
		if (o instanceof String s && s.trim().matches("\\d+")) {
			return Integer.parseInt(s.trim());
		}
		return null;
	}
}
