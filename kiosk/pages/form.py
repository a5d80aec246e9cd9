"""The kiosk's form page: the application form, prefilled from the card, and the
on-screen keyboard that types into the field the citizen touches.

Who applies is derived from whose card was read: the card is the applicant's
own (本人办理, the catalog's ``agent`` question answered so), unless the
citizen says 代他人办理; then the card read is the agent's (代办人) and the
applicant's details are typed. The case records which (``Case.applied_by``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QWidget,
)

from core.case import Case, Party
from core.catalog import Item
from kiosk.pages.base import KioskPage, beside_keyboard
from widgets.choice_buttons import toggle_button
from widgets.form_view import FormView
from widgets.i18n import tr
from widgets.keyboard.keyboard import OnScreenKeyboard
from widgets.pages import button
from widgets.touch import kinetic

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

# The catalog's 代办 question (sample catalog: 是否委托他人代为办理？) and its answer
# that means "the card read is the agent's".
AGENT_QUESTION = "agent"
AGENT_OPTION = 1


class FormPage(KioskPage):
    """Checking and filling the form. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请核对并填写申请表"))
        self.heading = lay.itemAt(0).widget()
        # Side by side on a landscape screen, the keyboard under the form in portrait.
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        self.form = FormView(masked=True, touch=True, reveal=True)
        area.setWidget(self.form)
        kinetic(area)
        self.row.addWidget(area, 1)
        self.keyboard = OnScreenKeyboard(self)
        self.keyboard.target_changed.connect(lambda ed: area.ensureWidgetVisible(ed))
        self.row.addWidget(self.keyboard, 1, Qt.AlignmentFlag.AlignHCenter)
        lay.addLayout(self.row, 1)
        nxt = button(tr("下一步：扫描材料"), self, name="form_next", primary=True)
        nxt.clicked.connect(self.next)
        # 本人办理 / 代他人办理 in the nav row: a row of their own would not fit 800 px.
        holder = QWidget(self)
        row = self._who_applies(holder)
        row.addSpacing(24)
        row.addWidget(nxt)
        self.nav(lay, "guide", holder)

    def _who_applies(self, holder: QWidget) -> QHBoxLayout:
        """本人办理 / 代他人办理 as two big toggle buttons (shown for items that ask)."""
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.who_group = QButtonGroup(self)
        self.who_buttons: list[QPushButton] = []
        for i, (text, name) in enumerate(
            ((tr("本人办理"), "applies_self"), (tr("代他人办理"), "applies_agent"))
        ):
            b = toggle_button(text, holder, name)
            self.who_group.addButton(b, i)
            row.addWidget(b)
            self.who_buttons.append(b)
        self.who_group.idClicked.connect(self._switch_who)
        return row

    def _agent_question(self, item: Item) -> bool:
        return any(q.key == AGENT_QUESTION for q in item.scenario)

    def show_case(self, item: Item, case: Case) -> None:
        """A new draft (just started from the card read): its form, the session's
        privacy consent recorded on it, and who applies."""
        if case.consent is None:
            case.consent = self.win.consent
        asks = self._agent_question(item)
        by_agent = asks and self.win.answers.get(AGENT_QUESTION) == AGENT_OPTION
        if by_agent and case.agent is None:
            # The card read is the agent's: the applicant's details are typed.
            case.agent = case.applicant
            case.applicant = Party(name="", id_number="")
            case.form = {}
        case.applied_by = "agent" if by_agent else "self"
        for b in self.who_buttons:
            b.setVisible(asks)
            b.setToolTip(tr("刷的是申请人本人的身份证；替别人办理请点“代他人办理”"))
        self.who_buttons[1 if by_agent else 0].setChecked(True)
        self.heading.setText(
            tr("您是代办人：请填写申请人的信息") if by_agent else tr("请核对并填写申请表")
        )
        self.keyboard.reset()
        self.form.set_form(list(item.form), case.form)
        for ed in self.form.line_editors():
            self.keyboard.attach(ed)
        self.keyboard.set_target(self.form.first_editable())

    def arrange(self, size: QSize) -> None:
        """Portrait or landscape, for the page's size (also called as the page shows)."""
        # Landscape: leave the form at least 45 % of the width; keys stay ≥ 60 px.
        beside_keyboard(self.row, self.keyboard, size, least=700, share=11 / 20)

    def resizeEvent(self, e: QResizeEvent) -> None:
        self.arrange(e.size())
        super().resizeEvent(e)

    def _switch_who(self, index: int) -> None:
        """本人办理 ⇄ 代他人办理: the case starts again with that answer (its materials
        follow: a power of attorney and the agent's ID for 代办)."""
        win = self.win
        if win.item is None or win.identity is None or win.case is None:
            return
        if (win.case.applied_by == "agent") == (index == AGENT_OPTION):
            return
        win.answers = {**win.answers, AGENT_QUESTION: index}
        if win.scenario.is_shown(AGENT_QUESTION):
            win.scenario.answer(AGENT_QUESTION, index)  # the guide says the same on 返回
        win.case = win.start_case()
        self.show_case(win.item, win.case)

    def next(self) -> None:
        win = self.win
        assert win.case is not None and win.item is not None
        if self.form.validate():
            return
        win.case.form = self.form.current_values()
        if win.case.applied_by == "agent":
            win.case.applicant = _typed_applicant(win.item, win.case.form)
        win.intake.refresh_checklist()
        win.show_page("scan")


def _typed_applicant(item: Item, values: dict[str, str]) -> Party:
    """The applicant as typed on the form (代他人办理): the fields that would have
    come from the applicant's card."""
    by_source = {f.prefill: values.get(f.key, "") for f in item.form if f.prefill}
    return Party(name=by_source.get("name", ""), id_number=by_source.get("id_number", ""))
