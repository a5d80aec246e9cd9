"""告知承诺 at the kiosk, end to end: the confirm page offers it for a missing proof the
catalog lets a 承诺书 replace; the citizen reads the letter and signs with a finger (mouse
drags here); the case carries it to a real back office and the A4 printer prints it with
the signature image. A listed applicant sees why, and the offline rule decides without
the back office."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from PIL import Image

from core.case import MaterialStatus
from onewindow.gui import make_window
from tests.gui_helpers import (
    COMMITMENT_ITEM,
    COMMITMENT_MATERIAL,
    app_config,
    click,
    fill_empty,
    sample_person,
    scan_all_but,
    sign_with_mouse,
)

ITEM, REPLACED = COMMITMENT_ITEM, COMMITMENT_MATERIAL


def to_confirm(qtbot, win, who) -> None:
    rt = win.rt
    qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
    click(win, "start")
    click(win, "consent_agree")
    rt.devices.virtual_reader.present(who)
    qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
    win.choose_item(ITEM)
    click(win, "guide_next")
    assert win.current_page() == "form"
    fill_empty(win)
    click(win, "form_next")
    assert win.current_page() == "scan", win.form.validate()
    qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
    scan_all_but(qtbot, win, REPLACED)
    click(win, "scan_next")
    assert win.current_page() == "confirm"


def start(qtbot, tmp_path: Path, url: str, **extra):
    win, bridge = make_window(app_config(tmp_path, "kiosk", url, **extra))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    bridge.start()
    return win, bridge


def test_the_citizen_signs_with_a_finger_and_the_letter_is_printed_and_sent(
    qtbot, tmp_path: Path, backoffice
) -> None:
    win, bridge = start(qtbot, tmp_path, backoffice.url)
    try:
        to_confirm(qtbot, win, sample_person("张小三"))
        click(win, "commitment")
        assert win.current_page() == "commitment"
        page = win.pages["commitment"]
        qtbot.waitUntil(lambda: page.panel.eligibility is not None, timeout=10000)
        assert page.panel.eligibility.allowed
        assert "居住证明" in page.panel.text.text()
        sign_with_mouse(page.panel.signature.pad)
        png = page.panel.png()
        click(win, "commitment_sign")
        qtbot.waitUntil(lambda: win.current_page() == "confirm", timeout=10000)
        assert "以告知承诺代替" in win.pages["confirm"].summary.text()
        assert page.panel.signature.is_empty()  # the signature left the screen
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        c = win.submitted
        assert c.commitment is not None
        assert next(m for m in c.materials if m.code == REPLACED).status is (
            MaterialStatus.COMMITMENT
        )
        qtbot.waitUntil(lambda: len(win.rt.a4.virtual.jobs) == 1, timeout=20000)
        pdf = win.rt.a4.virtual.jobs[0][1]
        subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "sig")], check=True)
        (image,) = sorted(tmp_path.glob("sig-*.png"))
        drawn = Image.open(io.BytesIO(png)).convert("RGB")
        assert Image.open(image).convert("RGB").tobytes() == drawn.tobytes()
        # the receipt says 告知承诺
        jobs = win.rt.devices.virtual_printer.wait_jobs(1)
        assert "告知承诺：居住证明" in jobs[-1].transcript
        qtbot.waitUntil(lambda: backoffice.store.get_case(c.id) is not None, timeout=20000)
        assert backoffice.store.read_file(c.commitment.signature_file_id) == png
    finally:
        bridge.close()


def test_a_listed_citizen_sees_why(qtbot, tmp_path: Path, backoffice) -> None:
    win, bridge = start(qtbot, tmp_path, backoffice.url)
    try:
        to_confirm(qtbot, win, sample_person("欧阳明华"))  # the sample credit row (样例数据)
        click(win, "commitment")
        page = win.pages["commitment"]
        qtbot.waitUntil(lambda: page.panel.eligibility is not None, timeout=10000)
        assert "失信名单" in page.panel.status.text()
        assert "请提交证明材料" in page.panel.status.text()
        assert not page.panel.signature.isEnabled() and not page.sign_btn.isEnabled()
        click(win, "back_confirm")
        assert win.current_page() == "confirm" and win.case.commitment is None
    finally:
        bridge.close()


def test_offline_the_config_rule_decides(qtbot, tmp_path: Path) -> None:
    win, bridge = start(qtbot, tmp_path, "http://127.0.0.1:9")  # no back office there
    try:
        to_confirm(qtbot, win, sample_person("张小三"))
        click(win, "commitment")
        page = win.pages["commitment"]
        qtbot.waitUntil(lambda: page.panel.eligibility is not None, timeout=15000)
        e = page.panel.eligibility
        assert e.offline and not e.allowed  # the default rule: refuse
        assert "暂时无法查询信用记录" in page.panel.status.text()
    finally:
        bridge.close()
