package dev.kvmlab.lab;

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
import dev.kvmlab.support.ContentDir;
import dev.kvmlab.support.Wiring;

/** labs/<id>/lab.yaml: what loads, and every problem reported as file:line: what is wrong. */
class LabLoaderTests {

	@TempDir
	static Path data;

	private static Wiring wiring;

	private static LabLoader loader;

	@TempDir
	Path home;

	private ContentDir content;

	@BeforeAll
	static void wire() {
		wiring = Wiring.content(data, data);
		loader = wiring.get(LabLoader.class);
	}

	@AfterAll
	static void close() {
		wiring.close();
	}

	@BeforeEach
	void content() {
		content = new ContentDir(home);
	}

	/** Loading {@code file} fails with exactly {@code file:line: ...problem...}. */
	private void assertProblem(Path file, int line, String problem) {
		assertThatThrownBy(() -> loader.loadOrExplain(file)).isInstanceOfSatisfying(ContentException.class, e -> {
			assertThat(e.file()).isEqualTo(file);
			assertThat(e.line()).isEqualTo(line);
			assertThat(e.getMessage()).startsWith(file + ":" + line + ": ").contains(problem);
		});
	}

	@Test
	void aMinimalLabLoadsInBothLanguages() {
		// given
		Path file = content.lab("alpha", ContentDir.minimalLab("alpha"));

		// when
		Lab lab = loader.load(file);

		// then
		assertThat(lab.id()).isEqualTo("alpha");
		assertThat(lab.module()).isEqualTo(1);
		assertThat(lab.title().get(Lang.EN)).isEqualTo("Title");
		assertThat(lab.title().get(Lang.ZH_CN)).isEqualTo("标题");
		assertThat(lab.hints()).hasSize(1);
		assertThat(lab.resources()).containsExactly(new Lab.Resource("network", "lab-alpha"));
		assertThat(lab.setup()).singleElement().satisfies(step -> {
			assertThat(step.type()).isEqualTo("define-network");
			assertThat(step.line()).isEqualTo(14);
			assertThat(step.where()).isEqualTo(file + ":14");
		});
		assertThat(lab.dir()).isEqualTo(file.getParent());
	}

	@Nested
	class FileLevelProblems {

		@Test
		void malformedYamlNamesTheLineOfTheSyntaxError() {
			Path file = content.lab("alpha", """
					format_version: 1
					id: alpha
					title: {en: "unclosed
					module: 1
					""");
			assertProblem(file, 3, "not valid YAML: while scanning a quoted scalar");
		}

		@Test
		void aDuplicateKeyIsMalformed() {
			Path file = content.lab("alpha", """
					format_version: 1
					id: alpha
					id: beta
					""");
			assertProblem(file, 3, "duplicate key 'id'");
		}

