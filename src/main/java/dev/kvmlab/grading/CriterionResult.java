package dev.kvmlab.grading;

import dev.kvmlab.content.Text;

/** The outcome of one criterion with its evidence; the hint is set on every non-pass. */
public record CriterionResult(String id, Text title, Status status, int points, int awarded, String expected,
		String found, Text hint, String lesson) {
}
