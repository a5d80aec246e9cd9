"""The clerk's case list (search, filters, today's totals) and the window's 日报: counted
from real cases and ratings in the device's store, printed on the virtual receipt printer
and as an A4 PDF on the virtual A4 printer (its text read back with Qt's PDF reader)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtPdf import QPdfDocument

from core.case import Case, CaseState, MaterialStatus
from core.catalog import Catalog
from core.day_report import build_report, report_lines
from core.intake import start_case, submit_case
from tests._backoffice_fixture import DEVICE_CATALOG, ITEM_CODE, fake_jpeg, sample_identity
from tests.factories import identity
from tests.gui_helpers import click, open_counter, sign_in_clerk


def _case(store, actor: str, *, name: str = "张三", defer: bool = False) -> Case:
    """A case taken in by ``actor`` at C01 and saved with its outbox entry."""
    item = Catalog.model_validate(DEVICE_CATALOG).item(ITEM_CODE)
    who = identity(name=name) if name != "张三" else sample_identity()
    case = start_case(
        item, who, hall_code="FS01", device_code="C01", channel="counter", actor=actor
    )
    case.add_file("M01", store.save_file(fake_jpeg(), "M01.jpg", "image/jpeg"))
    if defer:  # 容缺: the photo follows later
        next(m for m in case.materials if m.code == "M02").status = MaterialStatus.DEFICIENT
    else:
        case.add_file("M02", store.save_file(fake_jpeg("2"), "M02.jpg", "image/jpeg"))
    receipt = store.next_receipt_no("FS01", "C01", dt.date.today())
    submit_case(case, item, receipt_no=receipt, actor=actor)
    store.submit_case(case)
    return case


def test_the_day_is_counted_per_clerk_and_for_the_window() -> None:
    item = Catalog.model_validate(DEVICE_CATALOG).item(ITEM_CODE)
    today = dt.date.today()

    def taken(actor: str, delivered_by: str = "") -> Case:
        c = start_case(item, sample_identity(), hall_code="FS01", device_code="C01",
                       channel="counter", actor=actor)  # fmt: skip
        c.transition(CaseState.SUBMITTED, actor)
        c.log("submitted", actor, {})
        if delivered_by:
            for to in (CaseState.SYNCED, CaseState.ACCEPTED, CaseState.READY):
                c.transition(to, "backoffice")
            c.transition(CaseState.DELIVERED, delivered_by, "窗口出件")
        return c

    cases = [taken("C0012"), taken("C0012", delivered_by="C0013"), taken("C0013")]
    now = dt.datetime.now().astimezone()
    ratings = [
        {"at": now.isoformat(), "level": 5, "staff": "C0012"},
        {"at": now.isoformat(), "level": 2, "staff": "C0013"},
        {"at": (now - dt.timedelta(days=1)).isoformat(), "level": 1, "staff": "C0012"},
    ]
    mine = build_report(cases, ratings, day=today, hall_name="厅", device_code="C01",
                        clerk="C0012", clerk_label="C0012 测试员")  # fmt: skip
    assert (mine.cases, mine.hand_overs, mine.ratings) == (2, 0, {5: 1})
    window = build_report(cases, ratings, day=today, hall_name="厅", device_code="C01")
    assert (window.cases, window.hand_overs, window.ratings) == (3, 1, {5: 1, 2: 1})
    rows = dict(report_lines(window))
    assert rows["经办人"] == "本窗口全部人员" and rows["受理"] == "3 件"
    assert rows[f"　{item.name}"] == "3 件" and rows["出件"] == "1 件"
    yesterday = build_report(cases, ratings, day=today - dt.timedelta(days=1), hall_name="厅",
                             device_code="C01")  # fmt: skip
    assert yesterday.cases == 0 and yesterday.ratings == {1: 1}


def test_search_filters_totals_and_the_printed_report(qtbot, tmp_path: Path, backoffice) -> None:
    win, bridge = open_counter(qtbot, tmp_path, backoffice.url)
    try:
        sign_in_clerk(qtbot, win, backoffice)
        store = win.rt.store
        first = _case(store, "C0012", name="李四")
        _case(store, "C0012", defer=True)
        _case(store, "C0099")  # another clerk at this window
        win.show_page("cases")
        page = win.pages["cases"]
        assert win.cases_list.count() == 3
        assert "今日：受理 3 件（容缺 1 件）" in page.totals.text()
        page.search.setText(first.receipt_no[-4:])
        assert [first.receipt_no in win.cases_list.item(i).text()
                for i in range(win.cases_list.count())] == [True]  # fmt: skip
        page.search.setText("李四")  # the name is searched, and shown masked
        assert win.cases_list.count() == 1 and "李*" in win.cases_list.item(0).text()
        assert "李四" not in win.cases_list.item(0).text()
        page.search.setText("")
        page.state_filter.setCurrentIndex(page.state_filter.findData("owed"))
        assert win.cases_list.count() == 1  # the 容缺 case owes its material

        click(win, "show_report")
        report = win.pages["report"]
        qtbot.waitUntil(lambda: report.report is not None, timeout=10000)
        assert report.report.cases == 2 and report.report.deficiencies == 1
        assert "C0012 测试员" in report.view.text()
        report.scope.setCurrentIndex(report.scope.findData("window"))
        qtbot.waitUntil(lambda: report.report.cases == 3, timeout=10000)

        click(win, "report_print")
        qtbot.waitUntil(lambda: report.msg.text() != "", timeout=10000)
        assert "凭条打印机" in report.msg.text(), report.msg.text()
        vp = win.rt.devices.virtual_printer
        qtbot.waitUntil(lambda: len(vp.jobs()) == 1, timeout=10000)
        job = vp.jobs()[-1]
        assert "窗口日报" in job.transcript and "受理：3 件" in job.transcript
        assert "李四" not in job.transcript
        click(win, "report_a4")
        qtbot.waitUntil(lambda: len(win.rt.a4.virtual.jobs) == 1, timeout=30000)
        pdf = QPdfDocument()
        pdf.load(str(win.rt.a4.virtual.jobs[0][1]))
        text = pdf.getAllText(0).text()
        assert "窗口日报" in text and "3 件" in text
    finally:
        bridge.close()
