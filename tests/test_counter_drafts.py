"""Nothing lost in a long intake (issue 16, item 9): a counter killed mid-intake offers
its draft back after the restart — the case, the form as typed, the 容缺 marks and the
scanned pages — and the resumed case reaches the back office; the draft goes then.
The kill is a real SIGKILL of a counter process (tests/_counter_draft_child.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.gui_helpers import add_clerk, click, open_counter, sign_in_clerk

ROOT = Path(__file__).resolve().parents[1]


def _killed_mid_intake(tmp_path: Path, url: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests._counter_draft_child", str(tmp_path), url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()  # once the store keeps the whole draft
        assert line, "the counter child ended before keeping its draft"
        done = json.loads(line)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    return done


def test_a_counter_killed_mid_intake_offers_the_draft_back_with_its_scans(
    qtbot, tmp_path: Path, backoffice
) -> None:
    add_clerk(backoffice)
    was = _killed_mid_intake(tmp_path, backoffice.url)
    win, bridge = open_counter(qtbot, tmp_path, backoffice.url)
    try:
        sign_in_clerk(qtbot, win, backoffice)
        qtbot.waitUntil(lambda: win.current_page() == "drafts", timeout=10000)
        rows = win.pages["drafts"].draft_list
        assert rows.count() == 1
        assert "草*甲" in rows.item(0).text() and "已拍 2 页" in rows.item(0).text()
        assert "草稿甲" not in rows.item(0).text()  # masked on screen
        click(win, "resume_draft")
        qtbot.waitUntil(lambda: win.current_page() == "materials", timeout=10000)
        case = win.case
        assert case.id == was["case_id"] and win.item.code == was["item"]
        assert win.applicant is not None and win.applicant.name == "草稿甲"
        assert len(win.camera.pages(was["scanned"])) == 2  # the pages, back in the panel
        m = next(m for m in case.materials if m.code == was["scanned"])
        assert m.pages == 2 and m.files  # the material's PDF, kept before the kill
        if was["deferred"]:
            assert was["deferred"] in win.intake.deferred
        assert win.form.current_values()[was["field"]] == "断电前填写的内容"
        assert any(e.kind == "draft_resumed" for e in case.events)
        # The rest taken, submitted: the case goes to the back office; the draft goes.
        assert not win.form.validate()  # the whole form came back, choices and dates too
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        required = {x.code for x in win.item.materials if x.required}
        for row, x in enumerate(case.materials):
            if x.code in required and not x.files and x.code not in win.intake.deferred:
                win.checklist.setCurrentRow(row)
                win.capture()
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        qtbot.waitUntil(lambda: not win.rt.store.drafts("counter"), timeout=10000)

        def at_backoffice():
            try:
                return backoffice.store.get_case(was["case_id"])
            except Exception:
                return None

        qtbot.waitUntil(lambda: at_backoffice() is not None, timeout=20000)
        got = at_backoffice()
        sent = next(x for x in got.materials if x.code == was["scanned"])
        assert sent.pages == 2 and sent.files
        # 新的受理 next: nothing is offered at the next sign-in.
        win.sign_out()
        sign_in_clerk(qtbot, win, backoffice)
        win.ops.wait_idle()
        qtbot.waitUntil(lambda: win.current_page() == "card", timeout=5000)
    finally:
        bridge.close()
