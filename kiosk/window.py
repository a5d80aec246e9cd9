"""The kiosk: home → (privacy notice) → card → item → guide → form → scan → confirm → done.

The guides need no card: home → items → guide → (我要办理) card → form → ….

Full screen, big buttons, an on-screen keyboard that follows the field touched, an idle
timeout that warns and then wipes the session. Everything the citizen
submits is saved locally before the receipt prints; the network is never
on that path. Each page is a module of kiosk/pages; this window holds the
session (who, which item, the case), composes the shared shell and routes
between the pages.

The window is built in two steps so that the home page paints at once:
``KioskWindow(config=...)`` is the shell and the home page (start button off),
``complete(bridge)`` the runtime's part and the other pages, whose modules
(services, sync, the store) load only then. ``KioskWindow(bridge)`` does both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from kiosk.pages.home import HomePage
from widgets.i18n import N_, tr
from widgets.idle import IdleWatcher
from widgets.shell import WindowShell

if TYPE_CHECKING:
    from core.case import Case, Consent
    from core.catalog import Catalog, Item
    from core.first_config import FirstConfig
    from core.identity import Identity
    from services.printing import PrintJob
    from services.staff_session import Clerk
    from widgets.bridge import RuntimeBridge
    from widgets.intake import IntakeController


TAKE_CARD = N_("请取回身份证")  # the banner and the voice when a session with a card read ends


@dataclass(frozen=True)
class CardRequest:
    """A page's own use of the card page: where 返回 goes, what the read does."""

    back: str
    then: Callable[[Identity], None]


def later_pages() -> dict[str, type]:
    """The pages after home, in order (their modules load with the runtime)."""
    from kiosk.pages.assist import AssistPage  # 帮办 (issue 16, item 11)
    from kiosk.pages.card import CardPage
    from kiosk.pages.cert_done import CertDonePage
    from kiosk.pages.cert_preview import CertPreviewPage
    from kiosk.pages.certs import CertsPage
    from kiosk.pages.checkin import CheckinPage
    from kiosk.pages.commitment import CommitmentPage  # 告知承诺 (issue 16, item 1)
    from kiosk.pages.confirm import ConfirmPage
    from kiosk.pages.consent import ConsentPage
    from kiosk.pages.done import DonePage
    from kiosk.pages.form import FormPage
    from kiosk.pages.guide import GuidePage
    from kiosk.pages.items import ItemsPage
    from kiosk.pages.progress import ProgressPage  # 进度查询
    from kiosk.pages.progress_list import ProgressListPage  # 进度查询
    from kiosk.pages.progress_type import ProgressTypePage  # 进度查询
    from kiosk.pages.scan import ScanPage
    from kiosk.pages.supplement import SupplementPage  # 补交材料 (issue 14, item 3)
    from kiosk.pages.supplement_done import SupplementDonePage
    from kiosk.pages.supplement_find import SupplementFindPage
    from kiosk.pages.ticket import TicketPage

    return {
        **_hotline_pages(),
        "consent": ConsentPage,
        "card": CardPage,
        "items": ItemsPage,
        "guide": GuidePage,
        "form": FormPage,
        "scan": ScanPage,
        "confirm": ConfirmPage,
        "commitment": CommitmentPage,
        "done": DonePage,
        # 补交材料 (补正): find the case, scan what it owes, the 补正回执
        "supplement_find": SupplementFindPage,
        "supplement": SupplementPage,
        "supplement_done": SupplementDonePage,
        # 证明打印 (certs): home tile → card → certs → cert_preview → cert_done
        "certs": CertsPage,
        "cert_preview": CertPreviewPage,
        "cert_done": CertDonePage,
        # 取号 (the hall's queue): home tile → ticket
        "ticket": TicketPage,
        "checkin": CheckinPage,  # 预约签到, from the 取号 page
        # 进度查询
        "progress": ProgressPage,
        "progress_type": ProgressTypePage,
        "progress_list": ProgressListPage,
        "assist": AssistPage,  # 帮办: a clerk signs in here to help
    }


def _hotline_pages() -> dict[str, type]:
    """12345 咨询投诉 (issue 14, item 4): tell it, the ticket, read the answer."""
    from kiosk.pages.hotline import HotlineDonePage, HotlinePage
    from kiosk.pages.hotline_answer import HotlineAnswerPage

    return {
        "hotline": HotlinePage,
        "hotline_done": HotlineDonePage,
        "hotline_answer": HotlineAnswerPage,
    }


