"""A running kiosk takes a remote idle timeout at once (issue 13 item 7), through the real
window offscreen: the sync worker applies it and a queued signal hands it to the GUI
thread, in the everyday mode and in 长辈模式."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from onewindow.gui import make_window
from sync.client import BackofficeClient
from sync.enrol import enrol
from tests._staff_fixture import bearer, staff_token
from tests.gui_helpers import app_config


@pytest.fixture
def bo(tmp_path: Path) -> Iterator[BackgroundBackoffice]:
    """A back office with the sample catalog (the kiosk's screens are built from it)."""
    with BackgroundBackoffice(tmp_path / "bo", open_access=False) as b:
        yield b


def test_a_remote_idle_timeout_reaches_the_running_kiosk(
    qtbot, bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    client = BackofficeClient(bo.url)
    try:
        enrol(client, tmp_path / "kiosk", bo.store.create_enrolment("FS01", "K01"), "FS01", "K01")
    finally:
        client.close()
    config = app_config(
        tmp_path, "kiosk", bo.url, **{"sync.heartbeat_s": 0.2, "sync.feed_wait_s": 0.5}
    )
    win, bridge = make_window(config)
    qtbot.addWidget(win)
    bridge.start()
    try:
        qtbot.waitUntil(lambda: bridge.runtime.sync.heartbeat.sent > 0, timeout=10_000)
        assert win.idle.timeout_s == 90
        admin = staff_token(bo, "root", "admin")
        r = requests.put(
            f"{bo.url}/api/v1/fleet/config/FS01/K01",
            json={"settings": {"idle_timeout_s": 240}},
            headers=bearer(admin),
            timeout=5,
        )
        assert r.status_code == 200, r.text
        with qtbot.waitSignal(bridge.remote_config, timeout=10_000):
            pass
        qtbot.waitUntil(lambda: win.idle.timeout_s == 240, timeout=5000)
        # 长辈模式 follows: unset in the TOML, it is 3 × the new everyday timeout.
        win.elder.set_on(True)
        assert win.idle.timeout_s == win.rt.config.elder_idle_timeout_s == 720
        win.elder.set_on(False)
        assert win.idle.timeout_s == 240
    finally:
        bridge.close()
