"""一件事 (issue 14 item 6): one application for one thing.

The bundle as one item (merged form and materials), the case carrying the
bundle and its items, the receipt listing them, and at the real back office
over HTTP: each item routed to its department's reviewers, decided one by
one, the case ready only once every item is approved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import assets
from backoffice.server import BackgroundBackoffice
from core.case import Case, CaseMaterial, CaseState, MaterialStatus
from core.catalog import Catalog
from core.intake import start_case, submit_case
from core.receipt import acceptance_receipt, pickup_slip
from tests._backoffice_fixture import sample_identity
from tests._staff_fixture import bearer, device_token, staff_token

NEWBORN = "440604-YJS-002"  # 出生登记 (公安), 医保参保 (医保), 社保卡 (人社)
RESTAURANT = "440604-YJS-001"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(assets.sample_catalog())


def bundle_case(catalog: Catalog, code: str = NEWBORN, receipt: str = "") -> Case:
    """A submitted 一件事 case whose materials are all marked received (no files)."""
    item = catalog.bundle_item(code)
    case = start_case(
        item,
        sample_identity(),
        hall_code="FS01",
        device_code="K01",
        channel="kiosk",
        actor="citizen",
        bundle=(catalog, code),
        catalog_version=catalog.version,
    )
    case.materials = [
        CaseMaterial(code=m.code, name=m.name, status=MaterialStatus.RECEIVED, pages=1)
        for m in case.materials
    ]
    for f in item.form:
        case.form.setdefault(f.key, f.choices[0] if f.choices else "测试")
    case.form = {
        f.key: (
            case.form[f.key]
            if f.prefill or f.type.value not in ("phone", "date", "id_number")
            else {"phone": "13800138000", "date": "2026-11-20"}.get(
                f.type.value, sample_identity().id_number
            )
        )
        for f in item.form
    }
    receipt = receipt or f"FS01-K01-{dt.date.today():%Y%m%d}-0001"
    return submit_case(case, item, receipt_no=receipt, actor="citizen")


# ---------------------------------------------------------------- the device side


def test_a_bundle_is_one_item_with_merged_form_and_materials(catalog: Catalog) -> None:
    b = catalog.bundle(NEWBORN)
    item = catalog.bundle_item(NEWBORN)
    assert item.code == b.items[0] and item.name == b.name
    codes = [m.code for m in item.materials]
    assert len(codes) == len(set(codes)) == len(catalog.merged_materials(b.items))
    assert [f.key for f in item.form] == [f.key for f in catalog.merged_form(b.items)]
    assert item.promised_days == max(catalog.item(c).promised_days for c in b.items)


def test_the_case_carries_the_bundle_and_its_items(catalog: Catalog) -> None:
    case = bundle_case(catalog)
    assert case.bundle_code == NEWBORN and case.item_code == "440604-GA-0004"
    assert [b.code for b in case.bundle_items] == list(catalog.bundle(NEWBORN).items)
    assert case.events[0].detail["bundle"] == NEWBORN
    again = Case.model_validate_json(case.model_dump_json())
    assert again.body_digest() == case.body_digest()


def test_an_old_case_keeps_its_digest(catalog: Catalog) -> None:
    """A case of one item (or saved before bundles) digests as before: no bundle_items."""
    case = bundle_case(catalog)
    single = case.model_copy(update={"bundle_items": [], "bundle_code": ""})
    body = single.model_dump(mode="json")
    body.pop("bundle_items")
    assert Case.model_validate(body).body_digest() == single.body_digest()


def test_receipt_and_pickup_slip_list_every_item(catalog: Catalog) -> None:
    case = bundle_case(catalog)
    item = catalog.bundle_item(NEWBORN)
    for doc in (
        acceptance_receipt(case, hall_name="测试大厅", terminal="K01", item=item),
        pickup_slip(case, hall_name="测试大厅", window="C01"),
    ):
        text = doc.plain_text()
        assert "一件事联办事项（共3项）" in text
        for code in catalog.bundle(NEWBORN).items:
            assert f"{catalog.item(code).name}（{code}）" in text
        assert sample_identity().id_number not in text


def test_search_finds_bundles_by_words_and_pinyin(catalog: Catalog) -> None:
    assert [b.code for b in catalog.search_bundles("餐馆")] == [RESTAURANT]
    assert NEWBORN in [b.code for b in catalog.search_bundles("出生")]
    assert NEWBORN in [b.code for b in catalog.search_bundles("csdj")]  # 出生登记
    assert [b.code for b in catalog.bundles_of(["440604-MS-0008"])] == [NEWBORN]


# ---------------------------------------------------------------- the back office


@pytest.fixture
def bo(tmp_path: Path, bo_engine: str) -> Iterator[BackgroundBackoffice]:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=assets.sample_catalog()) as server:
        yield server


def _put(bo: BackgroundBackoffice, case: Case, token: str) -> requests.Response:
    return requests.put(
        f"{bo.url}/api/v1/cases/{case.id}", json=case.body(), headers=bearer(token), timeout=10
    )


def _reviewers(bo: BackgroundBackoffice, catalog: Catalog) -> dict[str, str]:
    """Item code → a signed-in reviewer of its department."""
    return {
        code: staff_token(bo, f"rev{i}", "reviewer", department=catalog.item(code).department)
        for i, code in enumerate(catalog.bundle(NEWBORN).items)
    }


def _decide(bo, case_id: str, item: str, token: str, decision: str, reason: str = ""):
    return requests.post(
        f"{bo.url}/api/v1/cases/{case_id}/items/{item}/decision",
        json={"decision": decision, "reason": reason},
        headers=bearer(token),
        timeout=10,
    )


def _queue(bo, token: str) -> list[str]:
    r = requests.get(f"{bo.url}/api/v1/cases", headers=bearer(token), timeout=10)
    assert r.status_code == 200, r.text
    return [c["id"] for c in r.json()]


def test_each_department_decides_its_item_and_the_case_is_ready_when_all_are(
    bo: BackgroundBackoffice, catalog: Catalog
) -> None:
    case = bundle_case(catalog)
    r = _put(bo, case, device_token(bo, "FS01", "K01"))
    assert r.status_code == 201, r.text
    items = catalog.bundle(NEWBORN).items
    revs = _reviewers(bo, catalog)
    other = staff_token(bo, "rev-other", "reviewer", department="佛山市禅城区民政局")

    # Each department's reviewer has the case in their list; another department's not.
    for code in items:
        assert case.id in _queue(bo, revs[code])
    assert case.id not in _queue(bo, other)
    got = requests.get(
        f"{bo.url}/api/v1/cases/{case.id}/items", headers=bearer(revs[items[1]]), timeout=10
    )
    assert [(i["item_code"], i["state"]) for i in got.json()] == [(c, "pending") for c in items]
    assert got.json()[1]["department"] == catalog.item(items[1]).department

    # A reviewer decides only their own department's item; a whole-case decision is refused.
    assert _decide(bo, case.id, items[0], revs[items[1]], "approved").status_code == 404
    assert _decide(bo, case.id, items[0], other, "approved").status_code == 404
    whole = requests.post(
        f"{bo.url}/api/v1/cases/{case.id}/status",
        json={"state": "ready"},
        headers=bearer(revs[items[0]]),
        timeout=10,
    )
    assert whole.status_code == 409, whole.text
    clerk = staff_token(bo, "clerk1", "clerk")
    assert _decide(bo, case.id, items[0], clerk, "approved").status_code == 403

    # One item rejected: the case stays open and its reason names that item.
    r = _decide(bo, case.id, items[1], revs[items[1]], "rejected")
    assert r.status_code == 422  # a rejection needs its reason
    r = _decide(bo, case.id, items[1], revs[items[1]], "rejected", "参保信息不全")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "accepted"
    assert (
        catalog.item(items[1]).name in r.json()["reason"] and "参保信息不全" in r.json()["reason"]
    )
    assert _decide(bo, case.id, items[0], revs[items[0]], "approved").json()["state"] == "accepted"
    # The same department decides again (after 补正): approved; then the last item.
    assert _decide(bo, case.id, items[1], revs[items[1]], "approved").json()["reason"] == ""
    r = _decide(bo, case.id, items[2], revs[items[2]], "approved")
    assert r.status_code == 200 and r.json()["state"] == "ready", r.text
    assert [i["decided_by"] for i in r.json()["items"]] == ["rev0", "rev1", "rev2"]

    held = bo.store.get_case(case.id)
    assert held.verify_trail() and held.state is CaseState.READY
    assert [e.detail["item"] for e in held.events if e.kind == "item_decision"] == [
        items[1],
        items[0],
        items[1],
        items[2],
    ]
    # Decided: no more item decisions.
    assert _decide(bo, case.id, items[0], revs[items[0]], "rejected", "晚了").status_code == 409
    actions = [a["action"] for a in bo.store.audit_entries() if a["target"] == case.id]
    assert actions.count("case.item_decision") >= 6


def test_every_item_rejected_rejects_the_case(bo: BackgroundBackoffice, catalog: Catalog) -> None:
    case = bundle_case(catalog)
    assert _put(bo, case, device_token(bo, "FS01", "K01")).status_code == 201
    revs = _reviewers(bo, catalog)
    for code, token in revs.items():
        r = _decide(bo, case.id, code, token, "rejected", "材料不符")
    assert r.json()["state"] == "rejected"
    assert bo.store.case_status(case.id)["state"] == "rejected"


def test_a_bundle_case_must_name_known_items_lead_first(
    bo: BackgroundBackoffice, catalog: Catalog
) -> None:
    token = device_token(bo, "FS01", "K01")
    case = bundle_case(catalog)
    swapped = case.model_copy(update={"bundle_items": list(reversed(case.bundle_items))})
    assert _put(bo, swapped, token).status_code == 422
    lone = case.model_copy(update={"bundle_items": case.bundle_items[:1]})
    assert _put(bo, lone, token).status_code == 422
    assert _put(bo, case, token).status_code == 201


def test_the_review_pages_decide_each_item_in_its_department(
    bo: BackgroundBackoffice, catalog: Catalog
) -> None:
    """The staff pages: each department's reviewer sees the case and decides only its
    own item (the whole-case buttons are gone); the trail names every item's decision."""
    from tests.test_review_pages import Page

    case = bundle_case(catalog)
    assert _put(bo, case, device_token(bo, "FS01", "K01")).status_code == 201
    items = catalog.bundle(NEWBORN).items
    pages = {}
    for i, code in enumerate(items):
        staff_token(bo, f"web{i}", "reviewer", department=catalog.item(code).department)
        pages[code] = Page(bo, f"web{i}")
    first = pages[items[0]].http.get(f"{bo.url}/staff/cases/{case.id}", timeout=5).text
    assert 'id="bundle-items"' in first and f'id="approve-{items[0]}"' in first
    assert f'id="approve-{items[1]}"' not in first, "another department's item"
    assert 'id="do-accept"' not in first and 'id="do-ready"' not in first

    def post(code: str, as_code: str, **form: str) -> requests.Response:
        p = pages[as_code]
        return p.http.post(
            f"{bo.url}/staff/cases/{case.id}/items/{code}/decision",
            data={"csrf": p.csrf, **form},
            allow_redirects=False,
            timeout=5,
        )

    assert post(items[1], items[0], decision="approved").status_code == 404
    r = post(items[1], items[1], decision="rejected", reason="")
    assert r.status_code == 422 and "理由" in r.text
    assert post(items[1], items[1], decision="rejected", reason="照片不合格").status_code == 303
    shown = pages[items[2]].http.get(f"{bo.url}/staff/cases/{case.id}", timeout=5).text
    assert "照片不合格" in shown and "不予办理" in shown
    for code in items:
        assert post(code, code, decision="approved").status_code == 303
    assert bo.store.case_status(case.id)["state"] == "ready"
    done = pages[items[0]].http.get(f"{bo.url}/staff/cases/{case.id}", timeout=5).text
    assert "事项审批" in done and f'id="approve-{items[0]}"' not in done
