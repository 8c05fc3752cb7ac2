package dev.kvmlab.grading;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.kvmlab.host.Need;

/** The rubric of one lab: its criteria and the pass mark, as a percentage of the points that apply. */
public record Rubric(String labId, int passMark, List<Criterion> criteria, Path file) {

	public int totalPoints() {
		return criteria.stream().mapToInt(Criterion::points).sum();
	}

	/** Everything the criteria need read from the lab's own host, so one snapshot serves them all. */
	public Set<Need> needs() {
		return needs(null);
	}

	/** What the criteria need read from one host (null: the lab's own). */
	public Set<Need> needs(String host) {
		Set<Need> needs = new HashSet<>();
		for (Criterion c : criteria) {
			if (java.util.Objects.equals(c.host(), host)) {
				needs.addAll(c.check().needs(c.params()));
			}
		}
		return needs;
	}

	/** The other hosts the criteria grade, in the rubric's order. */
	public List<String> otherHosts() {
		return criteria.stream().map(Criterion::host).filter(java.util.Objects::nonNull).distinct().toList();
	}
}
