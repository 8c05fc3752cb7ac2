package dev.kvmlab.classroom;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Service;

import dev.kvmlab.grading.Criterion;
import dev.kvmlab.grading.CriterionResult;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Rubric;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.HostUnreachableException;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.UriRedactor;
import dev.kvmlab.lab.Lab;
import dev.kvmlab.lab.LabCatalog;
import dev.kvmlab.lab.LabService;

/**
 * Grades a whole class: every learner's host, read-only, each with its own libvirt connection (one
 * snapshot per rubric, as {@code lab grade} does), up to {@code parallel} hosts at a time. A host
 * that cannot be reached, or that does not answer within the timeout, is recorded as ERROR with
 * its cause and grading carries on. Nothing is written to the instructor's own progress and the
 * session's settings are not touched.
 *
 * <p>Each learner gets a thread of its own (a semaphore bounds how many run): a libvirt call
 * stuck in the network cannot be interrupted, so a timed-out learner's thread is left behind
 * (daemon) and its slot given to the next learner instead of being lost.
 */
@Service
public class ClassGrader {

	private final LabService labs;

	private final LabCatalog catalog;

	public ClassGrader(LabService labs, LabCatalog catalog) {
		this.labs = labs;
		this.catalog = catalog;
	}

	/** How to run: hosts at a time, and how long one learner's host may take. */
	public record Options(int parallel, Duration timeout) {

		public Options {
			if (parallel < 1) {
				throw new IllegalArgumentException("parallel must be at least 1");
			}
		}
	}

	/** Told as each learner is done (from grading threads, one call at a time). */
	@FunctionalInterface
	public interface Listener {

		void finished(int done, int total, ClassResult.LearnerResult learner);
	}

	public ClassResult grade(Roster roster, List<Lab> labList, CoursePolicy policy, Options options, Listener listener)
			throws InterruptedException {
		Instant started = Instant.now();
		long t0 = System.nanoTime();
		List<Rubric> rubrics = new ArrayList<>();
		List<ClassResult.LabColumn> columns = new ArrayList<>();
		Map<String, Integer> moduleOfLab = new LinkedHashMap<>();
		for (Lab lab : labList) {
			Rubric rubric = catalog.rubric(lab); // content errors surface before any host is contacted
			rubrics.add(rubric);
			moduleOfLab.put(lab.id(), lab.module());
			List<ClassResult.CriterionColumn> criteria = new ArrayList<>();
			for (Criterion c : rubric.criteria()) {
				criteria.add(new ClassResult.CriterionColumn(c.id(), c.title(), c.points()));
			}
			columns.add(new ClassResult.LabColumn(lab.id(), lab.module(), lab.title(), rubric.passMark(), List.copyOf(criteria)));
		}
		List<Roster.Learner> learners = roster.learners();
		int total = learners.size();
		ClassResult.LearnerResult[] results = new ClassResult.LearnerResult[total];
		Semaphore slots = new Semaphore(options.parallel());
		CountDownLatch done = new CountDownLatch(total);
		AtomicInteger finished = new AtomicInteger();
		ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("kvmlab-class-watchdog"));
		Object tell = new Object();
		try {
			for (int i = 0; i < total; i++) {
				slots.acquire();
				int index = i;
				Roster.Learner learner = learners.get(i);
				AtomicBoolean settled = new AtomicBoolean();
				long start = System.nanoTime();
				java.util.function.Consumer<ClassResult.LearnerResult> settle = r -> {
					if (settled.compareAndSet(false, true)) {
						results[index] = withCourse(r, policy, moduleOfLab);
						slots.release();
						synchronized (tell) {
							int n = finished.incrementAndGet();
							if (listener != null) {
								listener.finished(n, total, results[index]);
							}
						}
						done.countDown();
					}
				};
				ScheduledFuture<?> timer = watchdog.schedule(() -> settle.accept(failed(learner, columns, rubrics,
						"timed out: the host did not answer within " + options.timeout().toSeconds() + " s",
						millisSince(start))), options.timeout().toMillis(), TimeUnit.MILLISECONDS);
				Thread worker = daemon("kvmlab-grade-" + i).newThread(() -> {
					ClassResult.LearnerResult r;
					try {
						r = gradeOne(learner, rubrics, columns);
					}
					catch (Throwable t) { // never leave the class waiting for the watchdog
						r = failed(learner, columns, rubrics, "could not grade: " + t, millisSince(start));
					}
					timer.cancel(false);
					settle.accept(r);
				});
				worker.start();
			}
			done.await();
		}
		finally {
			watchdog.shutdownNow();
		}
		return new ClassResult(started, millisSince(t0), options.parallel(), List.copyOf(columns), policy,
				List.of(results));
	}

	private ClassResult.LearnerResult gradeOne(Roster.Learner learner, List<Rubric> rubrics,
			List<ClassResult.LabColumn> columns) {
		long start = System.nanoTime();
		try (LibvirtHost host = LibvirtHost.open(learner.uri(), true)) {
			List<GradeResult> results = new ArrayList<>();
			for (Rubric rubric : rubrics) {
				results.add(labs.grade(rubric, host));
			}
			return new ClassResult.LearnerResult(learner.name(), learner.labels(), UriRedactor.redact(learner.uri()), null,
					List.copyOf(results), null, millisSince(start));
		}
		catch (HostUnreachableException e) {
			return failed(learner, columns, rubrics, HostFailure.describe(learner.uri(), e.code(), e.getMessage()),
					millisSince(start));
		}
		catch (RuntimeException e) {
			String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			return failed(learner, columns, rubrics, "could not grade: " + UriRedactor.redactText(why, learner.uri()),
					millisSince(start));
		}
	}

	/** A learner whose host could not be graded: every criterion ERROR with the cause, nothing awarded. */
	static ClassResult.LearnerResult failed(Roster.Learner learner, List<ClassResult.LabColumn> columns,
			List<Rubric> rubrics, String cause, long millis) {
		List<GradeResult> results = new ArrayList<>();
		String uri = UriRedactor.redact(learner.uri());
		for (int i = 0; i < columns.size(); i++) {
			ClassResult.LabColumn lab = columns.get(i);
			List<CriterionResult> criteria = new ArrayList<>();
			int max = 0;
			for (Criterion c : rubrics.get(i).criteria()) {
				criteria.add(new CriterionResult(c.id(), c.title(), Status.ERROR, c.points(), 0, "(not evaluated)", cause,
						null, c.lesson()));
				max += c.points();
			}
			results.add(new GradeResult(lab.id(), uri, LibvirtHost.isPracticeUri(learner.uri()), Instant.now(), millis, 0,
					max, lab.passMark(), false, List.copyOf(criteria)));
		}
		return new ClassResult.LearnerResult(learner.name(), learner.labels(), uri, cause, List.copyOf(results), null,
				millis);
	}

	private static ClassResult.LearnerResult withCourse(ClassResult.LearnerResult r, CoursePolicy policy,
			Map<String, Integer> moduleOfLab) {
		if (policy == null) {
			return r;
		}
		return new ClassResult.LearnerResult(r.name(), r.labels(), r.uri(), r.error(), r.results(),
				CourseGrade.of(policy, moduleOfLab, r.results()), r.durationMillis());
	}

	private static long millisSince(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
	}

	private static java.util.concurrent.ThreadFactory daemon(String name) {
		return runnable -> {
			Thread t = new Thread(runnable, name);
			t.setDaemon(true);
			return t;
		};
	}
}
