"""长辈模式 (elder mode) at the kiosk, through the real widgets offscreen.

The mode comes from the home tile or the header's switch: text half as big
again and at least 7:1 contrast (one sheet from a scale and a palette), one
tile per row on the items page, one scenario question at a time, a longer
idle timeout, voice guidance on (in English when the kiosk is in English).
It belongs to the session: 回首页, the idle timeout and the next citizen
start in the everyday mode. Every page fits 1280×800, 1920×1080 and
1080×1920 in the mode, in Chinese and in English (but those whose owners
still have to make room: ``NOT_YET``).
"""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from core.config import load_config
from core.errors import ConfigError
from kiosk.spoken import INSTRUCTIONS
from onewindow.gui import make_window
from onewindow.tour import fill_form
from tests.factories import identity
from tests.gui_helpers import app_config, click, scan_required
from widgets.i18n import tr
from widgets.theme import ELDER, NORMAL, STYLE, apply_theme, restyle, style_sheet

NOWHERE = "http://127.0.0.1:9"  # guides and elder mode need no back office
DISABILITY = "440604-MS-0010"  # guardian → (yes) guardian_kind: a conditional question
TEXT_ITEM = "440604-SW-0005"  # text and address fields: the keyboard shows its letters
SIZE = (1280, 800)


def _luminance(colour: str) -> float:
    colour = {"white": "#ffffff", "black": "#000000"}.get(colour, colour)
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _sizes(sheet: str) -> list[int]:
    return [int(n) for n in re.findall(r"font-size:\s*(\d+)px", sheet)]


def test_the_elder_sheet_is_the_same_sheet_half_as_big_again_at_7_to_1():
    elder = style_sheet(1.5, ELDER)
    assert style_sheet() == STYLE
    normal_sizes = _sizes(STYLE)
    # The same rules in the same order: each size 1.5 × its everyday one.
    assert [round(n * 1.5) for n in normal_sizes] == _sizes(elder)[: len(normal_sizes)]
    p = ELDER
    pairs = {
        "text": (p.text, p.window),
        "text on a button": (p.text, p.surface),
        "accent on a button": (p.accent, p.surface),
        "title": (p.accent, p.window),
        "on accent": (p.on_accent, p.accent),
        "subtitle": (p.subtitle, p.window),
        "hint": (p.hint, p.window),
        "disabled": (p.disabled, p.surface),
        "disabled primary": (p.on_disabled_fill, p.disabled_fill),
        "error": (p.error, p.window),
        "banner": (p.on_warning, p.warning),
        "field the keys type into": (p.text, p.target_fill),
        "success": (p.success, p.window),
    }
    low = {k: round(contrast(*v), 1) for k, v in pairs.items() if contrast(*v) < 7}
    assert not low, low
    assert p.focus_px >= 4 and f"{p.focus_px}px solid" in elder  # thick focus borders
    # A widget's own sheet follows: sizes scaled, the everyday colours mapped.
    own = f"font-size: 20px; color: {NORMAL.accent}; background: #ffd54f; font-size: 120px"
    assert restyle(own, 1.5, ELDER) == (
        f"font-size: 30px; color: {ELDER.accent}; background: #ffd54f; font-size: 120px"
    )


def test_elder_idle_timeout_defaults_to_three_times_and_names_its_key(tmp_path):
    assert load_config(None).elder_idle_timeout_s == 270
    assert load_config(None, {"idle_timeout_s": 600}).elder_idle_timeout_s == 1800
    assert load_config(None, {"kiosk.elder_idle_timeout_s": 400}).elder_idle_timeout_s == 400
    for bad in ({"kiosk.elder_idle_timeout_s": 5}, {"kiosk.elder_idle_timeout_s": 60}):
        with pytest.raises(ConfigError) as e:
            load_config(None, bad)
        assert e.value.key == "kiosk.elder_idle_timeout_s"
        assert "kiosk.elder_idle_timeout_s" in str(e.value) and e.value.hint


@pytest.fixture
def themed(qapp):
    apply_theme(qapp)  # the everyday look under the elder one, as in the app
    yield
    qapp.setStyleSheet("")


