"""Child process for the draft test: a counter mid-intake, then killed by the parent.

Run as ``python -m tests._counter_draft_child DATA_ROOT URL`` (offscreen). It signs
in with the test clerk, reads the virtual card, picks an item, takes two pages of
its first required material, marks a 容缺 where the item allows one, types in the
form, waits until the store keeps all of that as a draft, and prints one JSON line
of what it did. Then it idles until the parent SIGKILLs it (no clean shutdown).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from core.catalog import FieldType
from onewindow.gui import make_window
from onewindow.tour import click, fill_form, wait_until
from services.drafts import DraftBody
from tests.factories import identity
from tests.gui_helpers import TEST_CLERK_PASSWORD, app_config

TYPED = "断电前填写的内容"


def main(argv: list[str]) -> int:
    root, url = Path(argv[0]), argv[1]
    app = QApplication.instance() or QApplication([])
    win, bridge = make_window(app_config(root, "counter", url))
    win.resize(1280, 800)
    win.show()
    bridge.start()
    wait_until(lambda: win.pages["signin"].signin_btn.isEnabled(), 20)
    win.clerk_id.setText("c0012")
    win.clerk_password.setText(TEST_CLERK_PASSWORD)
    click(win, "signin")
    wait_until(lambda: win.current_page() == "card", 20)
    win.rt.devices.virtual_reader.present(identity(name="草稿甲"))
    wait_until(lambda: win.applicant is not None, 10)
    click(win, "card_next")
    item = next(
        i
        for i in win.rt.catalog.items
        if not i.scenario
        and not i.for_company
        and sum(m.required for m in i.materials) >= 2
        and any(f.type is FieldType.TEXT and not f.prefill for f in i.form)
    )
    win.select_item(item.code)
    click(win, "item_next")
    wait_until(lambda: win.camera.last_frame is not None, 10)
    codes = [m.code for m in win.case.materials]
    required = [m.code for m in item.materials if m.required]
    scanned = required[0]
    win.checklist.setCurrentRow(codes.index(scanned))
    win.capture()
    win.capture()
    deferred = next((c for c in codes if c != scanned and win.intake.may_defer(c)), "")
    if deferred:
        win.checklist.setCurrentRow(codes.index(deferred))
        click(win, "mark_deficient")
    field = next(f.key for f in item.form if f.type is FieldType.TEXT and not f.prefill)
    win.form.editors[field].setText(TYPED)
    fill_form(win.form)  # the rest, choices and dates too: all of it comes back
    store = win.rt.store

    def kept() -> bool:
        rows = store.drafts("counter")
        if not rows:
            return False
        body = DraftBody.model_validate_json(rows[0].body)
        return (
            len(body.pages.get(scanned, [])) == 2
            and body.form == win.form.current_values()
            and body.form.get(field) == TYPED
            and (not deferred or deferred in body.deferred)
        )

    wait_until(kept, 20)
    out = dict(case_id=win.case.id, item=item.code, scanned=scanned, deferred=deferred, field=field)
    print(json.dumps(out), flush=True)
    while True:  # until killed
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
