"""Helpers for the Qt tests: start an app window on a temp data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton

from core.config import load_config


def app_config(tmp: Path, role: str, backoffice_url: str, **extra):
    code = {"kiosk": "K01", "counter": "C01"}[role]
    return load_config(
        None,
        {
            "role": role,
            "device_code": code,
            "data_dir": str(tmp / role),
            "backoffice.url": backoffice_url,
            "sync.interval_s": 0.3,
            **extra,
        },
    )


def click(win, name: str) -> None:
    btns = [b for b in win.findChildren(QPushButton, name) if b.isVisible()]
    assert btns, f"no visible button {name}"
    btns[0].click()
    QApplication.processEvents()


def scan_required(win, item) -> None:
    """Capture one page for each required material of ``item`` on the scan page."""
    required = {m.code for m in item.materials if m.required}
    for row, m in enumerate(win.case.materials):
        if m.code in required:
            win.checklist.setCurrentRow(row)
            win.capture()
