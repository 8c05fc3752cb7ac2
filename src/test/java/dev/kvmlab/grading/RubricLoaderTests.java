package dev.kvmlab.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.Lang;
import dev.kvmlab.host.Need;
import dev.kvmlab.support.ContentDir;
import dev.kvmlab.support.Wiring;

/** grading/<lab>.yaml: what loads, and every problem reported as file:line: what is wrong. */
class RubricLoaderTests {

	@TempDir
	static Path data;

	private static Wiring wiring;

	private static RubricLoader loader;

	@TempDir
	Path home;

	private ContentDir content;

	@BeforeAll
	static void wire() {
		wiring = Wiring.content(data, data);
		loader = wiring.get(RubricLoader.class);
	}

	@AfterAll
	static void close() {
		wiring.close();
	}

	@BeforeEach
	void content() {
		content = new ContentDir(home);
	}

	private void assertProblem(Path file, int line, String problem) {
		assertThatThrownBy(() -> loader.loadOrExplain(file)).isInstanceOfSatisfying(ContentException.class, e -> {
			assertThat(e.file()).isEqualTo(file);
			assertThat(e.line()).isEqualTo(line);
			assertThat(e.getMessage()).startsWith(file + ":" + line + ": ").contains(problem);
		});
	}

	/** A rubric with one criterion whose check and params are given (lines 5-12; params on line 9). */
	private Path criterion(String check, String params) {
		return content.rubric("alpha", """
				format_version: 1
				lab: alpha
				pass_mark: 80
				criteria:
				  - id: one
				    title: {en: "One", zh-CN: "一"}
				    points: 10
				    check: %s
				    params: %s
				    hint: {en: "Hint", zh-CN: "提示"}
				    undo:
				      - action: network-state
				        name: lab-alpha
				        active: false
				""".formatted(check, params));
	}

	@Test
	void aMinimalRubricLoads() {
		// given
		Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha"));

		// when
		Rubric rubric = loader.load(file);

		// then
		assertThat(rubric.labId()).isEqualTo("alpha");
		assertThat(rubric.passMark()).isEqualTo(80);
		assertThat(rubric.totalPoints()).isEqualTo(10);
		assertThat(rubric.file()).isEqualTo(file);
		Criterion c = rubric.criteria().get(0);
		assertThat(c.id()).isEqualTo("net-active");
		assertThat(c.check().key()).isEqualTo("network-active");
		assertThat(c.params().string("name")).isEqualTo("lab-alpha");
		assertThat(c.title().get(Lang.ZH_CN)).isEqualTo("网络已启动");
		assertThat(c.hint().get(Lang.EN)).isEqualTo("Start it.");
		assertThat(c.undo()).singleElement().satisfies(a -> assertThat(a.type()).isEqualTo("network-state"));
		assertThat(c.hostFact()).isFalse();
		assertThat(rubric.needs()).containsExactly(Need.network("lab-alpha"));
	}

	@Test
	void paramsGiveASingleValueAsAOneElementList() {
		// this check type has no list parameter, so the rule is exercised through Params itself
		Params p = new Params(java.util.Map.of("names", "a"));
		assertThat(p.strings("names")).containsExactly("a");
		assertThat(new Params(java.util.Map.of("names", java.util.List.of("a", "b"))).strings("names"))
			.containsExactly("a", "b");
	}

	@Nested
	class FileLevelProblems {

		@Test
		void malformedYaml() {
			Path file = content.rubric("alpha", """
					format_version: 1
					lab: alpha
					pass_mark: {percent: 80
					criteria: []
					""");
			assertProblem(file, 4, "not valid YAML: while parsing a flow mapping (from line 3): expected ',' or '}'");
		}

		@Test
		void anUnclosedBracketAtTheEndNamesWhereItWasOpened() {
			Path file = content.rubric("alpha", """
					format_version: 1
					lab: alpha
					pass_mark: 80
					criteria: [{id: one,
					  points: 10
					""");
			assertProblem(file, 4, "not valid YAML: while parsing a flow");
		}

