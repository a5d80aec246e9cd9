"""进度查询 at the back office (issue 14 items 1 and 2): the public tracking page, the
devices' POST /api/v1/progress, the holders' index that keeps no plain ID number,
and the receipt's QR decoded off paper by an independent decoder opening the page.

Over real HTTP (BackgroundBackoffice), enrolled devices of two halls, staff
deciding through the same route as the review pages; both store engines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from core.case import Case
from core.identity import mask_name
from core.ids import check_code
from core.messages import Words
from core.receipt import acceptance_receipt
from core.tracking import tracking_url
from emulators.virtual_printer import VirtualPrinterServer
from onewindow.messages_cli import ts_translator
from sync.client import BackofficeClient
from sync.errors import NotFound
from sync.store import LocalStore
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import APPLICANT_ID, APPLICANT_NAME, make_submitted_case
from tests._staff_fixture import bearer, device_token, staff_token
from tests.printer_helpers import decode_qr

catalog_file = fx.catalog_file


@pytest.fixture
def bo(tmp_path: Path, catalog_file: Path, bo_engine: str) -> Iterator[BackgroundBackoffice]:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as b:
        yield b


@pytest.fixture
def device_store(tmp_path: Path) -> Iterator[LocalStore]:
    store = LocalStore(tmp_path / "dev")
    yield store
    store.close()


def file_case(bo: BackgroundBackoffice, store: LocalStore, token: str, hall: str, dev: str) -> Case:
    case = make_submitted_case(store, hall_code=hall, device_code=dev)
    client = BackofficeClient(bo.url, token=token)
    for m in case.materials:
        for ref in m.files:
            client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
    client.put_case(case.id, case.body())
    client.close()
    return case


def decide(bo: BackgroundBackoffice, case_id: str, token: str, state: str) -> None:
    r = requests.post(
        f"{bo.url}/api/v1/cases/{case_id}/status",
        json={"state": state},
        headers=bearer(token),
        timeout=5,
    )
    assert r.status_code == 200, r.text


def ask(bo: BackgroundBackoffice, token: str, **body: str) -> requests.Response:
    return requests.post(f"{bo.url}/api/v1/progress", json=body, headers=bearer(token), timeout=5)


def test_another_halls_device_finds_a_case_by_receipt_and_check_code_or_by_card(
    bo: BackgroundBackoffice, device_store: LocalStore
) -> None:
    k01, gz = device_token(bo, "FS01", "K01"), device_token(bo, "GZ01", "C01")
    case = file_case(bo, device_store, k01, "FS01", "K01")
    code = check_code(case.id)
    r = ask(bo, gz, receipt_no=case.receipt_no, check_code=code.lower())
    assert r.status_code == 200, r.text
    (one,) = r.json()["cases"]
    assert one["state"] == "synced" and one["step"] == "已收件，等待受理"
    assert one["department"] == "测试局" and one["hall_code"] == "FS01"
    assert one["applicant"] == mask_name(APPLICANT_NAME) and one["case_id"] == ""
    assert APPLICANT_NAME not in r.text and APPLICANT_ID not in r.text
    wrong = ask(bo, gz, receipt_no=case.receipt_no, check_code="00000000")
    missing = ask(bo, gz, receipt_no="FS01-K01-20000101-0001", check_code=code)
    assert wrong.status_code == missing.status_code == 404
    assert wrong.json()["error"] == missing.json()["error"]
    assert wrong.json()["code"] == "bo.no_case_for_check"  # catalogue words, not prose
    client = BackofficeClient(bo.url, token=gz)
    with pytest.raises(NotFound) as refused:
        client.progress({"receipt_no": case.receipt_no, "check_code": "00000000"})
    client.close()
    reason = refused.value.params["reason"]  # said in the device's own language
    assert isinstance(reason, Words) and reason.code == "bo.no_case_for_check"
    english = ts_translator("en")
    assert reason.text(english) == "No case matches the receipt number and check code"
    assert ask(bo, gz, receipt_no=case.receipt_no).status_code == 422  # no proof
    assert ask(bo, gz, id_number="12345").status_code == 422  # not an ID number

    by_card = ask(bo, gz, id_number=APPLICANT_ID, collector_id=APPLICANT_ID)
    (mine,) = by_card.json()["cases"]
    assert mine["receipt_no"] == case.receipt_no
    assert mine["collector"] == "applicant" and mine["case_id"] == case.id
    other = "11010519491231002X"
    assert ask(bo, gz, id_number=other).json() == {"cases": []}
    stranger = ask(bo, gz, receipt_no=case.receipt_no, check_code=code, collector_id=other)
    assert stranger.json()["cases"][0]["collector"] == ""
    # staff tokens are not for this device route
    clerk = staff_token(bo, "clerk1", "clerk", hall="GZ01")
    assert ask(bo, clerk, id_number=APPLICANT_ID).status_code == 403
    assert APPLICANT_ID not in str(bo.store.audit_entries())
    assert {e["outcome"] for e in bo.store.audit_entries(action="case.progress")} == {
        "found",
        "not_found",
    }


def test_the_holders_index_keeps_no_id_number_and_is_filled_for_earlier_cases(
    bo: BackgroundBackoffice, device_store: LocalStore
) -> None:
    k01 = device_token(bo, "FS01", "K01")
    case = file_case(bo, device_store, k01, "FS01", "K01")
    rows = bo.store._db.execute("SELECT case_id, holder FROM case_holders").fetchall()
    assert [r[0] for r in rows] == [case.id]
    assert APPLICANT_ID not in rows[0][1] and APPLICANT_ID[:6] not in rows[0][1]
    # a case received before the index existed: indexed on the next start
    with bo.store._db.atomic():
        bo.store._db.execute("DELETE FROM case_holders")
    assert bo.store.cases_of_holder(APPLICANT_ID) == []
    assert bo.store.index_holders() == 1
    assert [c.id for c in bo.store.cases_of_holder(APPLICANT_ID)] == [case.id]
    assert bo.store.index_holders() == 0


def test_the_public_page_says_where_the_case_stands_and_nothing_personal(
    bo: BackgroundBackoffice, device_store: LocalStore
) -> None:
    k01 = device_token(bo, "FS01", "K01")
    case = file_case(bo, device_store, k01, "FS01", "K01")
    page = requests.get(
        f"{bo.url}/track/{case.receipt_no}", params={"c": check_code(case.id)}, timeout=5
    )
    assert page.status_code == 200
    assert 'id="track-state"' in page.text and "待受理" in page.text
    assert mask_name(APPLICANT_NAME) in page.text and APPLICANT_NAME not in page.text
    assert APPLICANT_ID not in page.text and page.headers["Cache-Control"] == "no-store"
    assert 'name="viewport"' in page.text
    nobody = requests.get(f"{bo.url}/track/FS01-K01-20000101-0001", params={"c": "0000"}, timeout=5)
    wrong = requests.get(f"{bo.url}/track/{case.receipt_no}", params={"c": "00000000"}, timeout=5)
    assert nobody.status_code == wrong.status_code == 404
    assert "尚未收到" in wrong.text and "设备联网后会上传" in wrong.text
    assert wrong.text.replace(case.receipt_no, "R") == nobody.text.replace(
        "FS01-K01-20000101-0001", "R"
    )
    bad = requests.get(f"{bo.url}/track/not-a-receipt", timeout=5)
    assert bad.status_code == 404 and "格式不正确" in bad.text
    for _ in range(12):
        last = requests.get(
            f"{bo.url}/track/{case.receipt_no}", params={"c": "00000000"}, timeout=5
        )
    assert last.status_code == 429 and int(last.headers["Retry-After"]) > 0


def test_the_printed_qr_opens_the_page_that_follows_the_reviewers_decisions(
    bo: BackgroundBackoffice, device_store: LocalStore, tmp_path: Path
) -> None:
    from drivers.printer.network import NetworkPrinter

    k01 = device_token(bo, "FS01", "K01")
    case = file_case(bo, device_store, k01, "FS01", "K01")
    template = f"{bo.url}/track/{{receipt}}?c={{check}}"
    doc = acceptance_receipt(case, hall_name="测试大厅", terminal="K01", public_url=template)
    with VirtualPrinterServer(tmp_path / "vp") as srv:
        printer = NetworkPrinter("127.0.0.1", srv.port, paper_mm=80, status_timeout=0.3)
        printer.print_document(doc)
        (job,) = srv.wait_jobs(1)
        printer.close()
    url = decode_qr(job.png_path)
    assert url == tracking_url(template, case.receipt_no, case.id)
    assert f"校验码：{check_code(case.id)}" in job.transcript

    def state_shown() -> str:
        page = requests.get(url, timeout=5)
        assert page.status_code == 200, page.text
        start = page.text.index('id="track-state">') + len('id="track-state">')
        return page.text[start : page.text.index("<", start)]

    assert state_shown() == "待受理"
    reviewer = staff_token(bo, "rev1", "reviewer")
    decide(bo, case.id, reviewer, "accepted")
    assert state_shown() == "已受理"
    decide(bo, case.id, reviewer, "ready")
    assert state_shown() == "待取件"
    assert "已办结" in requests.get(url, timeout=5).text


def test_outstanding_materials_follow_requests_and_supplements() -> None:
    from backoffice.store.progress import outstanding_materials
    from core.case import Deficiency, Party

    case = Case(
        item_code="T001",
        item_name="测试",
        hall_code="FS01",
        device_code="K01",
        applicant=Party(name=APPLICANT_NAME, id_number=APPLICANT_ID),
    )
    case.deficiencies.append(Deficiency(code="M02", name="户口簿", due=dt.date(2026, 12, 9)))
    assert [m["name"] for m in outstanding_materials(case)] == ["户口簿"]
    case.log("supplement_request", "rev1", {"materials": ["M03"], "due": "2026-12-10"})
    assert [m["code"] for m in outstanding_materials(case)] == ["M02", "M03"]
    case.log("supplement", "citizen", {"materials": ["M02"]})
    assert [m["code"] for m in outstanding_materials(case)] == ["M03"]
