"""出件 of any case (issue 14 item 2): a kiosk's case of one hall handed out at a counter of
another, found through the back office by the receipt's QR (read by a scanner gun) or
by the collector's card; the hand-over is recorded once, whoever makes it.

Two device configurations with different hall codes (the kiosk of FS01 sends its
case with its own store and client; the counter of GZ01 is the real window with its
runtime, virtual card reader and virtual printer), a reviewer deciding at the
reference back office, all over real HTTP on loopback.
"""

from __future__ import annotations

from pathlib import Path

import requests

from backoffice.server import BackgroundBackoffice
from core.case import Case, CaseState
from core.config import load_config
from core.receipt import acceptance_receipt
from onewindow.gui import make_window
from sync.client import BackofficeClient
from sync.store import LocalStore
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import make_submitted_case, sample_identity
from tests._staff_fixture import bearer, staff_token
from tests.factories import id_number, identity
from tests.gui_helpers import app_config, click
from tests.test_pickup import _read, _rows, _sign_in
from wire.records import Handover

bo_server = fx.bo_server
catalog_file = fx.catalog_file

STRANGER = identity(name="路人丁", id_number=id_number(seq="357"), birth=None, gender="1")


def kiosk_case(tmp_path: Path, bo: BackgroundBackoffice, store: LocalStore) -> Case:
    """A case taken at the kiosk K01 of hall FS01, sent to the back office."""
    kiosk = load_config(None, {"role": "kiosk", "hall_code": "FS01", "device_code": "K01"})
    case = make_submitted_case(store, hall_code=kiosk.hall_code, device_code=kiosk.device_code)
    client = BackofficeClient(bo.url)
    for m in case.materials:
        for ref in m.files:
            client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
    client.put_case(case.id, case.body())
    client.close()
    return case


def confirm(win) -> None:
    """确认出件 once the look-ups the card started have answered (the button is off till then)."""
    win.ops.wait_idle()
    click(win, "confirm_pickup")


def lookup(win) -> None:
    win.ops.wait_idle()
    click(win, "pickup_lookup")


def decide_ready(bo: BackgroundBackoffice, token: str, case: Case) -> None:
    for state in ("accepted", "ready"):
        r = requests.post(
            f"{bo.url}/api/v1/cases/{case.id}/status",
            json={"state": state},
            headers=bearer(token),
            timeout=5,
        )
        assert r.status_code == 200, r.text


