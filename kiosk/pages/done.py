"""The kiosk's done page: the receipt number, the receipt's printing, and 好差评."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout

from core.case import Case
from kiosk.pages.base import KioskPage
from services.commitment import print_letter
from services.printing import PrintJob
from services.submission import evaluate, print_receipt
from widgets.errors import citizen_text, report_fault
from widgets.evaluation import evaluation_card
from widgets.i18n import tr
from widgets.pages import button
from widgets.touch import fit_lines

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

# px of text on the finish button: English goes over lines, and the page with the
# rating panel beside it fits a 1080 px wide portrait screen.
FINISH_TEXT = 200


class DonePage(KioskPage):
    """Shows what was submitted and follows its receipt. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.timeout.connect(self._after_thanks)
        lay = self.page_layout(tr("提交成功"))
        # The rating beside the receipt number; under it on a portrait screen.
        self.row = row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(16)
        left = QVBoxLayout()
        self.done_text = QLabel("", self)
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.RichText)
        self.done_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        left.addWidget(self.done_text, 1)
        self.print_msg = QLabel("", self)
        self.print_msg.setProperty("role", "subtitle")
        self.print_msg.setWordWrap(True)
        left.addWidget(self.print_msg)
        self.card_note = QLabel(tr("请取回身份证"), self)  # when a card was read this session
        self.card_note.setObjectName("take_card")
        self.card_note.setProperty("role", "subtitle")
        self.card_note.setStyleSheet("color:#b26a00;font-weight:bold;")
        self.card_note.hide()
        left.addWidget(self.card_note)
        again = button(tr("完成，返回首页"), self, name="finish", primary=True, big=True)
        fit_lines(again, FINISH_TEXT)
        again.clicked.connect(win.reset_session)
        left.addWidget(again)
        row.addLayout(left, 2)
        card, self.evaluation = evaluation_card(self, margin=12)
        self.evaluation.submitted.connect(self._on_evaluated)
        row.addWidget(card, 3)
        lay.addLayout(row, 1)
        win.intake.print_msg = self.print_msg

    def arrange(self, size: QSize) -> None:
        """Portrait or landscape, for the page's size (also called as the page shows)."""
        portrait = size.height() > size.width()
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def resizeEvent(self, e: QResizeEvent) -> None:
        self.arrange(e.size())
        super().resizeEvent(e)

    def reset(self) -> None:
        # An evaluation is saved the moment it is submitted; one not submitted is skipped.
        self._thanks_timer.stop()
        self.evaluation.reset()
        self.card_note.hide()

    def card_taken(self) -> None:
        """The card left its slot: the reminder has done its job."""
        self.card_note.hide()

    def show_submitted(self, c: Case) -> None:
        due = f"{c.promised_date:%Y-%m-%d}" if c.promised_date else ""
        lines = [
            f"<p style='font-size:26px'>{tr('受理编号')}：<b>{c.receipt_no}</b></p>",
            f"<p>{tr('办理事项')}：{c.item_name}</p>",
            f"<p>{tr('承诺办结日期')}：{due}</p>",
        ]
        if c.bundle_items:  # 一件事: how many items (the confirm page and the receipt list
            # them; a list here would grow the page past a 1280×800 screen)
            count = tr("%n个事项").replace("%n", str(len(c.bundle_items)))
            lines[1] = f"<p>{tr('办理事项')}：{c.item_name}（{count}）</p>"
        if c.deficiencies:
            lines.append(
                f"<p style='color:#b26a00'>{tr('有材料需要补正，请按回执上的期限补交。')}</p>"
            )
        if c.commitment is not None:  # 告知承诺: the signed 承诺书 is printed too
            lines.append(f"<p>{tr('您签署的告知承诺书一并打印，请取走保管。')}</p>")
        self.done_text.setText("".join(lines))
        self.print_msg.setText(tr("正在打印回执……"))
        self.evaluation.reset()  # the item and receipt number are shown beside it
        self.win.show_page("done")
        # Spoken with the page's words (kiosk.spoken): the done page follows a card read.
        self.card_note.setVisible(self.win.identity is not None and not self.win.card_gone)
        intake = self.win.intake
        intake.print_state = "pending"
        rt = self.rt
        self.win.ops.run(
            "print_receipt",
            lambda: print_receipt(rt, c),
            lambda job: self._printing(c, job),
            lambda exc: self._not_kept(c, exc),
        )
        item = self.win.item
        if c.commitment is not None and item is not None:
            self.win.ops.run(
                "print_commitment",  # on the A4 printer, else the receipt printer
                lambda: print_letter(rt, c, item, "citizen"),
                None,
                lambda exc: report_fault(exc, "printer", self.win),
            )

    def _printing(self, c: Case, job: PrintJob) -> None:
        if self.win.submitted is c:
            self.win.intake.follow(job)

    def _not_kept(self, c: Case, exc: BaseException) -> None:
        """The job could not even be kept: nothing printed."""
        if self.win.submitted is not c:
            return
        self.win.intake.print_state = "failed"
        report_fault(exc, "printer", self.win)  # the technical words: status bar and log
        self.print_msg.setText(tr("回执暂时无法打印，办件已保存。请记下受理编号，到人工窗口补打。"))

    def _on_evaluated(self, level: int, reasons: list[str]) -> None:
        """好差评 of the case just submitted: saved and queued (works offline), then home."""
        rt, case = self.rt, self.win.submitted
        self.win.ops.run(
            "evaluate",
            lambda: evaluate(rt, case, level, reasons, channel="kiosk"),
            lambda _rec: self._evaluated(case),
            lambda exc: self._not_evaluated(case, exc),
        )

    def _not_evaluated(self, case: Case | None, exc: BaseException) -> None:
        if self.win.submitted is case:
            self.evaluation.show_error(citizen_text(exc, "evaluate", self.win))

    def _evaluated(self, case: Case | None) -> None:
        if self.win.submitted is not case:
            return
        self.evaluation.show_thanks(tr("即将返回首页。"))
        self._thanks_timer.start(self.win.thanks_ms)

    def _after_thanks(self) -> None:
        if self.win.current_page() == "done":
            self.win.reset_session()
