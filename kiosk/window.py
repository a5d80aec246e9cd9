"""The kiosk: home → card → item → guide → form → scan → confirm → done.

Full screen, big buttons, a number pad instead of a keyboard, an idle
timeout that warns and then wipes the session. Everything the citizen
submits is saved locally before the receipt prints; the network is never
on that path.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.case import Case, DeliveryMethod, MaterialStatus
from core.catalog import WINDOW_CLASSES, Item
from core.errors import OneWindowError
from core.identity import Identity, mask_id_number, mask_name
from core.intake import start_case
from drivers.base import Health
from services.printing import notice_document
from services.submission import discard_draft, evaluate, print_receipt, submit
from widgets.bridge import RuntimeBridge
from widgets.checklist import MaterialChecklist
from widgets.errors import user_text
from widgets.evaluation import evaluation_card
from widgets.form_view import FormView
from widgets.i18n import N_, tr
from widgets.idle import IdleWatcher
from widgets.intake_flow import IntakeFlowMixin
from widgets.keypad import NumberPad
from widgets.pages import button, title
from widgets.scenario import ScenarioQuestions
from widgets.status_bar import DeviceStatusBar

log = logging.getLogger(__name__)

PAGES = ("home", "card", "items", "guide", "form", "scan", "confirm", "done")


class KioskWindow(IntakeFlowMixin, QMainWindow):
    """The citizen's app for one kiosk. GUI thread only."""

    actor = "citizen"
    NO_PICTURE = N_("还没有画面，请稍候再拍，或联系工作人员。")
    PAGES_TAKEN = N_("已拍摄 %n 页。可继续拍下一页，或选择下一份材料。")
    PRINTED = N_("回执已打印，请取走。凭回执可查询办理进度。")
    FAILED = N_("回执未打印。办件已保存，请凭受理编号到人工窗口补打。")

    def _held_text(self, error: BaseException) -> str:
        return (
            tr("回执暂时无法打印：")
            + user_text(error)
            + "\n"
            + tr("办件已保存，打印机恢复后回执会自动打印。")
            + tr("请联系工作人员，或凭受理编号到人工窗口补打。")
        )

    def __init__(self, bridge: RuntimeBridge, *, idle: IdleWatcher | None = None) -> None:
        super().__init__()
        self.bridge = bridge
        self.rt = bridge.runtime
        self.setWindowTitle(tr("一窗通 · 政务服务自助终端"))
        self.identity: Identity | None = None
        self.item: Item | None = None
        self.case: Case | None = None
        self.submitted: Case | None = None
        self.print_state = "none"  # none | pending | ok | held (kept, prints later) | failed
        self.print_job = None
        self.answers: dict[str, int] = {}
        self.thanks_ms = 5000  # the thank-you stays this long, then home
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.timeout.connect(self._after_thanks)

        central = QWidget(self)
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        header = QLabel(f"{tr('一窗通')} · {self.rt.config.hall_name}", central)
        header.setStyleSheet(
            "background:#1f5fae;color:white;font-size:24px;font-weight:bold;padding:12px 20px;"
        )
        root.addWidget(header)
        self.idle_banner = QLabel("", central)
        self.idle_banner.setObjectName("idle_banner")
        self.idle_banner.setProperty("role", "banner")
        self.idle_banner.hide()
        root.addWidget(self.idle_banner)
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

        bridge.device_status.connect(self._on_device_status)
        bridge.sync_status.connect(self.status.update_sync)
        bridge.card_read.connect(self._on_card)
        bridge.card_error.connect(self._on_card_error)

        self.idle = idle or IdleWatcher(self.rt.config.idle_timeout_s, parent=self)
        self.idle.warn.connect(self._on_idle_warn)
        self.idle.expired.connect(self.reset_session)
        self.show_page("home")

    # ---- navigation -------------------------------------------------------
    def current_page(self) -> str:
        return PAGES[self.stack.currentIndex()]

    def show_page(self, name: str) -> None:
        self.stack.setCurrentWidget(self.pages[name])
        self.idle_banner.hide()
        self.idle.set_active(name != "home")
        self.rt.devices.set_card_polling(name == "card")
        if name == "scan":
            self.camera.set_material(self.checklist.current_code())
            self.camera.start()
        else:
            self.camera.stop()

    def reset_session(self) -> None:
        """Forget everything about the current citizen and go home."""
        if self.submitted is None:
            discard_draft(self.rt, self.case)  # an abandoned draft's scans go with it
        self.identity = self.item = self.case = self.submitted = None
        self.print_job = None
        self.answers = {}
        # An evaluation is saved the moment it is submitted; one not submitted is skipped.
        self._thanks_timer.stop()
        self.evaluation.reset()
        self.form.set_form([], {})
        self.card_msg.setText("")
        self.camera.clear()  # scanned pages are personal data: forget them with the session
        self.show_page("home")

    # ---- pages ------------------------------------------------------------
    def _page_layout(self, page: QWidget, heading: str) -> QVBoxLayout:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(40, 24, 40, 24)
        lay.setSpacing(14)
        lay.addWidget(title(heading, page))
        return lay

    def _nav(self, page: QWidget, lay: QVBoxLayout, back: str | None, nxt=None) -> None:
        row = QHBoxLayout()
        if back:
            b = button(tr("返回"), page, name=f"back_{back}")
            b.clicked.connect(lambda: self.show_page(back))
            row.addWidget(b)
        home = button(tr("回首页"), page, name="home")
        home.clicked.connect(self.reset_session)
        row.addWidget(home)
        row.addStretch(1)
        if nxt is not None:
            row.addWidget(nxt)
        lay.addLayout(row)

    def _build_home(self, page: QWidget) -> None:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(60, 40, 60, 40)
        lay.setSpacing(24)
        lay.addStretch(1)
        t = title(tr("欢迎使用政务服务自助终端"), page)
        t.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(t)
        sub = title(tr("一证通办：刷身份证即可办理，最多跑一次"), page, role="subtitle")
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(sub)
        self.start_btn = button(tr("刷身份证 开始办事"), page, name="start", primary=True, big=True)
        self.start_btn.clicked.connect(lambda: self.show_page("card"))
        lay.addWidget(self.start_btn)
        lay.addStretch(2)

    def _build_card(self, page: QWidget) -> None:
        lay = self._page_layout(page, tr("请将身份证放在读卡区"))
        hint = title(
            tr("证件放平，不要移动，读卡约需2秒。没有身份证请到人工窗口办理。"),
            page,
            role="subtitle",
        )
        lay.addWidget(hint)
        icon = QLabel("🪪", page)
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon.setStyleSheet("font-size:120px;")
        lay.addWidget(icon, 1)
        self.card_msg = QLabel("", page)
        self.card_msg.setProperty("role", "error")
        self.card_msg.setWordWrap(True)
        lay.addWidget(self.card_msg)
        self.demo_card_btn = button(tr("演示：放入样例身份证"), page, name="demo_card")
        self.demo_card_btn.clicked.connect(self._present_demo_card)
        self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)
        self._nav(page, lay, "home", self.demo_card_btn)

    def _build_items(self, page: QWidget) -> None:
        lay = self._page_layout(page, tr("请选择要办理的事项"))
        self.who = QLabel("", page)
        self.who.setProperty("role", "subtitle")
        lay.addWidget(self.who)
        self.tabs = QTabWidget(page)
        self.item_buttons: dict[str, QWidget] = {}
        lay.addWidget(self.tabs, 1)
        self._fill_items()
        self._nav(page, lay, "home")

    def _fill_items(self) -> None:
        self.tabs.clear()
        for wc in WINDOW_CLASSES:
            items = self.rt.catalog.by_window_class(wc)
            inner = QWidget()
            grid = QGridLayout(inner)
            grid.setSpacing(12)
            for i, it in enumerate(items):
                tags = " ".join(it.tags)
                b = button(f"{it.name}\n{tags}", inner, name=f"item_{it.code}")
                b.setProperty("tile", True)
                b.clicked.connect(lambda _=False, code=it.code: self.choose_item(code))
                grid.addWidget(b, i // 2, i % 2)
                self.item_buttons[it.code] = b
            grid.setRowStretch(grid.rowCount(), 1)
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setWidget(inner)
            self.tabs.addTab(area, tr(wc))

    def _build_guide(self, page: QWidget) -> None:
        lay = self._page_layout(page, tr("办事指南"))
        self.guide_text = QLabel("", page)
        self.guide_text.setWordWrap(True)
        self.guide_text.setTextFormat(Qt.TextFormat.RichText)
        area = QScrollArea(page)
        area.setWidgetResizable(True)
        holder = QWidget()
        self.guide_lay = QVBoxLayout(holder)
        self.guide_lay.addWidget(self.guide_text)
        self.scenario = ScenarioQuestions(holder)
        self.guide_lay.addWidget(self.scenario)
        self.guide_lay.addStretch(1)
        area.setWidget(holder)
        lay.addWidget(area, 1)
        self.guide_msg = QLabel("", page)
        self.guide_msg.setProperty("role", "error")
        lay.addWidget(self.guide_msg)
        nxt = button(tr("下一步：填写申请表"), page, name="guide_next", primary=True)
        nxt.clicked.connect(self._guide_next)
        notice = button(tr("打印一次性告知书"), page, name="print_notice")
        notice.clicked.connect(self.print_notice)
        holder = QWidget(page)
        h = QHBoxLayout(holder)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(notice)
        h.addWidget(nxt)
        self._nav(page, lay, "items", holder)

    def _build_form(self, page: QWidget) -> None:
        lay = self._page_layout(page, tr("请核对并填写申请表"))
        row = QHBoxLayout()
        area = QScrollArea(page)
        area.setWidgetResizable(True)
        self.form = FormView(masked=True)
        area.setWidget(self.form)
        row.addWidget(area, 3)
        self.pad = NumberPad(page)
        row.addWidget(self.pad, 2)
        lay.addLayout(row, 1)
        nxt = button(tr("下一步：扫描材料"), page, name="form_next", primary=True)
        nxt.clicked.connect(self._form_next)
        self._nav(page, lay, "guide", nxt)

    def _build_scan(self, page: QWidget) -> None:
        lay = self._page_layout(page, tr("请将材料平放在扫描区"))
        row = QHBoxLayout()
        self.checklist = MaterialChecklist(page)
        self.checklist.setMaximumWidth(360)
        row.addWidget(self.checklist, 2)
        hint = tr("选择左侧的材料，放到镜头下：画面稳定后会自动拍摄，也可以点“拍摄”。")
        self._add_scan_area(page, lay, row, 3, hint)
        nxt = button(tr("下一步：确认提交"), page, name="scan_next", primary=True)
        nxt.clicked.connect(self._scan_next)
        self._nav(page, lay, "form", nxt)

    def _build_confirm(self, page: QWidget) -> None:
        lay = self._page_layout(page, tr("请确认办件信息"))
        self.summary = QLabel("", page)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.summary, 1)
        box = QHBoxLayout()
        box.addWidget(QLabel(tr("取件方式："), page))
        self.delivery_group = QButtonGroup(page)
        self.pickup = QRadioButton(tr("窗口取件"), page)
        self.express = QRadioButton(tr("快递送达（免费）"), page)
        self.pickup.setChecked(True)
        for i, rb in enumerate((self.pickup, self.express)):
            self.delivery_group.addButton(rb, i)
            box.addWidget(rb)
        box.addStretch(1)
        lay.addLayout(box)
        self.address = QLineEdit(page)
        self.address.setPlaceholderText(tr("快递地址（默认身份证地址，可请工作人员协助修改）"))
        self.address.setVisible(False)
        self.express.toggled.connect(self.address.setVisible)
        lay.addWidget(self.address)
        self.commit_box = QCheckBox(
            tr("我承诺所填信息真实，缺少的证明材料适用告知承诺的，愿意以承诺代替"), page
        )
        lay.addWidget(self.commit_box)
        self.confirm_msg = QLabel("", page)
        self.confirm_msg.setProperty("role", "error")
        self.confirm_msg.setWordWrap(True)
        lay.addWidget(self.confirm_msg)
        sub = button(tr("确认提交"), page, name="submit", primary=True, big=True)
        sub.clicked.connect(self.submit)
        self._nav(page, lay, "scan", sub)

    def _build_done(self, page: QWidget) -> None:
        lay = self._page_layout(page, tr("提交成功"))
        row = QHBoxLayout()
        row.setSpacing(24)
        left = QVBoxLayout()
        self.done_text = QLabel("", page)
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.RichText)
        self.done_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        left.addWidget(self.done_text, 1)
        self.print_msg = QLabel("", page)
        self.print_msg.setProperty("role", "subtitle")
        self.print_msg.setWordWrap(True)
        left.addWidget(self.print_msg)
        again = button(tr("完成，返回首页"), page, name="finish", primary=True, big=True)
        again.clicked.connect(self.reset_session)
        left.addWidget(again)
        row.addLayout(left, 2)
        card, self.evaluation = evaluation_card(page, margin=16)
        self.evaluation.submitted.connect(self._on_evaluated)
        row.addWidget(card, 3)
        lay.addLayout(row, 1)

    # ---- flow -------------------------------------------------------------
    def _on_card(self, identity: Identity, warnings: list[str]) -> None:
        if self.current_page() != "card":
            return
        self.identity = identity
        self.card_msg.setText("")
        if warnings:
            log.info("card read with %d warning(s)", len(warnings))
        self.who.setText(
            tr("您好，%s（%s）")
            .replace("%s", mask_name(identity.name), 1)
            .replace("%s", mask_id_number(identity.id_number), 1)
        )
        self.show_page("items")

    def _on_device_status(self, st) -> None:
        self.status.update_device(st)
        if st.device == "id_reader":
            # the virtual reader exists only once the devices have started
            self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)
            self.start_btn.setEnabled(st.health is not Health.ABSENT)
            if st.health is Health.ABSENT:
                self.start_btn.setText(tr("读卡器暂不可用，请到人工窗口办理"))
            else:
                self.start_btn.setText(tr("刷身份证 开始办事"))

    def choose_item(self, code: str) -> None:
        self.item = self.rt.catalog.item(code)
        self.answers = {}
        it = self.item
        mats = "".join(
            f"<li>{m.name}（{tr('原件')}{m.originals}，{tr('复印件')}{m.copies}）"
            + (f" <i>{tr('可容缺后补')}</i>" if m.deficiency_allowed else "")
            + "</li>"
            for m in it.materials
        )
        limit = (
            tr("当场办结")
            if it.on_the_spot
            else tr("%d个工作日").replace("%d", str(it.promised_days))
        )
        self.guide_text.setText(
            f"<h2>{it.name}</h2>"
            f"<p>{tr('承诺时限')}：{limit}　{tr('收费')}：{it.fee}　"
            f"{tr('到现场次数')}：{it.onsite_visits}</p>"
            f"<p><b>{tr('申请材料')}</b></p><ul>{mats}</ul>"
        )
        self.scenario.set_item(it)
        self.guide_msg.setText("")
        self.show_page("guide")

    def _guide_next(self) -> None:
        assert self.item is not None and self.identity is not None
        answers = self.scenario.answers()
        if answers is None:
            self.guide_msg.setText(tr("请先回答上面的问题"))
            return
        self.answers = answers

        cfg = self.rt.config
        self.case = start_case(
            self.item,
            self.identity,
            hall_code=cfg.hall_code,
            device_code=cfg.device_code,
            channel=cfg.role.value,
            actor="citizen",
            answers=answers,
        )
        self.form.set_form(list(self.item.form), self.case.form)
        self.pad.target = self.form.first_editable()
        self.show_page("form")

    def _form_next(self) -> None:
        assert self.case is not None
        if self.form.validate():
            return
        self.case.form = self.form.current_values()
        self._refresh_checklist()
        self.show_page("scan")

    def _scan_next(self) -> None:
        assert self.case is not None and self.item is not None
        c = self.case
        rows = []
        for m in c.materials:
            if m.status is MaterialStatus.RECEIVED:
                rows.append(f"<li>{m.name}：{tr('已扫描 %n 页').replace('%n', str(m.pages))}</li>")
            else:
                rows.append(f"<li>{m.name}：<span style='color:#b26a00'>{tr('未提交')}</span></li>")
        self.summary.setText(
            f"<h2>{c.item_name}</h2>"
            f"<p>{tr('申请人')}：{mask_name(c.applicant.name)}"
            f"（{mask_id_number(c.applicant.id_number)}）</p>"
            f"<p><b>{tr('材料')}</b></p><ul>{''.join(rows)}</ul>"
        )
        self.commit_box.setVisible(self.item.commitment_allowed)
        self.address.setText(self.identity.address if self.identity else "")
        self.confirm_msg.setText("")
        self.show_page("confirm")

    def submit(self) -> None:
        assert self.case is not None and self.item is not None
        if self.express.isChecked():
            if not self.address.text().strip():
                self.confirm_msg.setText(tr("请填写快递地址"))
                return
            self.case.delivery.method = DeliveryMethod.EXPRESS
            self.case.delivery.address = self.address.text().strip()
        else:
            self.case.delivery.method = DeliveryMethod.WINDOW
        self.case.commitment_signed = self.commit_box.isChecked()
        try:
            self.submitted = submit(self.rt, self.case, self.item, actor="citizen")
        except OneWindowError as exc:
            self.confirm_msg.setText(user_text(exc))
            return
        c = self.submitted
        due = f"{c.promised_date:%Y-%m-%d}" if c.promised_date else ""
        lines = [
            f"<p style='font-size:26px'>{tr('受理编号')}：<b>{c.receipt_no}</b></p>",
            f"<p>{tr('办理事项')}：{c.item_name}</p>",
            f"<p>{tr('承诺办结日期')}：{due}</p>",
        ]
        if c.deficiencies:
            lines.append(
                f"<p style='color:#b26a00'>{tr('有材料需要补正，请按回执上的期限补交。')}</p>"
            )
        self.done_text.setText("".join(lines))
        self.print_msg.setText(tr("正在打印回执……"))
        self.evaluation.reset()  # the item and receipt number are shown beside it
        self.show_page("done")
        self.print_state = "pending"
        try:
            self.print_job = print_receipt(self.rt, c)
        except OneWindowError as exc:  # the job could not even be kept: nothing printed
            self.print_state = "failed"
            self.print_msg.setText(
                tr("回执暂时无法打印，办件已保存。请记下受理编号，到人工窗口补打。")
                + "\n"
                + user_text(exc)
            )
            return
        self._watch_print(self.print_job)

    def _on_evaluated(self, level: int, reasons: list[str]) -> None:
        """好差评 of the case just submitted: saved and queued (works offline), then home."""
        try:
            evaluate(self.rt, self.submitted, level, reasons, channel="kiosk")
        except OneWindowError as exc:
            self.evaluation.show_error(user_text(exc))
            return
        self.evaluation.show_thanks(tr("即将返回首页。"))
        self._thanks_timer.start(self.thanks_ms)

    def _after_thanks(self) -> None:
        if self.current_page() == "done":
            self.reset_session()

    def print_notice(self) -> None:
        """Print the one-time notice (一次性告知书) of the item on the guide page."""
        if self.item is None:
            return
        try:
            job = self.rt.printing.print(notice_document(self.rt, self.item), actor="citizen")
        except OneWindowError as exc:
            self.guide_msg.setText(user_text(exc))
            return
        self.guide_msg.setText(tr("正在打印一次性告知书……"))
        self._watch_notice(job)

    def _watch_notice(self, job) -> None:
        if self.current_page() != "guide":
            return
        if job.pending:
            QTimer.singleShot(250, lambda: self._watch_notice(job))
        elif job.state.value == "printed":
            self.guide_msg.setText(tr("一次性告知书已打印，请取走。"))
        elif job.error is not None:
            self.guide_msg.setText(tr("一次性告知书暂时无法打印：") + user_text(job.error))

    def _on_idle_warn(self, left: int) -> None:
        self.idle_banner.setText(
            tr("长时间无操作，%d 秒后将清除本次信息并返回首页。触摸屏幕继续办理。").replace(
                "%d", str(left)
            )
        )
        self.idle_banner.show()
        QTimer.singleShot(1100, self._hide_idle_banner)

    def _hide_idle_banner(self) -> None:
        if self.idle.left > self.idle.warn_s:
            self.idle_banner.hide()
