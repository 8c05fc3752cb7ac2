package dev.kvmlab.classroom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kvmlab.grading.GradeResult;

/**
 * A learner's course grade under a {@link CoursePolicy}.
 *
 * @param percent the weighted course percentage; null when a lab could not be evaluated
 * @param modules each graded module's percentage
 * @param belowModulePassMark the graded modules under their own pass mark
 */
public record CourseGrade(Integer percent, boolean passed, boolean incomplete, Map<Integer, Integer> modules,
		List<Integer> belowModulePassMark) {

	/** Grades the results (one per lab) with the labs' modules under the policy. */
	public static CourseGrade of(CoursePolicy policy, Map<String, Integer> moduleOfLab, List<GradeResult> results) {
		boolean incomplete = results.stream().anyMatch(GradeResult::incomplete);
		Map<Integer, List<Double>> byModule = new TreeMap<>();
		for (GradeResult r : results) {
			double pct = r.maxScore() == 0 ? 0 : r.score() * 100.0 / r.maxScore();
			byModule.computeIfAbsent(moduleOfLab.getOrDefault(r.lab(), 0), k -> new ArrayList<>()).add(pct);
		}
		Map<Integer, Integer> modules = new LinkedHashMap<>();
		List<Integer> below = new ArrayList<>();
		double weighted = 0;
		int weights = 0;
		for (Map.Entry<Integer, List<Double>> e : byModule.entrySet()) {
			double mean = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0);
			CoursePolicy.Module m = policy.module(e.getKey());
			modules.put(e.getKey(), (int) Math.floor(mean));
			if (m.weight() > 0) {
				weighted += m.weight() * mean;
				weights += m.weight();
			}
			if (mean < m.passMark()) {
				below.add(e.getKey());
			}
		}
		if (incomplete) {
			return new CourseGrade(null, false, true, modules, below);
		}
		int percent = weights == 0 ? 0 : (int) Math.floor(weighted / weights);
		boolean passed = weights > 0 && percent >= policy.passMark() && below.isEmpty();
		return new CourseGrade(percent, passed, false, modules, List.copyOf(below));
	}
}
