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
from tests.gui_helpers import app_config, click, shown


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
        qtbot.waitUntil(lambda: shown(page.category_buttons, 4), timeout=5000)
        click(win, "priority_elderly")
        click(win, "category_B")
        qtbot.waitUntil(lambda: page.number.text().startswith("B"), timeout=10000)
        number = page.number.text()  # after B001–B005, the block the kiosk keeps
        assert "离线" not in page.msg.text()
        job = win.rt.devices.virtual_printer.wait_jobs(1)[-1]
        assert number in job.transcript and "公安户政" in job.transcript
        # A ticket is called only once the hall heard it was printed (the kiosk's
        # background lane says so, then clears the priority choice): wait for that.
        qtbot.waitUntil(
            lambda: not any(b.isChecked() for b in page.priority_buttons), timeout=10000
        )
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


def test_the_english_kiosk_shows_the_halls_english_names_and_prints_the_chinese(
    qtbot, tmp_path: Path, hall: BackgroundHall
) -> None:
    from widgets.i18n import install_translator

    assert install_translator("en")
    try:
        win, bridge = _kiosk(qtbot, tmp_path, language="en", **{"hall.url": hall.url})
        page = win.pages["ticket"]
        try:
            click(win, "ticket")
            qtbot.waitUntil(lambda: shown(page.category_buttons, 4), timeout=5000)
            words = {b.objectName(): b.text() for b in page.category_buttons}
            assert words["category_B"] == "B  Public security & household registration\n1F Zone B"
            assert words["category_A"] == "A  General services\n1F Zone A"
            assert not any("公安" in w or "一楼" in w for w in words.values())
            click(win, "category_B")
            qtbot.waitUntil(lambda: page.number.text().startswith("B"), timeout=10000)
            job = win.rt.devices.virtual_printer.wait_jobs(1)[-1]
            assert "公安户政" in job.transcript and "Public security" not in job.transcript
        finally:
            bridge.close()
    finally:
        install_translator("zh_CN")


def test_a_category_without_english_words_shows_its_chinese_in_english() -> None:
    from kiosk.pages.ticket import category_words
    from wire.queue import Category

    only_zh = Category(code="E", name="社保医保", area="三楼E区")
    assert category_words(only_zh, english=True) == ("社保医保", "三楼E区")
    half = Category(code="E", name="社保医保", area="三楼E区", name_en="Social insurance")
    assert category_words(half, english=True) == ("Social insurance", "三楼E区")
    assert category_words(half, english=False) == ("社保医保", "三楼E区")
