"""The counter's calling panel (叫号) against a real hall server over HTTP: call, recall,
no-show after the hall's recalls, start (the intake with the card read at the window),
the case recording its ticket, wait and service times, transfer keeping the arrival,
walk-in, pause and resume; the window's own day figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hall.config import load_settings
from hall.server import BackgroundHall
from onewindow.gui import make_window
from sync.hall_client import HallClient
from tests.gui_helpers import app_config, click, sign_in_clerk, take_in_one_case


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[BackgroundHall]:
    settings = load_settings(None, {"data_dir": str(tmp_path / "hall"), "no_show_after": 1})
    with BackgroundHall(settings) as h:
        yield h


def _ticket(hall: BackgroundHall, category: str = "A") -> str:
    """A citizen's printed ticket from a kiosk (counted once printed)."""
    kiosk = HallClient(hall.url, device_code="K09")
    t = kiosk.take(category)
    kiosk.printed(t.id)
    return t.number


def _counter(qtbot, tmp_path: Path, hall: BackgroundHall, backoffice):
    cfg = app_config(
        tmp_path, "counter", backoffice.url, **{"hall.url": hall.url, "hall.window": "1"}
    )
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    bridge.start()
    sign_in_clerk(qtbot, win, backoffice)
    assert win.current_page() == "calling"
    page = win.pages["calling"]
    qtbot.waitUntil(lambda: page.state is not None, timeout=5000)
    return win, bridge, page


def _take_in(qtbot, win) -> None:
    """The card read at the window, an item with no questions, its materials, submit."""
    assert win.current_page() == "card"
    take_in_one_case(qtbot, win)


def test_call_recall_no_show_start_and_the_case_records_its_ticket(
    qtbot, tmp_path: Path, hall: BackgroundHall, backoffice
) -> None:
    first, second = _ticket(hall), _ticket(hall)
    win, bridge, page = _counter(qtbot, tmp_path, hall, backoffice)
    try:
        assert page.call_btn.isEnabled() and not page.recall_btn.isEnabled()
        click(win, "call_next")
        qtbot.waitUntil(lambda: page.number.text() == first, timeout=5000)
        assert hall.store.status().recent_calls[0].number == first  # on the display too
        assert page.recall_btn.isEnabled() and not page.call_btn.isEnabled()
        click(win, "call_recall")
        qtbot.waitUntil(lambda: "已重呼 1 次" in page.status.text(), timeout=5000)
        click(win, "call_no_show")  # the hall's no_show_after is 1 here
        qtbot.waitUntil(lambda: page.number.text() == "—", timeout=5000)
        assert "过号 1 人" in page.day.text()

        click(win, "call_next")
        qtbot.waitUntil(lambda: page.number.text() == second, timeout=5000)
        click(win, "call_start")  # the intake opens, with the card read here
        qtbot.waitUntil(lambda: win.current_page() == "card", timeout=5000)
        assert win.serving is not None and win.serving.number == second
        calling_btn = win.calling_buttons[0]
        assert second in calling_btn.text()
        _take_in(qtbot, win)
        visit = win.submitted.queue
        assert visit is not None and visit.number == second and visit.window == "1"
        assert visit.category == "A" and not visit.walk_in
        assert visit.wait_s is not None and visit.wait_s >= 0 and visit.service_s >= 0
        saved = win.rt.store.get_case(win.submitted.id)
        assert saved.queue == visit  # kept with the case, sent with it

        # 叫下一位 from the calling page ends the service, naming the case taken in.
        case_id = win.submitted.id
        win.show_calling()
        click(win, "call_next")
        qtbot.waitUntil(lambda: win.serving is None and page.state is not None, timeout=5000)
        qtbot.waitUntil(lambda: "已办 1 人" in page.day.text(), timeout=5000)
        assert "暂时没有人等候" in page.msg.text()
        ends = [e for e in hall.store.unsent_events() if e.kind == "end"]
        assert [e.case_id for e in ends] == [case_id]
    finally:
        bridge.close()


def test_transfer_walk_in_pause(qtbot, tmp_path: Path, hall: BackgroundHall, backoffice) -> None:
    number = _ticket(hall, "A")
    win, bridge, page = _counter(qtbot, tmp_path, hall, backoffice)
    try:
        click(win, "call_next")
        qtbot.waitUntil(lambda: page.number.text() == number, timeout=5000)
        qtbot.waitUntil(lambda: page.transfer_to.count() > 0, timeout=5000)
        page.transfer_to.setCurrentIndex(page.transfer_to.findData("category:B"))
        click(win, "call_transfer")
        qtbot.waitUntil(lambda: page.number.text() == "—", timeout=5000)
        # Window 3 serves B first: it gets the transferred ticket, its number unchanged.
        other = HallClient(hall.url, device_code="C03").call("3").ticket
        assert other is not None and other.number == number and other.category == "A"

        click(win, "call_walk_in")  # 直接办理: no ticket, the intake at once
        qtbot.waitUntil(lambda: win.current_page() == "card", timeout=5000)
        assert win.serving is not None and win.serving.ticket is None
        assert win.serving.visit().walk_in
        win.show_calling()
        qtbot.waitUntil(lambda: page.end_btn.isEnabled(), timeout=5000)
        click(win, "call_end")
        qtbot.waitUntil(lambda: win.serving is None and page.walk_in_btn.isEnabled(), timeout=5000)

        click(win, "call_pause")
        qtbot.waitUntil(lambda: page.pause_btn.text() == "恢复叫号", timeout=5000)
        assert not page.call_btn.isEnabled() and "暂停" in page.status.text()
        _ticket(hall, "A")
        click(win, "call_pause")
        qtbot.waitUntil(lambda: page.call_btn.isEnabled(), timeout=5000)
        click(win, "call_next")
        qtbot.waitUntil(lambda: page.number.text().startswith("A"), timeout=5000)
    finally:
        bridge.close()


def test_hall_away_the_clerk_can_still_take_in(
    qtbot, tmp_path: Path, hall: BackgroundHall, backoffice, monkeypatch
) -> None:
    import services.runtime
    from drivers.base import Health

    monkeypatch.setattr(services.runtime, "HALL_CHECK_S", 0.3)  # the watcher's round, shorter
    win, bridge, page = _counter(qtbot, tmp_path, hall, backoffice)
    try:
        # The hall server shows in the status bar like a device, and in the heartbeat.
        qtbot.waitUntil(lambda: "hall" in bridge.last_status, timeout=5000)
        assert bridge.last_status["hall"].health is Health.OK
        assert "叫号" in win.status.labels["hall"].text()
        hall.stop()
        qtbot.waitUntil(lambda: bridge.last_status["hall"].health is Health.DEGRADED, timeout=5000)
        # the status bar hears the same news through a connection of its own
        qtbot.waitUntil(
            lambda: "连不上大厅叫号服务器" in win.status.labels["hall"].text(), timeout=5000
        )
        assert win.rt._device_statuses()["hall"].health is Health.DEGRADED
        click(win, "call_refresh")
        qtbot.waitUntil(lambda: "连不上大厅叫号服务器" in page.msg.text(), timeout=10000)
        assert "新的受理" in page.msg.text()
        click(win, "new_intake")
        assert win.current_page() == "card" and win.serving is None
    finally:
        bridge.close()
