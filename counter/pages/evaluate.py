"""The counter's evaluation page, turned to the applicant: 好差评 of the case just taken in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout

from core.case import Case
from counter.pages.base import CounterPage
from services.submission import evaluate
from widgets.errors import user_text
from widgets.evaluation import evaluation_card
from widgets.i18n import tr

if TYPE_CHECKING:
    from counter.window import CounterWindow


class EvaluatePage(CounterPage):
    """The applicant rates the service; saved on the background lane. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.timeout.connect(self._after_thanks)
        # Turned to the applicant (or on the citizen-facing pad): no clerk toolbar here.
        lay = QVBoxLayout(self)
        lay.setContentsMargins(100, 32, 100, 24)
        card, self.evaluation = evaluation_card(self, margin=20)
        self.evaluation.submitted.connect(self._on_evaluated)
        self.evaluation.skipped.connect(self._on_skipped)
        lay.addWidget(card, 1)

    def reset(self) -> None:
        self._thanks_timer.stop()
        self.evaluation.reset()

    def ask(self, c: Case) -> None:
        self.evaluation.reset(f"{tr('经办人')} {self.win.clerk} · {tr('受理编号')} {c.receipt_no}")
        self.win.show_page("evaluate")

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
        if self.win.current_page() == "evaluate":
            self.win.show_page("done")

    def _on_skipped(self) -> None:
        self.win.pages["done"].eval_note.setText(tr("办事人未评价。"))
        self.win.show_page("done")
