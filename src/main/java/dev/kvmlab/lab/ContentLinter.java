package dev.kvmlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import dev.kvmlab.classroom.CoursePolicyLoader;
import dev.kvmlab.content.ContentException;
import dev.kvmlab.grading.Criterion;
import dev.kvmlab.grading.Rubric;
import dev.kvmlab.grading.RubricLoader;
import dev.kvmlab.lab.actions.ActionSpec;

/**
 * {@code lab lint}: loads every lab and rubric and reports every problem (not just the first) as
 * {@code file:line: what is wrong}: malformed files, a lab without a rubric or the reverse, unknown
 * prerequisites, lesson references that no curriculum section carries, lab files that actions name
 * but that do not exist, criteria that the self-tests cannot undo, and the course policy
 * ({@code grading/course.yaml}).
 */
@Component
public class ContentLinter {

	private static final Pattern ANCHOR = Pattern.compile("^\\[\\[([A-Za-z0-9_-]+)]]", Pattern.MULTILINE);

	public record Report(int labs, int rubrics, List<String> problems) {
	}

	private final ContentRoot root;

	private final LabLoader labLoader;

	private final RubricLoader rubricLoader;

	public ContentLinter(ContentRoot root, LabLoader labLoader, RubricLoader rubricLoader) {
		this.root = root;
		this.labLoader = labLoader;
		this.rubricLoader = rubricLoader;
	}

	public Report lint() {
		List<String> problems = new ArrayList<>();
		Map<String, Lab> labs = new LinkedHashMap<>();
		Map<String, Rubric> rubrics = new LinkedHashMap<>();
		for (Path file : files(root.labs(), "lab.yaml", problems)) {
			try {
				Lab lab = labLoader.loadOrExplain(file);
				labs.put(lab.id(), lab);
			}
			catch (ContentException e) {
				problems.add(e.getMessage());
			}
		}
		for (Path file : files(root.grading(), null, problems)) {
			if (!file.getFileName().toString().endsWith(".yaml") || file.getFileName().toString().equals("course.yaml")) {
				continue;
			}
			try {
				Rubric r = rubricLoader.loadOrExplain(file);
				rubrics.put(r.labId(), r);
			}
			catch (ContentException e) {
				problems.add(e.getMessage());
			}
		}
		Set<String> sections = sections(problems);
		for (Lab lab : labs.values()) {
			Path labFile = lab.dir().resolve("lab.yaml");
			if (!rubrics.containsKey(lab.id())) {
				problems.add(labFile + ": lab " + lab.id() + " has no rubric grading/" + lab.id() + ".yaml");
			}
			for (String pre : lab.prerequisites()) {
				if (!labs.containsKey(pre)) {
					problems.add(labFile + ": prerequisite '" + pre + "' is not a lab");
				}
			}
			for (Lab.Hint h : lab.hints()) {
				if (h.lesson() != null && !sections.isEmpty() && !sections.contains(h.lesson())) {
					problems.add(labFile + ": hint points at lesson section '" + h.lesson() + "', which no lesson has");
				}
			}
			List<ActionSpec> steps = new ArrayList<>(lab.setup());
			steps.addAll(lab.solve());
			Rubric rubric = rubrics.get(lab.id());
			if (rubric != null) {
				rubric.criteria().forEach(c -> steps.addAll(c.undo()));
			}
			List<List<ActionSpec>> lists = new ArrayList<>(List.of(lab.setup(), lab.solve()));
			if (rubric != null) {
				rubric.criteria().forEach(c -> lists.add(c.undo()));
			}
			for (List<ActionSpec> list : lists) {
				for (ActionSpec step : list.subList(0, Math.max(0, list.size() - 1))) {
					if (step.type().equals("restart-libvirtd")) {
						problems.add(step.where() + ": restart-libvirtd must be the last step of its list (the steps'"
								+ " connection does not survive the restart)");
					}
				}
			}
			for (ActionSpec step : steps) {
				for (String param : List.of("xml", "source")) {
					String name = step.params().string(param);
					if (name != null && !labFileExists(lab.dir(), name)) {
						problems.add(step.where() + ": " + step.type() + " names lab file '" + name + "', which is not in "
								+ lab.dir());
					}
				}
			}
		}
		for (Rubric rubric : rubrics.values()) {
			if (!labs.containsKey(rubric.labId())) {
				problems.add(rubric.file() + ": rubric for '" + rubric.labId() + "', which is not a lab");
			}
			for (Criterion c : rubric.criteria()) {
				if (c.lesson() != null && !sections.isEmpty() && !sections.contains(c.lesson())) {
					problems.add(rubric.file() + ": criterion " + c.id() + " points at lesson section '" + c.lesson()
							+ "', which no lesson has");
				}
				if (c.undo().isEmpty() && !c.hostFact()) {
					problems.add(rubric.file() + ": criterion " + c.id()
							+ " has no 'undo' steps (needed to prove it fails alone) and is not marked host_fact");
				}
			}
		}
		Path course = root.grading().resolve("course.yaml");
		if (Files.isRegularFile(course)) {
			try {
				new CoursePolicyLoader().load(course);
			}
			catch (ContentException e) {
				problems.add(e.getMessage());
			}
		}
		return new Report(labs.size(), rubrics.size(), problems);
	}

