"""告知承诺 at the counter, end to end: a real back office over HTTP, the virtual card
reader, camera and A4 printer. The applicant signs on the pad (mouse drags); the printed
承诺书's image (poppler's pdfimages) is the signature; the back office has both files.
A listed applicant (the sample credit row) sees why and hands in the proof instead."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import requests
from PIL import Image

from core.case import MaterialStatus
from tests.gui_helpers import (
    COMMITMENT_ITEM,
    COMMITMENT_MATERIAL,
    TEST_CLERK_PASSWORD,
    click,
    fill_empty,
    open_counter,
    sample_person,
    scan_all_but,
    sign_in_clerk,
    sign_with_mouse,
)

ITEM, REPLACED = COMMITMENT_ITEM, COMMITMENT_MATERIAL


def to_materials(qtbot, win, who) -> None:
    win.rt.devices.virtual_reader.present(who)
    qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
    click(win, "card_next")
    win.select_item(ITEM)
    click(win, "item_next")
    assert win.current_page() == "materials"
    qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
    fill_empty(win)
    scan_all_but(qtbot, win, REPLACED)


def staff_web(bo) -> requests.Session:
    """A supervisor signed in through the staff pages' form (a browser's session)."""
    bo.store.add_staff("s0009", "值班长乙", "supervisor", TEST_CLERK_PASSWORD)
    s = requests.Session()
    form = s.get(f"{bo.url}/staff/sign-in", timeout=5).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    r = s.post(
        f"{bo.url}/staff/sign-in",
        data={"login": "s0009", "password": TEST_CLERK_PASSWORD, "csrf": csrf},
        timeout=5,
    )
    assert r.status_code == 200, r.text
    return s


def start(qtbot, tmp_path: Path, backoffice):
    win, bridge = open_counter(qtbot, tmp_path, backoffice.url)
    sign_in_clerk(qtbot, win, backoffice)
    return win, bridge


def test_a_commitment_case_is_signed_printed_with_the_signature_and_reaches_the_back_office(
    qtbot, tmp_path: Path, backoffice
) -> None:
    win, bridge = start(qtbot, tmp_path, backoffice)
    try:
        to_materials(qtbot, win, sample_person("张小三"))
        click(win, "submit")
        assert win.current_page() == "commitment", win.form.validate()
        page = win.pages["commitment"]
        qtbot.waitUntil(lambda: page.panel.eligibility is not None, timeout=10000)
        assert page.panel.eligibility.allowed
        assert "居住证明" in page.panel.text.text()
        assert not page.sign_btn.isEnabled()  # nothing signed yet
        sign_with_mouse(page.panel.signature.pad)
        assert page.sign_btn.isEnabled()
        png = page.panel.png()
        click(win, "commitment_sign")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=15000)
        c = win.submitted
        assert c.commitment is not None
        m = next(m for m in c.materials if m.code == REPLACED)
        assert m.status is MaterialStatus.COMMITMENT
        # the 承诺书 on the virtual A4 printer carries the signature image
        qtbot.waitUntil(lambda: len(win.rt.a4.virtual.jobs) == 1, timeout=20000)
        pdf = win.rt.a4.virtual.jobs[0][1]
        subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "sig")], check=True)
        (image,) = sorted(tmp_path.glob("sig-*.png"))
        printed = Image.open(image).convert("RGB")
        drawn = Image.open(io.BytesIO(png)).convert("RGB")
        assert printed.size == drawn.size
        assert printed.tobytes() == drawn.tobytes()  # the very pixels drawn
        qtbot.waitUntil(lambda: "已打印" in page.win.pages["done"].commitment_note.text(),
                        timeout=10000)  # fmt: skip
        # the back office has the case, its 承诺书 and the signature
        qtbot.waitUntil(lambda: backoffice.store.get_case(c.id) is not None, timeout=20000)
        there = backoffice.store.get_case(c.id)
        assert there.commitment.signature_file_id == c.commitment.signature_file_id
        assert backoffice.store.read_file(c.commitment.signature_file_id) == png
        # the case page shows the signed 承诺书: the signature image and the letter
        web = staff_web(backoffice)
        page_html = web.get(f"{backoffice.url}/staff/cases/{c.id}", timeout=10).text
        assert 'id="commitment-signature"' in page_html and "居住证明" in page_html
        src = re.search(r'src="([^"]+)" alt="申请人签名"', page_html)
        img = web.get(f"{backoffice.url}{src.group(1)}", timeout=10)
        assert img.status_code == 200 and img.content == png
    finally:
        bridge.close()


def test_a_listed_applicant_sees_why_and_hands_in_the_proof(qtbot, tmp_path, backoffice) -> None:
    win, bridge = start(qtbot, tmp_path, backoffice)
    try:
        to_materials(qtbot, win, sample_person("欧阳明华"))  # the sample credit row (样例数据)
        click(win, "submit")
        page = win.pages["commitment"]
        qtbot.waitUntil(lambda: page.panel.eligibility is not None, timeout=10000)
        assert not page.panel.eligibility.allowed
        assert "失信名单" in page.panel.status.text()
        assert not page.panel.signature.isEnabled()
        sign_with_mouse(page.panel.signature.pad)
        assert not page.sign_btn.isEnabled()
        click(win, "commitment_back")
        assert win.current_page() == "materials"
        # nothing lost: the scans are still there; the proof is simply still owed
        assert all(m.files for m in win.case.materials if m.code in ("M-ID-001", "M-PH-001"))
    finally:
        bridge.close()