def _kiosk(qtbot, tmp_path, url=NOWHERE, **extra):
    win, bridge = make_window(app_config(tmp_path, "kiosk", url, **extra))
    qtbot.addWidget(win)
    win.resize(*SIZE)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
    qtbot.waitUntil(lambda: win.rt.voice.virtual is not None, timeout=5000)
    return win, bridge


def _px(w) -> int:
    return w.font().pixelSize()


def _title(win, page: str) -> QLabel:
    return next(
        lab for lab in win.pages[page].findChildren(QLabel) if lab.property("role") == "title"
    )


def test_the_tile_turns_elder_mode_on_for_one_session_only(qtbot, tmp_path, themed):
    win, bridge = _kiosk(qtbot, tmp_path)
    try:
        cfg, virtual = win.rt.config, win.rt.voice.virtual
        normal_title, normal_button = _px(_title(win, "home")), _px(win.start_btn)
        assert not win.elder.on and not win.voice.enabled
        assert win.idle.timeout_s == cfg.idle_timeout_s
        for b in (win.pages["home"].elder_btn, win.elder_switch.toggle):  # a finger's size
            assert min(b.width(), b.height()) >= 60, (b.objectName(), b.size())
        click(win, "elder")
        assert win.elder.on and win.elder_switch.toggle.isChecked()
        assert _px(_title(win, "home")) >= 1.5 * normal_title
        assert _px(win.start_btn) >= 1.5 * normal_button
        assert win.idle.timeout_s == cfg.elder_idle_timeout_s == 3 * cfg.idle_timeout_s
        assert win.voice.enabled  # voice guidance comes with the mode
        qtbot.waitUntil(lambda: INSTRUCTIONS["home"] in virtual.said(), timeout=5000)
        assert win.findChild(QPushButton, "elder").text() == tr("退出长辈模式")

        # Fewer choices: one tile per row; the keyboard's keys and the guide text grow too.
        click(win, "guides")
        items = win.pages["items"]
        shown = [b for b in items.item_buttons.values() if b.isVisible()]
        assert len(shown) > 1 and len({b.x() for b in shown}) == 1
        assert items.grid.columnCount() == 1 or not items.grid.itemAtPosition(0, 1)
        win.choose_item(DISABILITY)
        guide = win.pages["guide"]
        assert _px(guide.guide_text) >= 30  # its own sheet said 20px
        rest = guide.rest_text.text()  # rich text's own sizes and colours follow
        assert "font-size:36px" in rest and ELDER.accent in rest and NORMAL.accent not in rest
        assert _px(win.keyboard.letter_keys["a"]) >= 36  # 24 px keys, half as big again

        # 回首页 ends the session: the next citizen starts in the everyday mode.
        click(win, "home")
        assert not win.elder.on and not win.voice.enabled
        assert win.idle.timeout_s == cfg.idle_timeout_s
        assert _px(_title(win, "home")) == normal_title and win.styleSheet() == ""
        assert _px(guide.guide_text) == 20
        rest = guide.rest_text.text()  # the guide's own words back as they were
        assert NORMAL.accent in rest and "font-size:24px" in rest and ELDER.accent not in rest
        # No copy of a page's words is kept once the mode is off.
        kept = [w for w in win.findChildren(QLabel) if w.property("elder_text_base") is not None]
        assert not kept
        assert not win.elder_switch.toggle.isChecked()

        # The header's switch does the same, and the idle timeout ends it too.
        win.elder_switch.toggle.click()
        assert win.elder.on
        click(win, "guides")
        win.idle.left = 1
        win.idle._tick()  # the last second of the (longer) timeout
        assert win.current_page() == "home" and not win.elder.on
        assert win.idle.timeout_s == cfg.idle_timeout_s
        assert win.header.text().endswith(cfg.hall_name)
    finally:
        bridge.close()


