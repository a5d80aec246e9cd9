"""The counter's company page: the legal person a 经办人 applies for (单位办理).

Shown after the item page for an item whose form asks for a 统一社会信用代码
(core.catalog.Item.for_company). The card read before is the 经办人's; the clerk
types the 单位名称, the 统一社会信用代码 (checked as it is typed, GB 32100, with the
position that is wrong named) and the 法定代表人, or ticks 经办人即法定代表人. The
case then starts (counter.pages.item.ItemPage.start) with the company: the form
takes its name, code and representative, and the checklist the 授权委托书 unless
the 经办人 is the 法定代表人 (core.intake.start_case).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit

from core.case import Company
from core.credit_code import LENGTH, CreditCodeError, normalise, validate_credit_code
from core.identity import mask_id_number, mask_name
from counter.pages.base import CounterPage
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from counter.window import CounterWindow


class CompanyPage(CounterPage):
    """The 单位 of a company item and whether the 经办人 is its 法定代表人. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("申请单位信息"))
        self.agent_line = title("", self, role="subtitle")
        lay.addWidget(self.agent_line)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.name = QLineEdit(self)
        self.name.setObjectName("company_name")
        self.name.setPlaceholderText(tr("与营业执照上的名称一致"))
        form.addRow(tr("单位名称") + " *", self.name)
        self.code = QLineEdit(self)
        self.code.setObjectName("company_code")
        self.code.setMaxLength(LENGTH + 8)  # room for the spaces a licence prints
        self.code.setPlaceholderText(tr("18位，见营业执照"))
        self.code.textChanged.connect(lambda _t: self.check_code(final=False))
        self.code.editingFinished.connect(lambda: self.check_code(final=True))
        form.addRow(tr("统一社会信用代码") + " *", self.code)
        self.code_msg = QLabel("", self)
        self.code_msg.setObjectName("company_code_msg")
        self.code_msg.setWordWrap(True)
        form.addRow("", self.code_msg)
        self.rep = QLineEdit(self)
        self.rep.setObjectName("company_rep")
        form.addRow(tr("法定代表人") + " *", self.rep)
        self.represented = QCheckBox(tr("经办人即法定代表人（无需授权委托书）"), self)
        self.represented.setObjectName("company_represented")
        self.represented.toggled.connect(self._represented)
        form.addRow("", self.represented)
        lay.addLayout(form)
        self.note = QLabel(tr("经办人不是法定代表人时，须收取法定代表人签署的授权委托书。"), self)
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.msg = QLabel("", self)
        self.msg.setObjectName("company_msg")
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        lay.addStretch(1)
        back = button(tr("返回选择事项"), self, name="company_back")
        back.clicked.connect(lambda: win.show_page("item"))
        nxt = button(tr("下一步：收取材料"), self, name="company_next", primary=True)
        nxt.clicked.connect(self.next)
        self.toolbar(lay, back, nxt)

    def reset(self) -> None:
        """The next applicant: nothing of the last company stays."""
        self.represented.setChecked(False)
        for ed in (self.name, self.code, self.rep):
            ed.clear()
        self.code_msg.setText("")
        self.msg.setText("")

    def show_for(self) -> None:
        """Shown for the case about to start: the 经办人 is the card just read."""
        who = self.win.applicant
        if who is not None:
            self.agent_line.setText(
                tr("单位经办人：") + f"{mask_name(who.name)} {mask_id_number(who.id_number)}"
            )
        self._represented(self.represented.isChecked())
        self.msg.setText("")
        self.win.show_page("company")
        self.name.setFocus()

    def _represented(self, on: bool) -> None:
        """经办人即法定代表人: the name is the card's (shown masked), not typed."""
        who = self.win.applicant
        self.rep.setReadOnly(on)
        if on and who is not None:
            self.rep.setText(mask_name(who.name))
        elif not on and who is not None and self.rep.text() == mask_name(who.name):
            self.rep.clear()

    def check_code(self, *, final: bool) -> str | None:
        """The code as typed, checked: the normalised code, or None with the words shown.

        While the clerk is still typing (``final`` False) a code shorter than 18 says
        nothing yet; a character that cannot stand where it is is named at once.
        """
        text = self.code.text()
        try:
            value = validate_credit_code(text)
        except CreditCodeError as exc:
            still_typing = exc.code in ("credit_code.length", "credit_code.empty") and (
                len(normalise(text)) < LENGTH
            )
            if still_typing and not final:
                self._code_words("", ok=True)
            else:
                self._code_words(user_text(exc), ok=False)
            return None
        self._code_words(tr("代码校验通过"), ok=True)
        return value

    def _code_words(self, text: str, *, ok: bool) -> None:
        self.code_msg.setText(text)
        self.code_msg.setProperty("role", "hint" if ok else "error")
        self.code_msg.style().unpolish(self.code_msg)
        self.code_msg.style().polish(self.code_msg)

    def company(self) -> Company | None:
        """The company as entered, or None with what is missing or wrong shown."""
        code = self.check_code(final=True)
        name = self.name.text().strip()
        who = self.win.applicant
        on = self.represented.isChecked()
        rep = who.name if on and who is not None else self.rep.text().strip()
        if not name:
            self.msg.setText(tr("请填写单位名称"))
            return None
        if code is None:
            self.msg.setText(tr("统一社会信用代码有误，请核对。"))
            return None
        if not rep:
            self.msg.setText(tr("请填写法定代表人"))
            return None
        self.msg.setText("")
        return Company(name=name, credit_code=code, legal_representative=rep, represented=on)

    def next(self) -> None:
        company = self.company()
        if company is not None:
            self.win.pages["item"].start(company)
