"""`onewindow demo`: kiosk and counter against a local back office, virtual devices."""

from __future__ import annotations

import logging
from pathlib import Path

from backoffice.server import BackgroundBackoffice
from core.config import load_config
from onewindow.gui import run_app

log = logging.getLogger(__name__)


def demo_configs(root: Path, backoffice_url: str, lang: str | None = None) -> list:
    common = {"backoffice.url": backoffice_url, "language": lang or "zh_CN"}
    kiosk = load_config(
        None,
        {**common, "role": "kiosk", "device_code": "K01", "data_dir": str(root / "kiosk")},
    )
    counter = load_config(
        None,
        {**common, "role": "counter", "device_code": "C01", "data_dir": str(root / "counter")},
    )
    return [kiosk, counter]


def run_demo(data_root: Path, lang: str | None = None) -> int:
    data_root = Path(data_root)
    with BackgroundBackoffice(data_root / "backoffice", port=0) as bo:
        print(f"一窗通演示 / OneWindow demo: back office at {bo.url}, data in {data_root}")
        return run_app(demo_configs(data_root, bo.url, lang), fullscreen=False)
