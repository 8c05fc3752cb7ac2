package dev.kvmlab.report;

import java.time.Instant;
import java.util.List;

import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.progress.Attempt;

/**
 * A learner's course at one moment, in one language: every module with its labs (and quizzes,
 * when the learner took any), each with status, best score on a real host, attempts, the attempt
 * history and the latest full result with its evidence. The terminal, JSON and HTML progress
 * reports all render this one record.
 */
public record ProgressReport(String learner, Instant generatedAt, String lang, List<Module> modules,
		List<String> warnings) {

	/** Labs and quizzes in the course, passed, and the mean best percentage over all of them. */
	public int items() {
		return modules.stream().mapToInt(Module::total).sum();
	}

	public int passed() {
		return modules.stream().mapToInt(Module::passed).sum();
	}

	public int percent() {
		int[] sum = new int[2];
		modules.forEach(m -> {
			m.labs().forEach(l -> {
				sum[0] += l.percent();
				sum[1]++;
			});
			m.quizzes().forEach(q -> {
				sum[0] += q.percent();
				sum[1]++;
			});
		});
		return sum[1] == 0 ? 0 : Math.round(sum[0] / (float) sum[1]);
	}

	public int attempts() {
		return modules.stream().flatMap(m -> m.labs().stream()).mapToInt(Lab::attempts).sum();
	}

	/** One module of the course; {@code number} 0 gathers quizzes that name no module. */
	public record Module(int number, String title, List<Lab> labs, List<Quiz> quizzes) {

		public int total() {
			return labs.size() + quizzes.size();
		}

		public int passed() {
			return (int) (labs.stream().filter(Lab::passed).count() + quizzes.stream().filter(Quiz::passed).count());
		}

		/** The mean of its labs' and quizzes' best percentages (0 for one not done yet). */
		public int percent() {
			if (total() == 0) {
				return 0;
			}
			int sum = labs.stream().mapToInt(Lab::percent).sum() + quizzes.stream().mapToInt(Quiz::percent).sum();
			return Math.round(sum / (float) total());
		}
	}

	/**
	 * One lab. {@code bestPercent} counts real hosts only (practice never does); {@code latest} is the
	 * last grade with its evidence, practice or not, or null.
	 */
	public record Lab(String id, String title, String status, Integer bestPercent, Integer bestScore, Integer bestMax,
			int attempts, String lastGraded, List<Attempt> history, GradeResult latest) {

		public boolean passed() {
			return "passed".equals(status);
		}

		public int percent() {
			return bestPercent == null ? 0 : bestPercent;
		}
	}

	/** A quiz as the quiz command recorded it; any field it did not record is null. */
	public record Quiz(String id, String title, Integer score, Integer max, Boolean passedFlag, Integer attempts,
			String last) {

		public int percent() {
			return score == null || max == null || max == 0 ? 0 : score * 100 / max;
		}

		public boolean passed() {
			return Boolean.TRUE.equals(passedFlag);
		}
	}
}
