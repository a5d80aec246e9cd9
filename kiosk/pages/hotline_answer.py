"""The kiosk's 12345 answer page: find a ticket, read its answer, rate it (好差评).

By the ticket number and the check code printed on the ticket (typed on the
on-screen keyboard, its Latin letters), or by the ID card: every ticket taken
with that card. The answer comes from the back office (services.hotline); the
rating is saved on the device first and sent when it can be. Shows no text of
the citizen's and no phone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.pages.base import KioskPage, beside_keyboard
from services.hotline import find_by_card, find_by_ticket, rate_answer
from widgets.errors import citizen_text
from widgets.evaluation import evaluation_card
from widgets.i18n import tr
from widgets.keyboard import layouts as L
from widgets.keyboard.keyboard import OnScreenKeyboard
from widgets.pages import button
from widgets.touch import fit_lines, kinetic
from wire.hotline import TicketView
from wire.records import CONSULTATION_KIND_NAMES, ConsultationKind

if TYPE_CHECKING:
    from core.identity import Identity
    from kiosk.window import KioskWindow

BUTTON_TEXT = 260


def kind_name(category: str) -> str:
    try:
        return tr(CONSULTATION_KIND_NAMES[ConsultationKind(category)])
    except ValueError:
        return category


class HotlineAnswerPage(KioskPage):
    """Look-up, the answer and its rating. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("查看12345工单答复"))
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(10)
        # Searching (the fields, the keys) or reading (the answers, 重新查询): one at a time.
        self.search_box = QWidget(self)
        search = QVBoxLayout(self.search_box)
        search.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setSpacing(10)
        grid.addWidget(QLabel(tr("工单编号"), self), 0, 0)
        self.ticket = QLineEdit(self)
        self.ticket.setObjectName("hotline_ticket_no")
        self.ticket.setMaxLength(32)
        self.ticket.setPlaceholderText("FS01-K01-20261202-H0007")
        grid.addWidget(self.ticket, 0, 1)
        grid.addWidget(QLabel(tr("校验码"), self), 1, 0)
        self.code = QLineEdit(self)
        self.code.setObjectName("hotline_check_code")
        self.code.setMaxLength(12)
        grid.addWidget(self.code, 1, 1)
        grid.setColumnStretch(1, 1)
        search.addLayout(grid)
        buttons = QHBoxLayout()
        self.find_btn = button(tr("查询"), self, name="hotline_lookup", primary=True)
        self.find_btn.clicked.connect(self.lookup)
        self.card_btn = button(tr("刷身份证查询我的工单"), self, name="hotline_by_card")
        fit_lines(self.card_btn, BUTTON_TEXT)
        self.card_btn.clicked.connect(self._read_card)
        buttons.addWidget(self.find_btn)
        buttons.addWidget(self.card_btn)
        buttons.addStretch(1)
        search.addLayout(buttons)
        left.addWidget(self.search_box)
        self.again_btn = button(tr("查询其他工单"), self, name="hotline_again")
        fit_lines(self.again_btn, BUTTON_TEXT)
        self.again_btn.clicked.connect(self.search_again)
        self.again_btn.hide()
        again_row = QHBoxLayout()
        again_row.addWidget(self.again_btn)
        again_row.addStretch(1)
        left.addLayout(again_row)
        self.msg = QLabel("", self)
        self.msg.setObjectName("hotline_answer_msg")
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        left.addWidget(self.msg)
        self.list = QListWidget(self)
        self.list.setObjectName("hotline_tickets")
        self.list.currentRowChanged.connect(self._pick)
        kinetic(self.list)
        self.list.hide()
        left.addWidget(self.list)
        self.answer = QLabel("", self)
        self.answer.setObjectName("hotline_answer")
        self.answer.setTextFormat(Qt.TextFormat.RichText)
        self.answer.setWordWrap(True)
        self.answer.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # The answer beside its rating: both on the screen once the keyboard is put away.
        result = QHBoxLayout()
        result.setSpacing(16)
        result.addWidget(self.answer, 2)
        card, self.evaluation = evaluation_card(self, margin=10)
        self.evaluation.heading.setText(tr("请对这次答复进行评价"))
        self.eval_card = card
        self.evaluation.submitted.connect(self._rated)
        card.hide()
        result.addWidget(card, 3)
        left.addLayout(result, 1)
        # The answer and its rating may be long: the column scrolls, the nav row stays.
        area = QScrollArea(self)
        area.setObjectName("hotline_answer_area")
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setFrameShape(QFrame.Shape.NoFrame)
        kinetic(area)
        holder = QWidget(area)
        holder.setLayout(left)
        area.setWidget(holder)
        self.row.addWidget(area, 1)
        self.keyboard = OnScreenKeyboard(self)
        self.keyboard.attach(self.ticket, L.CHINESE)
        self.keyboard.attach(self.code, L.CHINESE)
        self.keyboard.target_changed.connect(self._typing)
        self.row.addWidget(self.keyboard, 1, Qt.AlignmentFlag.AlignHCenter)
        lay.addLayout(self.row, 1)
        self.nav(lay, "hotline")
        self._busy = self.busy_state(self.find_btn, self.card_btn)
        self.tickets: list[TicketView] = []
        self.current: TicketView | None = None

    def arrange(self, size: QSize) -> None:
        """Portrait or landscape, for the page's size (like the form page's)."""
        beside_keyboard(self.row, self.keyboard, size, least=640, share=9 / 20)

    def resizeEvent(self, e: QResizeEvent) -> None:
        self.arrange(e.size())
        super().resizeEvent(e)

    def _typing(self, _editor: object) -> None:
        """A field touched: the keys come back (Latin: the ticket has letters and digits)."""
        self.keyboard.show()
        # after set_target has chosen the text layout (pinyin in Chinese) for the field
        QTimer.singleShot(0, lambda: self.keyboard.set_mode("latin"))

    def search_again(self) -> None:
        """重新查询: the fields and the keys again, the answers gone."""
        self._show([])
        self.msg.setText("")
        self.keyboard.show()
        self.keyboard.set_target(self.ticket)

    def reset(self) -> None:
        self.keyboard.show()
        self.keyboard.reset()
        self.ticket.clear()
        self.code.clear()
        self.msg.setText("")
        self._show([])

    def shown(self) -> None:
        """On show: the keys on the ticket number while nothing was found."""
        if not self.tickets:
            self.keyboard.set_target(self.ticket)

    def _read_card(self) -> None:
        if self.win.identity is not None:  # already read this session
            self.lookup_card()
            return
        self.win.ask_card(back="hotline_answer", then=self._card_read)

    def _card_read(self, _who: Identity) -> None:
        """The card read for this page: back here, the holder's tickets looked up."""
        self.win.show_page("hotline_answer")
        self.lookup_card()

    # ---- look-ups (network: on the background lane) ---------------------------
    def lookup(self) -> None:
        rt = self.rt
        number, code = self.ticket.text(), self.code.text()
        self.msg.setText("")
        self.win.ops.run(
            "hotline_lookup",
            lambda: [find_by_ticket(rt, number, code)],
            self._found,
            self._not_found,
            busy=self._busy,
        )

    def lookup_card(self) -> None:
        rt, who = self.rt, self.win.identity
        assert who is not None
        self.msg.setText("")
        self.win.ops.run(
            "hotline_by_card",
            lambda: find_by_card(rt, who),
            self._found,
            self._not_found,
            busy=self._busy,
        )

    def _found(self, tickets: list[TicketView]) -> None:
        if not tickets:
            self.msg.setText(tr("没有查到用这张身份证提交的工单"))
        self._show(tickets)

    def _not_found(self, exc: BaseException) -> None:
        self._show([])
        self.msg.setText(citizen_text(exc, "hotline", self.win))

    # ---- showing ----------------------------------------------------------------
    def _show(self, tickets: list[TicketView]) -> None:
        self.tickets = tickets
        self.list.blockSignals(True)
        self.list.clear()
        for t in tickets:
            state = tr("已答复") if t.answered else tr("办理中")
            self.list.addItem(f"{t.ticket_no}  {kind_name(t.category)}  {state}")
        self.list.blockSignals(False)
        self.list.setVisible(len(tickets) > 1)
        self.current = None
        self.answer.setText("")
        self.eval_card.hide()
        reading = bool(tickets)  # not typing: the answers get the room
        self.search_box.setVisible(not reading)
        self.again_btn.setVisible(reading)
        if reading:
            self.keyboard.set_target(None)
            self.keyboard.hide()
            rows = min(len(tickets), 3)
            self.list.setFixedHeight(rows * (self.list.sizeHintForRow(0) + 2) + 6)
            self.list.setCurrentRow(0)
            self._pick(0)

    def _pick(self, row: int) -> None:
        if not 0 <= row < len(self.tickets):
            return
        t = self.current = self.tickets[row]
        lines = [
            f"<p style='font-size:24px'>{tr('工单编号')}：<b>{t.ticket_no}</b>"
            f"（{kind_name(t.category)}）</p>"
        ]
        if t.department:
            lines.append(f"<p>{tr('承办部门')}：{t.department}</p>")
        if t.answered:
            lines.append(f"<p><b>{tr('答复')}：</b></p><p>{_escape(t.answer)}</p>")
        else:
            lines.append(f"<p>{tr('正在办理，尚未答复。答复期限：')}{t.answer_due}</p>")
        self.answer.setText("".join(lines))
        rate = t.answered and t.rating is None
        self.eval_card.setVisible(rate)
        if rate:
            self.evaluation.reset()

    def _rated(self, level: int, reasons: list[str]) -> None:
        rt, t = self.rt, self.current
        assert t is not None
        self.win.ops.run(
            "hotline_rate",
            lambda: rate_answer(rt, t, level, reasons, channel="kiosk"),
            lambda _rec: self._thanked(t, level),
            lambda exc: self.evaluation.show_error(citizen_text(exc, "evaluate", self.win)),
        )

    def _thanked(self, t: TicketView, level: int) -> None:
        if self.current is t:
            self.evaluation.show_thanks(tr("感谢您的评价。"))
            i = self.tickets.index(t)
            self.tickets[i] = t.model_copy(update={"rating": level})
            self.current = self.tickets[i]


def _escape(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")
