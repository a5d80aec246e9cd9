"""补正 (issue 14, item 3): per-material deadlines, the promised date counted from complete
materials, what a case owes read from its trail, the 补正回执, and the back office's
look-up, index and waivers over real HTTP on loopback.
"""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from core.case import CaseState, FileRef
from core.catalog import Catalog
from core.ids import check_code
from core.intake import start_case, submit_case
from core.receipt import acceptance_receipt, deficiency_notice, supplement_receipt
from core.supplements import completed_on, due_state, outstanding, waived
from sync.client import BackofficeClient
from sync.errors import NotFound
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._staff_fixture import bearer, device_token
from wire.records import Supplement, SupplementMaterial

local_store = fx.local_store

SHA = "0" * 64
# Two materials that may wait (容缺), each with its own 补正 deadline.
ITEM = {
    "code": "T002",
    "name": "补正测试事项",
    "department": "测试局",
    "window_class": "民生",
    "promised_days": 3,
    "statutory_days": 20,
    "materials": [
        {"code": "M01", "name": "居民身份证"},
        {"code": "M02", "name": "证件照片", "deficiency_allowed": True},
        {"code": "M03", "name": "检测报告", "deficiency_allowed": True, "supplement_days": 10},
    ],
    "form": [{"key": "name", "label": "姓名", "prefill": "name"}],
}
CATALOG = {"version": "test-2", "items": [ITEM]}


def item():
    return Catalog.model_validate(CATALOG).item("T002")


def two_missing(today: dt.date = dt.date(2026, 12, 1)):
    case = start_case(
        item(),
        fx.sample_identity(),
        hall_code="FS01",
        device_code="K01",
        channel="kiosk",
        actor="citizen",
    )
    case.add_file("M01", FileRef(name="id.jpg", size=10, sha256=SHA))
    return submit_case(
        case, item(), receipt_no="FS01-K01-20261201-0001", actor="citizen", today=today
    )


def test_each_material_has_its_deadline_and_the_promise_counts_from_complete_materials():
    case = two_missing()
    due = {d.code: d.due for d in case.deficiencies}
    # 2026-12-01 is a Tuesday: 5 working days → 12-08, 10 → 12-15.
    assert due == {"M02": dt.date(2026, 12, 8), "M03": dt.date(2026, 12, 15)}
    # The bug: 补正 by 12-08 but done by 12-04. Now 3 working days after the last deadline.
    assert case.promised_date == dt.date(2026, 12, 18)
    assert all(d <= case.promised_date for d in due.values())
    text = acceptance_receipt(case, hall_name="H", terminal="K01", item=item()).plain_text()
    assert "承诺时限：3个工作日（自材料补齐之日起计算）" in text
    assert "承诺办结日期：按期补齐材料的，不晚于2026年12月18日" in text
    notice = deficiency_notice(case, hall_name="H", terminal="K01", item=item()).plain_text()
    assert "自材料补齐之日起计算" in notice and "不晚于2026年12月18日办结" in notice
    complete = start_case(
        item(), fx.sample_identity(), hall_code="FS01", device_code="K01", channel="kiosk",
        actor="citizen",
    )  # fmt: skip
    for code in ("M01", "M02", "M03"):
        complete.add_file(code, FileRef(name="x.jpg", size=1, sha256=SHA))
    submit_case(
        complete, item(), receipt_no="FS01-K01-20261201-0002", actor="c", today=dt.date(2026, 12, 1)
    )
    assert complete.promised_date == dt.date(2026, 12, 4)
    plain = acceptance_receipt(complete, hall_name="H", terminal="K01", item=item()).plain_text()
    assert "承诺时限：3个工作日\n" in plain + "\n" and "自材料补齐" not in plain


