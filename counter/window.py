"""The counter: sign in → applicant card → item → materials → submit → receipt.

A clerk at a comprehensive window (一窗受理) takes in any item for any
department: reads the applicant's (and an agent's) card, picks the item by
search, scans each material of the checklist on the document camera, marks
missing ones as 容缺 where the catalog allows, submits, and hands over the
receipt. The cases page lists recent cases with their sync state and their
补正 due or overdue. The pickup page (出件, services.pickup) hands decided
results to the applicant or agent; the supplement page (补交材料,
services.supplements) takes materials handed in later.
Each page is a module of counter/pages; this window holds the session (the
clerk, the applicant, the case), composes the shared shell and routes
between the pages.

The window is built in two steps so that the sign-in page paints at once:
``CounterWindow(config=...)`` is the shell and the sign-in page (its button
off), ``complete(bridge)`` the runtime's part and the other pages, whose
modules (services, sync, the store) load only then. ``CounterWindow(bridge)``
does both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from counter.pages.signin import SignInPage
from widgets.i18n import N_, tr
from widgets.pages import button
from widgets.shell import WindowShell

if TYPE_CHECKING:
    from core.case import Case
    from core.catalog import Item
    from core.first_config import FirstConfig
    from core.identity import Identity
    from services.printing import PrintJob
    from services.queue import Serving
    from services.staff_session import Clerk
    from widgets.bridge import RuntimeBridge
    from widgets.intake import IntakeController


def later_pages() -> dict[str, type]:
    """The pages after sign-in, in order (their modules load with the runtime)."""
    from counter.pages.card import CardPage
    from counter.pages.cases import CasesPage
    from counter.pages.commitment import CommitmentPage  # 告知承诺 (issue 16, item 1)
    from counter.pages.company import CompanyPage  # 单位办理 (issue 16, item 7)
    from counter.pages.delivery import DeliveryPage  # 邮寄送达 (issue 16, item 8)
    from counter.pages.done import DonePage
    from counter.pages.drafts import DraftsPage  # 未完成的受理 (issue 16, item 9)
    from counter.pages.evaluate import EvaluatePage
    from counter.pages.item import ItemPage
    from counter.pages.materials import MaterialsPage
    from counter.pages.online import OnlinePage  # 网上预审件 (issue 16, item 6)
    from counter.pages.pickup import PickupPage
    from counter.pages.prints import PrintsPage
    from counter.pages.report import ReportPage  # 窗口日报 (issue 16, item 4)
    from counter.pages.supplement import SupplementPage  # 补交材料 (issue 14, item 3)

    return {
        "card": CardPage,
        "item": ItemPage,
        "company": CompanyPage,
        "materials": MaterialsPage,
        "delivery": DeliveryPage,
        "commitment": CommitmentPage,
        "done": DonePage,
        "drafts": DraftsPage,
        "cases": CasesPage,
        "prints": PrintsPage,
        "evaluate": EvaluatePage,
        "pickup": PickupPage,
        "supplement": SupplementPage,
        "online": OnlinePage,
        "report": ReportPage,
        **_hotline_pages(),
    }


def calling_pages() -> dict[str, type]:
    """叫号 at a window whose config names the hall server and the window (issue 15)."""
    from counter.pages.calling import CallingPage

    return {"calling": CallingPage}


def _hotline_pages() -> dict[str, type]:
    """12345 登记 at the window (issue 14, item 4)."""
    from counter.pages.hotline import HotlinePage

    return {"hotline": HotlinePage}


HELD = N_("回执已保存，打印机恢复后自动打印；也可稍后在“打印记录”中补打。")


def _held_text(error: BaseException | None) -> str:
    from widgets.errors import user_text  # the catalogue: not before the first paint

    return tr("回执未打印：") + (user_text(error) if error is not None else "") + "\n" + tr(HELD)


# widgets.intake.IntakeWords, made in complete() (that module loads services)
WORDS: dict[str, Any] = dict(
    no_picture=N_("还没有画面：请检查高拍仪。"),
    pages_taken=N_("已拍摄 %n 页。"),
    printed=N_("回执已打印，请交给申请人。"),
    failed=N_("回执未打印，可在“打印记录”中补打。"),
    held_text=_held_text,
)


class CounterWindow(WindowShell):
    """The clerk's app for one comprehensive window. GUI thread only."""

    @property
    def actor(self) -> str:
        return self.clerk

    intake: IntakeController

    def __init__(
        self, bridge: RuntimeBridge | None = None, *, config: FirstConfig | None = None
    ) -> None:
        hall_name = (config if bridge is None else bridge.runtime.config).hall_name
        super().__init__(
            title=tr("一窗通 · 综合窗口受理"),
            header=f"{tr('综合窗口')} · {hall_name}",
            header_css="font-size:22px;padding:10px 16px;",
        )
        self.clerk = ""  # the signed-in staff number (who acts, in trails and logs)
        self.clerk_display = ""
        self.staff: Clerk | None = None  # the signed-in account (services.staff_session)
        self._idle = None  # the idle lock's watcher (complete)
        self.applicant: Identity | None = None
        self.agent: Identity | None = None
        self.reading_for = "applicant"
        self.item: Item | None = None
        self.case: Case | None = None
        self.submitted: Case | None = None
        self.answers: dict[str, int] = {}
        self.evaluated = False  # the applicant rated the case just taken in
        # The hall queue's service under way at this window (the calling page's), or None.
        self.serving: Serving | None = None
        self.calling_buttons: list = []  # 叫号 in every page's toolbar, with the number
        self.thanks_ms = 3000  # the thank-you stays this long, then back to the done page
        signin = self.add_page("signin", SignInPage(self))
        self.clerk_id = signin.clerk_id
        self.clerk_password = signin.password
        self.signin_msg = signin.signin_msg
        # 退出登录 on the header's blue, no taller than the header (the window fits 800 px).
        self.signout_btn = button(tr("退出登录"), self, name="sign_out")
        self.signout_btn.setStyleSheet(
            "QPushButton{background:#1f5fae;color:white;border:1px solid white;"
            "border-radius:6px;padding:2px 14px;min-height:0px;margin:0px;}"
        )
        self.signout_btn.setFixedHeight(36)
        self.signout_btn.clicked.connect(self.sign_out)
        self.signout_btn.hide()
        bar = QWidget(self)  # the header's blue behind the button
        bar.setStyleSheet("background:#1f5fae;")
        bar_row = QHBoxLayout(bar)
        bar_row.setContentsMargins(8, 0, 12, 0)
        bar_row.addWidget(self.signout_btn)
        self.header_row.addWidget(bar)
        signin.set_ready(False)  # until the runtime is there
        if bridge is not None:
            self.complete(bridge)

    def complete(self, bridge: RuntimeBridge) -> None:
        """The runtime is there: attach it, build the other pages, show sign-in."""
        from widgets.intake import IntakeController, IntakeWords

        self.attach(bridge)
        self.intake = IntakeController(self, IntakeWords(**WORDS), self)
        from counter.customer_screen import CustomerScreen

        # The citizen's screen (好差评 there, not here), on a second monitor when there is one.
        self.customer_screen = CustomerScreen(bridge.runtime.config.hall_name)
        self.customer_screen.set_clerk("")
        if bridge.runtime.config.counter.customer_screen == "auto":
            QTimer.singleShot(0, lambda: self.customer_screen.place(self))
        pages = later_pages()
        if bridge.runtime.calling is not None:
            pages = {**calling_pages(), **pages}
        for name, page_cls in pages.items():
            self.add_page(name, page_cls(self))
        p = self.pages
        p["signin"].set_ready(True)
        self._start_lock(bridge.runtime.config.counter.lock_after_s)
        bridge.catalog_changed.connect(lambda _catalog: p["item"].catalog_changed())
        # What scripts, the tour and the tests reach on the window itself.
        self.people = p["card"].people
        self.agent_box = p["card"].agent_box
        self.card_msg = p["card"].card_msg
        self.card_next = p["card"].card_next
        self.demo_card_btn = p["card"].demo_card_btn
        self.search = p["item"].search
        self.item_list = p["item"].item_list
        self.scenario = p["item"].scenario
        self.form = p["materials"].form
        self.checklist = p["materials"].checklist
        self.camera = p["materials"].camera
        self.material_msg = self.intake.material_msg
        self.print_msg = p["done"].print_msg
        self.eval_note = p["done"].eval_note
        self.ask_eval_btn = p["done"].ask_eval_btn
        self.evaluation = p["evaluate"].evaluation
        self.cases_list = p["cases"].cases_list
        self.cases_msg = p["cases"].cases_msg
        self.prints_list = p["prints"].prints_list
        self.pickup_list = p["pickup"].list
        self.pickup_msg = p["pickup"].msg
        self.pickup_prompt = p["pickup"].prompt
        self.pickup_receipt = p["pickup"].receipt
        self.pickup_who = p["pickup"].who
        from counter.draft_keeper import DraftKeeper

        self.drafts = DraftKeeper(self)  # the open intake kept in the store as it grows
        self.show_page("signin")

    @property
    def print_state(self) -> str:
        """The receipt's: none | pending | ok | held (kept, prints later) | failed"""
        return self.intake.print_state

    @property
    def print_job(self) -> PrintJob | None:
        return self.intake.print_job

    @property
    def pickup_person(self) -> Identity | None:
        return self.pages["pickup"].person

    @property
    def pickup_print_state(self) -> str:
        """The last 取件凭条's: none | pending | ok | held | failed"""
        return self.pages["pickup"].print_state

    # ---- navigation -------------------------------------------------------
    def on_page_shown(self, name: str) -> None:
        polled = ("card", "pickup", "supplement", "cases", "online")  # cases: 进度查询 by card
        self.rt.devices.set_card_polling(name in polled)
        if name == "materials":
            self.camera.set_material(self.checklist.current_code())
            self.camera.start()
        else:
            self.camera.stop()
        self.pages["supplement"].shown(name == "supplement")  # 补交材料's camera, after
        self.pages["online"].shown(name == "online")  # 网上预审件's rescan camera
        self.pages["pickup"].shown(name == "pickup")  # the waybill's camera (邮寄送达)
        if name == "cases":
            self.pages["cases"].refresh()
        if name == "prints":
            self.pages["prints"].refresh()
        if name == "report":
            self.pages["report"].refresh()
        if name == "hotline":
            self.pages["hotline"].shown()
        if "calling" in self.pages:
            self.pages["calling"].shown(name == "calling")

    @property
    def has_calling(self) -> bool:
        """The window calls tickets of the hall queue (``[hall] url`` and ``window``)."""
        return "calling" in self.pages

    def show_calling(self) -> None:
        self.show_page("calling")

    def start_work(self, offer_drafts: bool = True) -> None:
        """After sign-in: the calling panel when the hall queue is there, else the intake;
        then, when intakes were kept through a crash, the drafts page offers them."""
        if self.has_calling:
            self.show_calling()
        else:
            self.new_intake()
        if offer_drafts:
            self._offer_drafts(self.current_page())

    def _offer_drafts(self, start_page: str) -> None:
        from services.drafts import kept_drafts

        rt = self.rt

        def found(kept: list) -> None:
            # Only while the clerk has not moved on from the first page meanwhile.
            if kept and self.staff is not None and self.current_page() == start_page:
                self.pages["drafts"].show_drafts(kept)
                self.show_page("drafts")

        self.ops.run("kept_drafts", lambda: kept_drafts(rt), found, lambda _exc: None)

    def set_serving(self, serving: Serving | None) -> None:
        """The service under way (the calling page's word); every 叫号 button shows it."""
        self.serving = serving
        text = tr("叫号")
        if serving is not None:
            text += f" · {serving.number or tr('直接办理')}"
        for b in self.calling_buttons:
            b.setText(text)

    def new_intake(self) -> None:
        if self.submitted is None and self.case is not None:
            self.intake.discard(self.case)  # an abandoned draft's scans go with it
            self.drafts.drop(self.case.id)
        self.applicant = self.agent = None
        self.item = self.case = self.submitted = None
        self.reading_for = "applicant"
        self.evaluated = False
        self.pages["evaluate"].reset()
        self.pages["company"].reset()
        self.pages["commitment"].panel.reset()  # no signature of the last applicant
        self.eval_note.setText("")
        self.ask_eval_btn.setEnabled(True)
        self.agent_box.setChecked(False)
        self.pages["card"].update_people()
        self.camera.clear()  # the last applicant's scanned pages
        self.show_page("card")

    def new_pickup(self) -> None:
        self.pages["pickup"].new()

    def new_supplement(self) -> None:
        """补交材料: the next applicant's owed materials."""
        self.pages["supplement"].new()

    def new_online(self) -> None:
        """网上预审件: the next applicant's online application."""
        self.pages["online"].new()

    def select_item(self, code: str) -> None:
        self.pages["item"].select_item(code)

    def capture(self) -> None:
        """Scripts and the tour: keep the page under the camera (see IntakeController)."""
        self.intake.capture()

    def submit(self) -> None:
        self.pages["materials"].submit()

    def ask_evaluation(self) -> None:
        """Hand the evaluation of the case just taken in to the applicant (好差评)."""
        if self.submitted is None or self.evaluated:
            return
        self.pages["evaluate"].ask(self.submitted)

    def sign_in(self) -> None:
        self.pages["signin"].sign_in()

    def closeEvent(self, event) -> None:
        screen = getattr(self, "customer_screen", None)
        if screen is not None:
            screen.close()
        super().closeEvent(event)

    # ---- who works here -----------------------------------------------------------------
    @property
    def clerk_label(self) -> str:
        """经办人 on paper: the account's staff number and name."""
        return self.staff.label if self.staff is not None else self.clerk

    def set_clerk(self, clerk: Clerk) -> None:
        """The account signed in (services.staff_session): the header and the actor."""
        self.staff = clerk
        self.clerk = clerk.staff_no
        self.clerk_display = clerk.name
        text = f"{tr('综合窗口')} · {self.rt.config.hall_name} · {tr('经办人')} {clerk.label}"
        if clerk.role == "supervisor":
            text += f"（{tr('值班长')}）"
        if clerk.offline:
            text += f" · {tr('离线登录')}"
        self.header.setText(text)
        self.customer_screen.set_clerk(clerk.label)
        self.signout_btn.show()
        if self._idle is not None:
            self._idle.set_active(True)

    def sign_out(self) -> None:
        """退出登录: the staff token ended, the session's unsent draft discarded, sign-in."""
        clerk = self.staff
        if clerk is None:
            return
        if self.submitted is None and self.case is not None:
            self.intake.discard(self.case)
            self.drafts.drop(self.case.id)
        self.applicant = self.agent = None
        self.item = self.case = self.submitted = None
        self.staff, self.clerk, self.clerk_display = None, "", ""
        self.set_serving(None)
        self.signout_btn.hide()
        if self._idle is not None:
            self._idle.set_active(False)
        self.header.setText(f"{tr('综合窗口')} · {self.rt.config.hall_name}")
        self.customer_screen.set_clerk("")
        self.pages["evaluate"].reset()
        desk = self.rt.staff
        self.ops.run("staff_sign_out", lambda: desk.sign_out(clerk))
        self.show_page("signin")

    def _start_lock(self, after_s: int) -> None:
        """The idle lock: after ``after_s`` without input the sign-in page locks the window."""
        self._idle = None
        if after_s <= 0:
            return
        from PySide6.QtWidgets import QApplication

        from widgets.idle import IdleWatcher

        self._idle = IdleWatcher(max(2, after_s), warn_s=0, parent=self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._idle)
        self._idle.expired.connect(self.lock)

    def lock(self) -> None:
        """Lock the window now (left idle): the work stays, the password opens it."""
        if self.staff is None or self.current_page() == "signin":
            return
        self.camera.stop()
        self.pages["signin"].lock(self.current_page())

    def refresh_cases(self) -> None:
        self.pages["cases"].refresh()

    def refresh_prints(self) -> None:
        self.pages["prints"].refresh()