		@Test
		void anUnsupportedFormatVersion() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("format_version: 1", "format_version: 3"));
			assertProblem(file, 1, "unsupported format_version 3 (this kvmlab reads 1)");
		}

		@Test
		void theLabMustMatchTheFileName() {
			Path file = content.rubric("beta", ContentDir.minimalRubric("alpha"));
			assertProblem(file, 2, "lab 'alpha' must live in a file named alpha.yaml");
		}

		@Test
		void aMissingKey() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("pass_mark: 80\n", ""));
			assertProblem(file, 1, "missing required key 'pass_mark'");
		}

		@Test
		void anUnknownKey() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("pass_mark: 80\n",
					"pass_mark: 80\npass_mrak: 90\n"));
			assertProblem(file, 4, "unknown key 'pass_mrak'");
		}

		@Test
		void anUnknownKeyInACriterion() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("    points: 10\n",
					"    points: 10\n    weight: 2\n"));
			assertProblem(file, 8, "unknown key 'weight'");
		}

		@Test
		void aPassMarkOutOfRange() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("pass_mark: 80", "pass_mark: 0"));
			assertProblem(file, 3, "pass_mark is a percentage from 1 to 100, found 0");
		}

		@Test
		void noCriteria() {
			Path file = content.rubric("alpha", """
					format_version: 1
					lab: alpha
					pass_mark: 80
					criteria: []
					""");
			assertProblem(file, 4, "at least one criterion");
		}
	}

	@Nested
	class Criteria {

		@Test
		void aDuplicateCriterionIdNamesTheSecond() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha") + """
					  - id: net-active
					    title: {en: "Again", zh-CN: "再来"}
					    points: 5
					    check: network-autostart
					    params: {name: lab-alpha}
					    hint: {en: "Hint", zh-CN: "提示"}
					    host_fact: true
					""");
			assertProblem(file, 15, "duplicate criterion id 'net-active'");
		}

		@Test
		void aCriterionIdWithCapitals() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("id: net-active", "id: NetActive"));
			assertProblem(file, 5, "criterion ids are lower-case words joined by '-', found 'NetActive'");
		}

		@Test
		void pointsMustBePositive() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("points: 10", "points: -5"));
			assertProblem(file, 7, "points must be positive, found -5");
		}

		@Test
		void aTitleWithoutChinese() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace(
					"title: {en: \"Network active\", zh-CN: \"网络已启动\"}", "title: {en: \"Network active\"}"));
			assertProblem(file, 6, "missing required key 'zh-CN'");
		}

		@Test
		void aHintWithoutChinese() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace(
					"hint: {en: \"Start it.\", zh-CN: \"启动它。\"}", "hint: {en: \"Start it.\"}"));
			assertProblem(file, 10, "missing required key 'zh-CN'");
		}

		@Test
		void anUnknownCheckType() {
			Path file = criterion("network-colour", "{name: lab-alpha}");
			assertProblem(file, 8, "unknown check type 'network-colour' (see `kvmlab checks`)");
		}

		@Test
		void anUnknownUndoAction() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("action: network-state",
					"action: unplug-it"));
			assertProblem(file, 12, "unknown action 'unplug-it'");
		}

		@Test
		void hostFactMustBeABoolean() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("    points: 10\n",
					"    points: 10\n    host_fact: sometimes\n"));
			assertProblem(file, 8, "expected true or false, found 'sometimes'");
		}
	}

	@Nested
	class Parameters {

		@Test
		void anUnknownParameterNamesItsLine() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("    params: {name: lab-alpha}\n",
					"    params:\n      name: lab-alpha\n      colour: blue\n"));
			assertProblem(file, 11, "check 'network-active' has no parameter 'colour'");
		}

		@Test
		void aMissingRequiredParameter() {
			Path file = criterion("domain-state", "{name: lab-vm1}");
			assertProblem(file, 9, "check 'domain-state' needs parameter 'state'");
		}

		@Test
		void noParamsAtAllNamesTheCriterion() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("    params: {name: lab-alpha}\n", ""));
			assertProblem(file, 5, "check 'network-active' needs parameter 'name'");
		}

		@Test
		void aValueOutsideTheAllowedOnes() {
			Path file = content.rubric("alpha", ContentDir.minimalRubric("alpha").replace("    params: {name: lab-alpha}\n",
					"    check: domain-state\n    params:\n      name: lab-vm1\n      state: sleeping\n")
				.replace("    check: network-active\n", ""));
			assertProblem(file, 11, "parameter 'state' is one of [running, shut off, paused, idle, crashed, pmsuspended], found 'sleeping'");
		}

		@Test
		void aBooleanThatIsNot() {
			Path file = criterion("domain-exists", "{name: lab-vm1, persistent: maybe}");
			assertProblem(file, 9, "parameter 'persistent' is true or false, found 'maybe'");
		}

		@Test
		void aListWhereOneValueIsExpected() {
			Path file = criterion("network-active", "{name: [lab-a, lab-b]}");
			assertProblem(file, 9, "parameter 'name' is a single value");
		}

		@Test
		void aBadXpath() {
			Path file = criterion("domain-xpath", "{name: lab-vm1, xpath: \"/domain/[[vcpu\"}");
			assertProblem(file, 9, "bad XPath '/domain/[[vcpu'");
		}

		@Test
		void aBadRegularExpression() {
			Path file = criterion("domain-xpath", "{name: lab-vm1, xpath: /domain/vcpu, matches: \"[0-9\"}");
			assertProblem(file, 9, "Unclosed character class");
		}
	}
}
