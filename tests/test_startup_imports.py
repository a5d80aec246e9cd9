"""What starting costs: heavy libraries load when first needed, not at start.

`onewindow --help` imports no numpy, OpenCV, python-escpos, sqlite-utils or
Qt; the apps' windows import no OpenCV, numpy, python-escpos, tuspy (aiohttp)
or requests before they are shown (devices, sync and the scanner load them
later); their first pages paint before pydantic, the store and the services
load (onewindow.gui's staged start). Each check runs in a fresh interpreter
(``-X importtime`` lists every module it imported).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "cv2", "escpos", "sqlite_utils", "PySide6", "tusclient", "aiohttp", "smartcard")


def imported(*args: str) -> set[str]:
    """Top-level names of every module ``python -X importtime ARGS`` imported."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    names = set()
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_help_imports_no_heavy_library():
    mods = imported("-m", "onewindow", "--help")
    assert "onewindow" in mods
    assert mods.isdisjoint(HEAVY), sorted(mods.intersection(HEAVY))


def test_sync_list_help_offers_every_outbox_state():
    from onewindow.cli_sync import STATE_WORDS
    from sync.store import OUTBOX_STATES

    assert tuple(STATE_WORDS) == OUTBOX_STATES  # the CLI names them without loading the store


def test_app_windows_load_no_device_or_network_library():
    code = (
        "import onewindow.gui, kiosk.window, counter.window, widgets.bridge;"
        "kiosk.window.later_pages(); counter.window.later_pages()"
    )
    mods = imported("-c", code)
    assert {"kiosk", "counter", "PySide6", "sqlite_utils"} <= mods
    late = ("numpy", "cv2", "escpos", "tusclient", "aiohttp", "requests", "smartcard", "img2pdf")
    assert mods.isdisjoint(late), sorted(mods.intersection(late))


def test_first_page_loads_no_validation_store_or_crypto_library():
    """What the kiosk's home page and the counter's sign-in need before they paint."""
    code = (
        "import onewindow.cli, onewindow.gui, kiosk.window, counter.window, core.first_config;"
        "onewindow.cli.build_parser()"
    )
    mods = imported("-c", code)
    assert {"kiosk", "counter", "PySide6"} <= mods
    later = ("pydantic", "sqlite_utils", "cryptography", "services", "sync", *HEAVY[:4])
    assert mods.isdisjoint(later), sorted(mods.intersection(later))


def test_numpy_still_imports_after_the_store():
    r = subprocess.run(
        [sys.executable, "-c", "import sync.store, sqlite_utils, numpy; print(numpy.uint8(3))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0 and r.stdout.strip() == "3", r.stderr[-2000:]
