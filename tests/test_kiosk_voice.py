"""Voice guidance at the kiosk, driven through the real widgets offscreen.

The virtual voice device records every utterance with its time: a whole
kiosk flow (home → card → items → guide → form → scan → confirm → done)
must speak each page's instruction once, in order, and the focused form
field's label; the header's 重听, volume and on/off controls do what they say
and are big enough to touch.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from kiosk.spoken import INSTRUCTIONS
from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, click, scan_required
from tests.keyboard_helpers import tap, tap_keys

DEAD_BACKOFFICE = "http://127.0.0.1:9"  # the kiosk works offline: no back office needed


def _kiosk(qtbot, tmp_path, **extra):
    cfg = app_config(tmp_path, "kiosk", DEAD_BACKOFFICE, **extra)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: win.rt.voice.virtual is not None, timeout=5000)
    return win, bridge


def _said(win) -> list[str]:
    return win.rt.voice.virtual.said()


def _wait_said(qtbot, win, text: str) -> None:
    qtbot.waitUntil(lambda: text in _said(win), timeout=5000)


def test_full_flow_speaks_each_page_and_the_focused_field(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path, **{"kiosk.voice_guidance": True})
    try:
        rt = win.rt
        assert win.voice.enabled
        _wait_said(qtbot, win, INSTRUCTIONS["home"])
        qtbot.waitUntil(lambda: "id_reader" in bridge.last_status, timeout=5000)
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        _wait_said(qtbot, win, INSTRUCTIONS["card"])
        assert _said(win)[-1] == "请将身份证放在读卡区"
        who = identity(name="测试丙")
        rt.devices.virtual_reader.present(who)
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        _wait_said(qtbot, win, INSTRUCTIONS["items"])
        item = rt.catalog.items[0]
        win.choose_item(item.code)
        _wait_said(qtbot, win, INSTRUCTIONS["guide"])
        click(win, "guide_next")
        _wait_said(qtbot, win, INSTRUCTIONS["form"])

        # Focus on a field speaks its label (never its value).
        phone = win.form.editors["phone"]
        # The page may already have put focus there (the keyboard's first field),
        # its label then replaced by the page's instruction: move focus in anew.
        phone.clearFocus()
        qtbot.waitUntil(lambda: not phone.hasFocus(), timeout=2000)
        phone.setFocus()
        qtbot.waitUntil(lambda: phone.hasFocus(), timeout=2000)
        label = win.form.layout_.labelForField(phone).text().rstrip(" *").strip()
        assert label
        _wait_said(qtbot, win, label)
        tap(qtbot, phone)  # the on-screen keyboard types where touched
        tap_keys(qtbot, win.keyboard, "13800138000")
        click(win, "form_next")
        _wait_said(qtbot, win, INSTRUCTIONS["scan"])
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        scan_required(win, item)
        click(win, "scan_next")
        _wait_said(qtbot, win, INSTRUCTIONS["confirm"])
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        _wait_said(qtbot, win, INSTRUCTIONS["done"])

        said = _said(win)
        pages = [t for t in said if t in INSTRUCTIONS.values()]
        order = ["home", "consent", "card", "items", "guide", "form", "scan", "confirm", "done"]
        assert pages == [INSTRUCTIONS[p] for p in order]
        # Nothing personal was spoken.
        for secret in (who.name, who.id_number, who.address, "13800138000"):
            assert not any(secret in t for t in said)
        # Times are in order, one per utterance.
        times = [u.t for u in rt.voice.virtual.utterances]
        assert times == sorted(times)
        # The status bar shows the voice's health.
        qtbot.waitUntil(lambda: "voice" in win.status.labels, timeout=5000)
        assert "正常" in win.status.labels["voice"].text()
    finally:
        bridge.close()


def test_guidance_is_off_by_default_and_the_header_turns_it_on(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path)
    try:
        voice = win.rt.voice.virtual
        assert not win.voice.enabled
        toggle = win.voice_controls.toggle
        assert toggle.isVisible() and not win.voice_controls.replay.isVisible()
        assert voice.said() == []
        toggle.click()  # 语音：关 → 开: says the page shown now
        assert win.voice.enabled and win.voice_controls.replay.isVisible()
        _wait_said(qtbot, win, INSTRUCTIONS["home"])
        n = len(voice.said())
        click(win, "voice_replay")
        qtbot.waitUntil(lambda: len(voice.said()) == n + 1, timeout=5000)
        assert voice.said()[-1] == INSTRUCTIONS["home"]

        start = voice.utterances[-1].volume
        click(win, "voice_quieter")
        qtbot.waitUntil(lambda: voice.utterances[-1].volume == start - 20, timeout=5000)
        assert win.voice_controls.level.text() == f"音量 {start - 20}%"
        click(win, "voice_louder")
        qtbot.waitUntil(lambda: voice.utterances[-1].volume == start, timeout=5000)

        toggle.click()  # off: silence now, no more words
        assert not win.voice.enabled
        qtbot.waitUntil(lambda: voice.stops >= 1, timeout=5000)
        n = len(voice.said())
        qtbot.waitUntil(lambda: "id_reader" in bridge.last_status, timeout=5000)
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        assert win.current_page() == "card"
        win.rt.voice.say("flush")  # the voice thread has run everything before this
        qtbot.waitUntil(lambda: voice.said()[-1:] == ["flush"], timeout=5000)
        assert len(voice.said()) == n + 1
    finally:
        bridge.close()


def test_a_citizens_voice_choice_ends_with_the_session(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path)
    try:
        voice = win.rt.voice.virtual
        click(win, "voice_toggle")
        click(win, "voice_louder")
        assert win.voice.enabled and win.voice.volume == 100
        _wait_said(qtbot, win, INSTRUCTIONS["home"])
        win.reset_session()  # the idle timeout or 回首页: the next citizen starts as configured
        assert not win.voice.enabled and win.voice.volume == 80
        assert win.voice_controls.toggle.text() == "语音：关"
        qtbot.waitUntil(lambda: voice.stops >= 1, timeout=5000)
    finally:
        bridge.close()


def test_header_controls_are_touch_sized(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path, **{"kiosk.voice_guidance": True})
    try:
        win.resize(1920, 1080)
        qtbot.waitUntil(lambda: win.voice_controls.replay.isVisible(), timeout=2000)
        for b in win.voice_controls.findChildren(QPushButton):
            assert b.height() >= 60 and b.width() >= 60, (b.objectName(), b.size())
    finally:
        bridge.close()


def test_no_voice_configured_hides_the_controls(qtbot, tmp_path):
    cfg = app_config(
        tmp_path,
        "kiosk",
        DEAD_BACKOFFICE,
        **{"devices.voice.backend": "none", "kiosk.voice_guidance": True},
    )
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        assert not win.voice.enabled
        assert not win.voice_controls.isVisible()
        # No voice is no device: nothing on the status bar (like the counter).
        qtbot.waitUntil(lambda: "printer" in bridge.last_status, timeout=5000)
        assert "voice" not in win.status.labels and "voice" not in bridge.last_status
    finally:
        bridge.close()


def test_language_switch_rewords_the_controls_and_the_speech(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path, **{"kiosk.voice_guidance": True})
    try:
        _wait_said(qtbot, win, INSTRUCTIONS["home"])
        assert win.switch_language("en")
        assert win.voice_controls.replay.text() == "Repeat"
        assert win.voice_controls.toggle.text() == "Voice: on"
        qtbot.waitUntil(lambda: _said(win)[-1].startswith("Welcome"), timeout=5000)
        assert win.voice.enabled and win.voice_controls.isVisible()
    finally:
        win.switch_language("zh_CN")
        bridge.close()
