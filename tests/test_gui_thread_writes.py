"""The GUI thread never enters a store write during a kiosk or a counter flow.

Every write of the local store (cases, files, outbox, print jobs) goes
through one ``BEGIN IMMEDIATE`` transaction, ``LocalStore._write``; the test
wraps it and records the thread. Submitting, keeping a material's PDF,
discarding a draft, rating, printing and reprinting, retrying and handing a
result over all run on the bridge's background lane. Reads on the GUI
thread (lists, look-ups) are allowed for now, and so are the writes the
runtime makes while it starts (migrations, print-job recovery), before any
page is used: recording starts after ``bridge.start()``.
"""

from __future__ import annotations

import threading
import traceback

import pytest

from core.case import CaseState
from onewindow.gui import make_window
from sync.store import LocalStore
from tests.factories import identity
from tests.gui_helpers import app_config, approve_as_supervisor, click
from tests.test_evaluation import _counter_intake
from tests.test_kiosk_flow import _walk_to_done, _walk_to_scanned


@pytest.fixture
def writes(monkeypatch):
    """(on the main thread?, where) of every store write while the event is set."""
    seen: list[tuple[bool, str]] = []
    recording = threading.Event()
    original = LocalStore._write

    def recorded(self, *args, **kwargs):
        if recording.is_set():
            main = threading.current_thread() is threading.main_thread()
            where = "".join(traceback.format_stack(limit=6)[:-1]) if main else ""
            seen.append((main, where))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LocalStore, "_write", recorded)
    yield seen, recording


def _assert_off_gui(seen) -> None:
    assert seen, "the flow wrote nothing: the instrumentation missed the store"
    on_gui = [where for main, where in seen if main]
    assert not on_gui, "store write on the GUI thread:\n" + on_gui[0]


def test_kiosk_flow_writes_only_off_the_gui_thread(qtbot, tmp_path, backoffice, writes):
    seen, recording = writes
    win, bridge = make_window(app_config(tmp_path, "kiosk", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    recording.set()
    try:
        # A case submitted, its receipt printed, rated; then home.
        _walk_to_done(qtbot, win, identity())
        qtbot.waitUntil(lambda: win.print_state == "ok", timeout=10000)
        click(win, "eval_level_5")
        click(win, "eval_submit")
        qtbot.waitUntil(lambda: win.current_page() == "home", timeout=10000)
        # The one-time notice printed from the guide.
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        win.rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        win.choose_item(win.rt.catalog.items[0].code)
        click(win, "print_notice")
        qtbot.waitUntil(lambda: "已打印" in win.guide_msg.text(), timeout=10000)
        click(win, "home")
        # A citizen who scans and walks away: the draft's scans are discarded.
        kept = set(win.rt.store.files_dir.glob("*.bin"))  # the submitted case's
        _walk_to_scanned(qtbot, win, identity())
        click(win, "home")
        qtbot.waitUntil(lambda: win.ops.pending == 0, timeout=10000)
        assert set(win.rt.store.files_dir.glob("*.bin")) == kept
    finally:
        recording.clear()
        bridge.close()
    _assert_off_gui(seen)


def test_counter_flow_writes_only_off_the_gui_thread(qtbot, tmp_path, backoffice, writes):
    seen, recording = writes
    win, bridge = make_window(app_config(tmp_path, "counter", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    recording.set()
    win.thanks_ms = 100
    try:
        _counter_intake(qtbot, win, backoffice)
        case = win.submitted
        qtbot.waitUntil(lambda: win.print_state == "ok", timeout=10000)
        vp = win.rt.devices.virtual_printer
        click(win, "reprint")
        approve_as_supervisor(qtbot, win, backoffice)
        # The approval answers on its own lane; the reprint is out once its paper is.
        qtbot.waitUntil(
            lambda: len(vp.jobs()) == 2 and win.ops.pending == 0 and win.print_state == "ok",
            timeout=10000,
        )
        click(win, "ask_evaluation")
        click(win.customer_screen, "eval_level_4")  # the citizen's screen
        click(win.customer_screen, "eval_submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        click(win, "show_prints")
        win.prints_list.setCurrentRow(0)
        click(win, "reprint_selected")
        approve_as_supervisor(qtbot, win, backoffice)
        qtbot.waitUntil(lambda: len(vp.jobs()) == 3 and win.ops.pending == 0, timeout=10000)
        # The back office decides the case; its applicant collects it (出件).
        win.rt.sync.sync_now()
        qtbot.waitUntil(lambda: backoffice.store.case_status(case.id) is not None, timeout=15000)
        backoffice.store.set_state(case.id, CaseState.ACCEPTED, actor="B0001")
        backoffice.store.set_state(case.id, CaseState.READY, actor="B0001")
        if case.deficiencies:  # 容缺: handed out only once waived (or handed in)
            backoffice.store.waive_supplement(case.id, [], "B0001")
        win.rt.sync.sync_now()
        qtbot.waitUntil(
            lambda: win.rt.store.get_case(case.id).state is CaseState.READY, timeout=15000
        )
        click(win, "show_pickup")
        win.rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.pickup_list.count() > 0, timeout=5000)
        click(win, "confirm_pickup")
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)
        click(win, "new_intake")
        qtbot.waitUntil(lambda: win.ops.pending == 0, timeout=10000)
    finally:
        recording.clear()
        bridge.close()
    _assert_off_gui(seen)
