"""The look: large touch targets, high contrast, a CJK font.

One style sheet, generated from a text scale and a ``Palette``:
``style_sheet()`` is the everyday look (``STYLE``), ``style_sheet(1.5,
ELDER)`` is the kiosk's 长辈模式 (widgets.elder): every font size times the
scale, black on white and white on deep blue, thick focus borders. Minimum
heights stay (the bigger words make what holds them taller), and so do the
device status bar's words, which are for staff. A widget that carries a
sheet of its own (a widget's own sheet wins over any inherited one) is
brought along by ``restyle``, which scales that sheet's font sizes and maps
the everyday palette's colours to the other palette's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

BLUE = "#1f5fae"
GREEN = "#2e7d32"
AMBER = "#b26a00"
RED = "#c62828"
HEALTH_COLOURS = {"ok": GREEN, "degraded": AMBER, "absent": RED}


@dataclass(frozen=True)
class Palette:
    """The colours of one look; the style sheet names only these. Any thread."""

    text: str  # body text
    window: str  # the pages' background
    surface: str  # buttons, fields, lists
    accent: str  # titles, button borders and words; the filled primary button
    on_accent: str  # words on the accent
    subtitle: str
    hint: str
    disabled: str  # words and borders of what cannot be touched now
    disabled_fill: str  # a disabled primary button
    on_disabled_fill: str
    error: str
    warning: str  # the banner (idle warning, offline)
    on_warning: str
    warning_text: str  # amber words on a page (可容缺后补, 未提交)
    field_border: str
    target_fill: str  # the field the on-screen keyboard types into
    status_fill: str
    success: str = GREEN
    focus: str = ""  # the focus border's colour; "" draws none of its own
    focus_px: int = 0


NORMAL = Palette(
    text="#1a1a1a",
    window="#f4f6fa",
    surface="white",
    accent=BLUE,
    on_accent="white",
    subtitle="#37474f",
    hint="#546e7a",
    disabled="#9aa3ae",
    disabled_fill="#b0b8c4",
    on_disabled_fill="white",
    error=RED,
    warning=AMBER,
    on_warning="white",
    warning_text=AMBER,
    field_border="#90a4ae",
    target_fill="#eef4fc",
    status_fill="#e3e8ef",
)

# 长辈模式: every text colour at least 7:1 against what it is drawn on (WCAG AAA;
# tests/test_kiosk_elder.py computes each pair).
ELDER = Palette(
    text="#000000",
    window="#ffffff",
    surface="#ffffff",
    accent="#0b3a82",
    on_accent="#ffffff",
    subtitle="#000000",
    hint="#1a1a1a",
    disabled="#4d4d4d",
    disabled_fill="#d9d9d9",
    on_disabled_fill="#000000",
    error="#8b0000",
    warning="#ffd600",
    on_warning="#000000",
    warning_text="#6d3a00",
    field_border="#000000",
    target_fill="#fff8c4",
    status_fill="#ffffff",
    success="#1b5e20",
    focus="#000000",
    focus_px=5,
)

ELDER_SCALE = 1.5


def style_sheet(scale: float = 1.0, p: Palette = NORMAL) -> str:
    """The application's style sheet at ``scale`` × the everyday text, in ``p``'s colours."""

    def px(n: int) -> str:
        return f"{round(n * scale)}px"

    sheet = f"""
QWidget {{ font-size: {px(18)}; color: {p.text}; }}
QMainWindow, QStackedWidget > QWidget {{ background: {p.window}; }}
QPushButton {{
  background: {p.surface}; border: 2px solid {p.accent}; border-radius: 10px;
  padding: 10px 18px; color: {p.accent}; min-height: 36px;
}}
QPushButton:disabled {{ border-color: {p.disabled_fill}; color: {p.disabled}; }}
QPushButton[primary="true"] {{ background: {p.accent}; color: {p.on_accent}; font-weight: bold; }}
QPushButton[primary="true"]:disabled {{ background: {p.disabled_fill}; }}
QPushButton[big="true"] {{ font-size: {px(26)}; min-height: 90px; padding: 16px 28px; }}
QPushButton[tile="true"] {{ font-size: {px(20)}; min-height: 76px; padding: 6px 12px; }}
QPushButton[choice="true"] {{ font-size: {px(20)}; min-height: 44px; text-align: left; }}
QPushButton[choice="true"]:checked {{
  background: {p.accent}; color: {p.on_accent}; font-weight: bold; }}
