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
 */
public record Criterion(String id, Text title, int points, CheckType check, Params params, Text hint, String lesson,
		List<ActionSpec> undo, boolean hostFact) {
}