def test_a_kiosk_case_is_handed_out_at_a_counter_of_another_hall(
    qtbot, tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    bo = bo_server
    kiosk_store = LocalStore(tmp_path / "kiosk")
    try:
        by_qr = kiosk_case(tmp_path, bo, kiosk_store)
        by_card = kiosk_case(tmp_path, bo, kiosk_store)
    finally:
        kiosk_store.close()
    reviewer = staff_token(bo, "rev1", "reviewer")
    decide_ready(bo, reviewer, by_qr)
    decide_ready(bo, reviewer, by_card)
    template = f"{bo.url}/track/{{receipt}}?c={{check}}"
    (qr,) = acceptance_receipt(
        by_qr, hall_name="FS01", terminal="K01", public_url=template
    ).qr_payloads()

    cfg = app_config(tmp_path, "counter", bo.url, hall_code="GZ01")
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        assert win.rt.store.case_by_receipt(by_qr.receipt_no) is None  # not this window's
        _sign_in(qtbot, win, bo)
        click(win, "show_pickup")
        # The receipt number alone is not enough for another hall's case.
        win.pickup_receipt.setText(by_qr.receipt_no)
        lookup(win)
        qtbot.waitUntil(lambda: "校验码" in win.pickup_msg.text(), timeout=10000)
        # The scanner gun types the QR's address: found through the back office.
        win.pickup_receipt.setText(qr)
        lookup(win)
        qtbot.waitUntil(lambda: len(_rows(win)) == 1, timeout=10000)
        (row,) = _rows(win)
        assert by_qr.receipt_no in row and "待取件" in row and "FS01" in row
        assert fx.APPLICANT_NAME not in row
        assert "身份证" in win.pickup_prompt.text()

        _read(qtbot, win, STRANGER)
        qtbot.waitUntil(lambda: "不是该办件的申请人" in win.pickup_prompt.text(), timeout=10000)
        confirm(win)
        qtbot.waitUntil(lambda: "不能出件" in win.pickup_msg.text(), timeout=10000)
        assert bo.store.case_status(by_qr.id)["state"] == "ready"

        _read(qtbot, win, sample_identity())
        qtbot.waitUntil(lambda: "身份已核对" in win.pickup_prompt.text(), timeout=10000)
        confirm(win)
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)
        assert bo.store.case_status(by_qr.id)["state"] == "delivered"
        (rec,) = bo.store.list_records("handover")
        _kind, body = bo.store.get_record(rec["id"])
        assert (body["hall_code"], body["case_id"], body["collector"]) == (
            "GZ01",
            by_qr.id,
            "applicant",
        )
        slip = win.rt.devices.virtual_printer.wait_jobs(1)[-1]
        for text in (by_qr.receipt_no, "办理结果：已出件", "领取人：申请人本人", "经办人：C0012"):
            assert text in slip.transcript, text
        assert fx.APPLICANT_ID not in slip.transcript and fx.APPLICANT_NAME not in slip.transcript

        # The same card: the other READY case of FS01 is listed from the back office.
        qtbot.waitUntil(lambda: any(by_card.receipt_no in r for r in _rows(win)), timeout=10000)
        assert not any(by_qr.receipt_no in r for r in _rows(win))
        win.pickup_list.setCurrentRow(0)
        confirm(win)
        qtbot.waitUntil(
            lambda: bo.store.case_status(by_card.id)["state"] == "delivered", timeout=10000
        )
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)

        # Once, whoever does it: the QR again is refused, and so is another window's try.
        win.new_pickup()
        win.pickup_receipt.setText(qr)
        lookup(win)
        qtbot.waitUntil(lambda: "不能重复出件" in win.pickup_prompt.text(), timeout=10000)
        _read(qtbot, win, sample_identity())
        confirm(win)
        qtbot.waitUntil(lambda: "不能重复出件" in win.pickup_msg.text(), timeout=10000)
        again = Handover(
            hall_code="FS01",
            device_code="C02",
            case_id=by_qr.id,
            receipt_no=by_qr.receipt_no,
            staff="C0099",
            collector="applicant",
        )
        answer = requests.put(f"{bo.url}/api/v1/handovers/{again.id}", json=again.body(), timeout=5)
        assert answer.status_code == 409
        assert len(bo.store.list_records("handover")) == 2
        assert bo.store.get_case(by_qr.id).verify_trail()
    finally:
        bridge.close()
    assert CaseState.DELIVERED.value == bo.store.case_status(by_card.id)["state"]


def test_the_counters_look_up_finds_any_case_by_scanner_gun_or_card(
    qtbot, tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    bo = bo_server
    kiosk_store = LocalStore(tmp_path / "kiosk")
    try:
        case = kiosk_case(tmp_path, bo, kiosk_store)
    finally:
        kiosk_store.close()
    (qr,) = acceptance_receipt(case, hall_name="FS01", terminal="K01").qr_payloads()
    win, bridge = make_window(app_config(tmp_path, "counter", bo.url, hall_code="GZ01"))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        _sign_in(qtbot, win, bo)
        win.show_page("cases")
        look = win.pages["cases"].progress
        look.input.setText(qr)  # the scanner gun types the QR's address
        click(win, "progress_lookup")
        qtbot.waitUntil(lambda: look.list.count() == 1, timeout=10000)
        row = look.list.item(0).text()
        assert case.receipt_no in row and "测试局" in row and fx.APPLICANT_NAME not in row
        look.input.setText(case.receipt_no + " 00000000")
        click(win, "progress_lookup")
        qtbot.waitUntil(lambda: "尚未收到" in look.msg.text(), timeout=10000)
        win.rt.devices.virtual_reader.present(sample_identity())
        qtbot.waitUntil(lambda: look.list.count() == 1, timeout=10000)
        assert case.receipt_no in look.list.item(0).text()
    finally:
        bridge.close()