	/**
	 * A lab file named by an action exists; a name with a variable set on the host (lab-blk-${block_pool_type}.xml)
	 * must match at least one file of the lab's folder.
	 */
	private static boolean labFileExists(java.nio.file.Path dir, String name) {
		if (!name.contains("${")) {
			return Files.isRegularFile(dir.resolve(name));
		}
		java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(java.util.Arrays.stream(name.split("\\$\\{[a-z_]+}", -1))
			.map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining("[^/]+")));
		try (var files = Files.list(dir)) {
			return files.anyMatch(f -> Files.isRegularFile(f) && pattern.matcher(f.getFileName().toString()).matches());
		}
		catch (java.io.IOException e) {
			return false;
		}
	}

	/** Section ids present in the English and Chinese lessons; a difference between them is a problem. */
	private Set<String> sections(List<String> problems) {
		Set<String> en = anchors(root.curriculum().resolve("en"));
		Set<String> zh = anchors(root.curriculum().resolve("zh-CN"));
		if (!en.equals(zh) && !en.isEmpty() && !zh.isEmpty()) {
			Set<String> onlyEn = new HashSet<>(en);
			onlyEn.removeAll(zh);
			Set<String> onlyZh = new HashSet<>(zh);
			onlyZh.removeAll(en);
			problems.add(root.curriculum() + ": section ids differ between en and zh-CN (only en: " + onlyEn + ", only zh-CN: "
					+ onlyZh + ")");
		}
		Set<String> all = new HashSet<>(en);
		all.addAll(zh);
		return all;
	}

	static Set<String> anchors(Path dir) {
		Set<String> out = new HashSet<>();
		if (!Files.isDirectory(dir)) {
			return out;
		}
		try (Stream<Path> s = Files.list(dir)) {
			for (Path f : s.filter(p -> p.toString().endsWith(".adoc")).toList()) {
				Matcher m = ANCHOR.matcher(Files.readString(f));
				while (m.find()) {
					out.add(m.group(1));
				}
			}
		}
		catch (IOException e) {
			// an unreadable folder has no anchors; the lesson loader reports it
		}
		return out;
	}

	private static List<Path> files(Path dir, String inside, List<String> problems) {
		if (!Files.isDirectory(dir)) {
			problems.add(dir + ": missing folder");
			return List.of();
		}
		try (Stream<Path> s = Files.list(dir)) {
			List<Path> out = new ArrayList<>();
			for (Path p : s.sorted().toList()) {
				if (inside == null && Files.isRegularFile(p)) {
					out.add(p);
				}
				else if (inside != null && Files.isRegularFile(p.resolve(inside))) {
					out.add(p.resolve(inside));
				}
			}
			return out;
		}
		catch (IOException e) {
			problems.add(dir + ": cannot list: " + e.getMessage());
			return List.of();
		}
	}
}
