"""A case's full trail as a printable A4 PDF (办件全过程记录, 电子监察): ``audit export --pdf``.

What it prints is what ``audit export`` writes as JSON (codes, state, body
digest, every event; never the applicant's name, ID number, address or
phone) and what ``audit verify``'s case checks say about it
(backoffice.audit_verify.check_one_case): whether the trail verifies, and
whether the device's seal holds, with the first break named. The page is a
QTextDocument laid out on A4 and painted onto a QPdfWriter, with the export
time, the back office's audit key id and the page number in each page's
footer. Needs a QGuiApplication (made offscreen when there is none); the
thread that owns it only.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

from backoffice.audit_verify import PROBLEMS_ZH, Break, CaseCheck
from backoffice.web.view import EVENT_NAMES, STATE_NAMES

# Latin letters and digits from a Latin font: Qt's PDF writer maps a CJK font's digits
# to no text, so the receipt number would not be found by a search of the PDF.
LATIN_FONTS = ("DejaVu Sans", "Liberation Sans", "Noto Sans")
FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei")
ACTOR_NAMES = {"citizen": "申请人", "backoffice": "后台", "device": "设备"}
CHANNEL_NAMES = {"kiosk": "自助终端", "counter": "窗口", "station": "工作站"}


def _local(at: dt.datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _break_html(found: Break) -> str:
    zh = PROBLEMS_ZH.get(found.problem)
    if zh is None and found.problem.startswith("the body is not a case"):
        zh = "存储内容不是办件：已被改动"
    words = html.escape(zh or found.problem)
    return f"<b>{words}</b><br/><small>{html.escape(found.describe())}</small>"


def _kind(kind: str, detail: dict[str, object]) -> str:
    name = EVENT_NAMES.get(kind, kind)
    if kind == "state":
        frm, to = str(detail.get("from", "")), str(detail.get("to", ""))
        name += f"：{STATE_NAMES.get(frm, frm)} → {STATE_NAMES.get(to, to)}"
    return name


def trail_html(check: CaseCheck, key_id: str) -> str:
    """The page's content (no footer) as QTextDocument HTML."""
    case = check.case
    e = html.escape
    rows: list[tuple[str, str]] = [("受理编号", check.receipt_no), ("办件编号", check.case_id)]
    if case is not None:
        channel = CHANNEL_NAMES.get(case.channel, case.channel)
        rows += [
            ("事项", f"{case.item_name}（{case.item_code}）"),
            ("大厅 / 设备", f"{case.hall_code} / {case.device_code}（{channel}）"),
            ("状态", STATE_NAMES.get(case.state.value, case.state.value)),
            ("内容摘要", case.body_digest()),
            ("事件数", f"共 {len(case.events)} 条"),
        ]
    else:
        rows.append(("状态", STATE_NAMES.get(check.state, check.state)))
    if check.trail is None:
        rows.append(("全过程记录", "<b>完整</b>：每条事件与前一条衔接，内容未被改动"))
    else:
        rows.append(("全过程记录", "<b>未通过核验</b>：" + _break_html(check.trail)))
    if check.seal is not None:
        rows.append(("设备签章", "<b>无效</b>：" + _break_html(check.seal)))
    elif check.trail is not None:  # audit verify checks a seal only over a sound trail
        rows.append(("设备签章", "未核验（全过程记录未通过核验）"))
    elif check.signed:
        rows.append(("设备签章", "有效：签章与设备登记的密钥、办件内容和提交时的事件相符"))
    else:
        rows.append(("设备签章", "无（该设备登记时尚未启用签章）"))
    info = "".join(
        f"<tr><td width='22%' bgcolor='#f0f0f0'>{e(k)}</td><td>"
        f"{v if k in ('全过程记录', '设备签章') else e(v)}</td></tr>"
        for k, v in rows
    )
    events = ""
    if case is not None:
        body = "".join(
            f"<tr><td align='right'>{ev.seq + 1}</td><td>{e(_local(ev.at))}</td>"
            f"<td>{e(_kind(ev.kind, ev.detail))}</td>"
            f"<td>{e(ACTOR_NAMES.get(ev.actor, ev.actor))}</td><td>{e(ev.device)}</td>"
            f"<td><tt>{e(ev.hash[:16])}</tt></td></tr>"
            for ev in case.events
        )
        events = (
            "<h3>事件记录</h3><table width='100%' border='1' cellspacing='0' cellpadding='4'>"
            "<thead><tr bgcolor='#e0e0e0'><th>序号</th><th>时间</th><th>环节</th><th>经办</th>"
            f"<th>设备</th><th>事件哈希（前16位）</th></tr></thead><tbody>{body}</tbody></table>"
        )
    else:
        events = "<p>存储的办件内容无法读取，事件记录无法列出。</p>"
    return (
        "<h1 align='center'>办件全过程记录</h1>"
        "<p align='center'>全过程留痕 · 电子监察</p>"
        f"<table width='100%' border='1' cellspacing='0' cellpadding='4'>{info}</table>"
        f"{events}"
        f"<p><small>核验方法与 <tt>onewindow backoffice audit verify</tt> 对本办件的检查相同；"
        f"后台审计签名密钥 {e(key_id)}。本记录不含申请人个人信息。</small></p>"
    )


def write_trail_pdf(path: Path, check: CaseCheck, key_id: str) -> int:
    """Write ``check``'s case trail to ``path`` as an A4 PDF; the number of pages."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QFont,
        QFontDatabase,
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    _app = QGuiApplication.instance() or QGuiApplication(["onewindow"])
    families = QFontDatabase.families()
    chosen = [next((f for f in fonts if f in families), "") for fonts in (LATIN_FONTS, FONTS)]
    exported = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")

    writer = QPdfWriter(str(path))
    writer.setPdfVersion(QPdfWriter.PdfVersion.PdfVersion_A1b)  # archival: fonts embedded
    writer.setTitle(f"办件全过程记录 {check.receipt_no}")
    writer.setCreator("OneWindow 一窗通")
    writer.setResolution(96)  # the text is vector either way; table padding is in pixels
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    try:
        page = QRectF(painter.viewport())  # the printable area, in device pixels
        font = QFont()
        font.setFamilies([f for f in chosen if f])
        font.setPointSize(10)
        small = QFont(font)
        small.setPointSize(8)
        footer_h = 8 / 72 * 96 * 4.0  # two lines and a gap above them
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setPageSize(QSizeF(page.width(), page.height() - footer_h))
        doc.setHtml(trail_html(check, key_id))
        pages = doc.pageCount()
        for n in range(pages):
            if n:
                writer.newPage()
            painter.save()
            top = n * doc.pageSize().height()
            painter.translate(0, -top)
            doc.drawContents(painter, QRectF(0, top, page.width(), doc.pageSize().height()))
            painter.restore()
            painter.setFont(small)
            painter.drawText(
                QRectF(0, page.height() - footer_h, page.width(), footer_h),
                int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft),
                f"导出时间 {exported}　后台审计密钥 {key_id}\n受理编号 {check.receipt_no}",
            )
            painter.drawText(
                QRectF(0, page.height() - footer_h, page.width(), footer_h),
                int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight),
                f"第 {n + 1} 页 / 共 {pages} 页",
            )
    finally:
        painter.end()
    return pages
