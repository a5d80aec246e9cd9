"""The kiosk's 12345 (咨询投诉) pages: tell it, and the ticket that comes back.

``hotline``: the type as four big buttons (咨询、投诉、建议、求助), the
department and item where the citizen knows them (drop-downs, optional), the
words by the on-screen keyboard's pinyin or handwriting, a callback phone
with its consent (optional), and the card (optional: the answer can then be
found by card). Nothing needs typing but the words. ``hotline_done``: the
ticket number and check code, big, and the printed ticket. The ticket is
saved on the device first (services.hotline), so it works offline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.identity import mask_name, mask_phone
from kiosk.pages.base import KioskPage, beside_keyboard
from services.hotline import TakenTicket, print_ticket, take_ticket
from services.printing import PrintJob
from widgets.choice_buttons import toggle_button
from widgets.errors import citizen_text, report_fault
from widgets.i18n import tr
from widgets.keyboard import layouts as L
from widgets.keyboard.keyboard import OnScreenKeyboard
from widgets.pages import button, title
from widgets.touch import fit_lines, kinetic
from wire.records import CONSULTATION_KIND_NAMES

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

TYPE_TEXT = 150  # px of words on a type button: four fit beside the keyboard at 1280 px
NAV_TEXT = 260  # px of words on the nav row's buttons (English goes over two lines)


class HotlinePage(KioskPage):
    """The 12345 intake: type, routing, words, callback and card. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("12345 咨询投诉：请告诉我们您的诉求"))
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(16)
        area = _FormArea(self)
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        kinetic(area)
        form = QWidget(area)
        col = QVBoxLayout(form)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(10)
        col.addWidget(title(tr("诉求类型"), form, "subtitle"))
        types = QGridLayout()
        types.setSpacing(10)
        self.type_group = QButtonGroup(self)
        self.type_buttons: dict[str, object] = {}
        for i, (kind, name) in enumerate(CONSULTATION_KIND_NAMES.items()):
            b = toggle_button(tr(name), form, f"hotline_type_{kind.value}", TYPE_TEXT)
            self.type_group.addButton(b, i)
            self.type_buttons[kind.value] = b
            types.addWidget(b, i // 2, i % 2)  # two by two: the column is narrow at 1280
        col.addLayout(types)
        self.dept = QComboBox(form)
        self.dept.setObjectName("hotline_department")
        self.item = QComboBox(form)
        self.item.setObjectName("hotline_item")
        for combo in (self.dept, self.item):  # long names must not widen the column
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.dept.currentIndexChanged.connect(self._fill_items)
        for words, combo in (
            (tr("相关部门（可不选）"), self.dept),
            (tr("相关事项（可不选）"), self.item),
        ):
            col.addWidget(_label(words, form))
            col.addWidget(combo)
        col.addWidget(_label(tr("诉求内容（点这里，用拼音或手写输入）"), form))
        self.text = QTextEdit(form)
        self.text.setObjectName("hotline_text")
        self.text.setAcceptRichText(False)
        self.text.setMinimumHeight(140)
        col.addWidget(self.text, 1)
        col.addWidget(_label(tr("回电号码（可不填）"), form))
        self.phone = QLineEdit(form)
        self.phone.setObjectName("hotline_phone")
        self.phone.setMaxLength(13)
        col.addWidget(self.phone)
        self.consent = toggle_button(tr("同意工作人员按此号码回电"), form, "hotline_consent", 380)
        col.addWidget(self.consent)
        self.card_btn = button(tr("刷身份证（以后可凭身份证查看答复）"), form, name="hotline_card")
        fit_lines(self.card_btn, 380)
        self.card_btn.clicked.connect(self._read_card)
        col.addWidget(self.card_btn)
        self.card_note = _label("", form)
        self.card_note.setObjectName("hotline_card_note")
        col.addWidget(self.card_note)
        self.msg = QLabel("", form)
        self.msg.setObjectName("hotline_msg")
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        col.addWidget(self.msg)
        area.setWidget(form)
        # The keyboard sets the row's height; the form scrolls within it (its own
        # height would push the page past a 1280×800 screen).
        self.area = area
        self.elder_on = False
        self.row.addWidget(area, 3)
        self.keyboard = OnScreenKeyboard(self)
        self.keyboard.target_changed.connect(lambda ed: area.ensureWidgetVisible(ed))
        self.keyboard.attach(self.text, L.CHINESE)
        self.keyboard.attach(self.phone, L.DIGITS)
        self.row.addWidget(self.keyboard, 2, Qt.AlignmentFlag.AlignHCenter)
        lay.addLayout(self.row, 1)
        holder = QWidget(self)
        nav_row = QHBoxLayout(holder)
        nav_row.setContentsMargins(0, 0, 0, 0)
        answers = button(tr("查看已有工单的答复"), holder, name="hotline_to_answers")
        fit_lines(answers, NAV_TEXT)
        answers.clicked.connect(lambda: win.show_page("hotline_answer"))
        self.submit_btn = button(tr("提交并打印工单"), holder, name="hotline_submit", primary=True)
        fit_lines(self.submit_btn, NAV_TEXT)
        self.submit_btn.clicked.connect(self.submit)
        nav_row.addWidget(answers)
        nav_row.addSpacing(16)
        nav_row.addWidget(self.submit_btn)
        self.nav(lay, "home", holder)
        self._busy = self.busy_state(self.submit_btn, answers, self.card_btn)
        self.reset()

    def arrange(self, size: QSize) -> None:
        """Portrait (or 长辈模式's bigger words: the page scrolls) puts the keyboard under the
        form; landscape beside it (like the form page's)."""
        stacked = size.height() > size.width() or self.elder_on
        beside_keyboard(self.row, self.keyboard, size, least=700, share=1 / 2, stacked=stacked)
        self.area.setMinimumHeight(420 if stacked else 0)

    def resizeEvent(self, e: QResizeEvent) -> None:
        self.arrange(e.size())
        super().resizeEvent(e)

    def set_elder(self, on: bool) -> None:
        """长辈模式: the words are half as big again; the keyboard goes under the form."""
        self.elder_on = on
        self.arrange(self.size())

    # ---- the session --------------------------------------------------------
    def reset(self) -> None:
        """A new citizen: nothing chosen, nothing typed."""
        self.keyboard.reset()
        self.type_group.setExclusive(False)
        for b in self.type_buttons.values():
            b.setChecked(False)  # type: ignore[attr-defined]
        self.type_group.setExclusive(True)
        self.text.clear()
        self.phone.clear()
        self.consent.setChecked(False)
        self.msg.setText("")
        self.card_note.setText("")
        self._fill_departments()

    def _fill_departments(self) -> None:
        catalog = self.rt.catalog
        self.dept.blockSignals(True)
        self.dept.clear()
        self.dept.addItem(tr("不清楚，由工作人员分派"), "")
        for dept in sorted({i.department for i in catalog.items if i.department}):
            self.dept.addItem(dept, dept)
        self.dept.setCurrentIndex(0)
        self.dept.blockSignals(False)
        self._fill_items()

    def _fill_items(self) -> None:
        dept = self.dept.currentData() or ""
        self.item.clear()
        self.item.addItem(tr("不选"), "")
        if dept:
            for it in self.rt.catalog.items:
                if it.department == dept:
                    self.item.addItem(it.name, it.code)
        self.item.setEnabled(bool(dept))

    def shown(self) -> None:
        """On show: the card read this session (if any) is the holder; keys to the words."""
        ident = self.win.identity
        self.card_note.setText(
            tr("已读取身份证：%s，可凭身份证查看答复").replace("%s", mask_name(ident.name))
            if ident is not None
            else ""
        )
        self.card_btn.setVisible(ident is None)
        self.keyboard.set_target(self.text)

    def _read_card(self) -> None:
        self.win.ask_card(back="hotline", then=lambda _who: self.win.show_page("hotline"))

    def chosen_type(self) -> str:
        for kind, b in self.type_buttons.items():
            if b.isChecked():  # type: ignore[attr-defined]
                return kind
        return ""

    # ---- submit ---------------------------------------------------------------
    def submit(self) -> None:
        kind = self.chosen_type()
        if not kind:
            self.msg.setText(tr("请先选择诉求类型：咨询、投诉、建议或求助"))
            return
        self.msg.setText("")
        rt, win = self.rt, self.win
        dept = self.dept.currentData() or ""
        code = self.item.currentData() or ""
        args = dict(
            department=dept,
            item_code=code,
            item_name=self.item.currentText() if code else "",
            phone=self.phone.text(),
            consent=self.consent.isChecked(),
            holder=win.identity,
            channel="kiosk",
        )
        text = self.text.toPlainText()
        win.ops.run(
            "hotline",
            lambda: take_ticket(rt, kind, text, **args),
            self._taken,
            self._not_taken,
            busy=self._busy,
        )

    def _taken(self, taken: TakenTicket) -> None:
        self.win.pages["hotline_done"].show_ticket(taken)

    def _not_taken(self, exc: BaseException) -> None:
        self.msg.setText(citizen_text(exc, "submit", self.win))


class _FormArea(QScrollArea):
    """The form's scrolling column: it takes the height the keyboard sets, and asks for
    none of its own (its content's would push the page past a 1280×800 screen). GUI
    thread only."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 200)


def _label(words: str, parent: QWidget) -> QLabel:
    """A field's label above it, its words over lines in a narrow column."""
    lab = QLabel(words, parent)
    lab.setWordWrap(True)
    return lab


class HotlineDonePage(KioskPage):
    """The ticket taken: number and check code, big; the printed ticket. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("已收到您的诉求"))
        self.ticket_text = QLabel("", self)
        self.ticket_text.setObjectName("hotline_ticket_text")
        self.ticket_text.setTextFormat(Qt.TextFormat.RichText)
        self.ticket_text.setWordWrap(True)
        self.ticket_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.ticket_text, 1)
        self.print_msg = QLabel("", self)
        self.print_msg.setObjectName("hotline_print_msg")
        self.print_msg.setProperty("role", "subtitle")
        self.print_msg.setWordWrap(True)
        lay.addWidget(self.print_msg)
        finish = button(tr("完成，返回首页"), self, name="hotline_finish", primary=True, big=True)
        fit_lines(finish, 300)
        finish.clicked.connect(win.reset_session)
        lay.addWidget(finish)
        self.taken: TakenTicket | None = None
        self.job: PrintJob | None = None
        self.print_state = "none"  # none | pending | ok | held | failed
        win.bridge.print_job_changed.connect(self._on_job)

    def reset(self) -> None:
        self.taken = self.job = None
        self.print_state = "none"
        self.ticket_text.setText("")
        self.print_msg.setText("")

    def show_ticket(self, taken: TakenTicket) -> None:
        self.taken = taken
        r = taken.record
        kind = tr(CONSULTATION_KIND_NAMES[r.category])
        due = f"{taken.answer_due:%Y-%m-%d}"
        lines = [
            f"<p style='font-size:26px'>{tr('工单编号')}：<b>{r.ticket_no}</b></p>",
            f"<p style='font-size:26px'>{tr('校验码')}：<b>{taken.check_code}</b></p>",
            f"<p>{tr('诉求类型')}：{kind}</p>",
            f"<p>{tr('答复期限')}：{due}</p>",
        ]
        if r.contact_phone:
            lines.append(f"<p>{tr('回电号码')}：{mask_phone(r.contact_phone)}</p>")
        lines.append(f"<p>{tr('凭工单编号和校验码，可在这里点“咨询投诉”查看答复并评价。')}</p>")
        self.ticket_text.setText("".join(lines))
        self.print_msg.setText(tr("正在打印工单……"))
        self.print_state = "pending"
        self.win.show_page("hotline_done")
        rt = self.rt
        self.win.ops.run(
            "print_hotline",
            lambda: print_ticket(rt, taken),
            lambda job: self._printing(taken, job),
            lambda exc: self._not_kept(taken, exc),
        )

    def _printing(self, taken: TakenTicket, job: PrintJob) -> None:
        if self.taken is taken:
            self.job = job
            self._show_job(job)

    def _on_job(self, job: PrintJob) -> None:
        if job is self.job:  # a ticket of an earlier citizen still prints when it can
            self._show_job(job)

    def _show_job(self, job: PrintJob) -> None:
        if job.pending:
            self.print_state = "pending"
        elif job.state.value == "printed":
            self.print_state = "ok"
            self.print_msg.setText(tr("工单已打印，请取走。"))
        elif job.state.value == "held":
            self.print_state = "held"
            self.print_msg.setText(tr("打印机暂不可用，工单已保存；请记下工单编号和校验码。"))
        else:
            self.print_state = "failed"
            self.print_msg.setText(tr("工单未打印，已保存；请记下工单编号和校验码。"))

    def _not_kept(self, taken: TakenTicket, exc: BaseException) -> None:
        if self.taken is not taken:
            return
        self.print_state = "failed"
        report_fault(exc, "printer", self.win)
        self.print_msg.setText(tr("工单未打印，已保存；请记下工单编号和校验码。"))
