"""网上预审件 at the counter (issue 16, item 6): pulled, checked, accepted on the spot.

Citizens apply on the back office's public page with uploads (over HTTP), a
reviewer pre-reviews on the staff pages; at a real counter window signed in
with a staff account the clerk pulls one by its number and one by the
applicant's card (the virtual reader), checks each original (一致, or 不一致
and rescanned on the virtual camera), and accepts: the 即办 case is submitted,
its receipt printed (decoded by the virtual printer) says 当场办结 and what
was decided, and at the back office the case arrives with the uploaded scans
(source online), linked to the application and 已出件 at once. A second pull
says it was taken; an application not pre-reviewed cannot be accepted.
"""

from __future__ import annotations

from core.case import CaseState
from tests._online_fixture import INSTANT_ITEM, apply_online, number_of, pre_review, sample_jpeg
from tests.factories import id_number, identity
from tests.gui_helpers import click, open_counter, sign_in_clerk


def _pull_by_number(qtbot, page, number: str) -> None:
    page.number.setText(number)
    click(page.win, "online_lookup")
    qtbot.waitUntil(lambda: page.app is not None and page.app.number == number, timeout=10000)


def _wait_scans(qtbot, page) -> None:
    qtbot.waitUntil(lambda: bool(page.scans), timeout=10000)


def _accept(qtbot, win, bo, page) -> object:
    click(win, "online_accept")
    qtbot.waitUntil(lambda: page.accepted is not None, timeout=15000)
    qtbot.waitUntil(lambda: page.print_state == "ok", timeout=15000)
    case = page.accepted.case
    qtbot.waitUntil(lambda: bo.store.case_status(case.id) is not None, timeout=20000)
    qtbot.waitUntil(
        lambda: bo.store.case_status(case.id)["state"] == CaseState.DELIVERED.value,
        timeout=20000,
    )
    return case


def test_pull_by_number_and_card_check_originals_accept_and_print(qtbot, tmp_path, backoffice):
    applicant = identity()
    first = number_of(apply_online(backoffice.url, applicant.name, applicant.id_number))
    second = number_of(
        apply_online(
            backoffice.url, applicant.name, applicant.id_number, **{"M-ID-001": sample_jpeg()}
        )
    )
    other = identity(name="网申乙", id_number=id_number(seq="135"))
    waiting = number_of(apply_online(backoffice.url, other.name, other.id_number))
    pre_review(backoffice, first)
    pre_review(backoffice, second)

    win, bridge = open_counter(qtbot, tmp_path, backoffice.url)
    try:
        sign_in_clerk(qtbot, win, backoffice)
        assert win.current_page() == "card"
        click(win, "show_online")
        assert win.current_page() == "online"
        page = win.pages["online"]

        # Not pre-reviewed: it says why and cannot be accepted.
        _pull_by_number(qtbot, page, waiting)
        _wait_scans(qtbot, page)
        assert "等待预审" in page.msg.text()
        assert not page.accept_btn.isEnabled() and not page.same_btn.isEnabled()

        # By number: the first original matches, the second does not and is rescanned.
        _pull_by_number(qtbot, page, first)
        _wait_scans(qtbot, page)
        assert page.materials.count() == 2 and not page.accept_btn.isEnabled()
        assert page.preview.pixmap() is not None and not page.preview.pixmap().isNull()
        page.materials.setCurrentRow(0)
        click(win, "online_same")
        assert page.materials.currentRow() == 1 and "待核验" in page.materials.item(1).text()
        click(win, "online_differ")
        assert page.view.currentWidget() is page.camera
        qtbot.waitUntil(lambda: page.camera.last_frame is not None, timeout=5000)
        assert not page.accept_btn.isEnabled()
        page.capture()
        qtbot.waitUntil(lambda: bool(page.rescans.get("M-LAB-002")), timeout=10000)
        assert page.accept_btn.isEnabled()
        case = _accept(qtbot, win, backoffice, page)
        transcript = win.rt.devices.virtual_printer.wait_jobs(1)[-1].transcript
        assert case.receipt_no in transcript and "当场办结" in transcript
        assert "准予办理" in transcript and first in transcript
        assert "网上申报材料，原件已核验" in transcript and "C0012" in transcript
        held = backoffice.store.get_case(case.id)
        sources = {m.code: m.source for m in held.materials}
        assert sources == {"M-ID-001": "online", "M-LAB-002": ""}
        assert held.form["education"] == "本科"
        scan = next(m for m in held.materials if m.code == "M-ID-001").files[0]
        assert backoffice.store.read_file(scan.id) == sample_jpeg()
        assert backoffice.store.online_application(first)["taken_receipt_no"] == case.receipt_no

        # A second pull says it was taken (and by which receipt).
        _pull_by_number(qtbot, page, first)
        assert "已当场受理过" in page.msg.text() and case.receipt_no in page.msg.text()
        assert not page.accept_btn.isEnabled()

        # By card: the holder's applications; the second one is accepted as it was uploaded.
        page.new()
        win.rt.devices.virtual_reader.present(applicant)
        qtbot.waitUntil(lambda: page.found.count() == 2, timeout=10000)
        row = next(i for i, a in enumerate(page.apps) if a.number == second)
        page.found.setCurrentRow(row)
        qtbot.waitUntil(lambda: page.app is not None and page.app.number == second, timeout=5000)
        _wait_scans(qtbot, page)
        click(win, "online_same")
        assert page.accept_btn.isEnabled()
        by_card = _accept(qtbot, win, backoffice, page)
        assert by_card.id != case.id and by_card.item_code == INSTANT_ITEM
        assert backoffice.store.online_application(second)["state"] == "taken"
    finally:
        bridge.close()
