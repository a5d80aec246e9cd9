"""The waybill step of 出件 for an express case (邮寄送达): the parcel's number captured.

Two ways, both checked by core.delivery.parse_waybill (8–20 letters and digits):
the 快递面单's Code128 barcode under the document camera (each frame read on the
camera thread by drivers.camera.barcode through widgets.bridge.FrameStream, as the
kiosk's 预约签到 reads its QR), or a scanner gun acting as a keyboard, whose burst of
characters ends with Enter in the number field (typing by hand ends the same way).
The carrier follows the number's prefix where it names one (SF…, JD…), else the
chooser's. GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from core.delivery import CARRIERS, carrier_of, parse_waybill
from core.errors import DeliveryError
from widgets.bridge import FrameStream
from widgets.camera_view import CameraView
from widgets.errors import user_text
from widgets.i18n import tr

if TYPE_CHECKING:
    from drivers.manager import DeviceManager


class WaybillPanel(QWidget):
    """The camera's picture, the number field and the carrier; ``captured`` fires with
    a checked number. GUI thread only."""

    captured = Signal(str)

    def __init__(self, devices: DeviceManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.view = CameraView(self)
        self.view.setObjectName("waybill_camera")
        self.view.set_editable(False)
        self.view.setMinimumSize(320, 180)
        row.addWidget(self.view, 2)
        side = QVBoxLayout()
        self.hint = QLabel(
            tr("把快递面单的条码放到高拍仪下，认出后自动录入；也可以用扫码枪扫描或手工输入运单号"),
            self,
        )
        self.hint.setWordWrap(True)
        side.addWidget(self.hint)
        self.number = QLineEdit(self)
        self.number.setObjectName("waybill_number")
        self.number.setPlaceholderText(tr("运单号（扫码枪扫描后自动回车）"))
        self.number.setMaxLength(40)
        self.number.returnPressed.connect(lambda: self.take(self.number.text()))
        side.addWidget(self.number)
        carriers = QHBoxLayout()
        carriers.addWidget(QLabel(tr("快递公司"), self))
        self.carrier = QComboBox(self)
        self.carrier.setObjectName("waybill_carrier")
        for code, name in CARRIERS.items():
            self.carrier.addItem(tr(name), code)
        carriers.addWidget(self.carrier, 1)
        side.addLayout(carriers)
        self.msg = QLabel("", self)
        self.msg.setObjectName("waybill_msg")
        self.msg.setWordWrap(True)
        side.addWidget(self.msg)
        side.addStretch(1)
        row.addLayout(side, 3)
        self.waybill = ""  # the checked number, "" until one is captured
        self._frames = FrameStream(devices, self)
        self._frames.frame_ready.connect(self._on_frame)
        self._streaming = False

    # ---- the camera ------------------------------------------------------------------
    def run_camera(self, on: bool) -> None:
        """Stream (and read barcodes) while the step shows and nothing is captured."""
        from drivers.camera.barcode import read_barcode

        if on and not self._streaming:
            self._streaming = True
            self._frames.start(lambda frame, _now: read_barcode(frame))
        elif not on and self._streaming:
            self._streaming = False
            self._frames.stop()

    def _on_frame(self) -> None:
        mail = self._frames.take()
        if mail is None or not self._streaming:
            return
        frame, text = mail
        self.view.set_frame(frame)
        if text and text != self.waybill:
            self.take(str(text))

    # ---- the number ------------------------------------------------------------------
    def take(self, text: str) -> None:
        """A number from the camera, the scanner gun or the clerk: checked, then kept."""
        try:
            number = parse_waybill(text)
        except DeliveryError as exc:
            self.msg.setText(user_text(exc))
            self.number.selectAll()
            return
        self.waybill = number
        self.number.setText(number)
        found = self.carrier.findData(carrier_of(number, self.carrier_code))
        self.carrier.setCurrentIndex(max(0, found))
        self.msg.setText(tr("已录入运单号：%s").replace("%s", number))
        self.captured.emit(number)

    @property
    def carrier_code(self) -> str:
        return str(self.carrier.currentData() or "ems")

    def clear(self) -> None:
        """The next parcel: no number, EMS, no picture."""
        self.waybill = ""
        self.number.clear()
        self.carrier.setCurrentIndex(0)
        self.msg.setText("")
        self.view.set_frame(None)
