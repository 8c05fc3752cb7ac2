package dev.kvmlab.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.GradeResultCodec;

/**
 * The latest full result of each lab, with all its evidence, as
 * {@code <data>/results/<lab>/latest.json} (the attempt history stays in progress.json). The
 * progress report and signed result bundles read it; it is written atomically after every grade.
 */
@Component
public class ResultStore {

	private static final Pattern LAB_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

	private final Path dir;

	private final ProgressStore progress;

	private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	@org.springframework.beans.factory.annotation.Autowired
	public ResultStore(ProgressStore progress) {
		this.dir = progress.dir().resolve("results");
		this.progress = progress;
	}

	public ResultStore(Path dir) {
		this.dir = dir;
		this.progress = null;
	}

	/** Saves after the command has answered; a newer result of the same lab queued meanwhile replaces it. */
	public void saveLatestLater(GradeResult result) {
		if (progress == null) {
			saveLatest(result);
		}
		else {
			progress.later("result:" + result.lab(), () -> saveLatest(result));
		}
	}

	public Path file(String lab) {
		if (!LAB_ID.matcher(lab).matches()) {
			throw new IllegalArgumentException("not a lab id: " + lab);
		}
		return dir.resolve(lab).resolve("latest.json");
	}

	public void saveLatest(GradeResult result) {
		try {
			AtomicFiles.write(file(result.lab()), json.writeValueAsBytes(GradeResultCodec.encode(result)));
		}
		catch (IOException e) {
			throw new ProgressStore.ProgressException("cannot save the result of " + result.lab() + " in " + dir + ": "
					+ e.getMessage());
		}
	}

	/** The latest result of a lab; empty when it was never graded (or graded before kvmlab kept results). */
	public Optional<GradeResult> latest(String lab) {
		if (progress != null) {
			progress.drain();
		}
		Path file = file(lab);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			return Optional.of(GradeResultCodec.decode(json.readTree(file.toFile())));
		}
		catch (IOException | IllegalArgumentException e) {
			String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
			throw new ProgressStore.ProgressException(file + ": cannot be read (" + why + "); delete it and grade the lab again");
		}
	}
}
