package dev.kvmlab.classroom;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kvmlab.content.Text;

/**
 * How labs add up to a course grade ({@code grading/course.yaml}): a weight and a pass mark per
 * module, and the course pass mark. A module's score is the mean percentage of its graded labs;
 * the course score is the weighted mean over the modules that had graded labs. A learner passes
 * the course with the course pass mark reached and no graded module below its own pass mark.
 * {@code standards} are the seed's learning-outcome validation standards (section 6.7), listed for
 * the instructor: they are assessed outside kvmlab.
 */
public record CoursePolicy(Path file, int passMark, Map<Integer, Module> modules, List<Standard> standards) {

	public record Module(int number, int weight, int passMark) {
	}

	public record Standard(String id, Text text) {
	}

	/** Used when there is no course.yaml: every module weighs the same, pass mark 80%. */
	public static CoursePolicy equalWeights() {
		Map<Integer, Module> modules = new TreeMap<>();
		for (int m = 1; m <= 6; m++) {
			modules.put(m, new Module(m, 1, 0));
		}
		return new CoursePolicy(null, 80, modules, List.of());
	}

	public Module module(int number) {
		return modules.getOrDefault(number, new Module(number, 0, 0));
	}
}