		@Test
		void aDuplicateKeyDeepInsideIsReportedToo() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace(
					"title: {en: \"Title\", zh-CN: \"标题\"}", "title: {en: \"Title\", en: \"Other\", zh-CN: \"标题\"}"));
			assertProblem(file, 4, "duplicate key 'en'");
		}

		@Test
		void badIndentationNamesTheLineWhereItGoesWrong() {
			Path file = content.lab("alpha", """
					format_version: 1
					id: alpha
					title:
					  en: "Title"
					 zh-CN: "标题"
					""");
			assertProblem(file, 5, "not valid YAML");
		}

		@Test
		void anEmptyFileIsReported() {
			Path file = content.lab("alpha", "");
			assertProblem(file, 1, "the file is empty");
		}

		@Test
		void anUnsupportedFormatVersion() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace("format_version: 1", "format_version: 2"));
			assertProblem(file, 1, "unsupported format_version 2");
		}

		@Test
		void aFormatVersionThatIsNotANumber() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace("format_version: 1", "format_version: one"));
			assertProblem(file, 1, "expected a whole number, found 'one'");
		}

		@Test
		void theIdMustMatchTheFolder() {
			Path file = content.lab("beta", ContentDir.minimalLab("alpha"));
			assertProblem(file, 2, "lab id 'alpha' must match its folder name 'beta'");
		}

		@Test
		void aMissingRequiredKeyIsReportedOnTheMappingThatLacksIt() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace(
					"summary: {en: \"Summary\", zh-CN: \"摘要\"}\n", ""));
			assertProblem(file, 1, "missing required key 'summary'");
		}

		@Test
		void anUnknownTopLevelKeyIsReportedWhereItIs() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + "colour: blue\n");
			assertProblem(file, 16, "unknown key 'colour'");
		}

		@Test
		void aModuleOutOfRange() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace("module: 1", "module: 9"));
			assertProblem(file, 3, "module is 1 to 6, found 9");
		}

		@Test
		void aLabWithoutHints() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace("""
					hints:
					  - en: "Look closer."
					    zh-CN: "再仔细看看。"
					""", ""));
			assertProblem(file, 1, "at least one hint tier");
		}
	}

	@Nested
	class BothLanguages {

		@Test
		void aTextWithoutChineseIsAnError() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace(
					"title: {en: \"Title\", zh-CN: \"标题\"}", "title: {en: \"Title\"}"));
			assertProblem(file, 4, "title: missing required key 'zh-CN'");
		}

		@Test
		void aTextWithoutEnglishIsAnError() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace(
					"instructions: {en: \"Do it.\", zh-CN: \"动手做。\"}", "instructions: {zh-CN: \"动手做。\"}"));
			assertProblem(file, 6, "instructions: missing required key 'en'");
		}

		@Test
		void anEmptyChineseTextIsAnError() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace("zh-CN: \"摘要\"", "zh-CN: \"\""));
			assertProblem(file, 5, "must not be empty");
		}

		@Test
		void aHintWithoutChineseIsAnError() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace("    zh-CN: \"再仔细看看。\"\n", ""));
			assertProblem(file, 8, "missing required key 'zh-CN'");
		}

		@Test
		void aThirdLanguageIsAnUnknownKey() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace(
					"title: {en: \"Title\", zh-CN: \"标题\"}", "title: {en: \"Title\", zh-CN: \"标题\", fr: \"Titre\"}"));
			assertProblem(file, 4, "unknown key 'fr'");
		}

		@Test
		void anObjectiveWithoutChineseIsAnError() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + """
					objectives:
					  - en: "Understand bridges."
					""");
			assertProblem(file, 17, "missing required key 'zh-CN'");
		}
	}

	@Nested
	class ResourcesAndSteps {

		@Test
		void anUnknownResourceKind() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace("kind: network", "kind: volume"));
			assertProblem(file, 11, "unknown resource kind 'volume'");
		}

		@Test
		void resourcesAreNamedLabDash() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha").replace("name: lab-alpha", "name: alpha-net"));
			assertProblem(file, 11, "'lab-' prefix, found 'alpha-net'");
		}

		@Test
		void anUnknownRequirement() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + "requires: [local, gpu]\n");
			assertProblem(file, 16, "unknown requirement 'gpu'");
		}

		@Test
		void anUnknownActionNamesTheStepsLine() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + """
					solve:
					  - action: define-network
					    xml: lab-alpha.xml
					  - action: make-coffee
					    strength: 3
					""");
			assertProblem(file, 19, "unknown action 'make-coffee'");
		}

		@Test
		void aStepWithoutAnAction() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + """
					solve:
					  - xml: lab-alpha.xml
					""");
			assertProblem(file, 17, "a step needs 'action: <type>'");
		}

		@Test
		void anUnknownActionParameterNamesItsLine() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + """
					solve:
					  - action: define-network
					    xml: lab-alpha.xml
					    colour: blue
					""");
			assertProblem(file, 19, "action 'define-network' has no parameter 'colour'");
		}

		@Test
		void aMissingActionParameter() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + """
					solve:
					  - action: define-network
					    start: true
					""");
			assertProblem(file, 17, "action 'define-network' needs parameter 'xml'");
		}

		@Test
		void aValueOutsideTheAllowedOnesNamesItsLine() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + """
					solve:
					  - action: edit-config
					    kind: pool
					    name: lab-alpha
					    xpath: /network/bridge/@name
					    set: lab-br1
					""");
			assertProblem(file, 18, "parameter 'kind' is one of [domain, network], found 'pool'");
		}

		@Test
		void aBadXpathNamesItsLine() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + """
					solve:
					  - action: edit-config
					    kind: network
					    name: lab-alpha
					    xpath: "/network/[[bridge"
					    set: lab-br1
					""");
			assertProblem(file, 20, "parameter 'xpath': bad XPath '/network/[[bridge'");
		}

		@Test
		void aBadActionParameterValueNamesItsLine() {
			Path file = content.lab("alpha", ContentDir.minimalLab("alpha") + """
					solve:
					  - action: define-network
					    xml: lab-alpha.xml
					    start: maybe
					""");
			assertProblem(file, 19, "parameter 'start' is true or false");
		}
	}
}
