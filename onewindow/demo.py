"""`onewindow demo`: kiosk and counter against a local back office, virtual devices.

It prints the back office's staff pages' address and the demo reviewer's and
supervisor's sign-in (demo accounts, made on the first run), so a newcomer
can accept a case and mark it ready, then hand it out at the counter. A hall
server (the queue) runs beside them; its display page's address is printed and
its calls are spoken through the voice device.
"""

from __future__ import annotations

import logging
from pathlib import Path

from backoffice.server import BackgroundBackoffice
from core.config import load_config
from emulators.waybill import demo_desk
from onewindow.gui import run_app
from onewindow.staff_tour import ensure_demo_staff, staff_sign_in_notes

log = logging.getLogger(__name__)


def demo_configs(
    root: Path,
    backoffice_url: str,
    lang: str | None = None,
    readers: dict | None = None,
    hall_url: str = "",
) -> list:
    """Kiosk and counter configs; ``readers`` adds per-role reader settings (the emulators);
    ``hall_url`` the demo hall server (the counter is its window 1)."""
    common = {
        "backoffice.url": backoffice_url,
        "hall.url": hall_url,
        # the receipts' QR: this demo back office's public tracking page (core.tracking)
        "backoffice.public_url": backoffice_url.rstrip("/") + "/track/{receipt}?c={check}",
        "language": lang or "zh_CN",
    }
    readers = readers or {}
    kiosk = load_config(
        None,
        {
            **common,
            "role": "kiosk",
            "device_code": "K01",
            "data_dir": str(root / "kiosk"),
            **readers.get("kiosk", {}),
        },
    )
    counter = load_config(
        None,
        {
            **common,
            "role": "counter",
            "device_code": "C01",
            "hall.window": "1",
            "data_dir": str(root / "counter"),
            # the sample documents and a parcel's label (出件 of an express case)
            "devices.camera.source": str(demo_desk(root / "desk")),
            **readers.get("counter", {}),
        },
    )
    return [kiosk, counter]


def enrol_devices(bo: BackgroundBackoffice, configs: list) -> None:
    """Enrol each demo device as a technician would: a one-time code, exchanged over HTTP."""
    from sync.client import BackofficeClient
    from sync.enrol import enrol

    for cfg in configs:
        # The demo is its own administrator: an earlier run's enrolment is revoked first.
        bo.store.revoke_named(cfg.hall_code, cfg.device_code)
        code = bo.store.create_enrolment(cfg.hall_code, cfg.device_code, ttl_s=300)
        client = BackofficeClient(bo.url)
        try:
            enrol(client, cfg.data_path, code, cfg.hall_code, cfg.device_code)
        finally:
            client.close()


def run_demo(data_root: Path, lang: str | None = None) -> int:
    from drivers.voice.device import VoiceDevice
    from emulators.demo_readers import DemoCardReaders  # pty emulator: POSIX only
    from hall.config import load_settings
    from hall.server import BackgroundHall
    from services.announcer import CallAnnouncer

    data_root = Path(data_root)
    hall_settings = load_settings(None, {"data_dir": str(data_root / "hall")})
    # The demo's back office accepts enrolled devices only, like a real one.
    with (
        BackgroundBackoffice(data_root / "backoffice", port=0, open_access=False) as bo,
        BackgroundHall(hall_settings) as hall,
        DemoCardReaders(data_root / "readers") as readers,
    ):
        print(f"一窗通演示 / OneWindow demo: back office at {bo.url}, data in {data_root}")
        print(f"叫号显示屏 / the hall's queue display: {hall.url}/display")
        ensure_demo_staff(bo.store)  # on first run; a second run keeps the accounts
        for line in staff_sign_in_notes(bo.url):
            print(line)
        for note in readers.notes:  # the emulators behind the readers, or why PC/SC is not used
            print(note)
        configs = demo_configs(data_root, bo.url, lang, readers.overrides, hall.url)
        enrol_devices(bo, configs)
        # The hall's voice calling, on the kiosk's voice settings (virtual when none).
        voice = VoiceDevice(configs[0].devices, data_dir=data_root / "announcer")
        voice.start()
        announcer = CallAnnouncer(hall.url, voice)
        announcer.start()
        try:
            return run_app(configs, fullscreen=False)
        finally:
            announcer.stop()
            voice.close()
