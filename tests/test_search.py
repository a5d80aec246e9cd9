"""core.search: Chinese words and pinyin (initials, syllables) find catalog items."""

from __future__ import annotations

import pytest

from assets import sample_catalog
from core.catalog import Catalog
from core.errors import CatalogError
from core.search import SearchIndex, item_tags, pinyin_match, syllables


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(sample_catalog())


def names(items) -> list[str]:
    return [i.name for i in items]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("hj", "户口迁移（迁入）"),  # 户籍, a keyword
        ("huji", "户口迁移（迁入）"),
        ("HKQY", "户口迁移（迁入）"),
        ("sfz", "居民身份证换领"),
        ("gjj", "住房公积金提取"),
        ("jhdj", "内地居民结婚登记"),
        ("shbzk", "社会保障卡申领"),
        ("zh fang", "住房公积金提取"),  # spaces are ignored
        ("公积金", "住房公积金提取"),
    ],
)
def test_keywords_and_pinyin_find_items(catalog, query, found):
    assert found in names(catalog.search(query))


def test_a_match_starts_at_a_syllable_and_spells_whole_ones(catalog):
    assert catalog.search("uji") == []
    # "huji" is 户籍, not hu(an) ji(ng) of 环境; "hj" is both
    assert "建设项目环境影响报告表审批" not in names(catalog.search("huji"))
    assert "建设项目环境影响报告表审批" in names(catalog.search("hj"))


def test_names_rank_before_keywords(catalog):
    found = names(catalog.search("护照"))
    assert found[0] == "普通护照签发"


def test_pinyin_helpers():
    assert syllables("户籍EMS") == ("hu", "ji", "ems")
    assert pinyin_match("hj", ("hu", "ji"))
    assert pinyin_match("zhfgjj", ("zhu", "fang", "gong", "ji", "jin"))
    assert not pinyin_match("", ("hu",))


def test_zero_visit_tag_is_derived(catalog):
    zero = catalog.by_tag("零跑动")
    assert zero and all(i.onsite_visits == 0 for i in zero)
    assert all("零跑动" in item_tags(i) for i in zero)
    assert catalog.search("", tag="零跑动") == zero


def test_index_of_a_subset(catalog):
    idx = SearchIndex(catalog.by_window_class("公安"))
    assert names(idx.search("sfz")) == ["居民身份证换领", "居民身份证补领"]
    assert idx.search("gjj") == []


def test_life_events_are_catalog_data(catalog):
    codes = [e.code for e in catalog.life_events]
    assert {"birth", "school", "work", "marriage", "retire"} <= set(codes)
    assert "出生登记（新生儿入户）" in names(catalog.by_life_event("birth"))
    bad = catalog.model_dump()
    bad["life_events"] = [{"code": "x", "name": "X", "items": ["nope"]}]
    with pytest.raises(ValueError, match="life event x"):
        Catalog.model_validate(bad)


def test_conditional_question_asked_only_after_its_answer(catalog):
    it = catalog.item("440604-MS-0010")
    assert [q.key for q in it.asked_questions({"guardian": 0})] == ["guardian"]
    assert [q.key for q in it.asked_questions({"guardian": 1})] == ["guardian", "guardian_kind"]
    # not asked: not needed, and its answer is ignored
    _, mats = it.select({"guardian": 0, "guardian_kind": 1})
    assert "M-GUA-001" not in [m.code for m in mats]
    with pytest.raises(CatalogError, match="监护人与申请人"):
        it.select({"guardian": 1})
    _, mats = it.select({"guardian": 1, "guardian_kind": 1})
    assert "M-GUA-001" in [m.code for m in mats]


def test_condition_must_name_an_earlier_question(catalog):
    item = catalog.item("440604-MS-0010")
    data = item.model_dump()
    data["scenario"][0]["show_if"] = {"question": "guardian_kind", "options": [1]}
    with pytest.raises(ValueError, match="depends on no earlier question"):
        type(item).model_validate(data)
