package dev.kvmlab.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/** A learner's record of one lab: status, attempts, best score, hints seen, and the lab's sessions per host. */
public class LabProgress {

	public String status = "not-started";

	public int attempts;

	public Integer bestScore;

	public Integer bestMax;

	public String lastGraded;

	public int hintsShown;

	/** Open lab sessions by libvirt URI (practice and real hosts are kept apart). */
	public Map<String, LabSession> sessions = new LinkedHashMap<>();

	public List<Attempt> history = new ArrayList<>();

	/** Best percentage on a real host, or null before the first real grade. */
	public Integer bestPercent() {
		return bestScore == null || bestMax == null || bestMax == 0 ? null : bestScore * 100 / bestMax;
	}
}
