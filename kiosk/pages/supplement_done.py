"""The kiosk's 补交材料 done page: handed in, what is still owed, the 补正回执 printing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from kiosk.pages.base import KioskPage
from services.printing import PrintJob
from services.supplements import HandInResult
from widgets.i18n import tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class SupplementDonePage(KioskPage):
    """The result of a 补正 and its receipt's print job. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("补交成功"))
        self.result_msg = title("", self, "subtitle")
        lay.addWidget(self.result_msg)
        self.print_msg = QLabel("", self)
        self.print_msg.setProperty("role", "subtitle")
        self.print_msg.setWordWrap(True)
        lay.addWidget(self.print_msg)
        lay.addStretch(1)
        again = button(tr("继续补交其他办件"), self, name="supplement_again")
        again.clicked.connect(self.win.open_supplement)
        self.nav(lay, None, again)
        self.job: PrintJob | None = None
        self.print_state = "none"  # none | pending | ok | held | failed
        win.bridge.print_job_changed.connect(self._on_job)

    def show_result(self, result: HandInResult) -> None:
        if result.still_owed:
            names = "、".join(o.name for o in result.still_owed)
            text = tr("已收到补交的材料。还需补交：%s。补齐材料后方可取件。").replace("%s", names)
        elif result.promised_date is not None:
            text = tr("材料已补齐，承诺时限从今天起计算，预计 %d 前办结。").replace(
                "%d", result.promised_date.isoformat()
            )
        else:
            text = tr("材料已补齐，承诺时限从今天起计算。")
        self.result_msg.setText(text)
        self.job = result.job
        if result.job is None:
            self.print_state = "failed"
            self.print_msg.setText(tr("补正回执未打印。材料已保存，请到人工窗口补打。"))
        else:
            self._show(result.job)

    def _on_job(self, job: PrintJob) -> None:
        if job is self.job:
            self._show(job)

    def _show(self, job: PrintJob) -> None:
        if job.pending:
            self.print_state = "pending"
            self.print_msg.setText(tr("正在打印补正回执…"))
        elif job.state.value == "printed":
            self.print_state = "ok"
            self.print_msg.setText(tr("补正回执已打印，请取走并与受理回执一起保管。"))
        elif job.state.value == "held":
            self.print_state = "held"
            self.print_msg.setText(tr("补正回执将在打印机恢复后打印；材料已保存。"))
        else:
            self.print_state = "failed"
            self.print_msg.setText(tr("补正回执未打印。材料已保存，请到人工窗口补打。"))

    def reset(self) -> None:
        self.job = None
        self.print_state = "none"
        self.result_msg.setText("")
        self.print_msg.setText("")
