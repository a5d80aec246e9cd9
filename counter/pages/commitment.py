"""The counter's 告知承诺 page: after the materials, before submit, when a proof the
catalog lets a 承诺书 replace is missing.

The page asks the back office whether the applicant may sign (the credit list; the
offline rule without it) while the applicant reads the 承诺书. Allowed: the applicant
signs on the pad (a pen tablet or the mouse), 签署并提交受理 keeps the 承诺书 as those
materials and submits; the done page prints it on A4. Refused: the reason in words,
the pad off, and 返回材料 to take the proof instead (nothing else is lost).
GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.commitment import letter, replaceable
from counter.pages.base import CounterPage
from services import commitment as svc
from services.submission import submit
from widgets.commitment_panel import CommitmentPanel
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from core.case import Case
    from core.commitment import Eligibility
    from counter.window import CounterWindow


def wanted(win: CounterWindow) -> list[str]:
    """The codes a 承诺书 would replace in the window's draft (not those marked 容缺)."""
    case, item = win.case, win.item
    if case is None or item is None:
        return []
    return [m.code for m in replaceable(case, item) if m.code not in win.intake.deferred]


class CommitmentPage(CounterPage):
    """告知承诺 at the window (the applicant signs, the clerk submits). GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("告知承诺：请申请人阅读承诺书并签名"))
        self.panel = CommitmentPanel(self)
        lay.addWidget(self.panel, 1)
        self.msg = self.panel.status
        back = button(tr("返回材料（提交证明）"), self, name="commitment_back")
        back.clicked.connect(lambda: win.show_page("materials"))
        self.sign_btn = button(tr("签署并提交受理"), self, name="commitment_sign", primary=True)
        self.sign_btn.setEnabled(False)
        self.sign_btn.clicked.connect(self.sign_and_submit)
        self.panel.signable.connect(self.sign_btn.setEnabled)
        self.toolbar(lay, back, self.sign_btn)
        self.busy = self.busy_state(self.sign_btn, back)
        self._asked_for = ""

    def open(self) -> None:
        """Show the 承诺书 of the window's draft and ask whether the applicant may sign."""
        win = self.win
        case, item = win.case, win.item
        assert case is not None and item is not None
        names = [m.name for m in case.materials if m.code in wanted(win)]
        self.panel.reset()
        self.panel.show_letter(letter(case, item, names))
        self.panel.set_checking()
        win.show_page("commitment")
        rt, number = self.rt, case.applicant.id_number
        self._asked_for = case.id

        def answered(e: Eligibility) -> None:
            if self.win.case is case and self._asked_for == case.id:
                self.panel.set_eligibility(e)

        win.ops.run("commitment_eligibility", lambda: svc.eligibility(rt, number), answered)

    def sign_and_submit(self) -> None:
        win = self.win
        case, item, e = win.case, win.item, self.panel.eligibility
        assert case is not None and item is not None
        if e is None or not self.panel.may_sign():
            return
        png, rt, clerk = self.panel.png(), self.rt, win.clerk
        if win.serving is not None:
            case.queue = win.serving.visit()

        def work() -> Case:
            svc.sign(rt, case, item, png, e, clerk)
            return submit(rt, case, item, actor=clerk)

        win.ops.run(
            "submit",
            work,
            lambda c: win.pages["materials"]._submitted(case, c),
            lambda exc: self.msg.setText(user_text(exc)),
            busy=self.busy,
        )
