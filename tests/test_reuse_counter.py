"""材料复用 and 电子证照 at the counter (issue 16 item 5): the real back office over HTTP.

张小三's earlier 结婚登记 was accepted (its 身份证 and 户口簿 kept in the
电子材料库). At the window the clerk reads his card, takes in 出生登记,
records his oral consent, reuses the 户口簿 and fetches the 结婚证 from the
e-licence registry (样例数据) instead of scanning them; the case reaches the
back office with both attached, the consent and the trail. With the back
office gone, the offer is not there and the page says why.
"""

from __future__ import annotations

import re

import requests

from onewindow.tour import fill_form
from tests._reuse_fixture import HOLDER, file_earlier_case
from tests._staff_fixture import PASSWORD
from tests.gui_helpers import click, open_counter, sign_in_clerk

ITEM = "440604-GA-0004"  # 出生登记（新生儿入户）: 身份证, 出生医学证明, 户口簿, 结婚证


def staff_page(bo, path: str) -> str:
    """``path`` of the staff pages as a supervisor signed in over plain HTTP."""
    add_supervisor(bo)
    http = requests.Session()
    form = http.get(f"{bo.url}/staff/sign-in", timeout=5)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    login = {"login": "sup1", "password": PASSWORD, "csrf": token[1]}
    r = http.post(f"{bo.url}/staff/sign-in", data=login, allow_redirects=False, timeout=5)
    assert r.status_code == 303, r.text
    page = http.get(f"{bo.url}{path}", timeout=10)
    assert page.status_code == 200, page.text
    return page.text


def add_supervisor(bo) -> None:
    if bo.store.staff("sup1") is None:
        bo.store.add_staff("sup1", "值班长", "supervisor", PASSWORD)


def _row(win, code: str) -> int:
    return next(i for i, m in enumerate(win.case.materials) if m.code == code)


def _open_materials(qtbot, win) -> None:
    win.rt.devices.virtual_reader.present(HOLDER)
    qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
    click(win, "card_next")
    win.pages["item"].item_list.setCurrentRow(-1)  # the list keeps the last intake's row
    win.select_item(ITEM)
    click(win, "item_next")
    assert win.current_page() == "materials", win.pages["item"].item_msg.text()
    win.camera.auto_box.setChecked(False)  # pictures only when the test takes them


def test_reuse_and_an_e_licence_reach_the_back_office(qtbot, tmp_path, backoffice):
    earlier = file_earlier_case(backoffice, tmp_path, None)
    win, bridge = open_counter(qtbot, tmp_path, backoffice.url)
    try:
        sign_in_clerk(qtbot, win, backoffice)
        _open_materials(qtbot, win)
        panel = win.pages["materials"].reuse
        assert not panel.use_btn.isEnabled()  # nothing offered before the consent
        click(win, "reuse_consent_oral")
        qtbot.waitUntil(lambda: len(panel.offers) > 0, timeout=10000)
        assert set(panel.offers.kept) == {"M-ID-001", "M-HK-001"}
        assert set(panel.offers.licences) == {"M-MAR-001"}  # no 出生医学证明 for him
        row = _row(win, "M-HK-001")
        assert "可复用" in win.checklist.item(row).text()
        win.checklist.setCurrentRow(row)
        assert panel.use_btn.isEnabled() and panel.use_btn.text() == "复用该材料"
        click(win, "reuse_attach")
        qtbot.waitUntil(lambda: "材料复用" in win.checklist.item(row).text(), timeout=10000)
        assert win.case.materials[row].source == "reuse"
        mar = _row(win, "M-MAR-001")
        win.checklist.setCurrentRow(mar)
        assert panel.use_btn.text() == "调取电子证照"
        click(win, "reuse_attach")
        qtbot.waitUntil(lambda: win.checklist.item(mar).text().startswith("✔"), timeout=30000)
        assert win.case.materials[mar].source == "elicence"
        # the rest as usual: the form, and scans of what is still missing
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        fill_form(win.form)
        for i, m in enumerate(win.case.materials):
            if not m.files:
                win.checklist.setCurrentRow(i)
                win.capture()
        click(win, "submit")
        (
            qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000),
            win.material_msg.text(),
        )
        case_id = win.submitted.id
        win.rt.sync.sync_now()
        qtbot.waitUntil(lambda: backoffice.store.get_case(case_id) is not None, timeout=20000)
        got = backoffice.store.get_case(case_id)
        by_code = {m.code: m for m in got.materials}
        hk, marriage = by_code["M-HK-001"], by_code["M-MAR-001"]
        assert hk.source == "reuse" and marriage.source == "elicence" and marriage.reference
        kept = next(m for m in earlier.materials if m.code == "M-HK-001").files[0]
        assert hk.files[0].sha256 == kept.sha256  # the very copy the earlier case brought
        assert backoffice.store.read_file(marriage.files[0].id)[:4] == b"%PDF"
        assert got.reuse_consent is not None and got.reuse_consent.how == "oral"
        assert set(got.reuse_consent.scope) == {"library", "elicence"}
        kinds = [e.kind for e in got.events]
        assert "reuse_consent" in kinds and kinds.count("material_reused") == 2
        origin = backoffice.store.reuse_origins(got)
        assert origin["M-HK-001"] == {"receipt_no": earlier.receipt_no, "verified": True}
        # the case page shows them as such, and the consent
        page = staff_page(backoffice, f"/staff/cases/{case_id}")
        assert f"材料复用：来自 {earlier.receipt_no}" in page and "与电子材料库不符" not in page
        assert "电子证照（样例数据）" in page and "口头同意（窗口人员记录）" in page
        # without the back office: no offer, and the words say why
        backoffice.stop()
        click(win, "new_intake")
        _open_materials(qtbot, win)
        click(win, "reuse_consent_oral")
        qtbot.waitUntil(lambda: "暂时无法连接后台" in panel.msg.text(), timeout=30000)
        assert not len(panel.offers) and not panel.use_btn.isEnabled()
    finally:
        bridge.close()
