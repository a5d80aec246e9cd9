"""Translation: source strings are Simplified Chinese; English comes from Qt.

All UI text goes through ``tr``. ``assets/i18n/onewindow_en.ts`` holds the
English; the package build compiles it to ``onewindow_en.qm`` (setup.py),
which ships as package data next to it and is loaded from there. Nothing is
compiled at start. ``scripts/update_translations.py`` adds new strings to the
.ts file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

import assets
from core.i18n import N_

CONTEXT = "OneWindow"
log = logging.getLogger(__name__)
__all__ = ["N_", "current_language", "install_translator", "sentences", "tr"]


def tr(text: str) -> str:
    """Translate a Chinese source string for the current language."""
    return QCoreApplication.translate(CONTEXT, text)


def sentences(*parts: str) -> str:
    """Translated sentences one after another: Chinese ones end in full-width
    punctuation and touch, English ones need a space between them."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and out[-1] in ".!?:;)" and not part[0].isspace():
            out += " "
        out += part
    return out


def compiled_qm(lang: str) -> Path | None:
    """The shipped .qm for ``lang``, or None when the package has none."""
    qm = assets.path(f"i18n/onewindow_{lang}.qm")
    if qm.is_file():
        return qm
    if assets.path(f"i18n/onewindow_{lang}.ts").is_file():
        # A checkout whose editable install predates the .ts (or was never
        # built): the bootstrap compiles it.
        log.warning("%s is not compiled; run `make bootstrap`", qm.name)
    return None


_installed: list[QTranslator] = []
_current = ["zh_CN"]


def current_language() -> str:
    """The language the UI shows now ("zh_CN", or the one install_translator put in)."""
    return _current[0]


def install_translator(lang: str) -> bool:
    """Switch the application to ``lang`` (zh_CN needs no translator)."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    _current[0] = "zh_CN"
    if lang == "zh_CN":
        return True
    qm = compiled_qm(lang)
    translator = QTranslator(app)
    if qm is None or not translator.load(str(qm)):
        log.warning("no translation for %s; UI stays in Chinese", lang)
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    _current[0] = lang
    return True
