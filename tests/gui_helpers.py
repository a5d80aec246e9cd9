"""Helpers for the Qt tests: start an app window on a temp data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton

from core.config import load_config


def app_config(tmp: Path, role: str, backoffice_url: str, **extra):
    code = {"kiosk": "K01", "counter": "C01"}[role]
    return load_config(
        None,
        {
            "role": role,
            "device_code": code,
            "data_dir": str(tmp / role),
            "backoffice.url": backoffice_url,
            "sync.interval_s": 0.3,
            **extra,
        },
    )


def pcsc_app_config(tmp: Path, role: str, backoffice_url: str, **extra):
    """An app reading a virtual social security card through the test pcscd.

    The card is registered for the reader (the demo button inserts it);
    returns (config, pcscd, card, the reader's config, to unregister).
    """
    from core.config import IdReaderConfig
    from emulators import card_slots
    from emulators.virtual_sscard import VirtualSocialSecurityCard
    from tests.idcard_harness import shared_pcscd

    pcscd = shared_pcscd()
    card = VirtualSocialSecurityCard(port=pcscd.vicc_port)
    reader_cfg = IdReaderConfig(backend="pcsc", reader=pcscd.reader_name)
    card_slots.register(reader_cfg, card)
    reader = {"devices.id_reader.backend": "pcsc", "devices.id_reader.reader": pcscd.reader_name}
    return app_config(tmp, role, backoffice_url, **reader, **extra), pcscd, card, reader_cfg


def open_counter(qtbot, tmp: Path, backoffice_url: str, **extra):
    """A counter window at 1280×800 on ``tmp``, its runtime started: (window, bridge)."""
    from onewindow.gui import make_window

    win, bridge = make_window(app_config(tmp, "counter", backoffice_url, **extra))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    bridge.start()
    return win, bridge


def shown(buttons, n: int) -> bool:
    """``n`` buttons, all on screen: buttons added to a shown page appear one event
    later (Qt shows them through a queued call), so wait for this, not the count."""
    return len(buttons) == n and all(b.isVisible() for b in buttons)


def click(win, name: str) -> None:
    btns = [b for b in win.findChildren(QPushButton, name) if b.isVisible()]
    assert btns, f"no visible button {name}"
    btns[0].click()
    QApplication.processEvents()


def scan_required(win, item) -> None:
    """Capture one page for each required material of ``item`` on the scan page."""
    required = {m.code for m in item.materials if m.required}
    for row, m in enumerate(win.case.materials):
        if m.code in required:
            win.checklist.setCurrentRow(row)
            win.capture()


TEST_CLERK_PASSWORD = "clerk-password-0012"  # test accounts only


def add_clerk(bo, login: str = "c0012", name: str = "测试员", role: str = "clerk") -> None:
    """A staff account at the test back office (once)."""
    if bo.store.staff(login) is None:
        bo.store.add_staff(login, name, role, TEST_CLERK_PASSWORD)


def sign_in_clerk(qtbot, win, bo, login: str = "c0012", name: str = "测试员") -> None:
    """Sign the counter in with a real staff account of ``bo`` (made if missing), waiting
    for the back office's answer."""
    add_clerk(bo, login, name)
    qtbot.waitUntil(lambda: win.pages["signin"].signin_btn.isEnabled(), timeout=10000)
    win.clerk_id.setText(login)
    win.clerk_password.setText(TEST_CLERK_PASSWORD)
    click(win, "signin")
    qtbot.waitUntil(lambda: win.current_page() != "signin", timeout=10000)


def approve_as_supervisor(qtbot, win, bo, login: str = "s0001") -> None:
    """The visible 值班长确认 row answered with a real supervisor account of ``bo``."""
    from PySide6.QtWidgets import QLineEdit

    if bo.store.staff(login) is None:
        bo.store.add_staff(login, "值班长甲", "supervisor", TEST_CLERK_PASSWORD)

    def shown() -> list:
        return [w for w in win.findChildren(QLineEdit, "approver_login") if w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=5000)
    row = shown()[0].parent()
    row.login.setText(login)
    row.password.setText(TEST_CLERK_PASSWORD)
    row.confirm()


def take_in_one_case(qtbot, win) -> None:
    """At the counter's card page: the virtual card read, an item with no questions, its
    form filled and required materials scanned, submitted; waits for the done page."""
    from tests.factories import identity

    win.rt.devices.virtual_reader.present(identity())
    qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
    click(win, "card_next")
    item = next(i for i in win.rt.catalog.items if not i.scenario)
    win.select_item(item.code)
    click(win, "item_next")
    assert win.current_page() == "materials"
    qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
    for key, ed in win.form.editors.items():
        if hasattr(ed, "isReadOnly") and not ed.isReadOnly() and not ed.text():
            ed.setText("13800138000" if "phone" in key else "示例")
    scan_required(win, item)
    click(win, "submit")
    qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)


# ---- 告知承诺 (tests/test_counter_commitment.py, test_kiosk_commitment.py) ------------
COMMITMENT_ITEM = "440604-GA-0005"  # 居住证申领: 居住证明 may be replaced by a 承诺书
COMMITMENT_MATERIAL = "M-JZ-001"


def sample_person(name: str):
    """One of the virtual reader's sample cards by name (张小三, 欧阳明华 on the credit list)."""
    from emulators.virtual_reader import sample_identities

    return next(i for i in sample_identities() if i.name == name)


def sign_with_mouse(pad, start=(60, 90), steps: int = 28) -> None:
    """A signature drawn on a SignaturePad by mouse drags (a finger as Qt sees it)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    none, left = Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton
    x, y = start
    QTest.mousePress(pad, left, none, QPoint(x, y))
    for i in range(1, steps):
        QTest.mouseMove(pad, QPoint(x + i * 12, y + (i % 5) * 10))
    QTest.mouseRelease(pad, left, none, QPoint(x + steps * 12, y + 10))


def fill_empty(win) -> None:
    """Fill the form's empty fields: text, or the first answer of a choice."""
    for key, ed in win.form.editors.items():
        if hasattr(ed, "isReadOnly") and not ed.isReadOnly() and not ed.text():
            ed.setText("13800138000" if "phone" in key else "佛山市禅城区示例路2号")
        elif hasattr(ed, "setCurrentIndex") and not ed.currentData():
            ed.setCurrentIndex(1)


def scan_all_but(qtbot, win, skip: str) -> None:
    """Scan every required material of the window's draft but ``skip``; waits for them."""
    required = {m.code for m in win.item.materials if m.required} - {skip}
    for row, m in enumerate(win.case.materials):
        if m.code in required and not m.files:
            win.checklist.setCurrentRow(row)
            win.capture()
    qtbot.waitUntil(
        lambda: all(m.files for m in win.case.materials if m.code in required), timeout=15000
    )
