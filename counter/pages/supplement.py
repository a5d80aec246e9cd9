"""The counter's 补交材料 page: a case's owed materials handed in at the window.

The applicant's card (read while the page shows) lists their cases that owe
materials, from the back office and this window's store; or the clerk types
the receipt number and its check code. The clerk scans each owed material on
the document camera; 提交补正 keeps the pages, sends the 补正 through the
outbox and prints the 补正回执 (services.supplements) on the background lane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit

from core.identity import Identity, mask_name
from counter.pages.base import CounterPage
from services.supplements import HandInResult, OwedCase, find_by_card, find_by_receipt
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button, title
from widgets.slip_follow import SlipFollow, SlipWords
from widgets.supplement import SupplementPanel

if TYPE_CHECKING:
    from counter.window import CounterWindow


def _slip_words() -> SlipWords:
    return SlipWords(
        not_printed=tr("补正回执未打印："),
        printing=tr("正在打印补正回执……"),
        printed=tr("补正回执已打印，请交给申请人。"),
        held=tr("补正回执已保存，打印机恢复后自动打印。"),
        failed=tr("补正回执未打印，可在“打印记录”中补打。"),
    )


class SupplementPage(CounterPage):
    """补交材料 for one applicant at a time. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("补交材料（补正）"))
        self.prompt = title(
            tr("请申请人将身份证放在读卡器上，或输入受理编号和校验码查询"), self, role="subtitle"
        )
        row = QHBoxLayout()  # the prompt beside the fields: the page fits 800 px high
        row.addWidget(self.prompt, 3)
        self.receipt = QLineEdit(self)
        self.receipt.setObjectName("supplement_receipt")
        self.receipt.setPlaceholderText(tr("受理编号（见受理回执）"))
        self.code = QLineEdit(self)
        self.code.setObjectName("supplement_check")
        self.code.setPlaceholderText(tr("校验码（回执二维码下方）"))
        self.code.returnPressed.connect(self.lookup_receipt)
        row.addWidget(self.receipt, 2)
        row.addWidget(self.code, 1)
        find = button(tr("查询"), self, name="supplement_lookup")
        find.clicked.connect(self.lookup_receipt)
        row.addWidget(find)
        lay.addLayout(row)
        self.panel = SupplementPanel(win.bridge, self, touch=False)
        lay.addWidget(self.panel, 1)
        self.msg = QLabel("", self)
        self.msg.setProperty("role", "subtitle")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        self.submit_btn = button(
            tr("提交补正并打印回执"), self, name="supplement_submit", primary=True
        )
        self.submit_btn.clicked.connect(self.submit)
        self.toolbar(lay, self.submit_btn)
        self.busy = self.busy_state(find, self.submit_btn)
        self.panel.camera.message.connect(self.msg.setText)
        self.panel.changed.connect(lambda: self.submit_btn.setEnabled(bool(self.panel.pages())))
        win.bridge.card_read.connect(self._on_card)
        self.slip = SlipFollow(win.bridge, self.msg, _slip_words)  # the 补正回执

    def new(self) -> None:
        """The next applicant: nothing found, nothing scanned."""
        self.panel.clear()
        self.receipt.clear()
        self.code.clear()
        self.msg.setText("")
        self.submit_btn.setEnabled(False)
        self.prompt.setText(tr("请申请人将身份证放在读卡器上，或输入受理编号和校验码查询"))
        self.win.show_page("supplement")

    def shown(self, on: bool) -> None:
        self.panel.run_camera(on)

    def _on_card(self, identity: Identity, _warnings: list[str]) -> None:
        """The applicant's card: their cases owing materials (asked on the background
        lane: the back office may take a moment, the screen never waits)."""
        if self.win.current_page() != "supplement":
            return
        rt, who = self.rt, mask_name(identity.name)

        def found(cases: list[OwedCase]) -> None:
            if not cases:
                self.panel.clear()
                self.prompt.setText(tr("%s 没有需要补交材料的办件。").replace("%s", who))
                return
            self._show(cases, tr("%s 的办件：").replace("%s", who))

        self.win.ops.run(
            "supplement_lookup", lambda: find_by_card(rt, identity), found, self._failed,
            busy=self.busy,
        )  # fmt: skip

    def lookup_receipt(self) -> None:
        rt, number, code = self.rt, self.receipt.text(), self.code.text()
        self.win.ops.run(
            "supplement_lookup",
            lambda: [find_by_receipt(rt, number, code)],
            lambda cases: self._show(cases, ""),
            self._failed,
            busy=self.busy,
        )

    def _failed(self, exc: BaseException) -> None:
        self.panel.clear()
        self.msg.setText(user_text(exc))

    def _show(self, found: list[OwedCase], lead: str) -> None:
        self.msg.setText("")
        self.panel.show_cases(found)
        self.prompt.setText(lead + tr("选中材料后放到高拍仪下拍摄，拍完后点“提交补正并打印回执”。"))

    def submit(self) -> None:
        self.panel.hand_in(
            actor=self.win.clerk,
            clerk=self.win.clerk,
            done=self._done,
            failed=lambda exc: self.msg.setText(user_text(exc)),
            busy=self.busy,
        )

    def _done(self, result: HandInResult) -> None:
        if result.still_owed:
            names = "、".join(o.name for o in result.still_owed)
            done = tr("补正已提交。仍待补正：%s。").replace("%s", names)
        else:
            done = tr("补正已提交，材料已补齐。")
        self.panel.clear()
        self.slip.follow(done, result.job, result.print_error)

    @property
    def print_state(self) -> str:
        """The 补正回执's: none | pending | ok | held | failed."""
        return self.slip.state
