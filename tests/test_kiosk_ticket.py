"""取号 at the kiosk end to end: the home tile (only with a hall server), a category,
the ticket printed by the virtual printer and counted by a real hall server over HTTP;
with the server gone, the next ticket comes from the kiosk's reserved block."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hall.config import load_settings
from hall.server import BackgroundHall
from onewindow.gui import make_window
from sync.hall_client import HallClient
from tests.gui_helpers import app_config, click


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[BackgroundHall]:
    with BackgroundHall(load_settings(None, {"data_dir": str(tmp_path / "hall")})) as h:
        yield h


def _kiosk(qtbot, tmp_path: Path, **extra):
    cfg = app_config(tmp_path, "kiosk", "http://127.0.0.1:9", **extra)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.resize(1280, 800)  # the smallest kiosk screen
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: win.pages["home"].ticket_btn.isEnabled(), timeout=5000)
    return win, bridge


def test_no_tile_without_a_hall_server(qtbot, tmp_path: Path) -> None:
    win, bridge = _kiosk(qtbot, tmp_path)
    try:
        assert win.rt.tickets is None and not win.pages["home"].ticket_btn.isVisible()
    finally:
        bridge.close()


def test_a_ticket_taken_printed_and_called(qtbot, tmp_path: Path, hall: BackgroundHall) -> None:
    win, bridge = _kiosk(qtbot, tmp_path, **{"hall.url": hall.url, "hall.offline_block": 5})
    page = win.pages["ticket"]
    try:
        assert win.pages["home"].ticket_btn.isVisible()
        qtbot.waitUntil(lambda: win.rt.tickets.numbers_left("A") > 0, timeout=10000)
        click(win, "ticket")
        qtbot.waitUntil(lambda: len(page.category_buttons) == 4, timeout=5000)
        click(win, "priority_elderly")
        click(win, "category_B")
        qtbot.waitUntil(lambda: page.number.text().startswith("B"), timeout=10000)
        number = page.number.text()  # after B001–B005, the block the kiosk keeps
        assert "离线" not in page.msg.text()
        job = win.rt.devices.virtual_printer.wait_jobs(1)[-1]
        assert number in job.transcript and "公安户政" in job.transcript
        caller = HallClient(hall.url, device_code="C03")
        called = caller.call("3").ticket
        assert called is not None and called.number == number and called.priority == "elderly"

        # The hall server goes away: the next ticket comes from the reserved block.
        port = hall.port
        hall.stop()
        click(win, "category_A")
        qtbot.waitUntil(lambda: "离线" in page.msg.text(), timeout=10000)
        offline = page.number.text()
        assert offline.startswith("A")
        job = win.rt.devices.virtual_printer.wait_jobs(2)[-1]
        assert offline in job.transcript and "离线取号" in job.transcript
        hall.port = port
        hall.start()
        assert win.rt.tickets.keep_up() and win.rt.tickets.pending == 0
        called = HallClient(hall.url, device_code="C02").call("2").ticket
        assert called is not None and called.number == offline
    finally:
        bridge.close()
