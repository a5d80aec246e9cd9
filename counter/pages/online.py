"""The counter's 网上预审件 page: an online application pulled, its originals checked, accepted.

The clerk types the application number (网上申报号) or the applicant puts their
card on the reader (the card is the proof for the look-up); the back office
answers only for the signed-in clerk (services.online). The uploaded scans
show beside the checklist; for each material the clerk compares the original
the applicant brought: 原件核验一致, or 不一致 and the original is rescanned on
the document camera in the scan's place. 当场受理 makes, claims once, submits
and prints the case; a 即办 item ends 当场办结 with the result on the receipt.
An application that is not pre-reviewed (预审通过) says why and cannot be
accepted. Network and store work run on the window's background lane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
)

from core.errors import CatalogError
from core.identity import Identity, mask_name
from core.ids import uuid7
from counter.pages.base import CounterPage
from services.online import Accepted, accept, blocker, fetch_scans, pull
from widgets.errors import user_text
from widgets.i18n import N_, sentences, tr
from widgets.pages import button, title
from widgets.scan_panel import ScanPanel
from widgets.slip_follow import SlipFollow, SlipWords

if TYPE_CHECKING:
    from core.catalog import Item
    from counter.window import CounterWindow
    from drivers.camera.page import Page
    from wire.online import OnlineApplication

STATE_WORDS = {
    "submitted": N_("待预审"),
    "approved": N_("预审通过"),
    "returned": N_("退回补正"),
    "taken": N_("已当场受理"),
}
CHECK_WORDS = {"": N_("待核验"), "ok": N_("原件核验一致"), "rescan": N_("不一致，待重拍")}
PROMPT = N_("请申请人将身份证放在读卡器上，或输入网上申报号查询")


def _slip_words() -> SlipWords:
    return SlipWords(
        not_printed=tr("受理回执未打印："),
        printing=tr("正在打印受理回执……"),
        printed=tr("受理回执已打印，请交给申请人。"),
        held=tr("受理回执已保存，打印机恢复后自动打印。"),
        failed=tr("受理回执未打印，可在“打印记录”中补打。"),
    )


class OnlinePage(CounterPage):
    """网上预审件 for one applicant at a time. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        self.apps: list[OnlineApplication] = []
        self.app: OnlineApplication | None = None
        self.item: Item | None = None
        self.card: Identity | None = None
        self.scans: dict[str, bytes] = {}
        self.checks: dict[str, str] = {}
        self.rescans: dict[str, list[Page]] = {}
        self.accepted: Accepted | None = None
        self._case_ids: dict[str, str] = {}  # application → its case's id (kept for a retry)
        self._camera_on = False
        lay = self.page_layout(tr("网上预审件 · 当场受理"))
        lay.setSpacing(6)  # the camera's panel is tall: the page stays within 800 px
        self.prompt = title(tr(PROMPT), self, role="subtitle")
        self.prompt.setWordWrap(True)
        lay.addWidget(self.prompt)
        row = QHBoxLayout()
        self.number = QLineEdit(self)
        self.number.setObjectName("online_number")
        self.number.setPlaceholderText(tr("网上申报号，例如 WS202612030001"))
        self.number.returnPressed.connect(self.lookup_number)
        row.addWidget(self.number, 2)
        find = button(tr("查询"), self, name="online_lookup")
        find.clicked.connect(self.lookup_number)
        row.addWidget(find)
        self.found = QListWidget(self)
        self.found.setObjectName("online_found")
        self.found.setMaximumHeight(60)
        self.found.currentRowChanged.connect(self._choose)
        row.addWidget(self.found, 3)
        lay.addLayout(row)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("申请材料（逐项核对原件）"), self))
        self.materials = QListWidget(self)
        self.materials.setObjectName("online_materials")
        self.materials.currentRowChanged.connect(self._show_material)
        left.addWidget(self.materials, 1)
        checks = QHBoxLayout()
        self.same_btn = button(tr("原件核验一致"), self, name="online_same", primary=True)
        self.same_btn.clicked.connect(self.mark_same)
        self.differ_btn = button(tr("不一致，重拍"), self, name="online_differ")
        self.differ_btn.clicked.connect(self.mark_differ)
        checks.addWidget(self.same_btn)
        checks.addWidget(self.differ_btn)
        left.addLayout(checks)
        body.addLayout(left, 2)
        self.view = QStackedWidget(self)
        self.preview = QLabel(tr("选中材料后在这里显示网上上传的材料"), self)
        self.preview.setObjectName("online_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 180)
        self.preview.setStyleSheet("background:#f4f6f8;border:1px solid #d0d7de;")
        self.view.addWidget(self.preview)
        self.camera = ScanPanel(win.rt.devices, self)
        self.camera.material_name = self._material_name  # what size its pages are
        self.camera.pages_changed.connect(self._on_pages)
        self.view.addWidget(self.camera)
        body.addWidget(self.view, 3)
        lay.addLayout(body, 1)
        self.msg = QLabel("", self)
        self.msg.setObjectName("online_msg")
        self.msg.setProperty("role", "subtitle")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        self.accept_btn = button(tr("当场受理并打印回执"), self, name="online_accept", primary=True)
        self.accept_btn.clicked.connect(self.accept)
        self.toolbar(lay, self.accept_btn)
        self.busy = self.busy_state(find, self.accept_btn, self.same_btn, self.differ_btn)
        self.camera.message.connect(self.msg.setText)
        win.bridge.card_read.connect(self._on_card)
        self.slip = SlipFollow(win.bridge, self.msg, _slip_words)
        self._enable()

    # ---- the session --------------------------------------------------------------
    def new(self) -> None:
        """The next applicant: nothing found, nothing checked."""
        self._clear()
        self.apps, self.card, self.accepted = [], None, None
        self.found.clear()
        self.number.clear()
        self.msg.setText("")
        self.prompt.setText(tr(PROMPT))
        self.win.show_page("online")

    def _clear(self) -> None:
        self.app, self.item = None, None
        self.scans, self.checks, self.rescans = {}, {}, {}
        self.materials.clear()
        self.camera.clear()
        self._show_preview()
        self.preview.setText(tr("选中材料后在这里显示网上上传的材料"))
        self._enable()

    def shown(self, on: bool) -> None:
        """The camera runs only while a rescan is asked on this page."""
        self._run_camera(on and self.view.currentWidget() is self.camera)

    def _run_camera(self, on: bool) -> None:
        if on and not self._camera_on:
            self.camera.start()
        elif not on and self._camera_on:
            self.camera.stop()
        self._camera_on = on

    # ---- finding it ---------------------------------------------------------------
    def _on_card(self, identity: Identity, _warnings: list[str]) -> None:
        if self.win.current_page() != "online":
            return
        self.card = identity
        rt, clerk = self.rt, self.win.staff
        self.msg.setText(tr("正在查找 %s 的网上申报……").replace("%s", mask_name(identity.name)))
        self.win.ops.run(
            "online_pull", lambda: pull(rt, clerk, identity=identity), self._found, self._failed,
            busy=self.busy,
        )  # fmt: skip

    def lookup_number(self) -> None:
        rt, clerk, number = self.rt, self.win.staff, self.number.text()
        self.card = None
        self.msg.setText(tr("正在查询……"))
        self.win.ops.run(
            "online_pull", lambda: pull(rt, clerk, number=number), self._found, self._failed,
            busy=self.busy,
        )  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        self.msg.setText(user_text(exc))

    def _found(self, apps: list[OnlineApplication]) -> None:
        self._clear()
        self.apps = apps
        self.found.clear()
        if not apps:
            self.msg.setText(tr("没有找到这位申请人的网上申报。"))
            return
        for a in apps:
            state = tr(STATE_WORDS.get(a.state, a.state))
            self.found.addItem(
                f"{a.number} · {a.item_name} · {mask_name(a.applicant.name)} · {state}"
            )
        self.found.setCurrentRow(0)

    def _choose(self, row: int) -> None:
        if not 0 <= row < len(self.apps):
            return
        self._clear()
        app = self.apps[row]
        self.app = app
        try:
            self.item = self.rt.catalog.item(app.item_code)
        except CatalogError:
            self.item = None
        why = blocker(app)
        if why is not None:
            self.msg.setText(user_text(why))
        elif self.item is None:
            self.msg.setText(tr("本机的事项目录里没有这个事项，请更新目录后再受理。"))
        else:
            self.msg.setText(tr("正在取回网上上传的材料……"))
        rt, clerk = self.rt, self.win.staff
        self.win.ops.run(
            "online_scans", lambda: fetch_scans(rt, clerk, app), self._scans_ready, self._failed,
            busy=self.busy,
        )  # fmt: skip

    def _scans_ready(self, scans: dict[str, bytes]) -> None:
        app = self.app
        if app is None:
            return
        self.scans = scans
        for f in app.files:
            self.checks.setdefault(f.material_code, "")
        self._fill_materials()
        self.materials.setCurrentRow(0)
        if blocker(app) is None and self.item is not None:
            self.prompt.setText(
                tr(
                    "核对每项原件与网上材料：一致点“原件核验一致”，不一致点“不一致，重拍”后在高拍仪上重拍原件。"
                )
            )
            self.msg.setText(tr("网上申报 %s 已预审通过。").replace("%s", app.number))
        self._enable()

    # ---- checking the originals ---------------------------------------------------
    def _fill_materials(self) -> None:
        app = self.app
        row = max(self.materials.currentRow(), 0)
        self.materials.clear()
        if app is None:
            return
        for f in app.files:
            check = self.checks.get(f.material_code, "")
            words = tr(CHECK_WORDS[check])
            if check == "rescan" and self.rescans.get(f.material_code):
                words = tr("不一致，已重拍 %n 页").replace(
                    "%n", str(len(self.rescans[f.material_code]))
                )
            self.materials.addItem(f"{f.material_name} — {words}")
        self.materials.setCurrentRow(min(row, self.materials.count() - 1))

    def _material_name(self, code: str) -> str:
        files = self.app.files if self.app is not None else ()
        return next((f.material_name for f in files if f.material_code == code), "")

    def current_code(self) -> str | None:
        app, row = self.app, self.materials.currentRow()
        return (
            app.files[row].material_code if app is not None and 0 <= row < len(app.files) else None
        )

    def _show_material(self, _row: int) -> None:
        code = self.current_code()
        if code is None:
            return
        if self.checks.get(code) == "rescan":
            self._show_camera(code)
            return
        self._show_preview()
        data = self.scans.get(code, b"")
        pix = QPixmap()
        if data and pix.loadFromData(data):
            box = self.preview.size()
            self.preview.setPixmap(
                pix.scaled(
                    box,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        elif data:
            self.preview.setText(
                tr("PDF 文件（%n KB），请在后台页面查看全文").replace("%n", str(len(data) // 1024))
            )
        else:
            self.preview.setText(tr("这项材料没有网上上传的文件"))

    def _show_preview(self) -> None:
        self.view.setCurrentWidget(self.preview)
        self._run_camera(False)

    def _show_camera(self, code: str) -> None:
        self.view.setCurrentWidget(self.camera)
        self.camera.set_material(code)
        self._run_camera(self.win.current_page() == "online")

    def mark_same(self) -> None:
        code = self.current_code()
        if code is None:
            return
        self.checks[code] = "ok"
        self.rescans.pop(code, None)
        self._next()

    def mark_differ(self) -> None:
        code = self.current_code()
        if code is None:
            return
        self.checks[code] = "rescan"
        self._fill_materials()
        self._show_camera(code)
        self.msg.setText(tr("请把原件放到高拍仪下重新拍摄，拍好后再核对下一项。"))
        self._enable()

    def _on_pages(self, code: str, pages: list) -> None:
        if self.checks.get(code) == "rescan":
            self.rescans[code] = list(pages)
            self._fill_materials()
            self._enable()

    def capture(self) -> None:
        """Scripts and the tour: keep the page under the camera for the material at once."""
        code = self.current_code()
        if code is not None:
            self.camera.set_material(code)
            self.camera.capture(accept=True)

    def _next(self) -> None:
        self._fill_materials()
        unchecked = (
            [i for i, f in enumerate(self.app.files) if not self.checks.get(f.material_code)]
            if self.app
            else []
        )
        if unchecked:
            self.materials.setCurrentRow(unchecked[0])
        self._show_material(self.materials.currentRow())
        self._enable()

    def _ready(self) -> bool:
        app = self.app
        if app is None or self.item is None or blocker(app) is not None or not self.scans:
            return False
        return all(
            self.checks.get(f.material_code) == "ok"
            or (self.checks.get(f.material_code) == "rescan" and self.rescans.get(f.material_code))
            for f in app.files
        )

    def _enable(self) -> None:
        open_app = self.app is not None and blocker(self.app) is None and bool(self.scans)
        self.same_btn.setEnabled(open_app)
        self.differ_btn.setEnabled(open_app)
        self.accept_btn.setEnabled(self._ready())

    # ---- accepting it -------------------------------------------------------------
    def accept(self) -> None:
        if not self._ready():
            return
        rt, clerk, app, item = self.rt, self.win.staff, self.app, self.item
        assert app is not None and item is not None
        scans, checks, card = dict(self.scans), dict(self.checks), self.card
        rescans = {k: list(v) for k, v in self.rescans.items()}
        version = rt.catalog.version
        case_id = self._case_ids.setdefault(app.number, uuid7())
        self._run_camera(False)
        self.win.ops.run(
            "online_accept",
            lambda: accept(
                rt,
                clerk,
                app,
                item,
                scans,
                checks,
                rescans,
                card=card,
                case_id=case_id,
                catalog_version=version,
            ),
            self._accepted,
            self._failed,
            busy=self.busy,
        )

    def _accepted(self, result: Accepted) -> None:
        self.accepted = result
        case = result.case
        done = tr("已当场受理，受理编号 %s。").replace("%s", case.receipt_no)
        if result.on_the_spot:
            done = sentences(done, tr("本事项为即办件，已当场办结，结果印在回执上。"))
        self._clear()
        self.found.clear()
        self.apps = []
        self.win.refresh_cases()
        self.slip.follow(done, result.job, result.print_error)

    @property
    def print_state(self) -> str:
        """The receipt's: none | pending | ok | held | failed."""
        return self.slip.state
