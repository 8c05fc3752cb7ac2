package dev.kvmlab.classroom;

import java.nio.file.Path;
import java.util.List;

/**
 * A class to grade: each learner's name, the libvirt URI of their host (read-only grading goes
 * there; it may hold credentials, which kvmlab never prints) and free labels (a group, a session).
 */
public record Roster(Path file, List<Learner> learners) {

	public record Learner(String name, String uri, List<String> labels) {
	}
}
