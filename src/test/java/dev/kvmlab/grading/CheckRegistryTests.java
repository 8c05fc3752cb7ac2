package dev.kvmlab.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.content.Text;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.Need;
import dev.kvmlab.lab.actions.ActionRegistry;
import dev.kvmlab.lab.actions.ActionType;
import dev.kvmlab.support.ContentDir;
import dev.kvmlab.support.Wiring;

/** The check registry: unique keys, and every check type describes itself fully and truthfully. */
class CheckRegistryTests {

	@TempDir
	static Path data;

	private static Wiring wiring;

	@BeforeAll
	static void wire() {
		wiring = Wiring.content(data, data);
	}

	@AfterAll
	static void close() {
		wiring.close();
	}

	/** A check type with nothing but a key, to build registries with. */
	private record Named(String key) implements CheckType {

		@Override
		public Text description() {
			return Text.of("d", "描述");
		}

		@Override
		public List<ParamSpec> params() {
			return List.of();
		}

		@Override
		public String example() {
			return "check: " + key;
		}

		@Override
		public Set<Need> needs(Params params) {
			return Set.of();
		}

		@Override
		public CheckResult evaluate(Params params, HostSnapshot host) {
			return CheckResult.pass("", "");
		}
	}

	@Nested
	class Keys {

		@Test
		void twoCheckTypesWithTheSameKeyAreRefused() {
			assertThatThrownBy(() -> new CheckRegistry(List.of(new Named("a"), new Named("b"), new Named("a"))))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("duplicate check type key 'a'");
		}

		@Test
		void distinctKeysAreFoundAndListedInKeyOrder() {
			// when
			CheckRegistry registry = new CheckRegistry(List.of(new Named("b"), new Named("a")));

			// then
			assertThat(registry.find("a")).isPresent();
			assertThat(registry.find("c")).isEmpty();
			assertThat(registry.all()).extracting(CheckType::key).containsExactly("a", "b");
		}

		@Test
		void twoActionTypesWithTheSameKeyAreRefused() {
			// given
			ActionType any = wiring.get(ActionRegistry.class).all().iterator().next();

			// then
			assertThatThrownBy(() -> new ActionRegistry(List.of(any, any))).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("duplicate action type key '" + any.key() + "'");
		}
	}

	@Nested
	class EveryRegisteredCheckType {

		private List<CheckType> all() {
			return List.copyOf(wiring.get(CheckRegistry.class).all());
		}

		@Test
		void theApplicationRegistersTheKnownCheckTypes() {
			assertThat(all()).extracting(CheckType::key).containsExactly("console-log", "disk-cache", "disk-image", "domain-absent",
					"domain-clone", "domain-cpu-mode", "domain-exists", "domain-interface", "domain-seed", "domain-snapshot",
					"domain-state", "domain-xml-file", "domain-xpath", "host-bridge", "host-readiness", "hugepages", "image-file",
					"image-info", "libvirt-hook", "live-migrated", "migration-converged", "network-active", "network-autostart",
					"network-dhcp-host", "network-forward", "network-xpath", "ovs-network", "pool-state", "qemu-pinning",
					"snapshot-committed", "volume-exists");
		}

		@Test
		void hasAKeyAndADescriptionInBothLanguages() {
			for (CheckType type : all()) {
				assertThat(type.key()).as("key").matches("[a-z]+(-[a-z]+)*");
				assertThat(type.description().en()).as(type.key() + " en").isNotBlank();
				assertThat(type.description().zhCN()).as(type.key() + " zh-CN").containsPattern("\\p{IsHan}");
			}
		}

		@Test
		void describesEachParameterInBothLanguages() {
			for (CheckType type : all()) {
				assertThat(type.params()).as(type.key()).isNotEmpty();
				assertThat(type.params()).as(type.key()).anyMatch(ParamSpec::required);
				for (ParamSpec p : type.params()) {
					String where = type.key() + "." + p.name();
					assertThat(p.name()).as(where).matches("[a-z_]+");
					assertThat(p.description().en()).as(where).isNotBlank();
					assertThat(p.description().zhCN()).as(where).isNotBlank();
				}
			}
		}

		@Test
		void hasAnExampleThatPassesRubricValidation(@TempDir Path home) {
			ContentDir content = new ContentDir(home);
			RubricLoader loader = wiring.get(RubricLoader.class);
			for (CheckType type : all()) {
				// given: the example as the criterion of a rubric
				String example = type.example().lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
				Path file = content.rubric("alpha", """
						format_version: 1
						lab: alpha
						pass_mark: 80
						criteria:
						  - id: example
						    title: {en: "Example", zh-CN: "示例"}
						    points: 1
						    hint: {en: "Hint", zh-CN: "提示"}
						    host_fact: true
						%s
						""".formatted(example));

				// when
				Rubric rubric = loader.load(file);

				// then
				Criterion c = rubric.criteria().get(0);
				assertThat(c.check().key()).as("example of " + type.key()).isEqualTo(type.key());
				assertThat(c.check().needs(c.params())).as("needs of " + type.key()).isNotEmpty();
			}
		}
	}
}
