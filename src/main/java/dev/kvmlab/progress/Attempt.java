package dev.kvmlab.progress;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

/**
 * One graded attempt: when, against which host, the score, and whether it was practice. Its
 * components are saved as they are: the progress store only sees public fields otherwise.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public record Attempt(String at, String uri, boolean practice, int score, int maxScore, boolean passed,
		boolean incomplete) {
}
