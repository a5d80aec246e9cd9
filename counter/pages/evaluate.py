"""The counter's side of 好差评: the rating is the citizen's, on the citizen's screen.

``ask`` puts the rating card on the customer screen (counter/customer_screen.py,
turned to the citizen); this page, on the clerk's screen, says only that a
rating is awaited and never what was chosen. The rating is saved on the
background lane with the clerk's staff number; 不再等待 gives up when the
citizen has gone (nothing is kept).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from core.case import Case
from counter.pages.base import CounterPage
from services.submission import evaluate
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from counter.window import CounterWindow


class EvaluatePage(CounterPage):
    """A rating awaited on the citizen's screen; saved on the background lane. GUI
    thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        self.screen_ = win.customer_screen
        self.evaluation = self.screen_.evaluation
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.timeout.connect(self._after_thanks)
        lay = self.page_layout(tr("等待办事人评价"))
        self.note = QLabel(
            tr("评价卡已显示在办事人面前的评价屏上，请办事人自己点选。本屏幕不显示评价内容。"),
            self,
        )
        self.note.setObjectName("evaluate_note")
        self.note.setWordWrap(True)
        self.note.setProperty("role", "subtitle")
        lay.addWidget(self.note)
        lay.addStretch(1)
        self.stop_btn = button(tr("不再等待"), self, name="eval_stop")
        self.stop_btn.setToolTip(tr("办事人已离开时：不记录评价"))
        self.stop_btn.clicked.connect(self.stop_waiting)
        self.toolbar(lay, self.stop_btn)
        self.evaluation.submitted.connect(self._on_evaluated)
        self.evaluation.skipped.connect(self._on_skipped)

    def reset(self) -> None:
        self._thanks_timer.stop()
        self.evaluation.reset()
        self.screen_.show_welcome()

    def ask(self, c: Case) -> None:
        self.screen_.show_rating(
            f"{tr('经办人')} {self.win.clerk_label} · {tr('受理编号')} {c.receipt_no}"
        )
        self.win.show_page("evaluate")

    def stop_waiting(self) -> None:
        self.reset()
        self.win.pages["done"].eval_note.setText(tr("办事人未评价。"))
        self.win.show_page("done")

    def _on_evaluated(self, level: int, reasons: list[str]) -> None:
        win = self.win
        rt, case, clerk = self.rt, win.submitted, win.clerk
        channel = "station" if rt.config.role.value == "station" else "counter"
        win.ops.run(
            "evaluate",
            lambda: evaluate(rt, case, level, reasons, channel=channel, staff=clerk),
            lambda _rec: self._evaluated(case),
            lambda exc: self._not_evaluated(case, exc),
        )

    def _not_evaluated(self, case: Case | None, exc: BaseException) -> None:
        if self.win.submitted is case:
            self.evaluation.show_error(user_text(exc))

    def _evaluated(self, case: Case | None) -> None:
        win = self.win
        if win.submitted is not case:
            return
        win.evaluated = True
        done = win.pages["done"]
        done.ask_eval_btn.setEnabled(False)
        done.eval_note.setText(tr("办事人已评价。"))  # what was chosen stays with the citizen
        self.evaluation.show_thanks()
        self._thanks_timer.start(win.thanks_ms)

    def _after_thanks(self) -> None:
        self.screen_.show_welcome()
        if self.win.current_page() == "evaluate":
            self.win.show_page("done")

    def _on_skipped(self) -> None:
        self.win.pages["done"].eval_note.setText(tr("办事人未评价。"))
        self._thanks_timer.start(self.win.thanks_ms)  # "您已跳过评价" stays a moment