QPushButton[chip="true"] {{ font-size: {px(20)}; min-height: 44px; padding: 8px 16px; }}
QPushButton[chip="true"]:checked {{ background: {p.accent}; color: {p.on_accent}; }}
QPushButton[home_tile="true"] {{ font-size: {px(30)}; font-weight: bold; min-height: 150px; }}
QPushButton[service_tile="true"] {{
  font-size: {px(20)}; font-weight: bold; min-height: 68px; padding: 4px 16px; }}
QLabel[role="title"] {{ font-size: {px(34)}; font-weight: bold; color: {p.accent}; }}
QLabel[role="subtitle"] {{ font-size: {px(22)}; color: {p.subtitle}; }}
QLabel[centred="true"] {{ qproperty-alignment: AlignCenter; }}
QLabel[role="error"] {{ color: {p.error}; font-size: {px(18)}; }}
QLabel[role="hint"] {{ color: {p.hint}; font-size: {px(16)}; }}
QLabel[role="banner"] {{
  background: {p.warning}; color: {p.on_warning}; padding: 6px 12px; font-weight: bold;
}}
QLabel[role="banner"][in_header="true"] {{ padding: 2px 10px; font-size: {px(16)}; }}
QLineEdit, QComboBox {{ font-size: {px(20)}; padding: 6px; border: 1px solid {p.field_border};
  border-radius: 6px; background: {p.surface}; min-height: 34px; }}
QLineEdit[invalid="true"] {{ border: 2px solid {p.error}; }}
QLineEdit[kb_target="true"] {{ border: 3px solid {p.accent}; background: {p.target_fill}; }}
QListWidget {{ font-size: {px(20)}; background: {p.surface}; }}
QListWidget::item {{ padding: 10px; }}
QListWidget::item:selected {{ background: {p.accent}; color: {p.on_accent}; }}
QTabBar::tab {{ font-size: {px(20)}; padding: 10px 20px; }}
QStatusBar {{ background: {p.status_fill}; }}
"""
    if scale != 1:
        # Bigger words already make the big buttons tall: less box around them.
        sheet += """DeviceStatusBar QLabel[role="hint"] { font-size: 16px; }
QPushButton[big="true"] { min-height: 60px; padding: 8px 24px; }
"""
    if p.focus_px:
        sheet += f"""QPushButton:focus, QLineEdit:focus, QTextEdit:focus, QListWidget:focus {{
  border: {p.focus_px}px solid {p.focus};
}}
QPushButton[primary="true"]:disabled {{ color: {p.on_disabled_fill}; }}
QPushButton:disabled {{ border-style: dashed; }}
QScrollArea > QWidget#qt_scrollarea_viewport > QWidget {{ background: {p.surface}; }}
"""
    return sheet


STYLE = style_sheet()

_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+)px")
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
ICON_PX = 60  # larger font sizes are pictures (the card page's icon): they keep their size


def restyle(sheet: str, scale: float, p: Palette) -> str:
    """A widget's own sheet in another look: font sizes × ``scale``, NORMAL's colours as ``p``'s.

    Colours that are not the everyday palette's (a level's green on the rating
    panel) stay as they are.
    """
    colours = {
        getattr(NORMAL, f.name).lower(): getattr(p, f.name)
        for f in fields(Palette)
        # the banner's fill is the app sheet's alone: amber elsewhere is words or borders
        if f.name != "warning" and str(getattr(NORMAL, f.name)).startswith("#")
    }

    def font(m: re.Match[str]) -> str:
        n = int(m.group(2))
        return f"{m.group(1)}{n if n > ICON_PX else round(n * scale)}px"

    out = _FONT_SIZE.sub(font, sheet)
    return _HEX.sub(lambda m: colours.get(m.group(0).lower(), m.group(0)), out)


def apply_theme(app: QApplication) -> None:
    families = QFontDatabase.families()
    for name in ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei"):
        if name in families:
            app.setFont(QFont(name, 12))
            break
    app.setStyleSheet(STYLE)
