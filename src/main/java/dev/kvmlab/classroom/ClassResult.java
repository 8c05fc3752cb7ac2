package dev.kvmlab.classroom;

import java.time.Instant;
import java.util.List;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;

/**
 * A whole class graded on one or more labs: the labs' criteria (the columns of every report), and
 * per learner one {@link GradeResult} per lab. A learner whose host could not be reached has
 * {@code error} (the cause: connection refused, ssh, TLS, a bad host file, a timeout) and results
 * whose every criterion is ERROR: not a zero score, not a fail. Every reporter renders this record.
 *
 * @param policy the course policy, or null when no course grade was asked for
 */
public record ClassResult(Instant startedAt, long durationMillis, int parallel, List<LabColumn> labs,
		CoursePolicy policy, List<LearnerResult> learners) {

	public record LabColumn(String id, int module, Text title, int passMark, List<CriterionColumn> criteria) {
	}

	public record CriterionColumn(String id, Text title, int points) {
	}

	/**
	 * @param uri the learner's URI, redacted (no password, no secret parameters)
	 * @param course the course grade, or null when none was asked for
	 */
	public record LearnerResult(String name, List<String> labels, String uri, String error, List<GradeResult> results,
			CourseGrade course, long durationMillis) {

		/** PASS when every lab passed, ERROR when anything could not be evaluated, else FAIL. */
		public Status outcome() {
			if (error != null || results.stream().anyMatch(GradeResult::incomplete)) {
				return Status.ERROR;
			}
			if (course != null) {
				return course.passed() ? Status.PASS : Status.FAIL;
			}
			return results.stream().allMatch(GradeResult::passed) ? Status.PASS : Status.FAIL;
		}

		/** The score that represents the learner: the course percentage, or the one lab's; null on ERROR. */
		public Integer percent() {
			if (outcome() == Status.ERROR) {
				return null;
			}
			if (course != null) {
				return course.percent();
			}
			return results.size() == 1 ? Integer.valueOf(results.get(0).percent()) : null;
		}

		public GradeResult result(String lab) {
			return results.stream().filter(r -> r.lab().equals(lab)).findFirst().orElse(null);
		}
	}

	public long count(Status outcome) {
		return learners.stream().filter(l -> l.outcome() == outcome).count();
	}

	/** The pass mark the class histogram marks: the course's, or the one lab's. */
	public int passMark() {
		if (policy != null) {
			return policy.passMark();
		}
		return labs.isEmpty() ? 0 : labs.get(0).passMark();
	}
}
