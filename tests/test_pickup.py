"""出件 at the comprehensive window: a real counter runtime (store, outbox, sync
worker, virtual card reader and virtual ESC/POS printer on loopback) and the
reference back office over HTTP on loopback.

Cases are submitted into the counter's store, synced, decided READY at the
back office and fed back to the device through the status feed; then the
clerk reads the collector's card (or types the receipt number) and hands
the result over.
"""

from __future__ import annotations

import requests

from backoffice.server import BackgroundBackoffice
from core.case import CaseState, Party
from core.identity import Identity
from onewindow.gui import make_window
from sync.client import BackofficeClient
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import make_submitted_case, sample_identity
from tests.factories import id_number, identity
from tests.gui_helpers import app_config, click, sign_in_clerk
from wire.records import Handover

bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store

AGENT = identity(name="代办丙", id_number=id_number(seq="246"), birth=None, gender="2")
STRANGER = identity(name="路人丁", id_number=id_number(seq="357"), birth=None, gender="1")


def _submit(store, agent: Identity | None = None):
    case = make_submitted_case(store, device_code="C01")
    if agent is not None:
        case = case.model_copy(update={"agent": Party.from_identity(agent)})
    store.submit_case(case)
    return case


def _decide_ready(qtbot, win, bo: BackgroundBackoffice, *cases) -> None:
    """Let the cases reach the back office, decide them there, and wait for the feed."""
    store = win.rt.store
    win.rt.sync.sync_now()
    for c in cases:
        qtbot.waitUntil(lambda c=c: bo.store.case_status(c.id) is not None, timeout=10000)
        bo.store.set_state(c.id, CaseState.ACCEPTED, actor="clerk-b1")
        bo.store.set_state(c.id, CaseState.READY, actor="clerk-b1")
        bo.store.waive_supplement(c.id, [], "rev-b1")  # 证件照片 was left to 补正 (容缺)
    win.rt.sync.sync_now()
    for c in cases:
        qtbot.waitUntil(lambda c=c: store.get_case(c.id).state is CaseState.READY, timeout=10000)


def _sign_in(qtbot, win, bo) -> None:
    sign_in_clerk(qtbot, win, bo)
    assert win.current_page() == "card"


def _rows(win) -> list[str]:
    return [win.pickup_list.item(i).text() for i in range(win.pickup_list.count())]


def _read(qtbot, win, who: Identity) -> None:
    win.rt.devices.virtual_reader.present(who)
    qtbot.waitUntil(
        lambda: win.pickup_person is not None and win.pickup_person.id_number == who.id_number,
        timeout=5000,
    )


def test_pickup_by_card_prints_the_slip_and_reaches_the_back_office(
    qtbot, tmp_path, bo_server: BackgroundBackoffice
):
    win, bridge = make_window(app_config(tmp_path, "counter", bo_server.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        store = win.rt.store
        mine = _submit(store)
        by_agent = _submit(store, agent=AGENT)
        not_ready = _submit(store)
        _decide_ready(qtbot, win, bo_server, mine, by_agent)
        _sign_in(qtbot, win, bo_server)
        click(win, "show_pickup")
        assert win.current_page() == "pickup"

        # A stranger's card: nothing to collect, and the page says what to do.
        _read(qtbot, win, STRANGER)
        assert _rows(win) == []
        assert "申请人本人或受理时登记的代办人" in win.pickup_prompt.text()
        assert "路*丁" in win.pickup_who.text() and STRANGER.name not in win.pickup_who.text()

        # The applicant's card: both READY cases (one with an agent), not the undecided one.
        _read(qtbot, win, sample_identity())
        rows = _rows(win)
        assert len(rows) == 2 and not any(not_ready.receipt_no in r for r in rows)
        assert all(fx.APPLICANT_NAME not in r for r in rows), "names are masked"
        row = next(i for i, r in enumerate(rows) if mine.receipt_no in r)
        win.pickup_list.setCurrentRow(row)
        click(win, "confirm_pickup")
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)
        assert "已出件" in win.pickup_msg.text()
        assert _rows(win) == [r for r in rows if by_agent.receipt_no in r], "handed out: gone"

        # The slip on the virtual printer, decoded from ESC/POS.
        slip = win.rt.devices.virtual_printer.wait_jobs(1)[-1]  # decoded after it is sent
        assert slip.lines[0] == "取件凭条"
        for text in (mine.receipt_no, "办理结果：已出件", "领取人：申请人本人", "经办人：C0012"):
            assert text in slip.transcript, text
        assert fx.APPLICANT_ID not in slip.transcript

        # Locally: DELIVERED, with the hand-over in a still valid trail.
        local = store.get_case(mine.id)
        assert local.state is CaseState.DELIVERED and local.verify_trail()
        ev = local.events[-1]
        assert ev.kind == "handover" and ev.actor == "C0012"
        assert ev.detail["collector"] == "applicant"

        # The hand-over reaches the back office, which moves the case to delivered.
        qtbot.waitUntil(
            lambda: bo_server.store.case_status(mine.id)["state"] == "delivered", timeout=10000
        )
        (rec,) = bo_server.store.list_records("handover")
        _kind, body = bo_server.store.get_record(rec["id"])
        assert (body["case_id"], body["staff"], body["collector"]) == (
            mine.id,
            "C0012",
            "applicant",
        )
        held = bo_server.store.get_case(mine.id)
        assert held.verify_trail() and held.events[-1].kind == "handover"

        # The agent collects the other case.
        _read(qtbot, win, AGENT)
        (row_text,) = _rows(win)
        assert by_agent.receipt_no in row_text and "代办人领取" in row_text
        win.pickup_list.setCurrentRow(0)
        click(win, "confirm_pickup")
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)
        slip = win.rt.devices.virtual_printer.wait_jobs(2)[-1]
        assert "领取人：代办人 代*丙" in slip.transcript
        assert store.get_case(by_agent.id).events[-1].detail["collector"] == "agent"
    finally:
        bridge.close()