def test_what_a_case_owes_follows_its_trail():
    case = two_missing()
    assert [o.code for o in outstanding(case)] == ["M02", "M03"]
    assert due_state(case, dt.date(2026, 12, 2)) == "owed"
    assert due_state(case, dt.date(2026, 12, 7)) == "due"
    assert due_state(case, dt.date(2026, 12, 9)) == "overdue"
    case.log("supplement", "citizen", {"materials": ["M02"]})
    assert [o.code for o in outstanding(case)] == ["M03"] and completed_on(case) is None
    case.log("supplement_request", "rev", {"materials": ["M01"], "due": "2026-12-20"})
    assert [(o.code, o.source) for o in outstanding(case)] == [
        ("M03", "deficiency"),
        ("M01", "request"),
    ]
    case.log("supplement_waived", "rev", {"materials": ["M03"]})
    case.log("supplement", "citizen", {"materials": ["M01"]})
    assert outstanding(case) == [] and waived(case) == ["M03"]
    assert completed_on(case) == dt.date.today() and due_state(case, dt.date(2027, 1, 1)) == ""
    assert case.verify_trail()


def test_supplement_receipt_says_what_was_handed_in_and_what_is_still_owed():
    common = dict(
        receipt_no="FS01-K01-20261201-0001",
        item_name="补正测试事项",
        applicant="测*户",
        hall_name="H",
        terminal="K01（自助终端）",
        channel="kiosk",
        printed_at=dt.datetime(2026, 12, 3, 10, 0),
    )
    part = supplement_receipt(
        supplied=[("证件照片", 1)], still_owed=[("检测报告", dt.date(2026, 12, 15))], **common
    ).plain_text()
    assert "补正回执" in part and "证件照片（1页）" in part
    assert "检测报告，请于2026年12月15日前补交" in part and "补齐材料后方可出件" in part
    full = supplement_receipt(
        supplied=[("检测报告", 2)],
        still_owed=[],
        promised_days=3,
        promised_date=dt.date(2026, 12, 8),
        **common,
    ).plain_text()
    assert "材料已补齐。" in full and "补齐日期：2026年12月03日" in full
    assert "承诺时限：3个工作日（自材料补齐之日起计算）" in full
    assert "承诺办结日期：2026年12月08日" in full and fx.APPLICANT_NAME not in full


@pytest.fixture
def bo(tmp_path, bo_engine):
    path = fx.write_catalog(tmp_path / "bo-catalog.json", CATALOG)
    with BackgroundBackoffice(tmp_path / "backoffice", catalog_path=path) as server:
        yield server


def _device(bo: BackgroundBackoffice, store: LocalStore, code: str = "K01") -> SyncWorker:
    client = BackofficeClient(bo.url, token=device_token(bo, "FS01", code))
    return SyncWorker(store, client, hall_code="FS01", device_code=code)


def _synced(bo: BackgroundBackoffice, store: LocalStore):
    worker = _device(bo, store)
    case = start_case(
        item(), fx.sample_identity(), hall_code="FS01", device_code="K01", channel="kiosk",
        actor="citizen",
    )  # fmt: skip
    case.add_file("M01", store.save_file(fx.fake_jpeg(), "M01.jpg", "image/jpeg"))
    no = store.next_receipt_no("FS01", "K01", dt.date.today())
    store.submit_case(submit_case(case, item(), receipt_no=no, actor="citizen"))
    fx.drain_until_done(worker)
    return case, worker


