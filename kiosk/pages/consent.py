"""The kiosk's privacy notice: what the card read takes, why, how long, who sees it.

Shown before the first card read of a session (我要办理 on the home page or on
a guide), as the Personal Information Protection Law asks for sensitive
personal information (ID numbers and face photos). 同意 records the consent
(``core.case.Consent``: the notice's version and the time) on the session;
the case started after the card read carries it to the back office.
不同意 ends the session: nothing is read.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QWidget

from core.case import Consent
from kiosk.pages.base import KioskPage
from widgets.i18n import tr
from widgets.pages import button
from widgets.touch import kinetic

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

# Change this whenever the notice's words change: each case names the version
# its citizen agreed to.
NOTICE_VERSION = "kiosk-privacy-2026-12"


def notice_html(retention_days: int) -> str:
    """The notice's text (rich text), in the UI's language."""
    rows = [
        (
            tr("读取哪些信息"),
            tr("身份证上的姓名、性别、民族、出生日期、住址、公民身份号码和照片。"),
        ),
        (
            tr("为什么读取"),
            tr("用于核验您的身份、自动填写申请表，并办理您选择的事项；不作其他用途。"),
        ),
        (
            tr("保存多久"),
            tr(
                "本机加密保存，办件上报政务服务中心后再保留 %n 天即自动删除；"
                "办件材料由受理部门按档案管理规定保存。"
            ).replace("%n", str(retention_days)),
        ),
        (
            tr("谁能看到"),
            tr(
                "只有受理和审批您办件的工作人员。屏幕上的个人信息默认部分隐藏，"
                "只在您按住“显示”按钮时完整显示。"
            ),
        ),
    ]
    body = "".join(f"<p><b>{head}</b><br>{text}</p>" for head, text in rows)
    law = tr(
        "根据《中华人民共和国个人信息保护法》，公民身份号码和人脸照片属于敏感个人信息，"
        "需要您的同意才能读取。不同意也可以到人工窗口办理。"
    )
    return f"{body}<p style='color:#b26a00'>{law}</p>"


class ConsentPage(KioskPage):
    """The notice and its two answers. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("读取身份证前，请阅读个人信息告知"))
        self.text = QLabel(notice_html(self.rt.config.sync.retention_days))
        self.text.setObjectName("consent_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setStyleSheet("font-size: 22px; padding: 12px 18px;")
        area = QScrollArea(self)
        area.setObjectName("consent_area")
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(self.text)
        kinetic(area)
        lay.addWidget(area, 1)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.decline_btn = button(tr("不同意（返回首页）"), self, name="consent_decline", big=True)
        self.decline_btn.clicked.connect(win.reset_session)
        self.agree_btn = button(tr("同意"), self, name="consent_agree", primary=True, big=True)
        self.agree_btn.clicked.connect(self.agree)
        for b in (self.decline_btn, self.agree_btn):
            b.setMinimumHeight(80)
            row.addWidget(b, 1)
        holder = QWidget(self)
        holder.setLayout(row)
        lay.addWidget(holder)

    def agree(self) -> None:
        """同意: recorded on the session, then on to the card page."""
        self.win.consent = Consent(notice_version=NOTICE_VERSION, at=dt.datetime.now().astimezone())
        self.win.show_page("card")
