"""The counter's 12345 form: a clerk takes a 咨询、投诉、建议 or 求助 at the window.

The same ticket as the kiosk's (services.hotline): the type, the department
and item where known, the words (the clerk types them), a callback phone
with the citizen's consent, and the card read at this window (optional: the
answer can then be found by card). Saved on the device with its ticket
number, printed for the citizen, sent when the back office is reachable; the
clerk's staff number goes with it. Reviewers answer on /staff/hotline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
)

from core.identity import mask_name
from counter.pages.base import CounterPage
from services.hotline import TakenTicket, print_ticket, take_ticket
from widgets.choice_buttons import toggle_button
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button
from wire.records import CONSULTATION_KIND_NAMES

if TYPE_CHECKING:
    from counter.window import CounterWindow


class HotlinePage(CounterPage):
    """Taking a 12345 item at the window. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("12345 咨询投诉（窗口登记）"))
        self.submit_btn = button(tr("登记并打印工单"), self, name="hotline_submit", primary=True)
        self.submit_btn.clicked.connect(self.submit)
        self.toolbar(lay, self.submit_btn)
        row = QHBoxLayout()
        self.type_group = QButtonGroup(self)
        self.type_buttons = {}
        for i, (kind, name) in enumerate(CONSULTATION_KIND_NAMES.items()):
            b = toggle_button(tr(name), self, f"hotline_type_{kind.value}")
            self.type_group.addButton(b, i)
            self.type_buttons[kind.value] = b
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        form = QFormLayout()
        self.dept = QComboBox(self)
        self.dept.setObjectName("hotline_department")
        self.item = QComboBox(self)
        self.item.setObjectName("hotline_item")
        self.dept.currentIndexChanged.connect(self._fill_items)
        form.addRow(tr("相关部门（可不选）"), self.dept)
        form.addRow(tr("相关事项（可不选）"), self.item)
        self.text = QTextEdit(self)
        self.text.setObjectName("hotline_text")
        self.text.setAcceptRichText(False)
        form.addRow(tr("诉求内容"), self.text)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("hotline_phone")
        self.phone.setMaxLength(13)
        form.addRow(tr("回电号码（可不填）"), self.phone)
        self.consent = QCheckBox(tr("市民同意工作人员按此号码回电"), self)
        self.consent.setObjectName("hotline_consent")
        form.addRow("", self.consent)
        self.by_card = QCheckBox("", self)
        self.by_card.setObjectName("hotline_by_card")
        form.addRow("", self.by_card)
        lay.addLayout(form, 1)
        self.msg = QLabel("", self)
        self.msg.setObjectName("hotline_msg")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        self._busy = self.busy_state(self.submit_btn)
        self.taken: TakenTicket | None = None
        self.reset()

    def reset(self) -> None:
        self.type_group.setExclusive(False)
        for b in self.type_buttons.values():
            b.setChecked(False)
        self.type_group.setExclusive(True)
        self.text.clear()
        self.phone.clear()
        self.consent.setChecked(False)
        self.msg.setText("")
        self.taken = None
        self._fill_departments()
        self.shown()

    def shown(self) -> None:
        """The card read at this window (the applicant's) may be the ticket's holder."""
        who = self.win.applicant
        self.by_card.setVisible(who is not None)
        self.by_card.setChecked(who is not None)
        if who is not None:
            self.by_card.setText(
                tr("登记申请人 %s 的身份证（可凭身份证查看答复）").replace(
                    "%s", mask_name(who.name)
                )
            )

    def _fill_departments(self) -> None:
        self.dept.blockSignals(True)
        self.dept.clear()
        self.dept.addItem(tr("不清楚，由工作人员分派"), "")
        for dept in sorted({i.department for i in self.rt.catalog.items if i.department}):
            self.dept.addItem(dept, dept)
        self.dept.blockSignals(False)
        self._fill_items()

    def _fill_items(self) -> None:
        dept = self.dept.currentData() or ""
        self.item.clear()
        self.item.addItem(tr("不选"), "")
        for it in self.rt.catalog.items:
            if dept and it.department == dept:
                self.item.addItem(it.name, it.code)
        self.item.setEnabled(bool(dept))

    def submit(self) -> None:
        kind = next((k for k, b in self.type_buttons.items() if b.isChecked()), "")
        if not kind:
            self.msg.setText(tr("请先选择诉求类型：咨询、投诉、建议或求助"))
            return
        win, rt = self.win, self.rt
        code = self.item.currentData() or ""
        args = dict(
            department=self.dept.currentData() or "",
            item_code=code,
            item_name=self.item.currentText() if code else "",
            phone=self.phone.text(),
            consent=self.consent.isChecked(),
            holder=win.applicant if self.by_card.isChecked() else None,
            channel="station" if rt.config.role.value == "station" else "counter",
            staff=win.clerk,
        )
        text, clerk = self.text.toPlainText(), win.clerk

        def work() -> TakenTicket:
            taken = take_ticket(rt, kind, text, **args)
            print_ticket(rt, taken, actor=clerk)
            return taken

        win.ops.run("hotline", work, self._taken, self._refused, busy=self._busy)

    def _taken(self, taken: TakenTicket) -> None:
        self.reset()
        self.taken = taken
        self.msg.setText(
            tr("已登记并打印工单 %1，校验码 %2。请把工单交给市民。")
            .replace("%1", taken.record.ticket_no)
            .replace("%2", taken.check_code)
        )

    def _refused(self, exc: BaseException) -> None:
        self.msg.setText(user_text(exc))
