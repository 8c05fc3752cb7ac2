package dev.kvmlab.progress;

import java.util.ArrayList;
import java.util.List;

/**
 * A learner's record of one lab. {@code preexisting} lists the lab's resources that were already
 * there (without kvmlab's mark) when the lab was started: {@code lab finish} never touches them.
 */
public class LabProgress {

	public String status = "not-started";

	public String startedAt;

	public String uri;

	public int attempts;

	public Integer bestScore;

	public Integer bestMax;

	public String lastGraded;

	public int hintsShown;

	public List<String> preexisting = new ArrayList<>();

	public List<String> created = new ArrayList<>();

	public List<Attempt> history = new ArrayList<>();

	/** Best percentage on a real host, or null before the first real grade. */
	public Integer bestPercent() {
		return bestScore == null || bestMax == null || bestMax == 0 ? null : bestScore * 100 / bestMax;
	}
}
