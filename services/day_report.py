"""The window's 日报: made from this device's store (and the hall queue), printed on the
receipt printer or as an A4 PDF.

``day_report`` reads the day's cases and 好差评 records from the local store and,
where the window calls tickets, its figures from the hall server (skipped,
not failed, when the hall server is away); core.day_report does the counting.
``report_pdf`` draws the same rows on an A4 page (fpdf2, Noto Sans CJK);
``print_report`` and ``print_report_a4`` send them to the printers. They read
the store and the network: call them off the GUI thread; any thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from core.day_report import DayReport, QueueFigures, build_report, report_document, report_lines
from core.errors import OneWindowError
from services.printing import PrintJob

if TYPE_CHECKING:
    from services.runtime import Runtime

log = logging.getLogger(__name__)

PRINT_WAIT_S = 60.0
_SC_INDEX = 2  # "Noto Sans CJK SC" in the collection


def day_report(
    rt: Runtime, *, clerk: str = "", clerk_label: str = "", day: dt.date | None = None
) -> DayReport:
    """The day (today unless given) of ``clerk`` (a staff number), or of the whole window."""
    day = day or dt.date.today()
    start = dt.datetime.combine(day, dt.time.min).astimezone().astimezone(dt.UTC)
    since = start.isoformat(timespec="milliseconds")
    cases = rt.store.list_cases(limit=5000)
    evaluations = rt.store.list_records("evaluation", since)
    queue = None
    window = rt.config.hall.window if rt.calling is not None else ""
    if rt.calling is not None and day == dt.date.today():
        try:
            st = rt.calling.state()
            queue = QueueFigures(st.served_today, st.no_shows_today, st.avg_service_s)
        except OneWindowError as exc:  # the report goes on without the queue's figures
            log.info("day report without the queue: %s", exc.code)
    return build_report(
        cases,
        evaluations,
        day=day,
        hall_name=rt.config.hall_name,
        device_code=rt.config.device_code,
        clerk=clerk,
        clerk_label=clerk_label,
        window=window,
        queue=queue,
    )


def print_report(rt: Runtime, report: DayReport, actor: str) -> PrintJob:
    """On the receipt printer (kept in the print log like any slip)."""
    return rt.printing.print(report_document(report), actor=actor)


def report_pdf(report: DayReport) -> bytes:
    """The report on one A4 page (more pages when the items run long)."""
    from fpdf import FPDF  # loaded with the first report, not at start

    from drivers.fonts import cjk_font_path

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creator("OneWindow")
    pdf.set_title(f"窗口日报 {report.device_code} {report.day.isoformat()}")
    pdf.add_font("cjk", "", str(cjk_font_path()), collection_font_number=_SC_INDEX)
    pdf.add_font("cjk", "B", str(cjk_font_path(bold=True)), collection_font_number=_SC_INDEX)
    pdf.add_page()
    pdf.set_font("cjk", "B", 20)
    pdf.cell(0, 14, "窗口日报", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 12)
    pdf.cell(0, 8, report.hall_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for key, value in report_lines(report):
        indented = key.startswith("　")  # an item or a level under its total
        pdf.set_font("cjk", "" if indented else "B", 12)
        label = "    " + key.strip() if indented else key
        pdf.cell(70, 9, label, border="B", new_x="RIGHT", new_y="TOP")
        pdf.set_font("cjk", "", 12)
        pdf.cell(0, 9, value, border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", "", 10)
    now = dt.datetime.now().astimezone()
    pdf.cell(0, 8, f"打印时间：{now:%Y-%m-%d %H:%M}", align="R")
    return bytes(pdf.output())


def print_report_a4(rt: Runtime, report: DayReport) -> str:
    """On the A4 printer (drivers.a4); the printer's job id."""
    title = f"窗口日报 {report.device_code} {report.day.isoformat()}"
    return rt.a4.print_pdf(report_pdf(report), title).result(timeout=PRINT_WAIT_S)
