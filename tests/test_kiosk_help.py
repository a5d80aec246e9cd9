"""呼叫工作人员: the kiosk's header button, the record through the outbox, the back
office's routes and the counter's list (issue 12, item 7).

The kiosk runs against the reference back office over real HTTP on loopback
(and against a dead address for offline); the counter lists the hall's open
calls from it and marks one handled.
"""

from __future__ import annotations

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from kiosk.window import TAKE_CARD
from onewindow.gui import make_window
from services.help import HelpDesk
from tests._staff_fixture import bearer, device_token, staff_token
from tests.factories import identity
from tests.gui_helpers import app_config, click, sign_in_clerk
from widgets.help_button import ALREADY, COMING, SENT_NOW, WAITING
from wire.records import HelpRequest

DEAD_BACKOFFICE = "http://127.0.0.1:9"


def _kiosk(qtbot, tmp_path, url, **extra):
    win, bridge = make_window(app_config(tmp_path, "kiosk", url, **extra))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    return win, bridge


def _help_entries(win) -> list:
    rows = win.rt.store.db.execute(
        "SELECT state FROM outbox WHERE kind = 'help' ORDER BY id"
    ).fetchall()
    return [r[0] for r in rows]


def test_a_call_reaches_the_back_office_once_and_the_kiosk_says_staff_are_coming(
    qtbot, tmp_path, backoffice
):
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url, **{"kiosk.voice_guidance": True})
    try:
        qtbot.waitUntil(
            lambda: bridge.last_sync is not None and bridge.last_sync.online, timeout=10000
        )
        btn = win.help_btn
        assert btn.isVisible() and btn.width() >= 60 and btn.height() >= 60
        assert win.current_page() == "home"
        click(win, "call_staff")
        qtbot.waitUntil(lambda: win.idle_banner.isVisible(), timeout=5000)
        assert win.idle_banner.text() == COMING
        qtbot.waitUntil(lambda: COMING in win.rt.voice.virtual.said(), timeout=5000)
        hall = win.rt.config.hall_code
        qtbot.waitUntil(lambda: len(backoffice.store.help_requests(hall)) == 1, timeout=10000)
        row = backoffice.store.help_requests(hall)[0]
        assert (row["device_code"], row["page"]) == ("K01", "home")
        # a second press within the minute: no second record
        click(win, "call_staff")
        qtbot.waitUntil(lambda: win.idle_banner.text() == ALREADY, timeout=5000)
        win.ops.wait_idle()
        assert len(_help_entries(win)) == 1
        _kind, body = win.rt.store.get_record(row["id"])
        assert set(body) == {"id", "kind", "hall_code", "device_code", "at", "page", "channel"}
    finally:
        bridge.close()


def test_the_button_is_on_every_page_and_offline_the_call_waits(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path, DEAD_BACKOFFICE)
    try:
        qtbot.waitUntil(lambda: "id_reader" in bridge.last_status, timeout=5000)
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        assert win.current_page() == "card" and win.help_btn.isVisible()
        win.rt.devices.virtual_reader.present(identity(name="测试丁"))
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        win.choose_item(win.rt.catalog.items[0].code)
        for page in ("items", "guide", "card", "home"):
            win.show_page(page)
            assert win.help_btn.isVisible(), page
        win.show_page("guide")
        click(win, "call_staff")
        qtbot.waitUntil(lambda: win.idle_banner.isVisible(), timeout=5000)
        assert win.idle_banner.text() == WAITING
        assert "请稍候，或到人工窗口" in WAITING
        assert _help_entries(win) in (["queued"], ["retry"])  # waits in the outbox
        kind, body = win.rt.store.get_record(win.help_btn.last_call.record.id)
        assert (kind, body["page"]) == ("help", "guide")
        # the message is the session's: a new citizen does not see it (a card was
        # read, so the banner now reminds the leaving citizen of it instead)
        win.reset_session()
        assert win.idle_banner.text() == TAKE_CARD
        win.show_page("items")
        assert not win.idle_banner.isVisible()
    finally:
        bridge.close()


def test_one_record_a_minute_however_often_pressed(tmp_path):
    from core.config import load_config
    from services.runtime import Runtime

    rt = Runtime(load_config(None, {"data_dir": str(tmp_path / "k"), "device_code": "K02"}))
    try:
        now = [1000.0]
        desk = HelpDesk(rt, clock=lambda: now[0])
        first = desk.call("home")
        assert not first.repeat and first.record.device_code == "K02"
        now[0] += 59
        assert desk.call("form").repeat
        now[0] += 2
        again = desk.call("scan")
        assert not again.repeat and again.record.page == "scan"
        assert desk.call("名字").repeat  # (and a page name is never free text)
        n = rt.store.db.execute("SELECT COUNT(*) FROM records WHERE kind = 'help'").fetchone()[0]
        assert n == 2
    finally:
        rt.close()


