"""The sample service catalog (assets/catalog/catalog.json) and the catalog model."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from assets import sample_catalog
from core.catalog import (
    PREFILL_SOURCES,
    TAGS,
    WINDOW_CLASSES,
    Catalog,
    FieldType,
)
from core.errors import CatalogError

ID_RENEW = "440604-GA-0001"  # 居民身份证换领
ID_REISSUE = "440604-GA-0002"  # 居民身份证补领
COMPANY = "440604-DJ-0001"  # 企业设立登记
DEREGISTER = "440604-DJ-0004"  # 企业注销登记
FOOD = "440604-XK-0001"  # 食品经营许可
POLLUTION = "440604-TZ-0005"  # 排污许可证核发
REAL_ESTATE = "440604-TZ-0006"  # 不动产转移登记
HOUSING_FUND = "440604-MS-0002"  # 住房公积金提取
RESTAURANT = "440604-YJS-001"  # 开办餐馆一件事
NEWBORN = "440604-YJS-002"  # 新生儿出生一件事
HOUSE_SALE = "440604-YJS-003"  # 二手房交易一件事


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(sample_catalog())


def codes(materials) -> list[str]:
    return [m.code for m in materials]


def raw() -> dict:
    return json.loads(sample_catalog().read_text(encoding="utf-8"))


# ---- the sample as a whole ----


def test_sample_has_enough_items_in_every_window_class(catalog):
    assert len(catalog.items) >= 30
    per_class = Counter(i.window_class for i in catalog.items)
    assert set(per_class) == set(WINDOW_CLASSES)
    for wc in WINDOW_CLASSES:
        assert per_class[wc] >= 4, wc
        assert len(catalog.by_window_class(wc)) == per_class[wc]


def test_item_codes_unique_and_consistent(catalog):
    item_codes = [i.code for i in catalog.items]
    assert len(item_codes) == len(set(item_codes))
    abbrev = {
        "民生": "MS",
        "公安": "GA",
        "注册登记": "DJ",
        "许可经营": "XK",
        "投资建设": "TZ",
        "税务": "SW",
    }
    for i in catalog.items:
        assert i.code.startswith(f"440604-{abbrev[i.window_class]}-"), i.code


def test_first_item_is_the_kiosk_demo_item(catalog):
    first = catalog.items[0]
    assert first.code == ID_RENEW
    assert first.name == "居民身份证换领"
    assert first.scenario == ()
    required = [m for m in first.materials if m.required]
    assert 1 <= len(required) <= 2
    prefilled = {f.prefill for f in first.form if f.prefill}
    assert {"name", "id_number", "address"} <= prefilled
    # The demo flows also use the first 民生 item: simple, no scenario.
    first_ms = catalog.by_window_class("民生")[0]
    assert first_ms.scenario == ()
    assert first_ms.on_the_spot


def test_every_item_prefills_name_and_id_and_asks_phone(catalog):
    for item in catalog.items:
        by_prefill = {f.prefill: f for f in item.form if f.prefill}
        assert "name" in by_prefill, item.code
        assert by_prefill["id_number"].type is FieldType.ID_NUMBER, item.code
        assert any(f.type is FieldType.PHONE for f in item.form), item.code
        assert all(f.prefill in (None, *PREFILL_SOURCES) for f in item.form)


def test_guides_are_complete(catalog):
    for item in catalog.items:
        assert item.department and item.legal_basis and item.place and item.hours, item.code
        assert item.process and item.conditions and item.keywords, item.code
        assert item.tags and set(item.tags) <= set(TAGS), item.code
        assert item.materials, item.code
        assert item.promised_days <= item.statutory_days, item.code
    assert any(i.on_the_spot for i in catalog.items)
    assert any(not i.on_the_spot for i in catalog.items)
    assert {i.onsite_visits for i in catalog.items} == {0, 1}
    assert catalog.item("440604-GA-0007").fee == "120元/本"  # 普通护照


def test_same_material_code_means_same_material_everywhere(catalog):
    names: dict[str, set[str]] = {}
    for item in catalog.items:
        for m in (*item.materials, *item.optional_materials):
            names.setdefault(m.code, set()).add(m.name)
    assert all(len(v) == 1 for v in names.values()), {k: v for k, v in names.items() if len(v) > 1}
    users = Counter(
        code for i in catalog.items for code in {*codes(i.materials), *codes(i.optional_materials)}
    )
    # The applicant's ID card, 户口簿 and 营业执照 are shared standard materials.
    assert users["M-ID-001"] >= 30
    assert users["M-HK-001"] >= 5
    assert users["M-ENT-001"] >= 10


def test_catalog_has_commitment_and_deficiency_materials(catalog):
    mats = [m for i in catalog.items for m in (*i.materials, *i.optional_materials)]
    assert any(m.commitment_allowed for m in mats)
    assert any(m.deficiency_allowed for m in mats)
    assert any(m.reusable for m in mats)
    assert sum(1 for i in catalog.items if i.scenario) >= 6


def test_roundtrip_through_json(catalog):
    again = Catalog.from_json(catalog.to_json())
    assert again == catalog


# ---- scenario selection (情景式引导) ----


def test_item_with_scenario_requires_answers(catalog):
    item = catalog.item(REAL_ESTATE)
    with pytest.raises(CatalogError) as exc:
        item.select({})
    assert exc.value.params["question"] == "reason"
    with pytest.raises(CatalogError):
        item.select({"reason": 7, "agent": 0})


def test_real_estate_transfer_by_sale(catalog):
    sub, mats = catalog.item(REAL_ESTATE).select({"reason": 0, "agent": 0})
    assert sub == "存量房买卖转移登记"
    assert codes(mats) == ["M-RE-002", "M-ID-001", "M-RE-001", "M-RE-003", "M-TX-001"]


def test_real_estate_transfer_by_inheritance_through_agent(catalog):
    sub, mats = catalog.item(REAL_ESTATE).select({"reason": 1, "agent": 1})
    assert sub == "继承转移登记"
    assert codes(mats) == [
        "M-RE-002",
        "M-ID-001",
        "M-RE-001",
        "M-RE-006",
        "M-REL-001",
        "M-RE-004",
        "M-AGT-001",
        "M-ID-002",
    ]


def test_real_estate_transfer_by_gift(catalog):
    sub, mats = catalog.item(REAL_ESTATE).select({"reason": 2, "agent": 0})
    assert sub == "赠与转移登记"
    # Catalog order, not answer order: 完税凭证 is listed before the gift contract.
    assert codes(mats) == ["M-RE-002", "M-ID-001", "M-RE-001", "M-TX-001", "M-RE-005"]


def test_id_card_reissue_local_minor_adds_household_book_once(catalog):
    item = catalog.item(ID_REISSUE)
    sub, mats = item.select({"local": 0, "minor": 1})
    assert sub == "户籍地补领"
    assert codes(mats) == ["M-GA-001", "M-HK-001", "M-ID-003"]
    sub, mats = item.select({"local": 1, "minor": 0})
    assert sub == "跨省异地补领"
    assert codes(mats) == ["M-GA-001"]


def test_simple_deregistration_removes_liquidation_report(catalog):
    item = catalog.item(DEREGISTER)
    sub, mats = item.select({"mode": 0})
    assert sub == "简易注销"
    assert "M-ENT-012" not in codes(mats)
    assert codes(mats) == ["M-ENT-011", "M-ENT-001", "M-ID-001", "M-TX-005", "M-ENT-013"]
    sub, mats = item.select({"mode": 1})
    assert sub == "一般注销"
    assert codes(mats) == [
        "M-ENT-011",
        "M-ENT-001",
        "M-ID-001",
        "M-ENT-012",
        "M-TX-005",
        "M-ENT-014",
    ]


def test_pollution_registration_replaces_permit_application(catalog):
    sub, mats = catalog.item(POLLUTION).select({"class": 2})
    assert sub == "固定污染源排污登记"
    assert codes(mats) == ["M-ENT-001", "M-ID-001", "M-EV-006"]


def test_food_licence_for_restaurant(catalog):
    sub, mats = catalog.item(FOOD).select({"form": 0, "agent": 0})
    assert sub == "餐饮服务经营者"
    assert codes(mats) == [
        "M-FS-001",
        "M-ENT-001",
        "M-ID-001",
        "M-ENT-004",
        "M-FS-002",
        "M-FS-003",
        "M-FS-004",
        "M-FS-005",
    ]


def test_housing_fund_rent_withdrawal_allows_commitment(catalog):
    sub, mats = catalog.item(HOUSING_FUND).select({"reason": 1})
    assert sub == "租房提取"
    assert codes(mats) == ["M-ID-001", "M-BK-001", "M-RENT-001"]
    assert mats[-1].commitment_allowed


def test_item_without_scenario_selects_its_materials(catalog):
    item = catalog.item(ID_RENEW)
    sub, mats = item.select()
    assert sub == ""
    assert codes(mats) == codes(item.materials)


# ---- bundles (一件事) ----


def test_bundles_name_known_items(catalog):
    assert len(catalog.bundles) >= 3
    for b in catalog.bundles:
        assert len(b.items) >= 2
        for code in b.items:
            catalog.item(code)
    assert catalog.bundle(RESTAURANT).items == (COMPANY, FOOD, "440604-SW-0001", "440604-SW-0002")
    with pytest.raises(CatalogError):
        catalog.bundle("440604-YJS-999")


@pytest.mark.parametrize("bundle_code", [RESTAURANT, NEWBORN, HOUSE_SALE])
def test_bundle_materials_are_deduplicated(catalog, bundle_code):
    bundle = catalog.bundle(bundle_code)
    merged = catalog.merged_materials(bundle.items)
    merged_codes = codes(merged)
    assert len(merged_codes) == len(set(merged_codes))
    total = sum(len(catalog.item(c).materials) for c in bundle.items)
    assert len(merged) < total
    assert "M-ID-001" in merged_codes
    every = {m.code for c in bundle.items for m in catalog.item(c).materials}
    assert set(merged_codes) == every


def test_restaurant_bundle_shares_licence_id_and_premises(catalog):
    items = catalog.bundle(RESTAURANT).items
    merged = {m.code: m for m in catalog.merged_materials(items)}
    for shared in ("M-ID-001", "M-ENT-001", "M-ENT-004"):
        assert sum(shared in codes(catalog.item(c).materials) for c in items) >= 2
        assert shared in merged
    # 营业执照: one item asks for 1 original + 1 copy, the counts merge to the larger.
    assert merged["M-ENT-001"].copies == 1
    assert merged["M-ENT-001"].originals == 1


def test_newborn_bundle_merges_birth_certificate_once(catalog):
    merged = codes(catalog.merged_materials(catalog.bundle(NEWBORN).items))
    assert merged.count("M-BC-001") == 1
    assert merged.count("M-HK-001") == 1


def test_bundle_merged_form_is_a_union_first_definition_wins(catalog):
    items = catalog.bundle(RESTAURANT).items
    form = catalog.merged_form(items)
    keys = [f.key for f in form]
    assert len(keys) == len(set(keys))
    every = {f.key for c in items for f in catalog.item(c).form}
    assert set(keys) == every
    assert {"applicant_name", "id_number", "phone", "entity_name", "business_form"} <= set(keys)
    first = {f.key: f for f in catalog.item(items[0]).form}
    for f in form:
        if f.key in first:
            assert f == first[f.key]
    # One field per key although all four items ask for the applicant.
    total = sum(len(catalog.item(c).form) for c in items)
    assert len(form) < total


# ---- search ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证", ID_RENEW),
        ("SFZ", ID_RENEW),
        ("护照", "440604-GA-0007"),
        ("公积金", HOUSING_FUND),
        ("异地就医", "440604-MS-0003"),
        ("开餐馆", FOOD),
        ("过户", REAL_ESTATE),
        ("440604-dj-0001", COMPANY),
        ("个体户", "440604-DJ-0002"),
    ],
)
def test_search_finds_item(catalog, text, expected):
    assert expected in [i.code for i in catalog.search(text)]


def test_search_by_tag_and_empty_text(catalog):
    assert len(catalog.search("")) == len(catalog.items)
    quick = catalog.search("", tag="马上办")
    assert quick and all("马上办" in i.tags for i in quick)
    assert ID_REISSUE not in [i.code for i in catalog.search("身份证", tag="马上办")]
    assert catalog.search("不存在的事项名称") == []


def test_unknown_item_code(catalog):
    with pytest.raises(CatalogError):
        catalog.item("440604-XX-9999")


# ---- malformed catalogs ----


def test_unknown_window_class_is_rejected():
    data = raw()
    data["items"][0]["window_class"] = "交通"
    with pytest.raises(CatalogError):
        Catalog.from_json(json.dumps(data, ensure_ascii=False))


def test_scenario_naming_unknown_material_is_rejected():
    data = raw()
    item = next(i for i in data["items"] if i["code"] == REAL_ESTATE)
    item["scenario"][0]["options"][0]["adds"].append("M-XX-999")
    with pytest.raises(CatalogError) as exc:
        Catalog.from_json(json.dumps(data, ensure_ascii=False))
    assert "M-XX-999" in str(exc.value)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["items"].append(dict(d["items"][0])),  # duplicate item code
        lambda d: d["bundles"][0]["items"].append("440604-XX-0000"),  # bundle, unknown item
        lambda d: d["items"][0].update(promised_days=99),  # promised > statutory
        lambda d: d["items"][0].update(tags=["马上跑"]),  # unknown tag
        lambda d: d["items"][0]["form"][0].update(prefill="photo"),  # unknown prefill source
        lambda d: d["items"][0].update(unexpected="x"),  # unknown key
    ],
)
def test_other_malformations_are_rejected(breakage):
    data = raw()
    breakage(data)
    with pytest.raises(CatalogError):
        Catalog.from_json(json.dumps(data, ensure_ascii=False))


def test_invalid_json_is_a_catalog_error():
    with pytest.raises(CatalogError):
        Catalog.from_json(b"{not json")
