"""The 告知承诺 panel both apps show: the 承诺书's text, whether the applicant may sign,
and the signature pad.

The text is core.commitment.letter (large type at the kiosk); ``set_checking`` /
``set_eligibility`` show the back office's answer (or the offline rule's) in catalogue
words; refused, the pad is off and the words say to hand in the proof instead. The
app's page owns the buttons and the work (services.commitment, on the background lane).
GUI thread only.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from core.commitment import TITLE, Eligibility
from core.messages import render
from widgets.i18n import tr
from widgets.signature_pad import SignatureField
from widgets.touch import kinetic


def refusal_text(e: Eligibility) -> str:
    """The refusal's words and hint in the UI's language ("" when allowed)."""
    if e.allowed:
        return ""
    text, hint = render(e.words_code, {}, tr)
    return f"{text}\n{hint}" if hint else text  # as widgets.errors.user_text: either language


class CommitmentPanel(QWidget):
    """Letter, eligibility and signature; ``signable(bool)``: a signature is drawn and the
    applicant may sign. ``large``: the kiosk's type size. GUI thread only."""

    signable = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.large = large
        # Side by side on a landscape screen, the letter above the pad on a portrait one.
        self._lay = lay = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(16)
        self.text = QLabel("", self)
        self.text.setObjectName("commitment_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea(self)
        self.area.setObjectName("commitment_area")
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(self.text)
        kinetic(self.area)
        lay.addWidget(self.area, 5)
        side = QVBoxLayout()
        self.status = QLabel("", self)
        self.status.setObjectName("commitment_status")
        self.status.setWordWrap(True)
        if large:
            font = self.status.font()
            font.setPixelSize(22)
            self.status.setFont(font)
        side.addWidget(self.status)
        self.signature = SignatureField(self, min_height=260 if large else 220)
        side.addWidget(self.signature, 1)
        lay.addLayout(side, 4)
        self._eligibility: Eligibility | None = None
        self.signature.changed.connect(lambda _ink: self._emit())

    def resizeEvent(self, event: QResizeEvent) -> None:
        portrait = event.size().height() > event.size().width()
        self._lay.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        super().resizeEvent(event)

    def show_letter(self, paragraphs: list[str]) -> None:
        size = 24 if self.large else 16
        body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
        self.text.setText(
            f"<div style='font-size:{size}px; line-height:140%'>"
            f"<h2 style='text-align:center'>{html.escape(TITLE)}</h2>{body}</div>"
        )
        self.area.verticalScrollBar().setValue(0)

    def set_checking(self) -> None:
        self._eligibility = None
        self.status.setProperty("role", "hint")
        self.status.setText(tr("正在查询信用记录……"))
        self._restyle()
        self.signature.setEnabled(False)
        self._emit()

    def set_eligibility(self, e: Eligibility) -> None:
        self._eligibility = e
        if e.allowed:
            self.status.setProperty("role", "hint")
            note = tr("（暂时无法查询信用记录，按本机规定可以承诺）") if e.offline else ""
            self.status.setText(tr("可以使用告知承诺，请申请人阅读后签名。") + note)
        else:
            self.status.setProperty("role", "error")
            self.status.setText(refusal_text(e))
        self._restyle()
        self.signature.setEnabled(e.allowed)
        self._emit()

    @property
    def eligibility(self) -> Eligibility | None:
        return self._eligibility

    def may_sign(self) -> bool:
        e = self._eligibility
        return e is not None and e.allowed and not self.signature.is_empty()

    def png(self) -> bytes:
        return self.signature.png()

    def reset(self) -> None:
        """A new applicant: no text, no answer, no signature of the last one."""
        self.text.setText("")
        self.status.setText("")
        self._eligibility = None
        self.signature.clear()
        self._emit()

    def _restyle(self) -> None:
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _emit(self) -> None:
        self.signable.emit(self.may_sign())
