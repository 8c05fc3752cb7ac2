package dev.kvmlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.Settings;
import dev.kvmlab.content.ContentException;
import dev.kvmlab.support.ContentDir;
import dev.kvmlab.support.Wiring;

/**
 * The {@code iscsi-target} action and resource kind as labs use them, in practice mode (the real
 * target on the cluster's storage network is SharedStorageLabIT's): the kind's own component is asked
 * at start and finish, and bad content is refused in one line naming what is wrong.
 */
class IscsiTargetLabTests {

	@TempDir
	Path home;

	@TempDir
	Path data;

	private ContentDir content;

	private Wiring wiring;

	private final List<String> log = new ArrayList<>();

	@BeforeEach
	void content() {
		content = new ContentDir(home);
		content.write("curriculum/.keep", "");
		content.rubric("san", """
				format_version: 1
				lab: san
				pass_mark: 50
				criteria:
				  - id: pool
				    title: {en: "pool", zh-CN: "存储池"}
				    points: 10
				    check: pool-state
				    params: {name: lab-sh1, type: iscsi-direct, source_matches: "iqn\\\\.2026-11\\\\.dev\\\\.kvmlab:lab-sh1", active: true}
				    hint: {en: "Define it.", zh-CN: "定义它。"}
				""");
	}

	@AfterEach
	void close() {
		if (wiring != null) {
			wiring.close();
		}
	}

	private LabService load(String setup) {
		content.lab("san", ContentDir.labHeader("san") + """
				resources:
				  - kind: iscsi-target
				    name: lab-sh1
				setup:
				""" + setup);
		wiring = Wiring.of(Settings.PRACTICE_URI, home, data);
		return wiring.get(LabService.class);
	}

	@Test
	void inPracticeNoTargetIsServedAndFinishAsksTheKindsOwnComponent() {
		LabService labs = load("""
				  - action: iscsi-target
				    name: lab-sh1
				    size_mib: 16
				""");
		Lab lab = labs.lab("san");
		assertThat(lab.resources()).extracting(Lab.Resource::key).containsExactly("iscsi-target:lab-sh1");

		labs.start(lab, log::add);
		labs.finish(lab, log::add);

		assertThat(log).containsExactly(
				"practice mode: no iSCSI target iqn.2026-11.dev.kvmlab:lab-sh1 is served (the pool cannot start; grading reads its definition)",
				"iSCSI target iqn.2026-11.dev.kvmlab:lab-sh1: not there (practice mode)");
	}

	@Test
	void aTargetNotNamedLabStarIsAContentErrorNamingIt() {
		LabService labs = load("""
				  - action: iscsi-target
				    name: shared
				""");

		assertThatThrownBy(() -> labs.start(labs.lab("san"), log::add)).isInstanceOf(ContentException.class)
			.hasMessageContaining("lab.yaml:14: ").hasMessageContaining("named lab-*").hasMessageContaining("'shared'");
	}

	@Test
	void aLunOfNoSizeIsAContentError() {
		LabService labs = load("""
				  - action: iscsi-target
				    name: lab-sh1
				    size_mib: 0
				""");

		assertThatThrownBy(() -> labs.start(labs.lab("san"), log::add)).isInstanceOf(ContentException.class)
			.hasMessageEndingWith("lab.yaml:14: size_mib of an iSCSI target is 1 to 4096, not 0");
	}

	@Test
	void aResourceOfTheKindNeedsTheLabPrefixToo() {
		content.lab("san", ContentDir.labHeader("san") + """
				resources:
				  - kind: iscsi-target
				    name: shared
				""");
		wiring = Wiring.of(Settings.PRACTICE_URI, home, data);
		LabCatalog catalog = wiring.get(LabCatalog.class);

		assertThatThrownBy(() -> catalog.find("san")).isInstanceOf(ContentException.class).hasMessageContaining("lab.yaml");
	}
}
