package dev.kvmlab.progress;

import java.util.Map;
import java.util.TreeMap;

/** Everything kvmlab remembers about one learner, saved as one JSON file. */
public class Progress {

	public int formatVersion = 1;

	public Map<String, LabProgress> labs = new TreeMap<>();

	public Map<String, Map<String, Object>> quizzes = new TreeMap<>();

	public Map<String, Object> reading = new TreeMap<>();

	public LabProgress lab(String id) {
		return labs.computeIfAbsent(id, k -> new LabProgress());
	}
}
