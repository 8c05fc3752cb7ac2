package dev.kvmlab.grading;

import java.time.Instant;
import java.util.List;

/**
 * The one result record of a grade, which every reporter (terminal, JSON, JUnit XML, HTML) renders.
 *
 * @param maxScore the points of the criteria that apply on this host (SKIP criteria are left out)
 * @param passMark the pass mark as a percentage of maxScore
 * @param practice graded on libvirt's test driver, not a real host
 */
public record GradeResult(String lab, String uri, boolean practice, Instant gradedAt, long durationMillis, int score,
		int maxScore, int passMark, boolean passed, List<CriterionResult> criteria) {

	public long count(Status status) {
		return criteria.stream().filter(c -> c.status() == status).count();
	}

	/** Some criteria could not be evaluated: the grade is incomplete, not failed. */
	public boolean incomplete() {
		return count(Status.ERROR) > 0;
	}

	public int percent() {
		return maxScore == 0 ? 0 : (int) Math.floor(score * 100.0 / maxScore);
	}
}
