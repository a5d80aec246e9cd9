"""材料复用 on the counter's materials page: the consent row, the offers, 复用 / 调取电子证照.

After the card read the clerk records how the applicant agreed to reuse (said
so, or signed the paper form); the page then asks the back office what it
keeps for the card holder (services.reuse) and marks the checklist's rows
that can be reused. Choosing such a row and 复用 (a material from an earlier
accepted case) or 调取电子证照 attaches it in place of a scan. Offline the
offer is not there and the row above says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from services.reuse import Offers, attach, find_offers, record_consent
from widgets.errors import user_text
from widgets.i18n import N_, tr
from widgets.pages import button
from wire.reuse import KeptMaterial

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from widgets.background import Busy

OFFER_HINT = N_("申请人口头或书面同意后，可复用其以往已受理的材料、调取电子证照。")


class ReusePanel(QWidget):
    """The consent buttons, what was found and the 复用 button of the materials page.
    GUI thread only; its network and store work goes through the window's lane."""

    def __init__(self, win: CounterWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.win = win
        self.offers = Offers()
        self._case_id = ""
        # One row beside the submit button (the page has no height to spare): what was
        # found, then how the applicant agreed.
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.oral_btn = button(tr("口头同意"), self, name="reuse_consent_oral")
        self.oral_btn.clicked.connect(lambda: self.consent("oral"))
        self.written_btn = button(tr("书面同意"), self, name="reuse_consent_written")
        self.written_btn.clicked.connect(lambda: self.consent("written"))
        self.msg = QLabel(tr(OFFER_HINT), self)
        self.msg.setObjectName("reuse_msg")
        self.msg.setProperty("role", "hint")
        self.msg.setWordWrap(True)
        row.addWidget(self.msg, 1)
        row.addWidget(self.oral_btn)
        row.addWidget(self.written_btn)
        self.use_btn = button(tr("复用该材料"), self, name="reuse_attach")
        self.use_btn.clicked.connect(self.use_selected)
        self.use_btn.setEnabled(False)
        self.busy: Busy | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def buttons(self) -> list:
        return [self.oral_btn, self.written_btn, self.use_btn]

    def show_case(self) -> None:
        """A new draft: no consent yet, no offers (the same draft keeps what it found)."""
        case = self.win.case
        if case is None or case.id == self._case_id:
            return
        self._case_id = case.id
        self.offers = Offers()
        self._show_consent(case.reuse_consent.how if case.reuse_consent else "")
        self.msg.setText(tr(OFFER_HINT))
        self.win.intake.offered = {}
        self.follow(None)

    def consent(self, how: str) -> None:
        """The clerk records the applicant's consent, then the back office is asked."""
        win = self.win
        case, item, who = win.case, win.item, win.applicant
        if case is None or item is None or who is None:
            return
        record_consent(case, how, win.actor)
        self._show_consent(how)
        self.msg.setText(tr("已记录同意，正在查询可复用的材料……"))
        rt = win.rt
        win.ops.run(
            "reuse_offer",
            lambda: find_offers(rt, case, item, who),
            lambda offers: self._found(case.id, offers),
            lambda exc: self.msg.setText(user_text(exc)),
            busy=self.busy,
        )

    def _show_consent(self, how: str) -> None:
        """The buttons, or once recorded the one button saying how the consent was given."""
        self.oral_btn.setEnabled(not how)
        self.written_btn.setEnabled(not how)
        self.written_btn.setVisible(not how)
        if how == "written":
            self.oral_btn.setText(tr("已记录书面同意"))
        elif how:
            self.oral_btn.setText(tr("已记录口头同意"))
        else:
            self.oral_btn.setText(tr("口头同意"))

    def _found(self, case_id: str, offers: Offers) -> None:
        if self.win.case is None or self.win.case.id != case_id:
            return
        self.offers = offers
        if offers.offline:
            self.msg.setText(tr("暂时无法连接后台：不能复用材料或调取电子证照，请扫描纸质材料。"))
        elif not len(offers):
            self.msg.setText(tr("没有可复用的材料或电子证照，请扫描纸质材料。"))
        else:
            found = tr("有 %n 项可复用或可调取电子证照：选中标注的材料，再点下方按钮。")
            self.msg.setText(found.replace("%n", str(len(offers))))
        self.win.intake.offered = {
            **{code: tr("可复用") for code in offers.kept},
            **{code: tr("可调取电子证照") for code in offers.licences},
        }
        self.win.intake.refresh_checklist()
        self.follow(self.win.checklist.current_code())

    def follow(self, code: str | None) -> None:
        """The selected row: what it offers, and the button's words."""
        offer = self.offers.for_code(code) if code else None
        case = self.win.case
        taken = case is not None and any(m.code == code and m.files for m in case.materials)
        self.use_btn.setEnabled(offer is not None and not taken)
        if isinstance(offer, KeptMaterial):
            self.use_btn.setText(tr("复用该材料"))
            self.use_btn.setToolTip(
                tr("来自 %1（%2 受理，%3 页）")
                .replace("%1", offer.receipt_no)
                .replace("%2", offer.kept_on)
                .replace("%3", str(offer.pages))
            )
        elif offer is not None:
            self.use_btn.setText(tr("调取电子证照"))
            self.use_btn.setToolTip(tr("%1（样例数据）").replace("%1", offer.title))
        else:
            self.use_btn.setText(tr("复用该材料"))
            self.use_btn.setToolTip("")

    def use_selected(self) -> None:
        """复用 / 调取电子证照 of the selected row: fetched and kept on the lane."""
        win = self.win
        code = win.checklist.current_code()
        case, who = win.case, win.applicant
        offer = self.offers.for_code(code) if code else None
        if code is None or offer is None or case is None or who is None:
            return
        rt, actor = win.rt, win.actor
        self.msg.setText(tr("正在调取……"))
        win.ops.run(
            "reuse_attach",
            lambda: attach(rt, case, who, code, offer, actor),
            lambda _ref: self._attached(case.id, code),
            lambda exc: self.msg.setText(user_text(exc)),
            busy=self.busy,
        )

    def _attached(self, case_id: str, code: str) -> None:
        if self.win.case is None or self.win.case.id != case_id:
            return
        self.msg.setText(tr("已附上，无需再扫描该材料。"))
        self.win.intake.refresh_checklist()
        self.follow(code)
