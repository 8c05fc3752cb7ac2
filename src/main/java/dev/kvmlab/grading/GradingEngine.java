package dev.kvmlab.grading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.UriRedactor;

/**
 * Evaluates a rubric's criteria against one snapshot of the host and scores them. SKIP leaves the
 * maximum, ERROR awards nothing and makes the grade incomplete (never "passed" and never a wrong
 * answer). In practice mode, criteria marked
 * {@code host_fact} are SKIP. The result names the host by its redacted URI (no password, no secret parameters).
 */
@Component
public class GradingEngine {

	/** Why a host-fact criterion is SKIP on libvirt's test driver: there is no machine to grade. */
	public static final String PRACTICE_HOST_FACT = "practice mode: facts about the machine itself are not graded";

	public GradeResult grade(Rubric rubric, HostSnapshot snapshot, Instant started) {
		return grade(rubric, snapshot, Map.of(), started);
	}

	/**
	 * Grades with snapshots of the other hosts the criteria name ({@code host: lab-host-b}). A host
	 * that could not be read makes its criteria ERROR, naming the host; a host not read at all (class
	 * grading reads only the learner's own) makes them SKIP.
	 */
	public GradeResult grade(Rubric rubric, HostSnapshot snapshot, Map<String, Lookup<HostSnapshot>> others,
			Instant started) {
		List<CriterionResult> results = new ArrayList<>();
		int score = 0;
		int max = 0;
		boolean errors = false;
		for (Criterion c : rubric.criteria()) {
			CheckResult r = evaluate(c, snapshot, others);
			if (c.hostFact() && snapshot.practice() && r.status() != Status.SKIP) {
				r = CheckResult.skip(r.expected(), PRACTICE_HOST_FACT);
			}
			int awarded = r.status() == Status.PASS ? c.points() : 0;
			if (r.status() != Status.SKIP) {
				max += c.points();
			}
			errors |= r.status() == Status.ERROR;
			score += awarded;
			results.add(new CriterionResult(c.id(), c.title(), r.status(), c.points(), awarded, r.expected(), r.found(),
					r.status() == Status.PASS ? null : c.hint(), c.lesson()));
		}
		boolean passed = !errors && max > 0 && score * 100L >= (long) rubric.passMark() * max;
		return new GradeResult(rubric.labId(), UriRedactor.redact(snapshot.uri()), snapshot.practice(), snapshot.takenAt(),
				Duration.between(started, Instant.now()).toMillis(), score, max, rubric.passMark(), passed,
				List.copyOf(results));
	}

	private static CheckResult evaluate(Criterion c, HostSnapshot own, Map<String, Lookup<HostSnapshot>> others) {
		HostSnapshot snapshot = own;
		String on = "";
		if (c.host() != null) {
			on = "on " + c.host() + ": ";
			Lookup<HostSnapshot> other = others.get(c.host());
			if (other == null) {
				return CheckResult.skip(on + "(check " + c.check().key() + ")", "host " + c.host() + " is not graded here");
			}
			if (!(other instanceof Lookup.Found<HostSnapshot> found)) {
				String why = other instanceof Lookup.Failed<HostSnapshot> f ? f.reason() : "host " + c.host() + " was not read";
				return CheckResult.error(on + "(check " + c.check().key() + ")", why);
			}
			snapshot = found.value();
		}
		CheckResult r;
		try {
			r = c.check().evaluate(c.params(), snapshot);
		}
		catch (RuntimeException e) {
			r = CheckResult.error("(check " + c.check().key() + ")", "could not evaluate: " + e.getMessage());
		}
		return on.isEmpty() ? r : new CheckResult(r.status(), on + r.expected(), r.found());
	}
}
