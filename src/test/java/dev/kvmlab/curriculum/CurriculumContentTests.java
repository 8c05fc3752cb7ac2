package dev.kvmlab.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kvmlab.content.Lang;

/**
 * The course content itself (curriculum/ of this repository): every lesson loads and renders without
 * AsciidoctorJ warnings and has the required structure, both languages have the same section ids,
 * cross references lead somewhere, every quiz's answer key is valid, and the coverage manifest maps
 * every seed section. The lessons are parsed once for the whole class.
 */
class CurriculumContentTests {

	static final Path DIR = Path.of("curriculum");

	private static Curriculum curriculum;

	private static final List<CurriculumLoader.FileLog> LOAD_LOG = new ArrayList<>();

	private static CurriculumValidator validator;

	@BeforeAll
	static void load() {
		curriculum = CurriculumLoader.load(DIR, LOAD_LOG);
		validator = new CurriculumValidator(DIR);
	}

	@Test
	void everyLessonFileExistsInBothLanguages() {
		for (Lang lang : Lang.values()) {
			for (String key : Curriculum.MODULE_KEYS) {
				assertThat(DIR.resolve(lang.tag()).resolve(Curriculum.fileName(key))).isRegularFile();
			}
		}
	}

	@Test
	void everyLessonLoadsAndRendersWithoutAsciidoctorWarnings() {
		List<String> warnings = new ArrayList<>();
		LOAD_LOG.stream().filter(l -> CurriculumValidator.serious(l.record())).forEach(l -> warnings.add(l.describe()));
		for (Lang lang : Lang.values()) {
			for (ModuleDoc doc : curriculum.docs(lang).values()) {
				var rendered = AdocEngine.callLogged(a -> new AnsiRenderer(80).render(doc.document()));
				rendered.records().stream().filter(CurriculumValidator::serious)
					.forEach(r -> warnings.add(new CurriculumLoader.FileLog(doc.file(), r).describe()));
				assertThat(rendered.value()).as(doc.file() + " renders to something").hasSizeGreaterThan(20);
			}
		}
		assertThat(warnings).isEmpty();
	}

	@Test
	void everyLessonHasTheRequiredStructure() {
		List<String> problems = new ArrayList<>();
		for (Lang lang : Lang.values()) {
			for (ModuleDoc doc : curriculum.docs(lang).values()) {
				problems.addAll(validator.structure(doc));
				assertThat(doc.title()).as(doc.file() + " title").isNotBlank();
				assertThat(doc.moduleAttribute()).as(doc.file() + " :module:").isEqualTo(doc.key());
				int k = 1;
				for (CourseSection s : doc.sections()) {
					String id = doc.isAppendix() ? "app-" + (char) ('a' + k - 1) : "m" + doc.key() + "-" + k;
					assertThat(s.id()).as(doc.file() + " section " + k).isEqualTo(id);
					assertThat(s.level()).isEqualTo(1);
					k++;
				}
			}
		}
		assertThat(problems).isEmpty();
		// modules 1-6 have 7, 10, 10, 10, 10 and 8 sections like the seed outline; the appendix A-E
		int[] expected = { 7, 10, 10, 10, 10, 8 };
		for (Lang lang : Lang.values()) {
			for (int m = 1; m <= 6; m++) {
				assertThat(curriculum.exact(String.valueOf(m), lang).sections()).hasSize(expected[m - 1]);
			}
			assertThat(curriculum.exact(Curriculum.APPENDIX, lang).sections()).extracting(CourseSection::number)
				.containsExactly("A", "B", "C", "D", "E");
		}
	}

	@Test
	void bothLanguagesHaveIdenticalSectionIds() {
		Set<String> en = CurriculumValidator.sectionIds(curriculum, Lang.EN);
		Set<String> zh = CurriculumValidator.sectionIds(curriculum, Lang.ZH_CN);
		assertThat(zh).isEqualTo(en);
		assertThat(validator.sameIds(curriculum)).isEmpty();
		for (String key : Curriculum.MODULE_KEYS) {
			assertThat(curriculum.exact(key, Lang.ZH_CN).sections()).extracting(CourseSection::number)
				.isEqualTo(curriculum.exact(key, Lang.EN).sections().stream().map(CourseSection::number).toList());
		}
	}

	@Test
	void crossReferencesLeadToASectionOrAnchor() {
		assertThat(validator.xrefs(curriculum)).isEmpty();
	}