HOTLINE_PAGES = ("hotline", "hotline_done", "hotline_answer")


def _no_result() -> Any:
    """An empty 进度查询 result (a session's end forgets the last one shown)."""
    from services.progress import ProgressResult

    return ProgressResult()


def _held_text(error: BaseException | None) -> str:
    """The citizen's words for a receipt kept until the printer is back.

    What is wrong with the printer is for staff: the status bar shows the
    printer's state and the print job keeps its error for the counter.
    """
    from widgets.errors import steps_text  # the catalogue: not before the first paint

    return steps_text("printer")


# widgets.intake.IntakeWords, made in complete() (that module loads services)
WORDS: dict[str, Any] = dict(
    no_picture=N_("还没有画面，请稍候再拍，或联系工作人员。"),
    pages_taken=N_("已拍摄 %n 页。可继续拍下一页，或选择下一份材料。"),
    printed=N_("回执已打印，请取走。凭回执可查询办理进度。"),
    failed=N_("回执未打印。办件已保存，请凭受理编号到人工窗口补打。"),
    held_text=_held_text,
    citizen=True,
)


class KioskWindow(WindowShell):
    """The citizen's app for one kiosk. GUI thread only."""

    actor = "citizen"

    idle: IdleWatcher
    intake: IntakeController

    def __init__(
        self,
        bridge: RuntimeBridge | None = None,
        *,
        config: FirstConfig | None = None,
        idle: IdleWatcher | None = None,
    ) -> None:
        hall_name = (config if bridge is None else bridge.runtime.config).hall_name
        super().__init__(
            title=tr("一窗通 · 政务服务自助终端"),
            header=f"{tr('一窗通')} · {hall_name}",
            header_css="font-size:24px;padding:12px 20px;",
            banner=True,
        )
        self.identity: Identity | None = None
        self.item: Item | None = None
        self.case: Case | None = None
        self.submitted: Case | None = None
        self.answers: dict[str, int] = {}
        self.catalog_version = ""  # of the catalog the session's item came from
        self.bundle = ""  # 一件事: the bundle applied for (``item`` is then its merged item)
        self.applying = False  # 我要办理 on a guide before the card: the card read goes on
        self.consent: Consent | None = None  # the privacy notice's 同意, once per session
        self.card_gone = False  # the card read this session left its PC/SC slot
        # 帮办: the clerk signed in on this kiosk to help the citizen (kiosk/pages/assist.py)
        self.assistant: Clerk | None = None
        # A page that sent the citizen to the card page for its own flow (补交材料, 12345,
        # 证明打印): what the read does and where 返回 goes (ask_card); None: the items.
        self.card_request: CardRequest | None = None
        self.language = (config if bridge is None else bridge.runtime.config).language
        self.thanks_ms = 5000  # the thank-you stays this long, then home
        self.idle_banner = self.banner
        self._idle = idle
        home = self.add_page("home", HomePage(self))
        self.start_btn = home.start_btn
        self.start_btn.setEnabled(False)  # until the runtime is there
        if bridge is not None:
            self.complete(bridge)

    def complete(self, bridge: RuntimeBridge) -> None:
        """The runtime is there: attach it, build the other pages, go home."""
        from widgets.intake import IntakeController, IntakeWords

        self.attach(bridge)
        self.idle = self._idle or IdleWatcher(self.rt.config.idle_timeout_s, parent=self)
        self.intake = IntakeController(self, IntakeWords(**WORDS), self)
        self.intake.watch_camera()
        self._build_later_pages()
        self.pages["home"].attach(bridge)
        self._add_voice()
        self._add_help()
        bridge.card_removed.connect(self._on_card_removed)
        bridge.catalog_changed.connect(self._on_catalog)
        self.intake.asked.connect(self._speak_question)
        self._add_elder()
        self.idle.warn.connect(self._on_idle_warn)
        self.idle.expired.connect(self.reset_session)
        bridge.remote_config.connect(self._on_remote_config)  # queued: from the sync thread
        self.show_page("home")

    def _on_remote_config(self, settings: dict) -> None:
        """Remote settings applied (services.remote): a new idle timeout counts at once,
        in 长辈模式 too (its longer timeout follows); the rest waits for the next start."""
        if "idle_timeout_s" not in settings and "kiosk.elder_idle_timeout_s" not in settings:
            return
        cfg = self.rt.config
        self.elder.normal_idle_s = cfg.idle_timeout_s
        self.elder.elder_idle_s = max(cfg.idle_timeout_s, cfg.elder_idle_timeout_s)
        self.idle.set_timeout(
            self.elder.elder_idle_s if self.elder.on else self.elder.normal_idle_s
        )

    def _build_later_pages(self) -> None:
        for name, page_cls in later_pages().items():
            self.add_page(name, page_cls(self))
        p = self.pages
        # What scripts, the tour and the tests reach on the window itself.
        self.card_msg = p["card"].card_msg
        self.demo_card_btn = p["card"].demo_card_btn
        self.who = p["items"].who
        self.guide_msg = p["guide"].guide_msg
        self.scenario = p["guide"].scenario
        self.form = p["form"].form
        self.keyboard = p["form"].keyboard
        self.checklist = p["scan"].checklist
        self.camera = p["scan"].camera
        self.material_msg = self.intake.material_msg
        self._scan_hint = self.material_msg.text()  # what the scan page says to a new citizen
        self.confirm_msg = p["confirm"].confirm_msg
        self.print_msg = p["done"].print_msg
        self.evaluation = p["done"].evaluation

    def switch_language(self, lang: str) -> bool:
        """中文 / English from the home page: a new session, every page rebuilt in its words.

        The pages' words are set when they are built, so the pages are built
        again (the runtime, the devices and the intake controller stay).
        False, and nothing changed, when there is no translation for ``lang``.
        """
        from widgets.i18n import install_translator

        if not install_translator(lang):
            return False
        self.language = lang
        self.reset_session()
        self.setWindowTitle(tr("一窗通 · 政务服务自助终端"))
        self.header.setText(f"{tr('一窗通')} · {self.rt.config.hall_name}")
        self.help_btn.retranslate()
        self.assist_btn.setText(tr("工作人员帮办"))
        self.end_assist_btn.setText(tr("结束帮办"))
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.hide()
            page.setParent(None)  # findChild no longer sees it; deleted later
            page.deleteLater()
        self.pages.clear()
        home = self.add_page("home", HomePage(self))
        self.start_btn = home.start_btn
        self._build_later_pages()
        home.attach(self.bridge)
        for st in list(self.bridge.last_status.values()):  # the new pages learn the devices
            self.bridge.device_status.emit(st)
        self.show_page("home")
        return True

    def _on_catalog(self, _catalog: object) -> None:
        """A new catalog is in use: the items page follows; the session keeps its item."""
        self.pages["items"].catalog_changed()

    def _add_voice(self) -> None:
        """Voice guidance and its header controls (hidden when no voice is configured)."""
        from widgets.voice_controls import VoiceControls
        from widgets.voice_guide import VoiceGuide

        self.voice = VoiceGuide(
            self.rt.voice, self, enabled=self.rt.config.kiosk.voice_guidance, parent=self
        )
        self.voice_controls = VoiceControls(self.voice, self.centralWidget())
        self.header_row.addWidget(self.voice_controls)

    def _add_help(self) -> None:
        """呼叫工作人员 in the header, on every page; its answer in the banner and spoken."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QHBoxLayout, QWidget

        from services.help import HelpDesk
        from widgets.help_button import HelpButton
        from widgets.theme import BLUE

        self.help_desk = HelpDesk(self.rt, channel="kiosk")
        # On the header's blue like the other header controls, off the screen's edge.
        holder = QWidget(self.centralWidget())
        holder.setObjectName("help_holder")
        holder.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        holder.setStyleSheet(f"#help_holder {{ background: {BLUE}; }}")
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 12, 0)
        self.help_btn = HelpButton(self.help_desk, self.ops, self.current_page, holder)
        self._add_assist(row, holder)
        row.addWidget(self.help_btn)
        self.header_row.addWidget(holder)
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.idle_banner.hide)
        self.help_btn.answered.connect(lambda source: self._flash(source, self.voice.enabled))
        self.bridge.sync_status.connect(self.help_btn.follow_sync)

    def _add_assist(self, row, holder) -> None:
        """工作人员帮办 / 结束帮办 on the header's blue, beside 呼叫工作人员."""
        from widgets.pages import button

        # The whole box: 48 content + 2×4 padding + 2×2 border = 60 px (a finger).
        style = (
            "QPushButton{min-height:48px;min-width:48px;background:transparent;color:white;"
            "border:2px solid white;border-radius:10px;padding:4px 10px;font-size:18px;}"
        )
        self.assist_btn = button(tr("工作人员帮办"), holder, name="assist")
        self.assist_btn.clicked.connect(lambda: self.pages["assist"].open(self.current_page()))
        self.end_assist_btn = button(tr("结束帮办"), holder, name="end_assist")
        self.end_assist_btn.clicked.connect(self.end_assist)
        from widgets.elder import KEEP_SIZE

        for b in (self.assist_btn, self.end_assist_btn):
            b.setStyleSheet(style)
            b.setProperty(KEEP_SIZE, True)  # for staff: 长辈模式 leaves it (the header fits 1080)
            row.addWidget(b)
        self.end_assist_btn.hide()

    def set_assistant(self, clerk: Clerk) -> None:
        """帮办 begins: the header names the clerk; the session's case records them."""
        from core.case import Assistant

        self.assistant = clerk
        self.header.setText(
            f"{tr('一窗通')} · {self.rt.config.hall_name} · {tr('帮办')} {clerk.label}"
        )
        self.assist_btn.hide()
        self.end_assist_btn.show()
        if self.case is not None and self.submitted is None:
            self.case.assisted_by = Assistant(staff_no=clerk.staff_no, name=clerk.name)
            self.case.log("assisted", clerk.staff_no, {})

    def end_assist(self) -> None:
        """帮办 ends (结束帮办, 回首页, the idle timeout): the staff token too."""
        clerk, self.assistant = self.assistant, None
        if clerk is None:
            return
        self.header.setText(f"{tr('一窗通')} · {self.rt.config.hall_name}")
        self.end_assist_btn.hide()
        self.assist_btn.show()
        desk = self.rt.staff
        self.ops.run("assist_sign_out", lambda: desk.sign_out(clerk))

    def _flash(self, source: str, speak: bool) -> None:
        """A notice in the banner for a while (hidden by the next page), spoken if asked."""
        self.idle_banner.setText(tr(source))
        self.idle_banner.show()
        self._banner_timer.start(12000)
        if speak:
            self.voice.say(source)

    def _speak_question(self, text: str) -> None:
        """A question the intake puts (重拍 / 仍然使用), spoken when guidance is on."""
        if self.voice.enabled:
            self.voice.say_text(text)  # already in the UI's words: it is on screen

    def _on_card_removed(self) -> None:
        """A card left its PC/SC slot: the session it was read for ends.

        Not before a read (the card page, or nothing read) and not after the
        submit (the done page: the reminder has done its job).
        """
        if self.identity is None:
            return
        self.card_gone = True
        if self.current_page() == "done" and self.submitted is not None:
            self.pages["done"].card_taken()
            return
        self.reset_session()

    def _add_elder(self) -> None:
        """长辈模式: its header switch beside the voice's; the pages follow ``elder.changed``."""
        from widgets.elder import KEEP_SIZE, ElderMode, ElderSwitch

        cfg = self.rt.config
        self.elder = ElderMode(
            self,
            self.idle,
            self.voice,
            normal_idle_s=self.idle.timeout_s,
            elder_idle_s=max(self.idle.timeout_s, cfg.elder_idle_timeout_s),
            parent=self,
        )
        self.elder_switch = ElderSwitch(self.elder, self.centralWidget())
        at = self.header_row.indexOf(self.voice_controls)
        self.header_row.insertWidget(at, self.elder_switch)
        self.header.setWordWrap(True)  # the hall's name wraps before the header grows too wide
        self.header.setProperty(KEEP_SIZE, True)
        self.elder.changed.connect(self._on_elder)

    def _on_elder(self, on: bool) -> None:
        # The words are half as big again: the header names the app only, so that
        # it stays one line beside the switches.
        hall = "" if on else f" · {self.rt.config.hall_name}"
        self.header.setText(tr("一窗通") + hall)
        self.voice_controls.set_compact(on)  # 重听, 音量− / 音量+ stay
        for page in self.pages.values():
            body = getattr(page, "body", None)  # the content scrolls where it must
            if body is not None:
                body.set_scrolls(on)
            follow = getattr(page, "set_elder", None)
            if follow is not None:
                follow(on)
        self.scenario.set_one_at_a_time(on)
        if on:  # an answer rewrites the materials' rich text while the guide is shown
            from PySide6.QtCore import Qt  # not at import: the first page paints without it

            self.scenario.changed.connect(self.elder.refresh, Qt.ConnectionType.UniqueConnection)
        self.elder.refresh()  # widgets the pages made for the new mode

    @property
    def print_state(self) -> str:
        """none | pending | ok | held (kept, prints later) | failed"""
        return self.intake.print_state

    @property
    def print_job(self) -> PrintJob | None:
        return self.intake.print_job

    # ---- navigation -------------------------------------------------------
    def show_page(self, name: str) -> None:
        # No card is read before the privacy notice's 同意 (once per session).
        if name == "card" and self.consent is None and "consent" in self.pages:
            name = "consent"
        super().show_page(name)

    def on_page_shown(self, name: str) -> None:
        from kiosk.spoken import instruction

        self.voice.page_shown(instruction(name))
        if self.elder.on:
            self.elder.refresh()  # sheets and rich text the page set since
        self.idle_banner.hide()
        self.idle.set_active(name != "home")
        self.rt.devices.set_card_polling(name in ("card", "progress"))
        if name in HOTLINE_PAGES and hasattr(self.pages[name], "shown"):
            self.pages[name].shown()
        if name == "scan":
            self.camera.set_material(self.checklist.current_code())
            self.camera.start()
        else:
            self.camera.stop()
        if "checkin" in self.pages:  # 预约签到: its QR reading streams while shown
            if name == "checkin":
                self.pages["checkin"].shown()
            else:
                self.pages["checkin"].left()
        if "supplement" in self.pages:  # 补交材料's camera runs while its page shows
            self.pages["supplement"].shown(name == "supplement")
        # 进度查询: its QR reading streams the camera while shown
        if "progress" in self.pages:
            if name == "progress":
                self.pages["progress"].shown()
            else:
                self.pages["progress"].left()

    def reset_session(self) -> None:
        """Forget everything about the current citizen and go home."""
        remind = self.identity is not None and not self.card_gone  # 请取回身份证
        voice_on = self.voice.enabled
        self.card_gone = False
        self.help_btn.forget()
        self.end_assist()  # 帮办 is for this citizen only
        self.pages["assist"].reset()
        if self.submitted is None:
            self.intake.discard(self.case)  # an abandoned draft's scans go with it
        self.identity = self.item = self.case = self.submitted = None
        self.intake.forget()
        self.answers = {}
        self.catalog_version = ""
        self.bundle = ""
        self.applying = False
        self.card_request = None
        self.consent = None
        self.pages["supplement"].reset()  # 补交材料: the pages taken and the cases found
        self.pages["supplement_done"].reset()
        self.pages["supplement_find"].start()
        for name in ("certs", "cert_preview"):  # 证明打印 (certs)
            self.pages[name].reset()
        self.pages["items"].reset()
        if self.pages["items"].who_reveal is not None:
            self.pages["items"].who_reveal.clear()  # the greeting's full name goes too
        self.pages["done"].reset()
        self.pages["confirm"].reset()
        self.pages["commitment"].reset()
        for name in HOTLINE_PAGES:  # 12345: nothing of the last citizen's ticket stays
            self.pages[name].reset()
        self.pages["progress"].new()  # 进度查询: nothing typed is kept
        self.pages["ticket"].reset()  # 取号 and 预约签到: no number or words stay
        self.pages["checkin"].reset()
        self.pages["progress_type"].new()
        self.pages["progress_list"].show_result(_no_result(), by_card=False)
        self.keyboard.reset()  # before the form: letters being composed go nowhere
        self.form.set_form([], {})
        self._clear_messages()
        self.elder.end_session()  # the next citizen starts in the everyday mode
        self.voice.reset()
        self.camera.clear()  # scanned pages are personal data: forget them with the session
        self.show_page("home")
        if remind:
            self._flash(TAKE_CARD, speak=voice_on)

    def _clear_messages(self) -> None:
        """No page keeps a word meant for the citizen who just left."""
        for label in (self.card_msg, self.guide_msg, self.confirm_msg, self.print_msg):
            label.setText("")
        self.material_msg.setText(self._scan_hint)
        self.intake.show_camera_state()  # a camera still down is said again
        self.camera.advice.setText("")
        self.camera.advice.hide()

    def ask_card(self, *, back: str, then: Callable[[Identity], None]) -> None:
        """The card page (after the privacy notice) for a page's own flow: ``then`` gets
        the identity read, 返回 goes to ``back``."""
        self.card_request = CardRequest(back, then)
        self.show_page("card")

    def start_certs(self) -> None:
        """证明打印 from the home page: the card (after the privacy notice), then the choice."""
        self.pages["certs"].show_items()
        if self.identity is not None:
            self.show_page("certs")
        else:
            self.ask_card(back="home", then=lambda _who: self.show_page("certs"))

    def open_ticket(self) -> None:
        """取号 from the home page (only when the config names a hall server)."""
        self.pages["ticket"].open()
        self.show_page("ticket")

    def open_checkin(self) -> None:
        """预约签到 from the 取号 page: by the card or the appointment's QR."""
        self.pages["checkin"].reset()
        self.show_page("checkin")

    def open_progress(self) -> None:
        """进度查询 from the home page: by QR, receipt number or card."""
        self.pages["progress"].new()
        self.show_page("progress")

    def show_progress(self, result: Any, *, by_card: bool) -> None:
        """The cases a 进度查询 found (services.progress.ProgressResult)."""
        self.pages["progress_list"].show_result(result, by_card=by_card)
        self.show_page("progress_list")

    def open_guides(self) -> None:
        """办事指南 from the home page: browse and read, no card asked."""
        self.pages["items"].reset()
        self.show_page("items")

    def open_supplement(self) -> None:
        """补交材料 from the home page: find the case by card or receipt number."""
        self.pages["supplement"].reset()
        self.pages["supplement_find"].start()
        self.show_page("supplement_find")

    def choose_item(self, code: str) -> None:
        """The item of this session, from the catalog its tile came from (the one in
        use if the tile's has no such item): a catalog pulled later does not change it."""
        catalog = self.pages["items"].catalog
        if not any(i.code == code for i in catalog.items):
            catalog = self.rt.catalog
        self.item = catalog.item(code)
        self.catalog_version = catalog.version
        self.answers = {}
        self.bundle = ""
        self.pages["guide"].show_item(self.item)
        self.show_page("guide")

    def choose_bundle(self, code: str) -> None:
        """一件事 from the guides or search: the bundle's guide (its items, the merged
        materials), and applying for all of them at once (core.catalog.Catalog.bundle_item)."""
        catalog = self.pages["items"].catalog
        if not any(b.code == code for b in catalog.bundles):
            catalog = self.rt.catalog
        self.item = catalog.bundle_item(code)
        self.catalog_version = catalog.version
        self.answers = {}
        self.bundle = code
        self.pages["guide"].show_bundle(catalog.bundle(code), self.item, catalog)
        self.show_page("guide")

    def start_case(self) -> Case:
        """A new draft of the session's item for the card read, with the answers given."""
        from core.intake import start_case

        assert self.item is not None and self.identity is not None
        cfg = self.rt.config
        case = start_case(
            self.item,
            self.identity,
            hall_code=cfg.hall_code,
            device_code=cfg.device_code,
            channel=cfg.role.value,
            actor="citizen",
            answers=self.answers,
            catalog_version=self.catalog_version,
            bundle=(self._bundle_catalog(), self.bundle) if self.bundle else None,
        )
        if self.assistant is not None:  # 帮办: the clerk helping is on the case and its trail
            from core.case import Assistant

            a = self.assistant
            case.assisted_by = Assistant(staff_no=a.staff_no, name=a.name)
            case.log("assisted", a.staff_no, {})
        return case

    def _bundle_catalog(self) -> Catalog:
        """The catalog the session's bundle came from (the items page's, else the one in use)."""
        catalog = self.pages["items"].catalog
        return catalog if any(b.code == self.bundle for b in catalog.bundles) else self.rt.catalog

    def capture(self) -> None:
        """Scripts and the tour: keep the page under the camera (see IntakeController)."""
        self.intake.capture()

    def submit(self) -> None:
        self.pages["confirm"].submit()

    def print_notice(self) -> None:
        self.pages["guide"].print_notice()

    # ---- idle -------------------------------------------------------------
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
