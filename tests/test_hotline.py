"""12345 (issue 14, item 4) below the screens: ticket numbers offline, the printed ticket,
the back office's tickets, its look-up route, the staff forms and the public page.

A real device runtime (local store, outbox, sync worker, virtual printer that
decodes what it printed) against the reference back office over HTTP on
loopback; the staff answer through the HTTP forms with their CSRF token.
"""

from __future__ import annotations

import re

import pytest
import requests

from core.config import load_config
from core.errors import CaseError
from core.ids import parse_ticket_number, ticket_check_code
from services.hotline import find_by_card, find_by_ticket, print_ticket, rate_answer, take_ticket
from services.runtime import Runtime
from tests._staff_fixture import PASSWORD, bearer, staff_token
from tests.factories import id_number, identity
from wire.records import Consultation

DEPT = "测试局"


def _runtime(tmp_path, url: str, code: str = "K01") -> Runtime:
    cfg = load_config(
        None,
        {
            "data_dir": str(tmp_path / code),
            "device_code": code,
            "backoffice.url": url,
            "sync.interval_s": 0.2,
        },
    )
    rt = Runtime(cfg)
    rt.start()
    return rt


def _wait(cond, what: str, timeout: float = 10.0) -> None:
    from tests._backoffice_fixture import wait_until

    wait_until(cond, timeout, what)


def _staff_form(bo, login: str, role: str, dept: str = DEPT) -> requests.Session:
    """A browser-like session signed in through the sign-in form."""
    bo.store.add_staff(login, f"测试{role}", role, PASSWORD, "", department=dept)
    s = requests.Session()
    page = s.get(f"{bo.url}/staff/sign-in", timeout=5).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = s.post(
        f"{bo.url}/staff/sign-in",
        data={"login": login, "password": PASSWORD, "csrf": csrf},
        timeout=5,
    )
    assert r.status_code == 200, r.text
    return s


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_ticket_numbers_are_the_devices_own_and_never_repeat(tmp_path):
    rt = _runtime(tmp_path, "http://127.0.0.1:9")  # offline: numbers need no network
    try:
        a = take_ticket(rt, "consult", "公积金怎么提取？")
        b = take_ticket(rt, "complaint", "窗口等候太久", phone="13800138000", consent=True)
        assert parse_ticket_number(a.record.ticket_no)["seq"] == "0001"
        assert b.record.ticket_no.endswith("-H0002") and b.record.ticket_no.startswith("FS01-K01-")
        assert a.check_code == ticket_check_code(a.record.id) and len(a.check_code) == 8
        # the receipt sequence is untouched: the first case is still 0001
        import datetime as dt

        assert rt.store.next_receipt_no("FS01", "K01", dt.date.today()).endswith("-0001")
        # stored sealed: the phone is not in the database file in the clear
        raw = (tmp_path / "K01").glob("**/*.db")
        assert all(b"13800138000" not in p.read_bytes() for p in raw)
        with pytest.raises(CaseError) as e:
            take_ticket(rt, "complaint", "内容", phone="13800138000")
        assert e.value.code == "hotline.phone_consent"
        with pytest.raises(CaseError) as e:
            take_ticket(rt, "help", "  ")
        assert e.value.code == "hotline.text_missing"
        with pytest.raises(CaseError) as e:
            take_ticket(rt, "help", "求助", phone="12345", consent=True)
        assert e.value.code == "hotline.phone_invalid"
        # a refused ticket used no number
        c = take_ticket(rt, "suggestion", "多放几把椅子")
        assert c.record.ticket_no.endswith("-H0003")
    finally:
        rt.close()


def test_the_printed_ticket_says_number_code_and_masks_the_phone(tmp_path):
    rt = _runtime(tmp_path, "http://127.0.0.1:9")
    try:
        taken = take_ticket(rt, "complaint", "窗口等候太久", phone="13800138000", consent=True)
        print_ticket(rt, taken)
        paper = rt.devices.virtual_printer.wait_jobs(1)[-1]  # decoded from ESC/POS
        text = paper.transcript
        assert paper.lines[0] == "12345工单回执" or "12345工单回执" in text
        assert taken.record.ticket_no in text and taken.check_code in text
        (qr,) = paper.qr_payloads
        assert qr.endswith(f"/hotline/{taken.record.ticket_no}?c={taken.check_code}")
        assert "投诉" in text and "138****8000" in text
        assert "13800138000" not in text and "窗口等候太久" not in text
    finally:
        rt.close()


