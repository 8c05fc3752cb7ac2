package dev.kvmlab.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tests keep kvmlab's data (its record of what each lab started with and made) in fixed
 * folders under target/. When a run is killed before its clean-up, the next run finds labs still
 * marked as started there and runs `lab finish` for them with that record, which removes exactly
 * what those labs made, before anything else happens (in particular before lab files are parked).
 */
final class InterruptedRuns {

	static final Path HOME = Path.of(System.getProperty("user.dir")).toAbsolutePath();

	/** The data folder of the Spring-context tests. */
	static final Path LAB_DATA = HOME.resolve("target").resolve("kvmlab-it-data");

	/** The data folder of the one-shot launcher tests. */
	static final Path ONESHOT_DATA = HOME.resolve("target").resolve("kvmlab-it-oneshot-data");

	private static boolean done;

	private InterruptedRuns() {
	}

	/** Once per JVM: finishes every lab an earlier run left started in either data folder. */
	static synchronized void finishAll() throws IOException {
		if (done) {
			return;
		}
		for (Path data : List.of(LAB_DATA, ONESHOT_DATA)) {
			Path record = data.resolve("progress.json");
			if (!Files.exists(record)) {
				continue;
			}
			List<String> started = new ArrayList<>();
			new ObjectMapper().readTree(record.toFile()).path("labs").fields().forEachRemaining(e -> {
				JsonNode sessions = e.getValue().path("sessions");
				if (sessions.isObject() && sessions.size() > 0) {
					started.add(e.getKey());
				}
			});
			for (String lab : started) {
				System.err.println("kvmlab-it: an interrupted run left lab " + lab + " started (" + record + "); finishing it");
				Cmd.Result r = Cmd.run(Map.of("KVMLAB_DATA", data.toString()), HOME, Duration.ofMinutes(5),
						List.of("./kvmlab", "lab", "finish", lab));
				System.err.print(r.out().indent(2));
				assertThat(r.exit()).as("lab finish %s for an interrupted run: %s", lab, r.describe()).isZero();
			}
		}
		done = true;
	}
}
