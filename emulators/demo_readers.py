"""The demo's card readers: real backends against emulators.

The kiosk reads resident ID cards with the serial GA/T 467 backend from the
pty emulator; the counter reads social security cards with the PC/SC
backend from the virtual card behind vpcd. Both emulators register as the
card slot of their reader, so the "present a sample card" buttons go
through the real serial and PC/SC paths.

PC/SC needs pcscd: the machine's own when it runs with a vpcd reader, else a
private one (emulators.pcscd_service). When neither is possible the
counter falls back to the in-process virtual reader and ``notes`` says so.

Created, started and stopped by the demo's main thread.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from core.config import IdReaderConfig
from emulators import card_slots
from emulators.ga467_emulator import Ga467Emulator
from emulators.pcscd_service import (
    SYSTEM_SOCKET,
    PcscdUnavailable,
    PrivatePcscd,
    socket_answers,
)
from emulators.virtual_sscard import VirtualSocialSecurityCard

log = logging.getLogger(__name__)


def system_vpcd_readers(conf_dir: Path = Path("/etc/reader.conf.d")) -> dict[str, int]:
    """vpcd readers the system pcscd loads: reader name of slot 0 → the port a card connects to."""
    out: dict[str, int] = {}
    if not conf_dir.is_dir():
        return out
    for path in sorted(conf_dir.iterdir()):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        name = re.search(r'^\s*FRIENDLYNAME\s+"?([^"\n]+)"?', text, re.M)
        dev = re.search(r"^\s*DEVICENAME\s+/dev/null:(0x[0-9A-Fa-f]+|\d+)", text, re.M)
        lib = re.search(r"^\s*LIBPATH\s+\S*vpcd", text, re.M)
        if name and dev and lib:
            out[f"{name.group(1).strip()} 00 00"] = int(dev.group(1), 0)
    return out


class DemoCardReaders:
    """Starts the emulators and says how each role's reader is configured."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.emulator: Ga467Emulator | None = None
        self.card: VirtualSocialSecurityCard | None = None
        self.pcscd: PrivatePcscd | None = None
        self.overrides: dict[str, dict[str, Any]] = {"kiosk": {}, "counter": {}}
        self.notes: list[str] = []
        self._registered: list[IdReaderConfig] = []

    def start(self) -> DemoCardReaders:
        self.root.mkdir(parents=True, exist_ok=True)
        self._start_serial()
        self._start_pcsc()
        return self

    def _register(self, cfg: IdReaderConfig, slot: card_slots.CardSlot) -> None:
        card_slots.register(cfg, slot)
        self._registered.append(cfg)

    def _start_serial(self) -> None:
        link = self.root / "ttyGA467"
        self.emulator = Ga467Emulator(link=link).start()
        self.overrides["kiosk"] = {
            "devices.id_reader.backend": "serial",
            "devices.id_reader.port": str(link),
        }
        self._register(IdReaderConfig(backend="serial", port=str(link)), self.emulator)
        self.notes.append(f"自助机读卡器：GA/T 467 模拟读卡器 {link} → {self.emulator.pty_name}")

    def _start_pcsc(self) -> None:
        reader, port = "", 0
        try:
            if SYSTEM_SOCKET.exists() and socket_answers(SYSTEM_SOCKET):
                reader, port = self._system_reader()
            else:
                self.pcscd = PrivatePcscd(self.root / "pcscd")
                self.pcscd.start()
                self.pcscd.use_in_this_process()
                reader, port = self.pcscd.reader_name, self.pcscd.vicc_port
        except (PcscdUnavailable, OSError) as exc:
            self.notes.append(
                f"注意：PC/SC 不可用（{exc}），综合窗口改用内置虚拟读卡器 "
                "(PC/SC unavailable: the counter uses the in-process virtual reader)"
            )
            return
        self.card = VirtualSocialSecurityCard(port=port)
        cfg = IdReaderConfig(backend="pcsc", reader=reader)
        self.overrides["counter"] = {
            "devices.id_reader.backend": "pcsc",
            "devices.id_reader.reader": reader,
        }
        self._register(cfg, self.card)
        self.notes.append(f"综合窗口读卡器：PC/SC「{reader}」，虚拟社会保障卡 → 127.0.0.1:{port}")

    def _system_reader(self) -> tuple[str, int]:
        from smartcard.System import readers

        listed = {str(r) for r in readers()}
        for name, port in system_vpcd_readers().items():
            if name in listed:
                return name, port
        raise PcscdUnavailable("the running pcscd has no vpcd reader (vsmartcard-vpcd)")

    def stop(self) -> None:
        for cfg in self._registered:
            card_slots.unregister(cfg)
        self._registered.clear()
        if self.card is not None:
            self.card.remove()
        if self.emulator is not None:
            self.emulator.stop()
        if self.pcscd is not None:
            self.pcscd.stop()

    def __enter__(self) -> DemoCardReaders:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