	@Test
	void everyQuizAnswerKeyIsValid() {
		assertThat(validator.quizzes(curriculum)).isEmpty();
		Set<String> en = CurriculumValidator.sectionIds(curriculum, Lang.EN);
		Set<String> zh = CurriculumValidator.sectionIds(curriculum, Lang.ZH_CN);
		for (int m = 1; m <= 6; m++) {
			Quiz quiz = QuizLoader.load(QuizLoader.file(DIR, String.valueOf(m)));
			assertThat(quiz.module()).isEqualTo(String.valueOf(m));
			assertThat(quiz.questions()).as("module " + m + " questions").hasSizeGreaterThanOrEqualTo(m == 1 ? 15 : 8);
			Set<String> ids = new HashSet<>();
			for (Quiz.Question q : quiz.questions()) {
				String what = quiz.file() + ":" + q.line() + " " + q.id();
				assertThat(ids.add(q.id())).as(what + " unique").isTrue();
				assertThat(en).as(what + " section in en").contains(q.section());
				assertThat(zh).as(what + " section in zh-CN").contains(q.section());
				assertThat(q.prompt().en()).as(what).isNotBlank();
				assertThat(q.prompt().zhCN()).as(what).isNotBlank();
				assertThat(q.explain().en()).as(what).isNotBlank();
				assertThat(q.explain().zhCN()).as(what).isNotBlank();
				switch (q.type()) {
					case SINGLE, MULTIPLE -> {
						List<String> choiceIds = q.choices().stream().map(Quiz.Choice::id).toList();
						assertThat(choiceIds).as(what + " choices").doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(2);
						assertThat(choiceIds).as(what + " answer ids are choices").containsAll(q.answer());
						q.choices().forEach(c -> assertThat(c.text().en()).isNotBlank());
						q.choices().forEach(c -> assertThat(c.text().zhCN()).isNotBlank());
						if (q.type() == Quiz.Type.SINGLE) {
							assertThat(q.answer()).as(what + " single answer").hasSize(1);
						}
						else {
							assertThat(q.answer()).as(what + " multiple answers").hasSizeGreaterThanOrEqualTo(2);
						}
						assertThat(q.isCorrect(String.join(",", q.answer()))).as(what + " key answers itself").isTrue();
					}
					case COMMAND, XML -> {
						assertThat(q.accept()).as(what + " accepted answers").isNotEmpty();
						q.accept().forEach(a -> assertThat(q.isCorrect(a)).as(what + " accepts " + a).isTrue());
					}
				}
			}
		}
	}

	@Test
	void coverageManifestMapsEverySeedSectionToAnExistingSection() {
		assertThat(validator.coverage(curriculum)).isEmpty();
		CoverageManifest manifest = CoverageManifest.load(CoverageManifest.file(DIR));
		assertThat(manifest.sections().keySet()).containsAll(CoverageManifest.SEED);
		assertThat(CoverageManifest.SEED).hasSize(7 + 10 + 10 + 10 + 10 + 8 + 5).contains("1.7", "2.10", "6.8", "E");
	}

	@Test
	void coverageCheckFailsWhenASeedSectionIsNotMapped(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
		String manifest = Files.readString(CoverageManifest.file(DIR)).replaceAll("(?m)^\\s*\"?3\\.4\"?:.*\\n", "")
			.replaceAll("(?m)^(\\s*\"?2\\.2\"?:\\s*)m2-2\\s*$", "$1m2-99");
		Files.writeString(tmp.resolve("coverage.yaml"), manifest);
		List<String> problems = new CurriculumValidator(tmp).coverage(curriculum);
		assertThat(problems).anyMatch(p -> p.contains("seed section 3.4 is not mapped"))
			.anyMatch(p -> p.contains("2.2 maps to 'm2-99'"));
	}

	@Test
	void labHintsAndCriteriaPointAtSectionsThatExistSoLearnCanShowThem() throws Exception {
		Set<String> ids = CurriculumValidator.sectionIds(curriculum, Lang.EN);
		java.util.regex.Pattern lesson = java.util.regex.Pattern.compile("(?m)^\\s*lesson:\\s*(\\S+)\\s*$");
		List<String> missing = new ArrayList<>();
		int seen = 0;
		for (Path dir : List.of(Path.of("labs"), Path.of("grading"))) {
			try (var files = Files.walk(dir)) {
				for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
					var m = lesson.matcher(Files.readString(f));
					while (m.find()) {
						seen++;
						if (!ids.contains(m.group(1)) || curriculum.find(m.group(1), Lang.EN).isEmpty()) {
							missing.add(f + ": " + m.group(1));
						}
					}
				}
			}
		}
		assertThat(seen).isPositive();
		assertThat(missing).isEmpty();
	}
}