def test_pickup_by_receipt_number_refuses_strangers_and_a_second_hand_over(
    qtbot, tmp_path, bo_server: BackgroundBackoffice
):
    win, bridge = make_window(app_config(tmp_path, "counter", bo_server.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        store = win.rt.store
        case = _submit(store)
        _decide_ready(qtbot, win, bo_server, case)
        _sign_in(qtbot, win, bo_server)
        click(win, "show_pickup")

        win.pickup_receipt.setText("not-a-number")
        click(win, "pickup_lookup")
        assert "受理编号格式不正确" in win.pickup_msg.text() and _rows(win) == []

        win.pickup_receipt.setText(case.receipt_no.lower())  # typed in lower case: still found
        click(win, "pickup_lookup")
        (row,) = _rows(win)
        assert case.receipt_no in row and "待取件" in row
        click(win, "confirm_pickup")  # no card read yet
        assert "身份证" in win.pickup_msg.text()
        assert store.get_case(case.id).state is CaseState.READY

        _read(qtbot, win, STRANGER)
        assert "不是该办件的申请人或登记的代办人" in win.pickup_prompt.text()
        click(win, "confirm_pickup")  # refused on the background lane
        qtbot.waitUntil(lambda: "不能出件" in win.pickup_msg.text(), timeout=10000)
        assert "代办人" in win.pickup_msg.text()
        assert store.get_case(case.id).state is CaseState.READY

        _read(qtbot, win, sample_identity())
        click(win, "confirm_pickup")
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)
        jobs = len(win.rt.devices.virtual_printer.wait_jobs(1))

        # Again, for the same case: refused, nothing recorded or printed twice.
        click(win, "show_pickup")
        win.pickup_receipt.setText(case.receipt_no)
        click(win, "pickup_lookup")
        _read(qtbot, win, sample_identity())
        assert "已出件" in _rows(win)[0]
        assert "不能重复出件" in win.pickup_prompt.text()
        click(win, "confirm_pickup")
        qtbot.waitUntil(lambda: "不能重复出件" in win.pickup_msg.text(), timeout=10000)
        handovers = [e for e in store.get_case(case.id).events if e.kind == "handover"]
        assert len(handovers) == 1
        assert len(win.rt.devices.virtual_printer.jobs()) == jobs

        # The back office refuses a second hand-over of the same case from anyone.
        qtbot.waitUntil(lambda: len(bo_server.store.list_records("handover")) == 1, timeout=10000)
        again = Handover(
            hall_code="FS01",
            device_code="C02",
            case_id=case.id,
            receipt_no=case.receipt_no,
            staff="C0099",
            collector="applicant",
        )
        url = f"{bo_server.url}/api/v1/handovers/{again.id}"
        answer = requests.put(url, json=again.body(), timeout=5)
        assert answer.status_code == 409 and "不能重复出件" in answer.json()["error"]
        bad = requests.put(url, json={**again.body(), "collector": "neighbour"}, timeout=5)
        assert bad.status_code == 422 and "collector" in bad.json()["error"]
    finally:
        bridge.close()


def test_back_office_refuses_a_hand_over_of_an_undecided_case(bo_server, local_store):
    case = fx.submit_sample_case(local_store)
    SyncWorker(local_store, BackofficeClient(bo_server.url), device_code="K01").drain_once()
    rec = Handover(
        hall_code="FS01",
        device_code="K01",
        case_id=case.id,
        receipt_no=case.receipt_no,
        staff="C0012",
        collector="applicant",
    )
    answer = requests.put(f"{bo_server.url}/api/v1/handovers/{rec.id}", json=rec.body(), timeout=5)
    assert answer.status_code == 422 and "尚未办结" in answer.json()["error"]
    assert bo_server.store.case_status(case.id)["state"] == "synced"