def test_the_back_office_finds_what_is_owed_by_card_or_receipt_and_keeps_the_index(
    bo: BackgroundBackoffice, local_store: LocalStore
):
    case, worker = _synced(bo, local_store)
    client = worker.client
    (row,) = client.outstanding_supplements(id_number=fx.APPLICANT_ID)
    assert row["case_id"] == case.id and row["applicant"] == "测**户"
    assert [m["code"] for m in row["materials"]] == ["M02", "M03"]
    assert fx.APPLICANT_ID not in str(row) and fx.APPLICANT_NAME not in str(row)
    assert client.outstanding_supplements(id_number="11010519491231002X") == []
    (same,) = client.outstanding_supplements(
        receipt_no=case.receipt_no, check_code=check_code(case.id).lower()
    )
    assert same == row
    with pytest.raises(NotFound):
        client.outstanding_supplements(receipt_no=case.receipt_no, check_code="00000000")
    # Neither or both ways, or a code without a number: 422 before anything is looked at.
    token = device_token(bo, "FS01", "K02")
    for body in ({}, {"id_number": fx.APPLICANT_ID, "receipt_no": case.receipt_no}):
        r = requests.post(
            f"{bo.url}/api/v1/supplements/outstanding", json=body, headers=bearer(token), timeout=5
        )
        assert r.status_code == 422

    # 补正 of one material: it is in the trail, the other one is still owed.
    ref = local_store.save_file(fx.fake_jpeg("m02"), "M02.pdf", "application/pdf")
    sup = Supplement(
        hall_code="FS01",
        device_code="K01",
        case_id=case.id,
        receipt_no=case.receipt_no,
        actor="citizen",
        materials=[SupplementMaterial(code="M02", name="证件照片", files=[ref])],
    )
    local_store.submit_record(sup)
    fx.drain_until_done(worker)
    local = local_store.get_case(case.id)
    assert [o.code for o in outstanding(local)] == ["M03"] and local.verify_trail()
    (row,) = client.outstanding_supplements(id_number=fx.APPLICANT_ID)
    assert [m["code"] for m in row["materials"]] == ["M03"]
    assert bo.store.due_cases() == [{"case_id": case.id, "due": row["materials"][0]["due"]}]

    # A reviewer's waiver of the rest: nothing owed, the index row goes, the feed says so.
    with pytest.raises(Exception, match="不在本办件的待补正清单"):
        bo.store.waive_supplement(case.id, ["M01"], "rev1")
    bo.store.waive_supplement(case.id, [], "rev1", audit_as="staff:rev1")
    assert client.outstanding_supplements(id_number=fx.APPLICANT_ID) == []
    assert bo.store.due_cases() == []
    held = bo.store.get_case(case.id)
    assert held.verify_trail() and waived(held) == ["M03"] and outstanding(held) == []
    assert bo.store.case_status(case.id)["reason"] == "免于补正：检测报告"
    (only,) = client.outstanding_supplements(
        receipt_no=case.receipt_no, check_code=check_code(case.id)
    )
    assert only["materials"] == []  # a receipt look-up answers even when nothing is owed

    # A reviewer's 补正 request puts the case back in the index; 不予受理 takes it out.
    due = dt.date.today() + dt.timedelta(days=3)
    bo.store.request_supplement(case.id, ["M01"], due, "rev1")
    assert [r["case_id"] for r in bo.store.due_cases()] == [case.id]
    bo.store.set_state(case.id, CaseState.REJECTED, "材料不符", actor="rev1")
    assert bo.store.due_cases() == []


def test_a_reviewer_waives_on_the_case_page_and_a_clerk_may_not(
    bo: BackgroundBackoffice, local_store: LocalStore
):
    from tests._staff_fixture import PASSWORD
    from tests.test_review_pages import Page

    case, _worker = _synced(bo, local_store)
    bo.store.add_staff("rev1", "测试审核", "reviewer", PASSWORD, "", "测试局")
    bo.store.add_staff("desk", "测试窗口", "clerk", PASSWORD, "", "")
    reviewer, clerk = Page(bo, "rev1"), Page(bo, "desk")
    page = reviewer.http.get(f"{bo.url}/staff/cases/{case.id}", timeout=5).text
    assert 'id="owed"' in page and "检测报告" in page and 'id="do-waive"' in page
    refused = clerk.decide(case.id, action="waive", materials=["M02"])
    assert refused.status_code == 403 and "免于补正" in refused.text
    bad = reviewer.decide(case.id, action="waive", materials=["M01"])
    assert bad.status_code == 422 and "不在本办件的待补正清单" in bad.text
    ok = reviewer.decide(case.id, action="waive", materials=["M02"])
    assert ok.status_code == 303
    assert [o.code for o in outstanding(bo.store.get_case(case.id))] == ["M03"]
    page = reviewer.http.get(f"{bo.url}/staff/cases/{case.id}?done=waive", timeout=5).text
    assert "已决定免于补正" in page and "免于补正" in page
    entries = bo.store.audit_entries(action="case.supplement_waived")
    assert [e["outcome"] for e in entries] == ["forbidden", "refused", "ok"]
