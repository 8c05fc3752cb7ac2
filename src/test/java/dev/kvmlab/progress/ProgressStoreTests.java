package dev.kvmlab.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** progress.json: a faithful round trip, atomic writes, and a corrupt file kept aside, never lost. */
class ProgressStoreTests {

	@TempDir
	Path dir;

	private static List<String> names(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Nested
	class RoundTrip {

		@Test
		void everythingSavedIsReadBack() {
			// given
			ProgressStore store = new ProgressStore(dir);
			Progress p = new Progress();
			LabProgress lab = p.lab("bridge-network");
			lab.status = "passed";
			LabSession session = new LabSession();
			session.startedAt = "2025-01-02T03:04:05Z";
			lab.sessions.put("qemu:///system", session);
			lab.attempts = 2;
			lab.bestScore = 80;
			lab.bestMax = 100;
			lab.lastGraded = "2025-01-02T04:00:00Z";
			lab.hintsShown = 2;
			session.preexisting.add("network:lab-bridge");
			session.created.add("domain:lab-vm1");
			lab.history.add(new Attempt("2025-01-02T03:30:00Z", "test:///default", true, 40, 100, false, false));
			lab.history.add(new Attempt("2025-01-02T04:00:00Z", "qemu:///system", false, 80, 100, true, false));
			p.quizzes.put("m1", Map.of("score", 3));
			p.reading.put("m1-2", "read");

			// when
			store.save(p);
			Progress back = new ProgressStore(dir).load();

			// then
			LabProgress b = back.labs.get("bridge-network");
			assertThat(b).usingRecursiveComparison().isEqualTo(lab);
			assertThat(b.history.get(0).practice()).isTrue();
			assertThat(b.history.get(1).score()).isEqualTo(80);
			assertThat(b.bestPercent()).isEqualTo(80);
			assertThat(back.quizzes).containsKey("m1");
			assertThat(back.reading).containsEntry("m1-2", "read");
			assertThat(back.formatVersion).isEqualTo(1);
		}

		@Test
		void noFileYetIsAnEmptyRecordAndLoadingWritesNothing() throws IOException {
			// when
			Progress p = new ProgressStore(dir.resolve("new")).load();

			// then
			assertThat(p.labs).isEmpty();
			assertThat(names(dir)).isEmpty();
		}

		@Test
		void updateLoadsChangesAndSaves() {
			// given
			ProgressStore store = new ProgressStore(dir);

			// when
			store.update(p -> p.lab("a").attempts++);
			store.update(p -> p.lab("a").attempts++);

			// then
			assertThat(new ProgressStore(dir).load().lab("a").attempts).isEqualTo(2);
		}

		@Test
		void fieldsFromANewerKvmlabAreIgnored() throws IOException {
			// given
			Files.writeString(dir.resolve("progress.json"),
					"{\"formatVersion\":1,\"labs\":{\"a\":{\"status\":\"started\",\"colour\":\"blue\"}},\"future\":true}");

			// when
			Progress p = new ProgressStore(dir).load();

			// then
			assertThat(p.lab("a").status).isEqualTo("started");
		}
	}

	@Nested
	class AtomicWrites {

		@Test
		void savingLeavesOnlyProgressJsonBehind() throws IOException {
			// given
			ProgressStore store = new ProgressStore(dir);

			// when
			for (int i = 0; i < 5; i++) {
				int n = i;
				store.update(p -> p.lab("lab-" + n).attempts = n);
			}

			// then
			assertThat(names(dir)).containsExactly("progress.json");
			assertThat(store.load().labs).hasSize(5);
		}

		@Test
		void theDataFolderIsMadeWhenMissing() {
			// given
			ProgressStore store = new ProgressStore(dir.resolve("a/b/kvmlab"));

			// when
			store.save(new Progress());

			// then
			assertThat(dir.resolve("a/b/kvmlab/progress.json")).isRegularFile();
		}

		@Test
		void aFolderThatCannotBeMadeIsOneClearError() throws IOException {
			// given: a plain file where the folder should be
			Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
			ProgressStore store = new ProgressStore(file);

			// then
			assertThatThrownBy(() -> store.save(new Progress())).isInstanceOf(ProgressStore.ProgressException.class)
				.hasMessageStartingWith("cannot save progress in " + file);
		}
	}

	@Nested
	class CorruptFiles {

		private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
			.withZone(ZoneOffset.UTC);

		@Test
		void aCorruptFileIsMovedAsideReportedAndANewRecordStarted() throws IOException {
			// given
			String corrupt = "{\"labs\": {\"a\": {\"status\": ";
			Files.writeString(dir.resolve("progress.json"), corrupt);
			ProgressStore store = new ProgressStore(dir);

			// when
			Progress p = store.load();

			// then
			assertThat(p.labs).isEmpty();
			List<String> files = names(dir);
			assertThat(files).singleElement().asString().matches("progress\\.json\\.corrupt-\\d{8}-\\d{6}");
			assertThat(Files.readString(dir.resolve(files.get(0)))).isEqualTo(corrupt);
			String warning = store.takeWarning();
			assertThat(warning).startsWith(dir.resolve("progress.json") + ": cannot be read (")
				.endsWith("kept it as " + files.get(0) + " and started a new record");
			assertThat(store.takeWarning()).as("a warning is given once").isNull();
		}

		@Test
		void theNextSaveStartsAFreshFileAndKeepsTheCorruptOne() throws IOException {
			// given
			Files.writeString(dir.resolve("progress.json"), "not json at all");
			ProgressStore store = new ProgressStore(dir);

			// when
			store.update(p -> p.lab("a").attempts = 1);

			// then
			assertThat(names(dir)).hasSize(2).contains("progress.json");
			assertThat(store.load().lab("a").attempts).isEqualTo(1);
		}

		@Test
		void anEarlierCorruptCopyIsNeverOverwritten() throws IOException {
			// given: copies already kept aside under every stamp this load could use
			Instant now = Instant.now();
			for (int s = -1; s <= 10; s++) {
				Files.writeString(dir.resolve("progress.json.corrupt-" + STAMP.format(now.plusSeconds(s))), "older " + s);
			}
			Files.writeString(dir.resolve("progress.json"), "{ newest corruption");
			ProgressStore store = new ProgressStore(dir);

			// when
			store.load();

			// then
			for (int s = -1; s <= 10; s++) {
				assertThat(dir.resolve("progress.json.corrupt-" + STAMP.format(now.plusSeconds(s)))).hasContent("older " + s);
			}
			try (Stream<Path> files = Files.list(dir)) {
				assertThat(files.filter(f -> f.getFileName().toString().startsWith("progress.json.corrupt-")))
					.hasSize(13)
					.anySatisfy(f -> assertThat(f).hasContent("{ newest corruption"));
			}
			assertThat(dir.resolve("progress.json")).doesNotExist();
		}
	}

	@Nested
	class WriteBehind {

		@Test
		void everyQueuedChangeIsAppliedInOrderBeforeTheNextRead() {
			ProgressStore store = new ProgressStore(dir);
			for (int i = 0; i < 300; i++) {
				int n = i;
				store.updateLater(p -> {
					p.lab("bridge-network").attempts++;
					p.lab("bridge-network").history.add(new Attempt("t" + n, "test:///default", true, n, 100, false, false));
				});
			}

			LabProgress lp = store.load().lab("bridge-network");

			assertThat(lp.attempts).isEqualTo(300);
			assertThat(lp.history).extracting(Attempt::score).containsExactlyElementsOf(
					java.util.stream.IntStream.range(0, 300).boxed().toList());
			store.close();
		}

		@Test
		void keyedWritesThatPileUpBehindASlowOneAreCoalescedToTheNewest() throws Exception {
			ProgressStore store = new ProgressStore(dir);
			java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
			java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
			store.later("slow", () -> {
				writing.countDown();
				await(release);
			});
			assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // the writer is busy with it
			List<Integer> written = new java.util.concurrent.CopyOnWriteArrayList<>();
			for (int i = 0; i < 100; i++) {
				int n = i;
				store.later("result:a", () -> written.add(n));
				store.later("result:b", () -> written.add(1000 + n));
				store.updateLater(p -> p.lab("a").attempts++);
			}

			release.countDown();
			store.drain();

			assertThat(written).containsExactly(99, 1099);
			assertThat(store.load().lab("a").attempts).isEqualTo(100);
			store.close();
		}

		@Test
		void peekReadsWhatIsOnDiskWithoutWaitingForQueuedWrites() throws Exception {
			ProgressStore store = new ProgressStore(dir);
			store.update(p -> p.lab("a").sessions.put("qemu:///system", new LabSession()));
			java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
			java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
			store.later("slow", () -> {
				writing.countDown();
				await(release);
			});
			assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			store.updateLater(p -> p.lab("a").attempts++);

			Progress seen = store.peek(); // the writer is stuck: load() would wait for it, peek() does not

			assertThat(seen.lab("a").sessions).containsOnlyKeys("qemu:///system");
			assertThat(seen.lab("a").attempts).isZero();
			release.countDown();
			assertThat(store.load().lab("a").attempts).isEqualTo(1);
			store.close();
		}

		@Test
		void closingWritesWhatIsStillQueued() {
			ProgressStore store = new ProgressStore(dir);
			store.updateLater(p -> p.lab("a").status = "graded");

			store.close();

			assertThat(new ProgressStore(dir).load().lab("a").status).isEqualTo("graded");
		}

		private static void await(java.util.concurrent.CountDownLatch latch) {
			try {
				latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Test
	void theConfiguredDataFolderComesFirst() {
		assertThat(ProgressStore.dataDir("/srv/kvmlab")).isEqualTo(Path.of("/srv/kvmlab"));
		assertThat(new ProgressStore("/srv/kvmlab").file()).isEqualTo(Path.of("/srv/kvmlab/progress.json"));
	}
}