@pytest.fixture
def closed_backoffice(tmp_path):
    with BackgroundBackoffice(tmp_path / "bo", port=0, tokens=["op-token"]) as bo:
        yield bo


def test_routes_a_device_sends_its_own_and_the_hall_staff_list_and_handle(closed_backoffice):
    bo = closed_backoffice
    k01 = bearer(device_token(bo, "FS01", "K01"))
    mine = HelpRequest(hall_code="FS01", device_code="K01", page="scan")
    url = f"{bo.url}/api/v1/help-requests"
    r = requests.put(f"{url}/{mine.id}", json=mine.body(), headers=k01, timeout=5)
    assert r.status_code == 201, r.text
    again = requests.put(f"{url}/{mine.id}", json=mine.body(), headers=k01, timeout=5)
    assert again.status_code == 200
    other = HelpRequest(hall_code="FS01", device_code="K09", page="home")
    r = requests.put(f"{url}/{other.id}", json=other.body(), headers=k01, timeout=5)
    assert r.status_code == 403  # not the sender's own
    assert requests.get(url, timeout=5).status_code == 401

    clerk = bearer(staff_token(bo, "c1", "clerk", "FS01"))
    elsewhere = bearer(staff_token(bo, "c2", "clerk", "ZH02"))
    admin = bearer(staff_token(bo, "a1", "admin"))
    listed = requests.get(url, headers=clerk, timeout=5).json()["requests"]
    assert [(x["id"], x["page"], x["handled_at"]) for x in listed] == [(mine.id, "scan", None)]
    assert requests.get(url, headers=elsewhere, timeout=5).json()["requests"] == []
    assert requests.get(url, headers=admin, timeout=5).status_code == 403
    counter = bearer(device_token(bo, "FS01", "C01"))  # the hall's counter sees them too
    assert len(requests.get(url, headers=counter, timeout=5).json()["requests"]) == 1

    handled = f"{url}/{mine.id}/handled"
    assert requests.post(handled, headers=elsewhere, timeout=5).status_code == 403
    r = requests.post(handled, headers=clerk, timeout=5)
    assert r.status_code == 200 and r.json()["handled_by"] == "staff:c1"
    assert requests.get(url, headers=clerk, timeout=5).json()["requests"] == []
    all_rows = requests.get(url, params={"open": "false"}, headers=clerk, timeout=5).json()
    assert all_rows["requests"][0]["handled_at"]
    assert requests.post(f"{url}/{other.id}/handled", headers=clerk, timeout=5).status_code == 404
    assert any(e["action"] == "help.handled" for e in bo.store.audit_entries())


def test_the_counter_lists_the_halls_calls_and_marks_one_handled(qtbot, tmp_path, backoffice):
    call = HelpRequest(hall_code="FS01", device_code="K01", page="form")
    backoffice.store.put_record(call)
    backoffice.store.put_record(HelpRequest(hall_code="ZH02", device_code="K01", page="home"))
    win, bridge = make_window(app_config(tmp_path, "counter", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        sign_in_clerk(qtbot, win, backoffice)
        click(win, "show_cases")
        section = win.pages["cases"].help_calls
        qtbot.waitUntil(lambda: section.help_list.count() == 1, timeout=10000)
        text = section.help_list.item(0).text()
        assert "K01" in text and "填写申请表" in text
        click(win, "help_handled")
        assert "请先选中" in section.help_msg.text()
        section.help_list.setCurrentRow(0)
        click(win, "help_handled")
        qtbot.waitUntil(lambda: section.help_list.count() == 0, timeout=10000)
        assert backoffice.store.help_request(call.id)["handled_at"]
        assert section.help_msg.text() == "没有呼叫。"
    finally:
        bridge.close()


def test_a_call_made_offline_says_when_it_has_reached_the_staff(qtbot, tmp_path):
    bo = BackgroundBackoffice(tmp_path / "bo", port=0)  # reserve a port, leave it closed
    bo.start()
    url, port = bo.url, bo.port
    bo.stop()
    win, bridge = _kiosk(qtbot, tmp_path, url)
    try:
        qtbot.waitUntil(lambda: bridge.last_sync is not None, timeout=10000)
        click(win, "call_staff")
        qtbot.waitUntil(lambda: win.idle_banner.text() == WAITING, timeout=5000)
        with BackgroundBackoffice(tmp_path / "bo", port=port) as bo2:
            win.rt.sync.sync_now()
            qtbot.waitUntil(lambda: win.idle_banner.text() == SENT_NOW, timeout=20000)
            assert len(bo2.store.help_requests("FS01")) == 1
    finally:
        bridge.close()
