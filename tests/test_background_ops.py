"""The background lane: work off the GUI thread, in order, results back on it."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton, QWidget

from core.errors import CaseError
from widgets.background import BackgroundOps, Busy


def test_work_runs_in_order_off_the_gui_thread_and_comes_back_on_it(qtbot):
    ops = BackgroundOps()
    ran: list[tuple[int, bool]] = []
    back: list[tuple[int, bool]] = []
    gate = threading.Event()

    def work(n: int):
        def run() -> int:
            if n == 0:
                gate.wait(5)  # the next ones wait behind it: one serial lane
            ran.append((n, threading.current_thread() is threading.main_thread()))
            return n

        return run

    for n in range(3):
        ops.run("n", work(n), lambda r: back.append((r, threading.current_thread().name)))
    assert ops.pending == 3 and ran == []
    gate.set()
    qtbot.waitUntil(lambda: len(back) == 3, timeout=5000)
    assert ran == [(0, False), (1, False), (2, False)]
    assert [r for r, _t in back] == [0, 1, 2]
    assert all(t == threading.main_thread().name for _r, t in back)
    assert ops.pending == 0
    ops.close()


def test_errors_come_back_and_the_page_is_busy_meanwhile(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    btn, other = QPushButton("ok", page), QPushButton("off", page)
    other.setEnabled(False)
    label = Busy.label_for(page)
    busy = Busy(label, [btn, other])
    page.show()
    ops = BackgroundOps()
    gate = threading.Event()
    errors: list[BaseException] = []

    def fail() -> None:
        gate.wait(5)
        raise CaseError("unexpected")

    ops.run("fail", fail, on_error=errors.append, busy=busy)
    assert busy.active and not btn.isEnabled() and label.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], CaseError)
    assert not busy.active and btn.isEnabled() and not other.isEnabled(), "states restored"
    assert not label.isVisible()
    ops.close()


def test_wait_idle_delivers_results_chained_from_results(qtbot):
    ops = BackgroundOps()
    got: list[str] = []
    ops.run("a", lambda: "a", lambda r: (got.append(r), ops.run("b", lambda: "b", got.append)))
    ops.wait_idle(5)
    assert got == ["a", "b"] and ops.pending == 0
    ops.close()
    ops.run("late", lambda: "late", got.append)  # refused once closed
    assert ops.pending == 0
