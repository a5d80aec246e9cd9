"""sd_notify: READY=1 and watchdog pings reach the service manager's socket."""

from __future__ import annotations

import os
import socket

import pytest

from onewindow import watchdog


@pytest.fixture
def manager(tmp_path, monkeypatch):
    """A datagram socket standing in for systemd's $NOTIFY_SOCKET."""
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    yield sock
    sock.close()


def received(sock: socket.socket) -> list[str]:
    out = []
    while True:
        try:
            out.append(sock.recv(4096).decode())
        except BlockingIOError:
            return out


def test_notify_without_a_service_manager_does_nothing(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert watchdog.notify("READY=1") is False


def test_notify_sends_the_state(manager):
    assert watchdog.notify("READY=1")
    assert received(manager) == ["READY=1"]


def test_watchdog_interval_is_half_the_timeout_for_us_or_our_parent(monkeypatch):
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert watchdog.watchdog_interval_s() is None
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getppid()))  # cage runs the kiosk
    assert watchdog.watchdog_interval_s() == 15.0
    monkeypatch.setenv("WATCHDOG_PID", "1")
    assert watchdog.watchdog_interval_s() is None


def test_app_says_ready_and_pings_from_the_event_loop(qtbot, qapp, manager, monkeypatch):
    from onewindow.gui import start_watchdog

    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    timer = start_watchdog(qapp)
    got: list[str] = []
    try:
        qtbot.waitUntil(lambda: got.extend(received(manager)) or got.count("WATCHDOG=1") >= 2)
    finally:
        timer.stop()
    assert got[0] == "READY=1"
