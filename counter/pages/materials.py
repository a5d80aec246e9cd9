"""The counter's materials page: the form, the checklist (容缺 where allowed), the scan panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout

from core.case import Case
from counter.pages.base import CounterPage
from counter.pages.commitment import wanted
from counter.pages.reuse_panel import ReusePanel
from services.submission import submit
from widgets.checklist import MaterialChecklist
from widgets.errors import user_text
from widgets.form_view import FormView
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from counter.window import CounterWindow


class MaterialsPage(CounterPage):
    """Taking in the materials and submitting (on the background lane). GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("核对申请表，逐项收取材料"))
        row = QHBoxLayout()
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        self.form = FormView(masked=True)
        area.setWidget(self.form)
        row.addWidget(area, 3)
        mid = QVBoxLayout()
        self.reuse = ReusePanel(win, self)  # 材料复用 / 电子证照 with the applicant's consent
        self.checklist = MaterialChecklist(self)
        self.checklist.setObjectName("checklist")
        mid.addWidget(self.checklist, 1)
        self.deficient_btn = button(tr("该材料容缺后补"), self, name="mark_deficient")
        self.deficient_btn.clicked.connect(self.mark_deficient)
        self.checklist.material_selected.connect(self._follow_row)
        mid.addWidget(self.deficient_btn)
        # 送达方式 (issue 16, item 8): the choice in words, its page on a click.
        self.delivery_btn = button(tr("送达方式：窗口自取"), self, name="choose_delivery")
        self.delivery_btn.clicked.connect(lambda: win.pages["delivery"].open())
        mid.addWidget(self.delivery_btn)
        mid.addWidget(self.reuse.use_btn)
        row.addLayout(mid, 3)
        hint = tr("选中材料后放到高拍仪下：画面稳定后自动拍摄，每页一次；也可以点“拍摄”。")
        intake = win.intake
        self.camera = intake.add_scan_area(self, lay, row, 4, hint, self.checklist)
        self.camera.words_above_buttons()  # English: the buttons take the row's width
        self.material_msg = intake.material_msg
        sub = button(tr("提交受理并打印回执"), self, name="submit", primary=True)
        sub.clicked.connect(self.submit)
        self.toolbar(lay, self.reuse, sub)
        toolbar_row = lay.itemAt(lay.count() - 1).layout()
        toolbar_row.setStretchFactor(self.reuse, 4)  # its words on one or two lines
        # one busy state: a material being kept, or the submit
        self.busy = intake.scan_busy = self.busy_state(sub, self.deficient_btn, self.delivery_btn)
        self.reuse.busy = self.busy
        self._case_id = ""
        self._hint = hint

    def show_case(self) -> None:
        win = self.win
        assert win.item is not None and win.case is not None
        if win.case.id != self._case_id:  # a new intake: the last one's words go
            self._case_id = win.case.id
            self.material_msg.setText(self._hint)
        self.form.set_form(list(win.item.form), win.case.form)
        self.reuse.show_case()
        win.intake.refresh_checklist()
        self.delivery_changed()

    def delivery_changed(self) -> None:
        """The button says the case's 送达方式 (the address masked)."""
        from counter.pages.delivery import delivery_label

        if self.win.case is not None:
            self.delivery_btn.setText(delivery_label(self.win.case.delivery))

    def mark_deficient(self) -> None:
        """容缺后补 of the selected material, or its undo: the row says so at once."""
        win = self.win
        assert win.case is not None and win.item is not None
        code = self.checklist.current_code()
        if code is None:
            return
        now = win.intake.toggle_deferred(code)
        if now is None:
            if not win.intake.may_defer(code):
                self.material_msg.setText(tr("该材料不允许容缺，必须当场提交。"))
            else:
                self.material_msg.setText(tr("该材料已扫描，无需容缺。"))
        elif now:
            self.material_msg.setText(tr("已标记为容缺后补，提交时生成补正期限。"))
        else:
            self.material_msg.setText(tr("已撤销容缺，请扫描该材料。"))
        self._follow_row(code)

    def _follow_row(self, code: str | None) -> None:
        """The button says 撤销容缺 on a row marked 容缺后补."""
        deferred = code is not None and code in self.win.intake.deferred
        self.deficient_btn.setText(tr("撤销容缺") if deferred else tr("该材料容缺后补"))
        self.reuse.follow(code)

    def submit(self) -> None:
        win = self.win
        case, item = win.case, win.item
        assert case is not None and item is not None
        if self.form.validate():
            self.material_msg.setText(tr("申请表有未填或填错的项目，请核对。"))
            return
        case.form = self.form.current_values()
        if wanted(win):  # 告知承诺 may replace a missing proof: the applicant reads and signs
            win.pages["commitment"].open()
            return
        if win.serving is not None:  # the queue's ticket, wait and service times
            case.queue = win.serving.visit()
        rt, clerk = self.rt, win.clerk
        win.ops.run(
            "submit",
            lambda: submit(rt, case, item, actor=clerk),
            lambda c: self._submitted(case, c),
            lambda exc: self.material_msg.setText(user_text(exc)),
            busy=self.busy,
        )

    def _submitted(self, draft: Case, c: Case) -> None:
        if self.win.case is not draft:
            return  # the clerk moved on meanwhile: the case is saved and listed
        self.win.submitted = c
        self.win.drafts.drop(draft.id)  # the case is saved: its draft and kept pages go
        if self.win.serving is not None:
            self.win.serving.case_ids.append(c.id)
        self.win.pages["done"].show_submitted(c)
