"""The counter: sign in → applicant card → item → materials → submit → receipt.

A clerk at a comprehensive window (一窗受理) takes in any item for any
department: reads the applicant's (and an agent's) card, picks the item by
search, scans each material of the checklist on the document camera, marks
missing ones as 容缺 where the catalog allows, submits, and hands over the
receipt. The cases page lists recent cases with their sync state. The pickup
page (出件, services.pickup) hands decided results to the applicant or agent.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.case import Case, CaseState, MaterialStatus
from core.catalog import Item
from core.errors import OneWindowError
from core.identity import Identity, mask_id_number, mask_name
from core.intake import start_case
from services.pickup import (
    NOT_COLLECTOR,
    NOT_COLLECTOR_HINT,
    collector_role,
    find_by_receipt,
    hand_over,
    ready_cases_for,
)
from services.printing import deficiency_document
from services.submission import discard_draft, evaluate, print_receipt, submit
from sync.store import CaseSync
from widgets.bridge import RuntimeBridge
from widgets.checklist import MaterialChecklist
from widgets.errors import user_text
from widgets.evaluation import evaluation_card
from widgets.form_view import FormView
from widgets.i18n import N_, tr
from widgets.intake_flow import IntakeFlowMixin
from widgets.pages import button, title
from widgets.scenario import ScenarioQuestions
from widgets.status_bar import DeviceStatusBar

log = logging.getLogger(__name__)

PAGES = ("signin", "card", "item", "materials", "done", "cases", "prints", "evaluate", "pickup")
STATE_NAMES = {
    "submitted": N_("待上报"),
    "synced": N_("已上报"),
    "accepted": N_("已受理"),
    "rejected": N_("不予受理"),
    "ready": N_("待取件"),
    "delivered": N_("已出件"),
}


# Print-job words for the reprint list (the same as core.receipt.KIND_LABELS and
# sync.print_jobs.STATE_LABELS, marked here for translation).
JOB_KINDS = {
    "ticket": N_("取号凭条"),
    "receipt": N_("受理回执"),
    "notice": N_("一次性告知书"),
    "deficiency": N_("补正材料通知书"),
    "pickup": N_("取件凭条"),
}
JOB_STATES = {
    "queued": N_("排队中"),
    "printing": N_("打印中"),
    "held": N_("等待打印机"),
    "printed": N_("已打印"),
    "expired": N_("已过期未打印"),
    "cancelled": N_("已取消"),
}
JOB_REASONS = (N_("程序重启前未打印完成"), N_("超时未打印，未发出"), N_("工作人员取消"))


def sync_text(sync: CaseSync) -> str:
    """The outbox state of a case in words for staff (quarantined ones with the reason)."""
    if sync.state == "quarantined":
        return tr("需处理：") + sync.reason
    if sync.state == "retry":
        when = dt.datetime.fromtimestamp(sync.next_attempt_at or 0).strftime("%H:%M:%S")
        return tr("等待重试（%s）").replace("%s", when)
    if sync.state == "uploading":
        return tr("上传中")
    return tr("排队中")


class CounterWindow(IntakeFlowMixin, QMainWindow):
    """The clerk's app for one comprehensive window. GUI thread only."""

    NO_PICTURE = N_("还没有画面：请检查高拍仪。")
    PAGES_TAKEN = N_("已拍摄 %n 页。")
    PRINTED = N_("回执已打印，请交给申请人。")
    HELD = N_("回执已保存，打印机恢复后自动打印；也可稍后在“打印记录”中补打。")
    FAILED = N_("回执未打印，可在“打印记录”中补打。")

    @property
    def actor(self) -> str:
        return self.clerk

    def __init__(self, bridge: RuntimeBridge) -> None:
        super().__init__()
        self.bridge = bridge
        self.rt = bridge.runtime
        self.setWindowTitle(tr("一窗通 · 综合窗口受理"))
        self.clerk = ""
        self.applicant: Identity | None = None
        self.agent: Identity | None = None
        self.reading_for = "applicant"
        self.item: Item | None = None
        self.case: Case | None = None
        self.submitted: Case | None = None
        self.print_state = "none"  # none | pending | ok | held (kept, prints later) | failed
        self.print_job = None  # the receipt's print job (services.printing.PrintJob)
        self.evaluated = False  # the applicant rated the case just taken in
        self.thanks_ms = 3000  # the thank-you stays this long, then back to the done page
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.timeout.connect(self._after_thanks)

        central = QWidget(self)
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.header = QLabel(f"{tr('综合窗口')} · {self.rt.config.hall_name}", central)
        self.header.setStyleSheet(
            "background:#1f5fae;color:white;font-size:22px;font-weight:bold;padding:10px 16px;"
        )
        top.addWidget(self.header, 1)
        root.addLayout(top)
        self.stack = QStackedWidget(central)
        root.addWidget(self.stack, 1)
        self.status = DeviceStatusBar(central)
        self.status.show_recovered(self.rt.store.recovered_from, self.rt.store.recovered_reason)
        root.addWidget(self.status)
        self.setCentralWidget(central)

        self.pages: dict[str, QWidget] = {}
        for name in PAGES:
            page = QWidget(self.stack)
            page.setObjectName(f"page_{name}")
            getattr(self, f"_build_{name}")(page)
            self.pages[name] = page
            self.stack.addWidget(page)
        bridge.device_status.connect(self.status.update_device)
        bridge.device_status.connect(lambda _st: self._refresh_prints_if_shown())
        bridge.device_status.connect(self._on_reader_status)
        bridge.sync_status.connect(self.status.update_sync)
        bridge.sync_status.connect(lambda _st: self._refresh_cases_if_shown())
        bridge.card_read.connect(self._on_card)
        bridge.card_error.connect(self._on_card_error)
        self.show_page("signin")

    # ---- navigation -------------------------------------------------------
    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()]

    def show_page(self, name: str) -> None:
        self.stack.setCurrentWidget(self.pages[name])
        self.rt.devices.set_card_polling(name in ("card", "pickup"))
        if name == "materials":
            self.camera.set_material(self.checklist.current_code())
            self.camera.start()
        else:
            self.camera.stop()
        if name == "cases":
            self.refresh_cases()
        if name == "prints":
            self.refresh_prints()

    def new_intake(self) -> None:
        if self.submitted is None:
            discard_draft(self.rt, self.case)  # an abandoned draft's scans go with it
        self.applicant = self.agent = None
        self.item = self.case = self.submitted = None
        self.reading_for = "applicant"
        self._thanks_timer.stop()
        self.evaluated = False
        self.evaluation.reset()
        self.eval_note.setText("")
        self.ask_eval_btn.setEnabled(True)
        self.agent_box.setChecked(False)
        self._update_people()
        self.camera.clear()  # the last applicant's scanned pages
        self.show_page("card")

    def _layout(self, page: QWidget, heading: str) -> QVBoxLayout:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(24, 16, 24, 16)
        lay.setSpacing(10)
        lay.addWidget(title(heading, page))
        return lay

    def _toolbar(self, page: QWidget, lay: QVBoxLayout, *extra: QWidget) -> None:
        row = QHBoxLayout()
        new = button(tr("新的受理"), page, name="new_intake")
        new.clicked.connect(self.new_intake)
        cases = button(tr("办件列表"), page, name="show_cases")
        cases.clicked.connect(lambda: self.show_page("cases"))
        prints = button(tr("打印记录"), page, name="show_prints")
        prints.clicked.connect(lambda: self.show_page("prints"))
        pickup = button(tr("出件"), page, name="show_pickup")
        pickup.clicked.connect(self.new_pickup)
        row.addWidget(new)
        row.addWidget(cases)
        row.addWidget(prints)
        row.addWidget(pickup)
        row.addStretch(1)
        for w in extra:
            row.addWidget(w)
        lay.addLayout(row)

    # ---- pages ------------------------------------------------------------
    def _build_signin(self, page: QWidget) -> None:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(200, 60, 200, 60)
        lay.addWidget(title(tr("综合窗口工作人员登录"), page))
        form = QFormLayout()
        self.clerk_id = QLineEdit(page)
        self.clerk_id.setObjectName("clerk_id")
        self.clerk_id.setPlaceholderText(tr("工号，例如 C0012"))
        self.clerk_name = QLineEdit(page)
        self.clerk_name.setObjectName("clerk_name")
        form.addRow(tr("工号"), self.clerk_id)
        form.addRow(tr("姓名"), self.clerk_name)
        lay.addLayout(form)
        self.signin_msg = QLabel("", page)
        self.signin_msg.setProperty("role", "error")
        lay.addWidget(self.signin_msg)
        b = button(tr("登录"), page, name="signin", primary=True)
        b.clicked.connect(self.sign_in)
        self.clerk_name.returnPressed.connect(self.sign_in)
        lay.addWidget(b)
        lay.addStretch(1)

    def sign_in(self) -> None:
        cid, name = self.clerk_id.text().strip().upper(), self.clerk_name.text().strip()
        if not cid or not name:
            self.signin_msg.setText(tr("请填写工号和姓名"))
            return
        self.clerk = cid
        self.clerk_display = name
        self.header.setText(
            f"{tr('综合窗口')} · {self.rt.config.hall_name} · {tr('经办人')} {cid} {name}"
        )
        log.info("clerk %s signed in", cid)
        self.new_intake()

    def _build_card(self, page: QWidget) -> None:
        lay = self._layout(page, tr("读取申请人身份证"))
        self.card_prompt = title(tr("请申请人将身份证放在读卡器上"), page, role="subtitle")
        lay.addWidget(self.card_prompt)
        self.people = QLabel("", page)
        self.people.setTextFormat(Qt.TextFormat.RichText)
        self.people.setWordWrap(True)
        lay.addWidget(self.people)
        self.agent_box = QCheckBox(tr("由代办人办理（需再读取代办人身份证）"), page)
        self.agent_box.setObjectName("agent_box")
        lay.addWidget(self.agent_box)
        self.card_msg = QLabel("", page)
        self.card_msg.setProperty("role", "error")
        self.card_msg.setWordWrap(True)
        lay.addWidget(self.card_msg)
        lay.addStretch(1)
        self.demo_card_btn = button(tr("演示：放入样例身份证"), page, name="demo_card")
        self.demo_card_btn.clicked.connect(self._present_demo_card)
        self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)
        self.card_next = button(tr("下一步：选择事项"), page, name="card_next", primary=True)
        self.card_next.clicked.connect(self._card_next)
        self._toolbar(page, lay, self.demo_card_btn, self.card_next)

    def _build_item(self, page: QWidget) -> None:
        lay = self._layout(page, tr("选择办理事项"))
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.search = QLineEdit(page)
        self.search.setObjectName("item_search")
        self.search.setPlaceholderText(tr("输入事项名称、编码或关键词搜索"))
        self.search.textChanged.connect(self._filter_items)
        left.addWidget(self.search)
        self.item_list = QListWidget(page)
        self.item_list.setObjectName("item_list")
        self.item_list.currentItemChanged.connect(self._item_picked)
        left.addWidget(self.item_list, 1)
        row.addLayout(left, 2)
        right = QVBoxLayout()
        self.item_info = QLabel(tr("请在左侧选择事项"), page)
        self.item_info.setWordWrap(True)
        self.item_info.setTextFormat(Qt.TextFormat.RichText)
        right.addWidget(self.item_info)
        self.scenario = ScenarioQuestions(page)
        right.addWidget(self.scenario)
        right.addStretch(1)
        self.item_msg = QLabel("", page)
        self.item_msg.setProperty("role", "error")
        right.addWidget(self.item_msg)
        row.addLayout(right, 3)
        lay.addLayout(row, 1)
        nxt = button(tr("下一步：收取材料"), page, name="item_next", primary=True)
        nxt.clicked.connect(self._item_next)
        self._toolbar(page, lay, nxt)
        self._filter_items("")

    def _build_materials(self, page: QWidget) -> None:
        lay = self._layout(page, tr("核对申请表，逐项收取材料"))
        row = QHBoxLayout()
        area = QScrollArea(page)
        area.setWidgetResizable(True)
        self.form = FormView(masked=True)
        area.setWidget(self.form)
        row.addWidget(area, 3)
        mid = QVBoxLayout()
        self.checklist = MaterialChecklist(page)
        self.checklist.setObjectName("checklist")
        mid.addWidget(self.checklist, 1)
        self.deficient_btn = button(tr("该材料容缺后补"), page, name="mark_deficient")
        self.deficient_btn.clicked.connect(self._mark_deficient)
        mid.addWidget(self.deficient_btn)
        row.addLayout(mid, 3)
        hint = tr("选中材料后放到高拍仪下：画面稳定后自动拍摄，每页一次；也可以点“拍摄”。")
        self._add_scan_area(page, lay, row, 4, hint)
        sub = button(tr("提交受理并打印回执"), page, name="submit", primary=True)
        sub.clicked.connect(self.submit)
        self._toolbar(page, lay, sub)

    def _build_done(self, page: QWidget) -> None:
        lay = self._layout(page, tr("受理完成"))
        self.done_text = QLabel("", page)
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.done_text, 1)
        self.print_msg = QLabel("", page)
        self.print_msg.setProperty("role", "subtitle")
        self.print_msg.setWordWrap(True)
        lay.addWidget(self.print_msg)
        self.eval_note = QLabel("", page)
        self.eval_note.setProperty("role", "hint")
        lay.addWidget(self.eval_note)
        reprint = button(tr("补打回执"), page, name="reprint")
        reprint.clicked.connect(self._reprint)
        self.deficiency_btn = button(tr("打印补正材料通知书"), page, name="print_deficiency")
        self.deficiency_btn.clicked.connect(self.print_deficiency_notice)
        self.ask_eval_btn = button(tr("请办事人评价"), page, name="ask_evaluation")
        self.ask_eval_btn.clicked.connect(self.ask_evaluation)
        self._toolbar(page, lay, self.ask_eval_btn, self.deficiency_btn, reprint)

    def _build_evaluate(self, page: QWidget) -> None:
        # Turned to the applicant (or on the citizen-facing pad): no clerk toolbar here.
        lay = QVBoxLayout(page)
        lay.setContentsMargins(100, 32, 100, 24)
        card, self.evaluation = evaluation_card(page, margin=20)
        self.evaluation.submitted.connect(self._on_evaluated)
        self.evaluation.skipped.connect(self._on_eval_skipped)
        lay.addWidget(card, 1)

    def ask_evaluation(self) -> None:
        """Hand the evaluation of the case just taken in to the applicant (好差评)."""
        if self.submitted is None or self.evaluated:
            return
        self.evaluation.reset(
            f"{tr('经办人')} {self.clerk} · {tr('受理编号')} {self.submitted.receipt_no}"
        )
        self.show_page("evaluate")

    def _on_evaluated(self, level: int, reasons: list[str]) -> None:
        channel = "station" if self.rt.config.role.value == "station" else "counter"
        try:
            evaluate(self.rt, self.submitted, level, reasons, channel=channel, staff=self.clerk)
        except OneWindowError as exc:
            self.evaluation.show_error(user_text(exc))
            return
        self.evaluated = True
        self.ask_eval_btn.setEnabled(False)
        self.eval_note.setText(tr("办事人已评价。"))  # what was chosen stays with the citizen
        self.evaluation.show_thanks()
        self._thanks_timer.start(self.thanks_ms)

    def _after_thanks(self) -> None:
        if self.current_page() == "evaluate":
            self.show_page("done")

    def _on_eval_skipped(self) -> None:
        self.eval_note.setText(tr("办事人未评价。"))
        self.show_page("done")

    def _build_prints(self, page: QWidget) -> None:
        lay = self._layout(page, tr("打印记录（补打）"))
        self.prints_list = QListWidget(page)
        self.prints_list.setObjectName("prints_list")
        lay.addWidget(self.prints_list, 1)
        self.prints_msg = QLabel("", page)
        self.prints_msg.setProperty("role", "hint")
        self.prints_msg.setWordWrap(True)
        lay.addWidget(self.prints_msg)
        cancel = button(tr("取消所选"), page, name="cancel_print")
        cancel.clicked.connect(self.cancel_selected_print)
        again = button(tr("补打所选"), page, name="reprint_selected", primary=True)
        again.clicked.connect(self.reprint_selected)
        self._toolbar(page, lay, cancel, again)

    def _build_cases(self, page: QWidget) -> None:
        lay = self._layout(page, tr("本窗口办件"))
        self.cases_list = QListWidget(page)
        self.cases_list.setObjectName("cases_list")
        lay.addWidget(self.cases_list, 1)
        self.cases_msg = QLabel("", page)
        self.cases_msg.setProperty("role", "hint")
        self.cases_msg.setWordWrap(True)
        lay.addWidget(self.cases_msg)
        retry = button(tr("重试上报"), page, name="retry_sync")
        retry.clicked.connect(self.retry_selected)
        sync_now = button(tr("立即上报"), page, name="sync_now")
        sync_now.clicked.connect(self.rt.sync.sync_now)
        self._toolbar(page, lay, retry, sync_now)

    # ---- flow -------------------------------------------------------------
    def _on_reader_status(self, st) -> None:
        if st.device == "id_reader":  # the virtual reader exists only once devices started
            self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)
            self.pickup_demo_btn.setVisible(self.rt.devices.card_slot is not None)

    def _on_card_error(self, exc: OneWindowError) -> None:
        if self.current_page() == "pickup":
            self.pickup_msg.setText(user_text(exc))
        else:
            super()._on_card_error(exc)

    def _on_card(self, identity: Identity, warnings: list[str]) -> None:
        if self.current_page() == "pickup":
            self._pickup_card(identity, warnings)
            return
        if self.current_page() != "card":
            return
        if self.reading_for == "agent":
            self.agent = identity
        else:
            self.applicant = identity
        self.card_msg.setText("\n".join(tr(w) for w in warnings))
        self._update_people()

    def _update_people(self) -> None:
        parts = []
        for label, who in ((tr("申请人"), self.applicant), (tr("代办人"), self.agent)):
            if who is not None:
                parts.append(
                    f"<p>{label}：<b>{mask_name(who.name)}</b> {mask_id_number(who.id_number)}</p>"
                )
        self.people.setText("".join(parts))
        need_agent = self.agent_box.isChecked() and self.agent is None
        self.reading_for = "agent" if self.applicant is not None and need_agent else "applicant"
        if self.applicant is None:
            self.card_prompt.setText(tr("请申请人将身份证放在读卡器上"))
        elif need_agent:
            self.card_prompt.setText(tr("请代办人将身份证放在读卡器上"))
        else:
            self.card_prompt.setText(tr("证件已读取，可以选择事项"))
        self.card_next.setEnabled(self.applicant is not None and not need_agent)

    def _card_next(self) -> None:
        self._update_people()
        if self.card_next.isEnabled():
            self.show_page("item")

    def _filter_items(self, text: str) -> None:
        self.item_list.clear()
        for it in self.rt.catalog.search(text):
            li = QListWidgetItem(f"{it.name}  [{tr(it.window_class)}]", self.item_list)
            li.setData(Qt.ItemDataRole.UserRole, it.code)

    def select_item(self, code: str) -> None:
        for i in range(self.item_list.count()):
            if self.item_list.item(i).data(Qt.ItemDataRole.UserRole) == code:
                self.item_list.setCurrentRow(i)
                return

    def _item_picked(self, cur: QListWidgetItem | None, _prev=None) -> None:
        if cur is None:
            return
        it = self.rt.catalog.item(cur.data(Qt.ItemDataRole.UserRole))
        self.item = it
        limit = (
            tr("当场办结")
            if it.on_the_spot
            else tr("%d个工作日").replace("%d", str(it.promised_days))
        )
        self.item_info.setText(
            f"<h3>{it.name}</h3><p>{it.code} · {it.department}</p>"
            f"<p>{tr('承诺时限')}：{limit}　{tr('收费')}：{it.fee}</p>"
        )
        self.scenario.set_item(it)
        self.item_msg.setText("")

    def _item_next(self) -> None:
        if self.item is None or self.applicant is None:
            self.item_msg.setText(tr("请先选择事项"))
            return
        answers = self.scenario.answers()
        if answers is None:
            self.item_msg.setText(tr("请先回答情形问题"))
            return
        cfg = self.rt.config
        self.answers = answers
        self.case = start_case(
            self.item,
            self.applicant,
            hall_code=cfg.hall_code,
            device_code=cfg.device_code,
            channel=cfg.role.value,
            actor=self.clerk,
            answers=answers,
            agent=self.agent,
        )
        self.form.set_form(list(self.item.form), self.case.form)
        self._refresh_checklist()
        self.show_page("materials")

    def _mark_deficient(self) -> None:
        assert self.case is not None and self.item is not None
        code = self.checklist.current_code()
        if code is None:
            return
        m = self.item.material(code)
        if not m.deficiency_allowed:
            self.material_msg.setText(tr("该材料不允许容缺，必须当场提交。"))
            return
        for cm in self.case.materials:
            if cm.code == code and not cm.files:
                cm.status = MaterialStatus.DEFICIENT
        self.material_msg.setText(tr("已标记为容缺后补，提交时生成补正期限。"))
        self._refresh_checklist()

    def submit(self) -> None:
        assert self.case is not None and self.item is not None
        if self.form.validate():
            self.material_msg.setText(tr("申请表有未填或填错的项目，请核对。"))
            return
        self.case.form = self.form.current_values()
        try:
            self.submitted = submit(self.rt, self.case, self.item, actor=self.clerk)
        except OneWindowError as exc:
            self.material_msg.setText(user_text(exc))
            return
        c = self.submitted
        due = f"{c.promised_date:%Y-%m-%d}" if c.promised_date else ""
        defs = "".join(f"<li>{d.name}：{d.due:%Y-%m-%d}</li>" for d in c.deficiencies)
        self.done_text.setText(
            f"<p style='font-size:24px'>{tr('受理编号')}：<b>{c.receipt_no}</b></p>"
            f"<p>{c.item_name}　{tr('承诺办结日期')}：{due}</p>"
            + (f"<p>{tr('待补正材料')}：</p><ul>{defs}</ul>" if defs else "")
        )
        self.show_page("done")
        self._print()

    def _print(self) -> None:
        if self.submitted is None:
            return
        self.deficiency_btn.setVisible(bool(self.submitted.deficiencies))
        self.print_msg.setText(tr("正在打印回执……"))
        self.print_state = "pending"
        try:
            self.print_job = print_receipt(self.rt, self.submitted, clerk=self.clerk)
        except OneWindowError as exc:
            self.print_state = "failed"
            self.print_msg.setText(tr("回执未打印：") + user_text(exc))
            return
        self._watch_print(self.print_job)

    def _reprint(self) -> None:
        """补打 the receipt of the case just taken in (marked 补打 on paper)."""
        job = self.print_job
        if job is None:
            self._print()
            return
        try:
            self.print_job = self.rt.printing.reprint(job.id, actor=self.clerk)
        except OneWindowError as exc:
            self.print_msg.setText(user_text(exc))
            return
        self.print_msg.setText(tr("正在补打回执……"))
        self._watch_print(self.print_job)

    def print_deficiency_notice(self) -> None:
        """补正材料通知书 for the case just taken in."""
        if self.submitted is None:
            return
        try:
            doc = deficiency_document(self.rt, self.submitted, clerk=self.clerk)
            self.rt.printing.print(doc, case_id=self.submitted.id, actor=self.clerk)
        except OneWindowError as exc:
            self.print_msg.setText(user_text(exc))
            return
        self.print_msg.setText(tr("补正材料通知书已发送到打印机。"))

    def refresh_prints(self) -> None:
        """The reprint list: the latest print jobs with their state."""
        self.prints_list.clear()
        try:
            jobs = self.rt.printing.recent(200)
        except OneWindowError as exc:
            self.prints_msg.setText(user_text(exc))
            return
        for rec in jobs:
            when = rec.created_at.astimezone().strftime("%m-%d %H:%M")
            kind = tr(JOB_KINDS.get(rec.kind, rec.kind))
            state = tr(JOB_STATES[rec.state.value])
            if rec.state.value == "held" and rec.reason:
                state += "：" + tr(rec.reason)
            mark = tr("（补打）") if rec.reprint_of else ""
            li = QListWidgetItem(f"{when}　{kind}{mark}　{rec.ref}　{state}", self.prints_list)
            li.setData(Qt.ItemDataRole.UserRole, rec.id)

    def _selected_print(self) -> str | None:
        li = self.prints_list.currentItem()
        job_id = li.data(Qt.ItemDataRole.UserRole) if li is not None else None
        if job_id is None:
            self.prints_msg.setText(tr("请先选中一条打印记录。"))
        return job_id

    def reprint_selected(self) -> None:
        job_id = self._selected_print()
        if job_id is None:
            return
        try:
            self.rt.printing.reprint(job_id, actor=self.clerk)
        except OneWindowError as exc:
            self.prints_msg.setText(user_text(exc))
            return
        log.info("clerk %s reprinted print job %s", self.clerk, job_id)
        self.prints_msg.setText(tr("已发送补打。"))
        QTimer.singleShot(500, self._refresh_prints_if_shown)

    def cancel_selected_print(self) -> None:
        job_id = self._selected_print()
        if job_id is None:
            return
        if self.rt.printing.cancel(job_id):
            self.prints_msg.setText(tr("已取消，该单据不会再打印。"))
        else:
            self.prints_msg.setText(tr("只能取消等待打印的单据。"))
        self.refresh_prints()

    def _refresh_prints_if_shown(self) -> None:
        if self.current_page() == "prints" and not self.rt.closed:
            self.refresh_prints()

    def _refresh_cases_if_shown(self) -> None:
        # A status queued just before the runtime closed may still arrive.
        if self.current_page() == "cases" and not self.rt.closed:
            self.refresh_cases()

    def refresh_cases(self) -> None:
        self.cases_list.clear()
        cases = self.rt.store.list_cases(limit=200)
        syncs = self.rt.store.case_sync_states([c.id for c in cases])
        for c in cases:
            state = tr(STATE_NAMES.get(c.state.value, c.state.value))
            sync = syncs.get(c.id)
            if sync is not None and sync.state != "done":
                state += "　" + sync_text(sync)
            name = mask_name(c.applicant.name) or tr("（已清除）")
            li = QListWidgetItem(f"{c.receipt_no}　{c.item_name}　{name}　{state}", self.cases_list)
            if sync is not None and sync.state in ("quarantined", "retry"):
                li.setData(Qt.ItemDataRole.UserRole, sync.entry_id)

    def retry_selected(self) -> None:
        """Staff action: send the selected case's quarantined (or waiting) entry again."""
        li = self.cases_list.currentItem()
        entry_id = li.data(Qt.ItemDataRole.UserRole) if li is not None else None
        if entry_id is None:
            self.cases_msg.setText(tr("请先选中一件“需处理”或“等待重试”的办件。"))
            return
        try:
            self.rt.store.retry_now(int(entry_id))
        except OneWindowError as exc:
            self.cases_msg.setText(user_text(exc))
            return
        log.info("clerk %s retried outbox entry %s", self.clerk, entry_id)
        self.cases_msg.setText(tr("已重新排队上报。"))
        self.rt.sync.sync_now()
        self.refresh_cases()

    # ---- 出件: hand out results ----------------------------------------------
    def _build_pickup(self, page: QWidget) -> None:
        self.pickup_person: Identity | None = None
        self.pickup_case_id: str | None = None  # a case looked up by receipt number
        self.pickup_job = None  # the last 取件凭条's print job
        self.pickup_print_state = "none"  # none | pending | ok | held | failed
        self.pickup_served = False  # the collector read has just been handed a result
        lay = self._layout(page, tr("出件：领取办理结果"))
        self.pickup_prompt = title(
            tr("请领取人将身份证放在读卡器上，或输入受理编号查询"), page, role="subtitle"
        )
        self.pickup_prompt.setWordWrap(True)
        lay.addWidget(self.pickup_prompt)
        row = QHBoxLayout()
        self.pickup_receipt = QLineEdit(page)
        self.pickup_receipt.setObjectName("pickup_receipt")
        self.pickup_receipt.setPlaceholderText(tr("受理编号（见受理回执）"))
        self.pickup_receipt.returnPressed.connect(self.lookup_receipt)
        row.addWidget(self.pickup_receipt, 1)
        find = button(tr("按受理编号查询"), page, name="pickup_lookup")
        find.clicked.connect(self.lookup_receipt)
        row.addWidget(find)
        lay.addLayout(row)
        self.pickup_who = QLabel("", page)
        self.pickup_who.setTextFormat(Qt.TextFormat.RichText)
        self.pickup_who.setWordWrap(True)
        lay.addWidget(self.pickup_who)
        self.pickup_list = QListWidget(page)
        self.pickup_list.setObjectName("pickup_list")
        lay.addWidget(self.pickup_list, 1)
        self.pickup_msg = QLabel("", page)
        self.pickup_msg.setProperty("role", "subtitle")
        self.pickup_msg.setWordWrap(True)
        lay.addWidget(self.pickup_msg)
        self.pickup_demo_btn = button(tr("演示：放入样例身份证"), page, name="pickup_demo_card")
        self.pickup_demo_btn.clicked.connect(self._present_demo_card)
        self.pickup_demo_btn.setVisible(self.rt.devices.card_slot is not None)
        confirm = button(tr("确认出件"), page, name="confirm_pickup", primary=True)
        confirm.clicked.connect(self.confirm_pickup)
        self._toolbar(page, lay, self.pickup_demo_btn, confirm)

    def new_pickup(self) -> None:
        """Start serving the next collector: nothing read, nothing looked up."""
        self.pickup_person = None
        self.pickup_case_id = None
        self.pickup_served = False
        self.pickup_receipt.clear()
        self.pickup_msg.setText("")
        self.show_page("pickup")
        self.refresh_pickup()

    def _pickup_card(self, identity: Identity, warnings: list[str]) -> None:
        self.pickup_person = identity
        self.pickup_served = False
        self.pickup_msg.setText("\n".join(tr(w) for w in warnings))
        self.refresh_pickup()

    def lookup_receipt(self) -> None:
        """Look a case up by the receipt number the clerk typed."""
        try:
            case = find_by_receipt(self.rt, self.pickup_receipt.text())
        except OneWindowError as exc:
            self.pickup_case_id = None
            self.pickup_list.clear()
            self.pickup_msg.setText(user_text(exc))
            return
        self.pickup_case_id = case.id
        self.pickup_msg.setText("")
        self.refresh_pickup()

    def _pickup_row(self, case: Case, role: str | None) -> None:
        state = tr(STATE_NAMES.get(case.state.value, case.state.value))
        who = f"{tr('申请人')} {mask_name(case.applicant.name)}"
        if case.agent is not None:
            who += f"　{tr('代办人')} {mask_name(case.agent.name)}"
        li = QListWidgetItem(
            f"{case.receipt_no}　{case.item_name}　{who}　{state}", self.pickup_list
        )
        li.setData(Qt.ItemDataRole.UserRole, case.id)
        if role == "agent":
            li.setText(li.text() + "　" + tr("（代办人领取）"))

    def refresh_pickup(self) -> None:
        """List what the collector read (or the receipt looked up) may take now."""
        self.pickup_list.clear()
        person = self.pickup_person
        if person is None:
            self.pickup_who.setText("")
        else:
            self.pickup_who.setText(
                f"<p>{tr('领取人')}：<b>{mask_name(person.name)}</b> "
                f"{mask_id_number(person.id_number)}</p>"
            )
        try:
            self._fill_pickup(person)
        except OneWindowError as exc:
            self.pickup_msg.setText(user_text(exc))

    def _fill_pickup(self, person: Identity | None) -> None:
        if self.pickup_case_id is not None:
            case = self.rt.store.get_case(self.pickup_case_id)
            role = collector_role(case, person) if person is not None else None
            self._pickup_row(case, role)
            self.pickup_list.setCurrentRow(0)
            if case.state is CaseState.DELIVERED:
                self.pickup_prompt.setText(tr("该办件已出件，不能重复出件。"))
            elif case.state is not CaseState.READY:
                self.pickup_prompt.setText(tr("该办件还没有办结，暂不能出件。"))
            elif person is None:
                self.pickup_prompt.setText(tr("请领取人将身份证放在读卡器上，核对身份后出件"))
            elif role is None:
                self.pickup_prompt.setText(tr(NOT_COLLECTOR) + "\n" + tr(NOT_COLLECTOR_HINT))
            else:
                self.pickup_prompt.setText(tr("身份已核对，请交付结果后点“确认出件”"))
            return
        if person is None:
            self.pickup_prompt.setText(tr("请领取人将身份证放在读卡器上，或输入受理编号查询"))
            return
        rows = ready_cases_for(self.rt, person)
        for case, role in rows:
            self._pickup_row(case, role)
        if rows:
            self.pickup_list.setCurrentRow(0)
            self.pickup_prompt.setText(tr("请选中要领取的办件，交付结果后点“确认出件”"))
        elif self.pickup_served:
            self.pickup_prompt.setText(tr("该领取人已没有其他待取件的办件。接待下一位请点“出件”。"))
        else:
            self.pickup_prompt.setText(
                tr("该证件持有人没有待取件的办件。")
                + "\n"
                + tr("只有申请人本人或受理时登记的代办人可以领取；请核对证件，或输入受理编号查询。")
            )

    def confirm_pickup(self) -> None:
        """确认出件: record the hand-over of the selected case and print the 取件凭条."""
        li = self.pickup_list.currentItem()
        case_id = li.data(Qt.ItemDataRole.UserRole) if li is not None else None
        if case_id is None:
            self.pickup_msg.setText(tr("请先读取领取人身份证或输入受理编号，并选中办件。"))
            return
        if self.pickup_person is None:
            self.pickup_msg.setText(tr("请先读取领取人身份证，核对身份后再出件。"))
            return
        try:
            result = hand_over(self.rt, case_id, self.pickup_person, self.clerk)
        except OneWindowError as exc:
            self.pickup_msg.setText(user_text(exc))
            self.refresh_pickup()
            return
        done = tr("已出件：%s。").replace("%s", result.case.receipt_no)
        self.pickup_served = True
        self.pickup_job = result.job
        if result.job is None:
            self.pickup_print_state = "failed"
            err = user_text(result.print_error) if result.print_error else ""
            self.pickup_msg.setText(done + tr("取件凭条未打印：") + err)
        else:
            self.pickup_print_state = "pending"
            self.pickup_msg.setText(done + tr("正在打印取件凭条……"))
            self._watch_pickup_print(result.job, done)
        self.refresh_pickup()

    def _watch_pickup_print(self, job, done: str) -> None:
        if job is not self.pickup_job:
            return
        if job.pending:
            QTimer.singleShot(250, lambda: self._watch_pickup_print(job, done))
            return
        state = job.state.value
        if state == "printed":
            self.pickup_print_state = "ok"
            self.pickup_msg.setText(done + tr("取件凭条已打印，请交给领取人。"))
        elif state == "held":  # kept; printed once the printer is back, so keep watching
            self.pickup_print_state = "held"
            self.pickup_msg.setText(
                done + tr("取件凭条已保存，打印机恢复后自动打印；也可在“打印记录”中补打。")
            )
            QTimer.singleShot(250, lambda: self._watch_pickup_print(job, done))
        else:
            self.pickup_print_state = "failed"
            self.pickup_msg.setText(done + tr("取件凭条未打印，可在“打印记录”中补打。"))
