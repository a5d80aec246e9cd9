"""Device health and back-office reachability, always visible."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.messages import render, translated
from drivers.base import DeviceStatus, Health
from sync.store.unsalvaged import banner_words
from sync.worker import SyncStatus
from widgets.i18n import N_, tr
from widgets.theme import HEALTH_COLOURS

DEVICE_NAMES = {
    "id_reader": N_("读卡器"),
    "camera": N_("摄像头"),
    "printer": N_("打印机"),
    "voice": N_("语音"),
    "a4": N_("A4打印机"),  # 证明打印's (drivers.a4), once it reports
    "hall": N_("叫号"),  # the hall server (services.runtime), where the queue is configured
}
# Shown from the start; the voice appears once it reports (only the kiosk has one).
ALWAYS_SHOWN = ("id_reader", "camera", "printer")
HEALTH_NAMES = {Health.OK: N_("正常"), Health.DEGRADED: N_("注意"), Health.ABSENT: N_("不可用")}


class OfflineBanner(QLabel):
    """Shown while the back office cannot be reached. GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setWordWrap(True)
        self.hide()

    def update_sync(self, st: SyncStatus) -> None:
        if st.unauthorized:
            self.setText(tr("本设备未获授权连接后台，请联系管理员。已提交的办件都已保存在本机。"))
            self.show()
        elif not st.online:
            self.setText(
                tr("网络未连接：可继续办理，办件已存本机，联网后自动上报。")
                + (tr("（待上报 %n 件）").replace("%n", str(st.queued)) if st.queued else "")
            )
            self.show()
        else:
            self.hide()


class DeviceStatusBar(QWidget):
    """One coloured dot and word per device, plus the sync state. GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.recovery = QLabel("", self)
        self.recovery.setObjectName("recovery_banner")
        self.recovery.setProperty("role", "banner")
        self.recovery.setWordWrap(True)
        self.recovery.hide()
        outer.addWidget(self.recovery)
        # What a damaged database lost, until staff acknowledge it (onewindow sync acknowledge).
        self.unsalvaged = QLabel("", self)
        self.unsalvaged.setObjectName("unsalvaged_banner")
        self.unsalvaged.setProperty("role", "banner")
        self.unsalvaged.setWordWrap(True)
        self.unsalvaged.hide()
        outer.addWidget(self.unsalvaged)
        self.banner = OfflineBanner(self)
        outer.addWidget(self.banner)
        row = QHBoxLayout()
        row.setContentsMargins(12, 4, 12, 4)
        row.setSpacing(24)
        outer.addLayout(row)
        self.labels: dict[str, QLabel] = {}
        self._row = row
        for key in ALWAYS_SHOWN:
            self._add_label(key)
            self._set(key, Health.ABSENT, tr("启动中"))
        row.addStretch(1)
        self.sync_label = QLabel(tr("后台：连接中"), self)
        self.sync_label.setProperty("role", "hint")
        row.addWidget(self.sync_label)

    def _add_label(self, key: str) -> QLabel:
        lab = QLabel(self)
        lab.setProperty("role", "hint")
        lab.setWordWrap(True)  # long (English) words over two lines: the bar fits 1080 px
        self.labels[key] = lab
        self._row.insertWidget(len(self.labels) - 1, lab)
        return lab

    def _set(self, key: str, health: Health, message: str, parts: tuple[str, ...] = ()) -> None:
        colour = HEALTH_COLOURS[health.value]
        text = f"{tr(DEVICE_NAMES[key])}：{tr(HEALTH_NAMES[health])}"
        words = "：".join(translated(p, tr) for p in parts) if parts else translated(message, tr)
        if words and health is not Health.OK:
            text += f"（{words}）"
        self.labels[key].setText(f'<span style="color:{colour}">●</span> {text}')
        self.labels[key].setToolTip(words)

    def show_recovered(self, damaged: Path | None, reason: str = "") -> None:
        """Say so when the local database was found damaged at start and set aside."""
        if damaged is None:
            self.recovery.hide()
            return
        self.recovery.setText(
            tr("本机数据库启动时发现损坏，已自动移到一旁保留并新建数据库，可以继续办理。")
            + tr("请工作人员通知管理员检查（损坏文件：%s）。").replace("%s", damaged.name)
        )
        self.recovery.setToolTip(translated(reason, tr))
        self.recovery.show()

    def update_device(self, st: DeviceStatus) -> None:
        if st.device not in self.labels and st.device in DEVICE_NAMES:
            self._add_label(st.device)
        if st.device in self.labels:
            self._set(st.device, st.health, st.message, st.parts)

    def note_fault(self, step: str, code: str) -> None:
        """A kiosk step that failed (widgets.errors.report_fault): its code, for staff.

        The citizen was told what to do in plain words; the code stays here
        (one short line, the newest) until the next fault.
        """
        if not hasattr(self, "fault_label"):
            self.fault_label = QLabel(self)
            self.fault_label.setObjectName("fault_label")
            self.fault_label.setProperty("role", "hint")
            self._row.insertWidget(self._row.indexOf(self.sync_label), self.fault_label)
        self.fault_label.setText(f"{step}: {code}")
        self.fault_label.setToolTip(f"{step}: {code}")

    def show_unsalvaged(self, receipts: tuple[str, ...]) -> None:
        """One line: how many cases a damaged database lost and their receipt numbers."""
        words = banner_words(receipts)
        if words is None:
            self.unsalvaged.hide()
            return
        text, hint = render(words.code, words.params, tr)
        self.unsalvaged.setText(text)
        self.unsalvaged.setToolTip(hint)
        self.unsalvaged.show()

    def update_sync(self, st: SyncStatus) -> None:
        self.banner.update_sync(st)
        self.show_unsalvaged(st.unsalvaged)
        if st.unauthorized:
            text = tr("后台：设备未授权")
        elif st.online:
            text = tr("后台：已连接")
        else:
            text = tr("后台：离线")
        if st.queued:
            text += tr("，待上报 %n 件").replace("%n", str(st.queued))
        if st.quarantined:
            text += tr("，需处理 %n 件").replace("%n", str(st.quarantined))
        self.sync_label.setText(text)
        # The last problem in the clerk's language (a catalogue code, or old prose).
        self.sync_label.setToolTip(translated(st.last_error, tr) if st.last_error else "")
