package dev.kvmlab.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kvmlab.content.Lang;

/** {@code learn search}: substring search that works for Chinese and English, ranked by hits. */
class CurriculumSearchTests {

	private static CurriculumSearch search;

	@BeforeAll
	static void index() {
		Curriculum c = new Curriculum(CurriculumContentTests.DIR, null);
		search = AdocEngine.call(a -> CurriculumSearch.index(c));
	}

	@Test
	void findsAChineseWord() {
		CurriculumSearch.Result r = search.search("网桥", Lang.ZH_CN);
		assertThat(r.fallback()).isFalse();
		assertThat(r.hits()).isNotEmpty();
		assertThat(r.hits().get(0).section().id()).isEqualTo("m2-2");
		assertThat(r.hits()).extracting(h -> h.section().id()).contains("m2-7");
		assertThat(r.hits().get(0).snippet()).contains("网桥").doesNotContain("│");
	}

	@Test
	void findsEnglishWordsAndRanksSectionsWithMoreOfThemFirst() {
		CurriculumSearch.Result r = search.search("snapshot revert", Lang.EN);
		assertThat(r.hits()).isNotEmpty();
		assertThat(r.hits().get(0).wordsMatched()).isEqualTo(2);
		for (int i = 1; i < r.hits().size(); i++) {
			assertThat(r.hits().get(i).wordsMatched()).isLessThanOrEqualTo(r.hits().get(i - 1).wordsMatched());
		}
		assertThat(search.search("VIRSH", Lang.EN).hits()).as("case-insensitive").isNotEmpty();
	}

	@Test
	void longChineseQueriesMatchByTheirPieces() {
		CurriculumSearch.Result r = search.search("网桥网络配置调试", Lang.ZH_CN);
		assertThat(r.hits()).isNotEmpty();
	}

	@Test
	void fallsBackToTheOtherLanguage() {
		CourseSection s = new CourseSection("m9-1", "9.1", "9.1 Only English", 1, "9", List.of(), 1);
		CurriculumSearch onlyEnglish = new CurriculumSearch(Map.of(Lang.EN,
				List.of(new CurriculumSearch.Entry(s, s.title(), "the zebra appears here")), Lang.ZH_CN, List.of()));
		CurriculumSearch.Result r = onlyEnglish.search("zebra", Lang.ZH_CN);
		assertThat(r.fallback()).isTrue();
		assertThat(r.lang()).isEqualTo(Lang.EN);
		assertThat(r.hits()).extracting(h -> h.section().id()).containsExactly("m9-1");
		assertThat(search.search("zzzyyyxxx", Lang.EN).hits()).isEmpty();
	}
}