def test_buttons_keep_room_for_their_words_after_elder_mode(qtbot, tmp_path, themed):
    """长辈模式 on and off polishes every button again: the rating labels, which
    keep_text_room sized for their words, were cut in English after it."""
    from widgets.i18n import install_translator

    assert install_translator("en")
    try:
        win, bridge = _kiosk(qtbot, tmp_path, language="en")
        try:
            levels = list(win.evaluation.level_buttons.values())
            done, home = win.pages["done"], win.pages["home"]

            def widths() -> list[int]:
                win.stack.setCurrentWidget(done)  # shown, as after a submit
                QApplication.processEvents()
                got = [b.minimumWidth() for b in levels]
                win.stack.setCurrentWidget(home)
                return got

            before = widths()
            assert all(w >= b.sizeHint().width() for w, b in zip(before, levels, strict=True))
            click(win, "elder")
            assert all(w >= b.sizeHint().width() for w, b in zip(widths(), levels, strict=True))
            click(win, "elder")
            assert widths() == before
        finally:
            bridge.close()
    finally:
        install_translator("zh_CN")


def test_scenario_questions_come_one_at_a_time(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path)
    try:
        click(win, "elder")
        click(win, "guides")
        win.choose_item(DISABILITY)
        sc = win.scenario

        def on_screen() -> list[str]:
            return [k for k, box in sc.boxes.items() if box.isVisible()]

        assert on_screen() == ["guardian"] and not sc.steps.isVisible()
        click(win, "scenario_guardian_1")  # yes: the conditional question comes next
        assert on_screen() == ["guardian_kind"] and sc.is_shown("guardian_kind")
        assert sc.step_label.text() == "第 2 题，共 2 题" and not sc.next_btn.isEnabled()
        for b in (sc.prev_btn, sc.next_btn, win.findChild(QPushButton, "scenario_guardian_kind_0")):
            assert min(b.width(), b.height()) >= 60, (b.objectName(), b.size())
        assert sc.answers() is None
        click(win, "scenario_guardian_kind_0")
        assert sc.answers() == {"guardian": 1, "guardian_kind": 0}
        # The materials' words, rewritten by the answer, in the elder colours at once.
        materials = win.pages["guide"].materials_text.text()
        assert NORMAL.hint in materials.replace(ELDER.hint, NORMAL.hint)
        assert NORMAL.hint not in materials and "监护人居民身份证" in materials
        click(win, "scenario_prev")
        assert on_screen() == ["guardian"] and sc.next_btn.isEnabled()
        click(win, "scenario_next")
        assert on_screen() == ["guardian_kind"]
        click(win, "scenario_prev")
        click(win, "scenario_guardian_0")  # no guardian: its question and answer go
        assert sc.answers() == {"guardian": 0} and on_screen() == ["guardian"]
        assert not sc.steps.isVisible()
        win.elder.set_on(False)  # all at once again, answers kept
        assert on_screen() == ["guardian"] and sc.answers() == {"guardian": 0}
        click(win, "scenario_guardian_1")
        assert on_screen() == ["guardian", "guardian_kind"]
    finally:
        bridge.close()


def test_the_english_kiosk_speaks_english(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path)
    try:
        virtual = win.rt.voice.virtual
        click(win, "elder")
        qtbot.waitUntil(lambda: INSTRUCTIONS["home"] in virtual.said(), timeout=5000)
        assert virtual.utterances[-1].language == "zh"
        assert win.switch_language("en")
        assert not win.elder.on  # a new session
        click(win, "elder")
        english = tr(INSTRUCTIONS["home"])
        assert english != INSTRUCTIONS["home"]
        qtbot.waitUntil(lambda: english in virtual.said(), timeout=5000)
        assert virtual.utterances[-1].language == "en"
    finally:
        win.switch_language("zh_CN")
        bridge.close()


SCREENS = ((1280, 800), (1920, 1080), (1080, 1920))
# Pages still too big in 长辈模式 (a page's body scrolls there, widgets.page_body,
# so only a width or the nav row can be too big). Any other page that does not
# fit fails the test; a page that fits now leaves its set.
NOT_YET = {
    (1280, 800): set(),
    (1920, 1080): set(),
    # English on a portrait panel, words half as big again: the guide's row of
    # four buttons and the items page's search row are wider than 1080 px.
    (1080, 1920): {"guide", "items"},
}


