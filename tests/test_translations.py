"""Every UI string has an English translation, and switching language works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from widgets.i18n import install_translator, sentences, tr

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


def test_composed_device_status_reads_in_english(qapp):
    """A status made of a fixed text and a cause translates piece by piece."""
    from drivers.base import DeviceStatus, Health
    from drivers.device_status import CAMERA, LOST, READY
    from widgets.status_bar import DeviceStatusBar

    bar = DeviceStatusBar()
    lost = DeviceStatus(
        CAMERA, Health.ABSENT, "高拍仪已断开：回首页", "opencv", (LOST[CAMERA], "回首页")
    )
    assert install_translator("en")
    try:
        bar.update_device(lost)
        text = bar.labels[CAMERA].text()
        assert "Document camera disconnected" in text and "Home" in text
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text)
        bar.update_device(
            DeviceStatus(CAMERA, Health.OK, READY[CAMERA], "opencv", (READY[CAMERA],))
        )
        assert "高拍仪" not in bar.labels[CAMERA].toolTip()
    finally:
        install_translator("zh_CN")
    bar.update_device(lost)
    assert "高拍仪已断开：回首页" in bar.labels[CAMERA].text()


def test_sentences_get_a_space_in_english_and_none_in_chinese(qapp):
    try:
        install_translator("en")
        done = tr("已当场受理，受理编号 %s。").replace("%s", "FS01-C01-20261204-0003")
        joined = sentences(done, tr("本事项为即办件，已当场办结，结果印在回执上。"))
        assert "0003. This is" in joined, joined
        # a part that brings its own space keeps just that one
        assert sentences("Ticket A001.", " (issued offline)") == "Ticket A001. (issued offline)"
    finally:
        install_translator("zh_CN")
    zh = sentences(tr("已当场受理，受理编号 %s。"), tr("本事项为即办件，已当场办结。"))
    assert "。本事项" in zh, zh
    assert sentences("", "甲。") == "甲。"


def test_a_refused_commitment_reads_in_one_language(qapp):
    from core.commitment import Eligibility
    from widgets.commitment_panel import refusal_text

    refused = Eligibility(allowed=False, reason="dishonest")
    try:
        install_translator("en")
        words = refusal_text(refused)
        assert "proof" in words and "。" not in words, words
    finally:
        install_translator("zh_CN")
    assert "告知承诺" in refusal_text(refused)