def test_a_ticket_is_answered_by_the_forms_and_read_back_by_number_and_card(tmp_path, backoffice):
    rt = _runtime(tmp_path, backoffice.url)
    citizen = identity(name="市民甲")
    try:
        taken = take_ticket(
            rt,
            "complaint",
            "窗口等候太久，希望增加窗口",
            department=DEPT,
            phone="13800138000",
            consent=True,
            holder=citizen,
        )
        no = taken.record.ticket_no
        _wait(lambda: backoffice.store.hotline_ticket(no) is not None, "ticket at the back office")
        row = backoffice.store.hotline_ticket(no)
        assert row["department"] == DEPT and row["phone"] == "138****8000"
        with backoffice.store._lock:
            cols = backoffice.store._db.execute(
                "SELECT holder_key FROM hotline_tickets WHERE ticket_no = ?", (no,)
            ).fetchone()
        assert cols[0] and citizen.id_number not in cols[0]
        # not answered yet
        seen = find_by_ticket(rt, no, taken.check_code.lower())
        assert not seen.answered and seen.category == "complaint"
        # another department's reviewer does not see it; one of DEPT answers it
        other = _staff_form(backoffice, "rv2", "reviewer", dept="别的局")
        assert no not in other.get(f"{backoffice.url}/staff/hotline", timeout=5).text
        assert other.get(f"{backoffice.url}/staff/hotline/{no}", timeout=5).status_code == 404
        web = _staff_form(backoffice, "rv1", "reviewer")
        listing = web.get(f"{backoffice.url}/staff/hotline", timeout=5)
        assert no in listing.text and "待答复" in listing.text
        page = web.get(f"{backoffice.url}/staff/hotline/{no}", timeout=5)
        assert "窗口等候太久" in page.text and "138****8000" in page.text
        assert "13800138000" not in page.text
        url = f"{backoffice.url}/staff/hotline/{no}/answer"
        refused = web.post(url, data={"csrf": "forged", "text": "答复"}, timeout=5)
        assert refused.status_code == 403
        done = web.post(
            url, data={"csrf": _csrf(page.text), "text": "已增加两个综合窗口。"}, timeout=5
        )
        assert done.status_code == 200 and "已答复" in done.text
        seen = find_by_ticket(rt, no, taken.check_code)
        assert seen.answered and seen.answer == "已增加两个综合窗口。"
        mine = find_by_card(rt, citizen)
        assert [t.ticket_no for t in mine] == [no] and mine[0].answer
        assert find_by_card(rt, identity(name="路人", id_number=id_number(seq="357"))) == []
        with pytest.raises(CaseError) as e:
            find_by_ticket(rt, no, "AAAAAAAA")
        assert e.value.code == "hotline.not_found"
        # the rating reaches the ticket
        rate_answer(rt, seen, 5)
        _wait(lambda: backoffice.store.hotline_ticket(no)["rating"] == 5, "rating")
        # the public page: the answer with the code, nothing personal; 404 without
        pub = requests.get(
            f"{backoffice.url}/hotline/{no}", params={"c": taken.check_code}, timeout=5
        )
        assert pub.status_code == 200 and "已增加两个综合窗口。" in pub.text
        assert "13800138000" not in pub.text and "窗口等候太久" not in pub.text
        assert "市民甲" not in pub.text
        bad = requests.get(f"{backoffice.url}/hotline/{no}", params={"c": "X"}, timeout=5)
        assert bad.status_code == 404 and "已增加" not in bad.text
    finally:
        rt.close()


def test_the_lookup_route_checks_the_caller_first_and_the_proof(backoffice):
    url = f"{backoffice.url}/api/v1/consultations/lookup"
    record = Consultation(
        hall_code="FS01",
        device_code="K01",
        category="consult",
        text="咨询",
        ticket_no="FS01-K01-20261202-H0001",
    )
    backoffice.store.put_record(record)
    body = {"ticket_no": record.ticket_no, "check_code": ticket_check_code(record.id)}
    admin = staff_token(backoffice, "root", "admin")
    assert requests.post(url, json=body, headers=bearer(admin), timeout=5).status_code == 403
    clerk = staff_token(backoffice, "c1", "clerk")
    ok = requests.post(url, json=body, headers=bearer(clerk), timeout=5)
    assert ok.status_code == 200 and ok.json()["tickets"][0]["ticket_no"] == record.ticket_no
    assert "text" not in ok.json()["tickets"][0]
    wrong = requests.post(url, json={**body, "check_code": "00000000"}, timeout=5)
    assert wrong.status_code == 404
    both = requests.post(url, json={**body, "id_number": "11010519491231002X"}, timeout=5)
    assert both.status_code == 422
    assert requests.post(url, json={"ticket_no": "FS01-K01-1"}, timeout=5).status_code == 422
    # a ticket number twice (another record) is refused
    again = record.model_copy(update={"id": "0190a0a0-0000-7000-8000-000000000001"})
    with pytest.raises(Exception):  # noqa: B017 - the store's ConflictError (DuplicateKey)
        backoffice.store.put_record(again)
