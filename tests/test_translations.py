"""Every UI string has an English translation, and switching language works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from widgets.i18n import install_translator, tr

ROOT = Path(__file__).resolve().parent.parent


def test_every_string_is_translated():
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_english_translator_translates_and_chinese_is_default(qapp):
    assert tr("回首页") == "回首页"
    assert install_translator("en")
    try:
        assert tr("回首页") == "Home"
        assert tr("民生") != "民生"
    finally:
        install_translator("zh_CN")
    assert tr("回首页") == "回首页"
