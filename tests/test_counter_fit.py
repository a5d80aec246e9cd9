"""The counter window fits a 1280×800 screen in English on every page (issue 16).

English words are longer than Chinese ones: a page whose minimum size is wider or
taller than the screen makes the window grow past it (clipped on a 1280×800 window
monitor). A real counter in English, signed in with a staff account, walks an intake
to the materials page (the form, the checklist and the camera filled), then each page
is shown with a case in the session and the window's minimumSizeHint measured.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from backoffice.server import BackgroundBackoffice
from core.ids import check_code
from hall.config import load_settings
from hall.server import BackgroundHall
from onewindow.gui import make_app, make_window
from onewindow.tour import OWING_LATER, fill_form, owing_case
from tests.gui_helpers import app_config, click, sign_in_clerk

SCREEN = (1280, 800)


def _in_layout(lay, w) -> bool:
    if lay is None:
        return False
    if lay.indexOf(w) >= 0:
        return True
    return any(_in_layout(lay.itemAt(i).layout(), w) for i in range(lay.count()))


def _overlapping(page) -> list[str]:
    """Laid-out siblings drawn over each other, controls squeezed below their height,
    and a scroll area of fields that scrolls sideways (its fields cut off at the
    right): what a layout does when the window is smaller than the page needs."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QScrollArea, QWidget

    shown = [w for w in page.findChildren(QWidget) if w.isVisibleTo(page)]
    out = []
    for w in shown:
        inner = w.objectName().startswith("qt_")  # a spin box's or combo box's own part
        control = isinstance(w, QPushButton | QComboBox | QLineEdit) and not inner
        if control and w.height() < min(w.minimumSizeHint().height(), 40):
            out.append(f"{w.objectName() or type(w).__name__} squeezed to {w.height()} px")
        if isinstance(w, QScrollArea) and w.horizontalScrollBar().isVisible():
            inner_w = w.widget().width() if w.widget() is not None else 0
            out.append(f"{w.objectName() or 'scroll area'} {w.width()} px wide for {inner_w} px")
    by_parent: dict = {}
    for w in shown:
        parent = w.parentWidget()
        if parent is not None and _in_layout(parent.layout(), w):
            by_parent.setdefault(id(parent), []).append(w)
    for kids in by_parent.values():
        for i, a in enumerate(kids):
            for b in kids[i + 1 :]:
                if a.geometry().intersects(b.geometry()):
                    names = sorted(x.objectName() or type(x).__name__ for x in (a, b))
                    out.append(" over ".join(names))
    return out


def _too_big(win) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    out: dict[str, object] = {}
    for name in list(win.pages):
        if name == "signin":
            continue
        win.show_page(name)
        QApplication.processEvents()
        hint = win.minimumSizeHint()
        if hint.width() > SCREEN[0] or hint.height() > SCREEN[1]:
            out[name] = (hint.width(), hint.height())
        elif win.size().toTuple() != SCREEN:
            out[name] = ("grew to", win.size().toTuple())
        elif bad := _overlapping(win.pages[name]):
            out[name] = bad
    return out


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_counter_page_fits_1280x800(qtbot, tmp_path, lang):
    make_app(lang)
    # The sample catalog (the demo's): its longest items' forms and checklists; window 1 of
    # a hall server (叫号 in every page's row, with the number called).
    hall_settings = load_settings(None, {"data_dir": str(tmp_path / "hall")})
    with (
        BackgroundBackoffice(tmp_path / "bo", port=0) as bo_server,
        BackgroundHall(hall_settings) as hall,
    ):
        hall_cfg = {"hall.url": hall.url, "hall.window": "1"}
        cfg = app_config(tmp_path, "counter", bo_server.url, language=lang, **hall_cfg)
        win, bridge = make_window(cfg)
        qtbot.addWidget(win)
        win.resize(*SCREEN)
        win.show()
        bridge.start()
        try:
            sign_in_clerk(qtbot, win, bo_server)
            win.set_serving(None)
            for b in win.calling_buttons:  # as wide as with a ticket called
                b.setText(b.text() + " · A021")
            assert _too_big(win) == {}, "before an intake"
            win.new_intake()
            win.rt.devices.virtual_reader.present()
            qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
            click(win, "card_next")
            items = [i for i in win.rt.catalog.items if not i.for_company]
            item = max(items, key=lambda i: len(i.materials) + len(i.form))  # the fullest
            win.select_item(item.code)
            for q in item.scenario:
                win.scenario.answer(q.key, 0)
            click(win, "item_next")
            qtbot.waitUntil(lambda: win.current_page() == "materials", timeout=5000)
            qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
            fill_form(win.form)
            for row in range(win.checklist.count()):  # every material with a page
                win.checklist.setCurrentRow(row)
                win.capture()
            win.show_page("materials")
            assert _too_big(win) == {}, "with a case in the session"
            win.show_page("materials")
            click(win, "submit")
            qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
            assert _too_big(win) == {}, "with a case taken in"
            # 补交材料 with an owing case found and a page taken (the tour's case).
            owing = owing_case(win.rt, win.clerk)
            click(win, "show_supplement")
            page = win.pages["supplement"]
            page.receipt.setText(owing.receipt_no)
            page.code.setText(check_code(owing.id))
            click(win, "supplement_lookup")
            qtbot.waitUntil(lambda: bool(page.panel.cases), timeout=10000)
            page.panel.camera.auto_box.setChecked(False)
            qtbot.waitUntil(lambda: page.panel.camera.last_frame is not None, timeout=5000)
            page.panel.choose_material(OWING_LATER[0])
            page.panel.camera.capture(accept=True)
            qtbot.waitUntil(lambda: bool(page.panel.camera.pages(OWING_LATER[0])), timeout=5000)
            QApplication.processEvents()
            hint = win.minimumSizeHint()
            assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1], hint
            assert _overlapping(page) == [], "补交材料 with a case"
        finally:
            bridge.close()
            make_app("zh_CN")
