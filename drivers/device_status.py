"""The devices' vocabulary: the devices and the words of their health.

Device names (``ID_READER``, ``CAMERA``, ``PRINTER``), their labels, the fixed
status texts per device (whole phrases, marked with ``N_`` so each translates
as a whole), the catalogue codes of a device that is not running, and what a
printer state means for its health. Constants only: any thread.
"""

from __future__ import annotations

from core.i18n import N_
from drivers.base import Health, PrinterState

ID_READER, CAMERA, PRINTER = "id_reader", "camera", "printer"
DEVICES = (ID_READER, CAMERA, PRINTER)  # what the device manager owns
# The voice has its own owner (drivers.voice.device): it is output only, with
# no polling, and a kiosk without it loses nothing but the guidance.
VOICE = "voice"
VOICE_LABEL = N_("语音")
VOICE_READY = N_("语音就绪")
VOICE_UNAVAILABLE = N_("语音不可用")
VOICE_NOT_CONFIGURED = N_("未配置语音")
VOICE_LOST = N_("语音服务已断开")
LABELS = {ID_READER: N_("读卡器"), CAMERA: N_("高拍仪"), PRINTER: N_("打印机")}
# Fixed status texts per device (whole phrases, so each translates as a whole).
READY = {ID_READER: N_("读卡器就绪"), CAMERA: N_("高拍仪就绪"), PRINTER: N_("打印机就绪")}
UNAVAILABLE = {
    ID_READER: N_("读卡器不可用"),
    CAMERA: N_("高拍仪不可用"),
    PRINTER: N_("打印机不可用"),
}
NOT_CONFIGURED = {
    ID_READER: N_("未配置读卡器"),
    CAMERA: N_("未配置高拍仪"),
    PRINTER: N_("未配置打印机"),
}
# The catalogue codes (core.messages) of a device that is not running.
NOT_STARTED = {ID_READER: "id_reader.not_started", CAMERA: "camera.not_started"}
STOPPED = {ID_READER: "id_reader.stopped", CAMERA: "camera.stopped", PRINTER: "printer.stopped"}
LOST = {ID_READER: N_("读卡器已断开"), CAMERA: N_("高拍仪已断开"), PRINTER: N_("打印机已断开")}

# Printer state → (health, message shown in the status bar).
PRINTER_HEALTH: dict[PrinterState, tuple[Health, str]] = {
    PrinterState.OK: (Health.OK, N_("打印机就绪")),
    PrinterState.PAPER_NEAR_END: (Health.DEGRADED, N_("纸将用尽")),
    PrinterState.PAPER_OUT: (Health.ABSENT, N_("缺纸，请更换打印纸")),
    PrinterState.COVER_OPEN: (Health.ABSENT, N_("打印机盖未关好")),
    PrinterState.OFFLINE: (Health.ABSENT, N_("打印机未连接")),
    PrinterState.ERROR: (Health.ABSENT, N_("打印机故障，请检查切刀和打印头")),
}
