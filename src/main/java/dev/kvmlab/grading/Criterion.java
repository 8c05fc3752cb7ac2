package dev.kvmlab.grading;

import java.util.List;

import dev.kvmlab.content.Text;
import dev.kvmlab.lab.actions.ActionSpec;

/**
 * One rubric line: what is checked (a check type and its parameters), for how many points, the
 * hint a learner sees when it is not met, the lesson section to reread, and the actions that undo
 * just this part of the solution (used by the grader's self-tests).
 *
 * @param hostFact true when the criterion grades the machine itself (CPU flags, /dev/kvm) and so
 * cannot be undone by a test
 * @param host the host the criterion grades when it is not the lab's own (a cluster lab grades
 * {@code lab-host-b} too), or null
 */
public record Criterion(String id, Text title, int points, CheckType check, Params params, Text hint, String lesson,
		List<ActionSpec> undo, boolean hostFact, String host) {

	public Criterion(String id, Text title, int points, CheckType check, Params params, Text hint, String lesson,
			List<ActionSpec> undo, boolean hostFact) {
		this(id, title, points, check, params, hint, lesson, undo, hostFact, null);
	}

	/** The same criterion with other parameters (variables expanded). */
	public Criterion withParams(Params other) {
		return new Criterion(id, title, points, check, other, hint, lesson, undo, hostFact, host);
	}
}
