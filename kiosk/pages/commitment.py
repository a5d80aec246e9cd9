"""The kiosk's 告知承诺 page: the citizen reads the 承诺书 in large type (spoken when voice
guidance is on) and signs with a finger.

Opened from the confirm page when a proof the catalog lets a 承诺书 replace is missing.
While the citizen reads, the kiosk asks the back office whether they may (the credit
list; the offline rule without it). Allowed: 确认签署 keeps the signed 承诺书 as those
materials (services.commitment.sign, on the background lane) and goes back to the
confirm page. Refused: the reason in words, the pad off, 返回 to hand in the proof at
the scan page instead (nothing else is lost). GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.commitment import letter, replaceable
from kiosk.pages.base import KioskPage
from services import commitment as svc
from widgets.commitment_panel import CommitmentPanel
from widgets.errors import citizen_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from core.commitment import Eligibility
    from kiosk.window import KioskWindow


class CommitmentPage(KioskPage):
    """告知承诺 at the kiosk: read, then sign with a finger. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("告知承诺书：请阅读后签名"))
        self.panel = CommitmentPanel(self, large=True)
        lay.addWidget(self.panel, 1)
        self.sign_btn = button(tr("确认签署"), self, name="commitment_sign", primary=True)
        self.sign_btn.setMinimumWidth(220)
        self.sign_btn.setEnabled(False)
        self.sign_btn.clicked.connect(self.sign)
        self.panel.signable.connect(self.sign_btn.setEnabled)
        self.nav(lay, "confirm", self.sign_btn)
        self.busy = self.busy_state(self.sign_btn)

    def open(self) -> None:
        """The 承诺书 of the session's draft; ask whether the citizen may sign it."""
        win = self.win
        case, item = win.case, win.item
        assert case is not None and item is not None
        names = [m.name for m in replaceable(case, item)]
        self.panel.reset()
        self.panel.show_letter(letter(case, item, names))
        self.panel.set_checking()
        win.show_page("commitment")
        rt, number = self.rt, case.applicant.id_number

        def answered(e: Eligibility) -> None:
            if self.win.case is case:
                self.panel.set_eligibility(e)
                if self.win.voice.enabled:  # the answer read out: it is on screen
                    self.win.voice.say_text(self.panel.status.text())

        win.ops.run("commitment_eligibility", lambda: svc.eligibility(rt, number), answered)

    def sign(self) -> None:
        win = self.win
        case, item, e = win.case, win.item, self.panel.eligibility
        assert case is not None and item is not None
        if e is None or not self.panel.may_sign():
            return
        rt, png = self.rt, self.panel.png()

        def signed(_c: object) -> None:
            if self.win.case is case:
                self.panel.reset()  # the signature is on the draft now, not on screen
                self.win.pages["confirm"].show_case(case, item, self.win.identity)
                self.win.show_page("confirm")

        win.ops.run(
            "commitment_sign",
            lambda: svc.sign(rt, case, item, png, e, "citizen"),
            signed,
            lambda exc: self.panel.status.setText(citizen_text(exc, "submit", win)),
            busy=self.busy,
        )

    def reset(self) -> None:
        self.panel.reset()
