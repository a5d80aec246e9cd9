"""The counter's pickup page (出件): hand decided results to the applicant or the agent.

The collector's card (or the receipt number typed in) lists what they may
take; 确认出件 records the hand-over and prints the 取件凭条 on the
background lane (services.pickup), and the slip's job is followed through
the bridge's ``print_job_changed``.

A case of another device or hall (a kiosk's, another hall's window) is found
through the back office: by the receipt's QR read by a scanner gun (its
tracking address) or the receipt number with its check code, and by the
collector's card (their READY cases everywhere); its hand-over goes to the
back office at once (services.pickup.hand_over_elsewhere), on the
background lane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem

from core.case import Case, CaseState
from core.errors import CaseError, OneWindowError
from core.identity import Identity, mask_id_number, mask_name
from core.messages import render
from core.supplements import outstanding
from core.tracking import parse_lookup
from counter.pages.base import STATE_NAMES, CounterPage
from counter.pages.waybill import WaybillPanel
from drivers.base import DeviceStatus
from services.pickup import (
    HandoverResult,
    RemoteHandover,
    collector_role,
    find_by_receipt,
    find_elsewhere,
    hand_over,
    hand_over_elsewhere,
    is_express,
    mail_out,
    ready_cases_for,
    ready_elsewhere,
)
from widgets.errors import user_text
from widgets.i18n import N_, tr
from widgets.pages import button, title
from widgets.slip_follow import SlipFollow, SlipWords
from wire.progress import ProgressCase

if TYPE_CHECKING:
    from counter.window import CounterWindow


EXPRESS_PROMPT = N_("该办件选择邮寄送达：录入快递运单号后点“确认出件”，无需读取身份证")


def _slip_words() -> SlipWords:
    return SlipWords(
        not_printed=tr("取件凭条未打印："),
        printing=tr("正在打印取件凭条……"),
        printed=tr("取件凭条已打印，请交给领取人。"),
        held=tr("取件凭条已保存，打印机恢复后自动打印；也可在“打印记录”中补打。"),
        failed=tr("取件凭条未打印，可在“打印记录”中补打。"),
    )


class PickupPage(CounterPage):
    """出件 for one collector at a time. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        self.person: Identity | None = None
        self.case_id: str | None = None  # a case looked up by receipt number
        # Another device's or hall's case (from the back office): the answer and how it
        # was asked (receipt_no + check_code), and the card holder's READY ones elsewhere.
        self.remote: ProgressCase | None = None
        self.remote_query: dict[str, str] | None = None
        self.elsewhere: list[ProgressCase] = []
        self.served = False  # the collector read has just been handed a result
        lay = self.page_layout(tr("出件：领取办理结果"))
        self.prompt = title(
            tr("请领取人将身份证放在读卡器上，或输入受理编号查询"), self, role="subtitle"
        )
        self.prompt.setWordWrap(True)
        lay.addWidget(self.prompt)
        row = QHBoxLayout()
        self.receipt = QLineEdit(self)
        self.receipt.setObjectName("pickup_receipt")
        self.receipt.setPlaceholderText(tr("扫描回执二维码，或输入受理编号和校验码"))
        self.receipt.returnPressed.connect(self.lookup_receipt)
        row.addWidget(self.receipt, 1)
        find = button(tr("按受理编号查询"), self, name="pickup_lookup")
        find.clicked.connect(self.lookup_receipt)
        row.addWidget(find)
        lay.addLayout(row)
        self.who = QLabel("", self)
        self.who.setTextFormat(Qt.TextFormat.RichText)
        self.who.setWordWrap(True)
        lay.addWidget(self.who)
        self.list = QListWidget(self)
        self.list.setObjectName("pickup_list")
        lay.addWidget(self.list, 1)
        # 邮寄送达: the waybill step, shown while an express case is selected.
        self.mail = WaybillPanel(self.rt.devices, self)
        self.mail.setObjectName("waybill_panel")
        self.mail.hide()
        lay.addWidget(self.mail, 2)
        self.list.currentRowChanged.connect(lambda _row: self._follow_selection())
        self._shown = False
        self.msg = QLabel("", self)
        self.msg.setProperty("role", "subtitle")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        self.demo_btn = button(tr("演示：放入样例身份证"), self, name="pickup_demo_card")
        self.demo_btn.clicked.connect(win.intake.present_demo_card)
        self.demo_btn.setVisible(self.rt.devices.card_slot is not None)
        confirm = button(tr("确认出件"), self, name="confirm_pickup", primary=True)
        confirm.clicked.connect(self.confirm)
        self.toolbar(lay, self.demo_btn, confirm)
        self.busy = self.busy_state(find, confirm)
        win.bridge.card_read.connect(self._on_card)
        win.bridge.card_error.connect(self._on_card_error)
        win.bridge.device_status.connect(self._on_device_status)
        self.slip = SlipFollow(win.bridge, self.msg, _slip_words)  # the last 取件凭条

    def _on_device_status(self, st: DeviceStatus) -> None:
        if st.device == "id_reader":  # the virtual reader exists only once devices started
            self.demo_btn.setVisible(self.rt.devices.card_slot is not None)

    def _on_card_error(self, exc: OneWindowError) -> None:
        if self.win.current_page() == "pickup":
            self.msg.setText(user_text(exc))

    def new(self) -> None:
        """Start serving the next collector: nothing read, nothing looked up."""
        self.person = None
        self.case_id = None
        self.remote = self.remote_query = None
        self.elsewhere = []
        self.served = False
        self.receipt.clear()
        self.msg.setText("")
        self.mail.clear()
        self.win.show_page("pickup")
        self.refresh()

    def shown(self, on: bool) -> None:
        """The window shows (or leaves) the page: the waybill camera follows."""
        self._shown = on
        self._follow_selection()

    def selected_express(self) -> Case | None:
        """The selected row's case when it is this window's READY express case."""
        li = self.list.currentItem()
        case_id = li.data(Qt.ItemDataRole.UserRole) if li is not None else None
        if not isinstance(case_id, str):
            return None
        try:
            case = self.rt.store.get_case(case_id)
        except OneWindowError:
            return None
        return case if is_express(case) and case.state is CaseState.READY else None

    def _follow_selection(self) -> None:
        express = self.selected_express() is not None
        self.mail.setVisible(express)
        self.mail.run_camera(express and self._shown)

    def _on_card(self, identity: Identity, warnings: list[str]) -> None:
        if self.win.current_page() != "pickup":
            return
        again = self.person is not None and self.person.id_number == identity.id_number
        self.person = identity
        self.served = False
        self.msg.setText("\n".join(tr(w) for w in warnings))
        if not again:  # the same card read again: the back office was asked already
            self.elsewhere = []
        self.refresh()
        if not again:
            self._ask_elsewhere()

    def _ask_elsewhere(self) -> None:
        """On the lane: the collector's READY cases at the back office (any hall), or the
        looked-up remote case again with this collector's role. The buttons stay on: a
        hand-over asked meanwhile waits its turn on the lane and asks again itself."""
        person, rt, query = self.person, self.rt, self.remote_query
        if person is None:
            return
        if query is not None:
            lookup = parse_lookup(f"{query['receipt_no']} {query['check_code']}")

            def got_one(found: ProgressCase) -> None:
                self.remote = found
                self.refresh()

            if lookup is not None:
                self.win.ops.run(
                    "pickup_find_elsewhere",
                    lambda: find_elsewhere(rt, lookup, person),
                    got_one,
                    lambda exc: self.msg.setText(user_text(exc)),
                )
            return
        if self.case_id is not None:
            return

        def got(rows: list[ProgressCase]) -> None:
            if self.person is person:
                self.elsewhere = rows
                self.refresh()

        self.win.ops.run(
            "pickup_ready_elsewhere",
            lambda: ready_elsewhere(rt, person),
            got,
            lambda exc: self.msg.setText(user_text(exc)),
        )

    def lookup_receipt(self) -> None:
        """Look a case up by what the clerk typed or the scanner gun read: this window's
        by receipt number, another's through the back office (with its check code)."""
        text = self.receipt.text()
        self.remote = self.remote_query = None
        try:
            case = find_by_receipt(self.rt, text)
        except CaseError as exc:
            lookup = parse_lookup(text)
            if exc.code != "pickup.not_here" or lookup is None:
                self._refused_lookup(exc)
                return
            self.case_id = None
            self.list.clear()
            self.msg.setText(tr("正在向后台查询……"))
            rt, person = self.rt, self.person

            def found(answer: ProgressCase) -> None:
                self.remote = answer
                self.remote_query = {
                    "receipt_no": lookup.receipt_no,
                    "check_code": lookup.check_code,
                }
                self.msg.setText("")
                self.refresh()

            self.win.ops.run(
                "pickup_find_elsewhere",
                lambda: find_elsewhere(rt, lookup, person),
                found,
                self._refused_lookup,
                busy=self.busy,
            )
            return
        except OneWindowError as exc:
            self._refused_lookup(exc)
            return
        self.case_id = case.id
        self.msg.setText("")
        self.refresh()

    def _refused_lookup(self, exc: BaseException) -> None:
        self.case_id = None
        self.remote = self.remote_query = None
        self.list.clear()
        self.msg.setText(user_text(exc))

    def _remote_row(self, case: ProgressCase) -> None:
        state = tr(STATE_NAMES.get(case.state, case.state))
        hall = tr("（%s受理）").replace("%s", case.hall_code)
        text = (
            f"{case.receipt_no}　{case.item_name}　{tr('申请人')} {case.applicant}　{state}　{hall}"
        )
        li = QListWidgetItem(text, self.list)
        li.setData(Qt.ItemDataRole.UserRole, {"remote": case.receipt_no})
        if case.collector == "agent":
            li.setText(li.text() + "　" + tr("（代办人领取）"))

    def _row(self, case: Case, role: str | None) -> None:
        state = tr(STATE_NAMES.get(case.state.value, case.state.value))
        who = f"{tr('申请人')} {mask_name(case.applicant.name)}"
        if case.agent is not None:
            who += f"　{tr('代办人')} {mask_name(case.agent.name)}"
        li = QListWidgetItem(f"{case.receipt_no}　{case.item_name}　{who}　{state}", self.list)
        li.setData(Qt.ItemDataRole.UserRole, case.id)
        if role == "agent":
            li.setText(li.text() + "　" + tr("（代办人领取）"))
        if is_express(case):
            li.setText(li.text() + "　" + tr("（邮寄送达）"))
        owed = outstanding(case)  # 补正 still owed as this window knows it (出件 asks again)
        if owed and case.state is CaseState.READY:
            li.setText(li.text() + "　" + tr("待补正：") + "、".join(o.name for o in owed))

    def refresh(self) -> None:
        """List what the collector read (or the receipt looked up) may take now."""
        self.list.clear()
        person = self.person
        if person is None:
            self.who.setText("")
        else:
            self.who.setText(
                f"<p>{tr('领取人')}：<b>{mask_name(person.name)}</b> "
                f"{mask_id_number(person.id_number)}</p>"
            )
        try:
            self._fill(person)
        except OneWindowError as exc:
            self.msg.setText(user_text(exc))

    def _fill(self, person: Identity | None) -> None:
        if self.remote is not None:
            self._fill_remote(self.remote, person)
            return
        if self.case_id is not None:
            case = self.rt.store.get_case(self.case_id)
            role = collector_role(case, person) if person is not None else None
            self._row(case, role)
            self.list.setCurrentRow(0)
            if case.state is CaseState.DELIVERED:
                self.prompt.setText(tr("该办件已出件，不能重复出件。"))
            elif case.state is not CaseState.READY:
                self.prompt.setText(tr("该办件还没有办结，暂不能出件。"))
            elif is_express(case):
                self.prompt.setText(tr(EXPRESS_PROMPT))
            elif person is None:
                self.prompt.setText(tr("请领取人将身份证放在读卡器上，核对身份后出件"))
            elif role is None:
                text, hint = render("pickup.not_collector", {}, tr)
                self.prompt.setText(f"{text}\n{hint}")
            else:
                self.prompt.setText(tr("身份已核对，请交付结果后点“确认出件”"))
            return
        if person is None:
            self.prompt.setText(tr("请领取人将身份证放在读卡器上，或输入受理编号查询"))
            return
        rows = ready_cases_for(self.rt, person)
        for case, role in rows:
            self._row(case, role)
        for remote in self.elsewhere:
            self._remote_row(remote)
        if rows or self.elsewhere:
            self.list.setCurrentRow(0)
            self.prompt.setText(tr("请选中要领取的办件，交付结果后点“确认出件”"))
        elif self.served:
            self.prompt.setText(tr("该领取人已没有其他待取件的办件。接待下一位请点“出件”。"))
        else:
            self.prompt.setText(
                tr("该证件持有人没有待取件的办件。")
                + "\n"
                + tr("只有申请人本人或受理时登记的代办人可以领取；请核对证件，或输入受理编号查询。")
            )

    def _fill_remote(self, case: ProgressCase, person: Identity | None) -> None:
        self._remote_row(case)
        self.list.setCurrentRow(0)
        if case.state == CaseState.DELIVERED.value:
            self.prompt.setText(tr("该办件已出件，不能重复出件。"))
        elif case.state != CaseState.READY.value:
            self.prompt.setText(tr("该办件还没有办结，暂不能出件。"))
        elif person is None:
            self.prompt.setText(tr("请领取人将身份证放在读卡器上，核对身份后出件"))
        elif not case.collector:
            text, hint = render("pickup.not_collector", {}, tr)
            self.prompt.setText(f"{text}\n{hint}")
        else:
            self.prompt.setText(tr("身份已核对，请交付结果后点“确认出件”"))

    def confirm(self) -> None:
        """确认出件: record the hand-over of the selected case and print the 取件凭条."""
        li = self.list.currentItem()
        case_id = li.data(Qt.ItemDataRole.UserRole) if li is not None else None
        if case_id is None:
            self.msg.setText(tr("请先读取领取人身份证或输入受理编号，并选中办件。"))
            return
        if self.selected_express() is not None:
            self._mail_out(str(case_id))
            return
        if self.person is None:
            self.msg.setText(tr("请先读取领取人身份证，核对身份后再出件。"))
            return
        rt, person, clerk = self.rt, self.person, self.win.clerk

        if isinstance(case_id, dict):  # another device's or hall's case
            receipt_no = str(case_id["remote"])
            query = self.remote_query or {"id_number": person.id_number.strip().upper()}
            self.win.ops.run(
                "hand_over_elsewhere",
                lambda: hand_over_elsewhere(rt, query, person, clerk, receipt_no),
                self._handed_over,
                self._refused,
                busy=self.busy,
            )
            return

        self.win.ops.run(
            "hand_over",
            lambda: hand_over(rt, case_id, person, clerk),
            self._handed_over,
            self._refused,
            busy=self.busy,
        )

    def _refused(self, exc: BaseException) -> None:
        self.msg.setText(user_text(exc))
        self.refresh()

    def _mail_out(self, case_id: str) -> None:
        """出件 of an express case: the waybill captured, the parcel recorded as posted."""
        if not self.mail.waybill:
            text, hint = render("delivery.no_waybill", {}, tr)
            self.msg.setText(f"{text}\n{hint}")
            return
        rt, clerk = self.rt, self.win.clerk
        carrier, waybill = self.mail.carrier_code, self.mail.waybill

        self.win.ops.run(
            "mail_out",
            lambda: mail_out(rt, case_id, carrier, waybill, clerk),
            self._handed_over,
            self._refused,
            busy=self.busy,
        )

    def _handed_over(self, result: HandoverResult | RemoteHandover) -> None:
        done = tr("已出件：%s。").replace("%s", result.case.receipt_no)
        if result.record.collector == "express":
            done = tr("已邮寄：%s，运单号 %w。").replace("%s", result.case.receipt_no)
            done = done.replace("%w", result.record.waybill)
            self.mail.clear()
        self.served = True
        if isinstance(result, RemoteHandover):
            self.remote = self.remote_query = None
            self.elsewhere = [c for c in self.elsewhere if c.receipt_no != result.case.receipt_no]
            self._ask_elsewhere()  # what else this collector may take, of any hall
        self.slip.follow(done, result.job, result.print_error)
        self.refresh()

    @property
    def print_state(self) -> str:
        """The last 取件凭条's: none | pending | ok | held | failed."""
        return self.slip.state
