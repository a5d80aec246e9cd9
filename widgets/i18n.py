"""Translation: source strings are Simplified Chinese; English comes from Qt.

All UI text goes through ``tr``. ``assets/i18n/onewindow_en.ts`` holds the
English; it is compiled with pyside6-lrelease into the user cache when it is
newer than the compiled file (the .qm is build output and is not committed).
``scripts/update_translations.py`` adds new strings to the .ts file.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QTranslator

from core.i18n import N_

CONTEXT = "OneWindow"
TS_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"
log = logging.getLogger(__name__)
__all__ = ["N_", "install_translator", "tr"]


def tr(text: str) -> str:
    """Translate a Chinese source string for the current language."""
    return QCoreApplication.translate(CONTEXT, text)


def _lrelease() -> str | None:
    exe = Path(sys.executable).with_name("pyside6-lrelease")
    return str(exe) if exe.exists() else shutil.which("pyside6-lrelease")


def compiled_qm(lang: str) -> Path | None:
    """The .qm for ``lang``, compiled from its .ts when needed."""
    ts = TS_DIR / f"onewindow_{lang}.ts"
    if not ts.exists():
        return None
    qm = Path(platformdirs.user_cache_dir("onewindow")) / f"onewindow_{lang}.qm"
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    tool = _lrelease()
    if tool is None:
        log.warning("pyside6-lrelease not found; UI stays in Chinese")
        return None
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


_installed: list[QTranslator] = []


def install_translator(lang: str) -> bool:
    """Switch the application to ``lang`` (zh_CN needs no translator)."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang == "zh_CN":
        return True
    qm = compiled_qm(lang)
    translator = QTranslator(app)
    if qm is None or not translator.load(str(qm)):
        log.warning("no translation for %s; UI stays in Chinese", lang)
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
