"""The analyzer alone: segmentation into atoms, boundaries, Latin, synonyms,
and that any typed string becomes a harmless plan."""

import pytest

from search.analyzer import build_shipped


@pytest.fixture(scope="module")
def analyzer():
    return build_shipped()


@pytest.mark.parametrize(
    "text, trap",
    [
        ("提高企业管理水平", "高企"),
        ("盘点金融资产", "融资"),
        ("化工商品检测", "工商"),
        ("智慧城市场景应用", "市场"),
        ("个人才艺展示", "人才"),
    ],
)
def test_a_string_across_a_word_boundary_is_not_a_term_of_the_text(analyzer, text, trap):
    assert trap not in analyzer.terms(text)
    # and no phrase of the query's atoms lines up either
    terms = analyzer.terms(text)
    for phrase in analyzer.parse(trap).phrases:
        n = len(phrase)
        assert all(tuple(terms[i : i + n]) != phrase for i in range(len(terms) - n + 1))


def test_compound_words_are_indexed_as_their_parts(analyzer):
    assert analyzer.terms("高新技术企业认定") == ["高新", "技术", "企业", "认定"]
    assert analyzer.atoms("金融资产") == ("金融", "资产")


def test_a_word_that_cannot_be_tiled_stays_whole(analyzer):
    assert analyzer.atoms("专精特新") == ("专精特新",)


def test_project_words_win_over_the_generic_dictionary(analyzer):
    # jieba alone cuts 电商代办 as 电|商代|办 (商代: the Shang dynasty)
    assert analyzer.terms("电商代办")[:1] == ["电商"]


def test_latin_words_and_numbers_stay_whole_and_fold_case_and_width(analyzer):
    assert analyzer.terms("ISO9001认证 SYB培训 ５Ｇ") == ["iso9001", "认证", "syb", "培训", "5g"]


def test_offsets_point_into_the_original_text(analyzer):
    text = "代办ＳＹＢ创业培训"
    spans = [(token.text, text[token.start : token.end]) for token in analyzer.tokens(text)]
    assert spans == [("代办", "代办"), ("syb", "ＳＹＢ"), ("创业", "创业"), ("培训", "培训")]


def test_an_abbreviation_expands_to_its_full_form(analyzer):
    (clause,) = analyzer.parse("高企").clauses
    assert clause.alternatives == [("高企",), ("高新", "技术", "企业")]
    assert clause.expanded == ["高新技术企业"]


def test_a_two_way_synonym_also_expands_backwards(analyzer):
    (clause,) = analyzer.parse("高新技术企业").clauses
    assert ("高企",) in clause.alternatives


def test_a_one_way_synonym_does_not_expand_backwards(analyzer):
    (clause,) = analyzer.parse("公司设立").clauses
    assert ("工商",) not in clause.alternatives


def test_a_synonym_split_by_the_segmenter_is_still_recognised(analyzer):
    # 知产 is cut 知|产 by jieba's dictionary; the plan still expands it.
    (clause,) = analyzer.parse("知产").clauses
    assert ("知识", "产权") in clause.alternatives


def test_stopwords_leave_the_query_but_not_the_index(analyzer):
    assert [c.source for c in analyzer.parse("我想找代理记账的服务").clauses] == ["代理记账", "服务"]
    assert "与" in analyzer.terms("知识与产权")


@pytest.mark.parametrize(
    "typed",
    ['"', "*", "AND OR NEAR(", "-", "((", ")", "x" * 10_000, "😀🚀", "'; DROP TABLE x; --", "\x00", "　"],
)
def test_any_typed_string_becomes_atoms_only(analyzer, typed):
    plan = analyzer.parse(typed)
    for phrase in plan.phrases:
        for atom in phrase:
            assert atom.isalnum(), atom


def test_long_input_is_cut_before_it_is_read(analyzer):
    plan = analyzer.parse("代理记账" * 5000)
    assert len(plan.text) == 100
    assert len(plan.clauses) <= 12


def test_suggestions_find_the_term_a_person_half_remembers(analyzer):
    assert "高新技术企业" in analyzer.suggestions("高新企业")
    assert "知识产权" in analyzer.suggestions("知识产")


def test_the_fast_indexing_path_gives_the_same_atoms_as_the_offset_path(analyzer):
    from tests.search.conftest import load_dev_cases

    for row in load_dev_cases()["services"]:
        text = row["title"] + "，" + row["description"] + " ISO9001 ５Ｇ"
        assert analyzer.index_text(text).split() == analyzer.terms(text)


def test_traditional_and_variant_characters_fold_to_simplified_keeping_offsets(analyzer):
    assert analyzer.terms("專利申請 代理記帳") == analyzer.terms("专利申请 代理记账")
    text = "代理記帳服務"
    assert [text[t.start : t.end] for t in analyzer.tokens(text)][:1] == ["代理"]
    # 著 is a simplified character too (著作权): left alone
    assert "著作" in "".join(analyzer.terms("软件著作权"))


def test_question_filler_is_dropped_and_generic_words_are_optional(analyzer):
    plan = analyzer.parse("我想找律师咨询一下多少钱")
    assert [clause.source for clause in plan.clauses] == ["律师", "咨询"]
    assert [clause.source for clause in plan.required] == ["律师"]
    assert "多少钱" in plan.ignored


def test_a_compound_word_matches_its_atoms_anywhere_but_a_vocabulary_term_does_not(analyzer):
    (clause,) = analyzer.parse("申请专利").clauses
    assert clause.loose_atoms == ("专利",)  # 申请 is generic
    (term,) = analyzer.parse("知识产权").clauses
    assert term.loose_atoms == ()  # 知识…产权 apart is not the term


def test_intent_words_point_to_categories_by_whole_words_only(analyzer):
    assert analyzer.parse("律师").clauses[0].categories == ("legal",)
    (legal,) = analyzer.parse("法律咨询").clauses
    assert legal.categories == ("legal",) and legal.intent_rest == ()
    (training,) = analyzer.parse("创业培训").clauses
    assert training.categories == ("training",) and training.intent_rest == ("创业",)
    # 金融资产 is 金融|资产: at most a financing service saying 资产, never 融资
    (assets,) = analyzer.parse("金融资产").clauses
    assert assets.intent_rest == ("资产",)
    assert analyzer.parse("提高企业").categories == []


def test_index_time_synonyms_store_the_terms_an_equivalent_stands_for(analyzer):
    stored = analyzer.synonym_text(analyzer.index_text("代账服务"))
    assert "代理 记账" in stored
    assert analyzer.synonym_text(analyzer.index_text("登记账户")) == ""
