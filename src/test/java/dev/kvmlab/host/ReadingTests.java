package dev.kvmlab.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** {@link Need.Reading}: a new kind of fact read in the snapshot's one pass, without a new snapshot field. */
class ReadingTests {

	private static final AtomicInteger READS = new AtomicInteger();

	/** The number of domains the host lists, read through the open connection. */
	record DomainCount(String tag) implements Need.Reading<Integer> {
		@Override
		public Lookup<Integer> read(LibvirtHost host) {
			READS.incrementAndGet();
			return Lookup.found(host.domains().size());
		}
	}

	record Broken() implements Need.Reading<String> {
		@Override
		public Lookup<String> read(LibvirtHost host) {
			throw new HostException("COMMAND_FAILED", "the probe could not run");
		}
	}

	@Test
	void aReadingIsReadOnceInTheSnapshotAndTakenBackTyped() {
		READS.set(0);
		try (LibvirtHost host = LibvirtHost.open("test:///default", true)) {
			HostSnapshot s = host.snapshot(List.of(new DomainCount("a"), new DomainCount("a"), Need.domain("test")));

			assertThat(s.reading(new DomainCount("a"))).isEqualTo(Lookup.found(1));
			assertThat(READS).hasValue(1);
			assertThat(s.reading(new DomainCount("b"))).isInstanceOfSatisfying(Lookup.Failed.class,
					f -> assertThat(f.reason()).contains("was not read"));
		}
	}

	@Test
	void aReadingThatThrowsIsAFailedLookupAndTheRestOfTheSnapshotStands() {
		try (LibvirtHost host = LibvirtHost.open("test:///default", true)) {
			HostSnapshot s = host.snapshot(List.of(new Broken(), Need.domain("test")));

			assertThat(s.reading(new Broken())).isInstanceOfSatisfying(Lookup.Failed.class,
					f -> assertThat(f.reason()).isEqualTo("the probe could not run"));
			assertThat(s.domain("test")).isInstanceOf(Lookup.Found.class);
		}
	}
}