def _need(win, page) -> tuple[int, int]:
    """The window size the page needs: the window's minimum with this page in the stack,
    and the header's switches with their words whole (their minimum is 60 px)."""
    QApplication.processEvents()
    rest = win.minimumSizeHint().height() - win.stack.minimumSizeHint().height()
    page_min = page.minimumSizeHint().expandedTo(page.minimumSize())
    row = win.header_row
    header = row.contentsMargins().left() + row.contentsMargins().right()
    shown = [row.itemAt(i) for i in range(row.count())]
    shown = [it for it in shown if it.widget() is None or it.widget().isVisible()]
    for it in shown:  # the title (or the offline words) may wrap; the switches may not
        w = it.widget()
        wraps = w is win.header or w is win.status.banner
        header += (w.minimumSizeHint() if wraps else it.sizeHint()).width()
    header += row.spacing() * max(0, len(shown) - 1)
    width = max(page_min.width(), header)
    return width, rest + page_min.height()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_page_fits_the_three_screens_in_elder_mode(qtbot, tmp_path, themed, backoffice, lang):
    """Each page's needs are measured once, on the 1280 × 800 panel; the minimum
    sizes do not depend on the screen, so they are held against all three."""
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url)
    try:
        qtbot.waitUntil(lambda: win.status.banner.isHidden(), timeout=10000)
        if lang != "zh_CN":
            assert win.switch_language(lang)
        need: dict[str, tuple[int, int]] = {}

        def measure(name: str) -> None:
            page = win.pages[win.current_page()]
            need[name] = max(need.get(name, (0, 0)), _need(win, page))

        click(win, "elder")
        measure("home")
        click(win, "guides")
        for mode in ("window", "event", "tag"):
            click(win, f"browse_{mode}")
            measure("items")
        win.choose_item(DISABILITY)
        measure("guide")
        click(win, "scenario_guardian_1")
        measure("guide")
        click(win, "home")
        click(win, "elder")
        click(win, "start")
        measure("consent")
        click(win, "consent_agree")  # the privacy notice comes first
        measure("card")
        win.rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        measure("items")
        item = win.rt.catalog.item(TEXT_ITEM)
        win.choose_item(item.code)
        measure("guide")
        click(win, "guide_next")
        measure("form")
        win.keyboard.set_target(None)  # the Chinese layout: letters and candidates
        for ch in "zhang":
            win.keyboard.letter(ch)
        measure("form")
        win.keyboard.reset()
        fill_form(win.form)
        click(win, "form_next")
        qtbot.waitUntil(lambda: win.current_page() == "scan", timeout=5000)
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        measure("scan")
        scan_required(win, item)
        click(win, "scan_next")
        measure("confirm")
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        measure("done")
        click(win, "eval_level_2")  # the reasons appear
        measure("done")
        for screen in SCREENS:
            too_big = {k: v for k, v in need.items() if v[0] > screen[0] or v[1] > screen[1]}
            assert set(too_big) <= NOT_YET[screen], (screen, too_big)
    finally:
        if lang != "zh_CN":
            win.switch_language("zh_CN")
        bridge.close()


def test_speech_dispatcher_speaks_english_when_asked(tmp_path):
    """The real backend: ``en`` reaches espeak-ng's English voice (eight sevens last
    longer in English than in Mandarin: 3.4 s against 2.6 s from espeak-ng itself)."""
    from drivers.voice.device import VoiceDevice
    from emulators import speechd_service

    if not speechd_service.available():
        pytest.skip("speech-dispatcher with espeak-ng not installed")
    seconds = {}
    for lang in ("en", ""):
        with speechd_service.SpeechDispatcher(tmp_path / f"sd{lang}") as sd:
            cfg = load_config(
                None, {"devices.voice.backend": "speechd", "devices.voice.socket": sd.address}
            )
            dev = VoiceDevice(cfg.devices, data_dir=tmp_path)
            dev.start()
            try:
                dev.say("7 7 7 7 7 7 7 7", lang)
                last, same = -1.0, 0
                while same < 25:  # the WAV stops growing for half a second: speech ended
                    now = sd.audio().seconds
                    same = same + 1 if now == last and now > 0 else 0
                    last = now
                    time.sleep(0.02)
                seconds[lang or "zh"] = last
            finally:
                dev.close()
    assert seconds["en"] > seconds["zh"] + 0.4, seconds
