"""The look: large touch targets, high contrast, a CJK font."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

BLUE = "#1f5fae"
GREEN = "#2e7d32"
AMBER = "#b26a00"
RED = "#c62828"
HEALTH_COLOURS = {"ok": GREEN, "degraded": AMBER, "absent": RED}

STYLE = f"""
QWidget {{ font-size: 18px; color: #1a1a1a; }}
QMainWindow, QStackedWidget > QWidget {{ background: #f4f6fa; }}
QPushButton {{
  background: white; border: 2px solid {BLUE}; border-radius: 10px;
  padding: 10px 18px; color: {BLUE}; min-height: 36px;
}}
QPushButton:disabled {{ border-color: #b0b8c4; color: #9aa3ae; }}
QPushButton[primary="true"] {{ background: {BLUE}; color: white; font-weight: bold; }}
QPushButton[primary="true"]:disabled {{ background: #b0b8c4; }}
QPushButton[big="true"] {{ font-size: 26px; min-height: 90px; padding: 16px 28px; }}
QPushButton[tile="true"] {{ font-size: 20px; min-height: 76px; padding: 6px 12px; }}
QPushButton[choice="true"] {{ font-size: 20px; min-height: 44px; text-align: left; }}
QPushButton[choice="true"]:checked {{ background: {BLUE}; color: white; font-weight: bold; }}
QPushButton[chip="true"] {{ font-size: 20px; min-height: 44px; padding: 8px 16px; }}
QPushButton[chip="true"]:checked {{ background: {BLUE}; color: white; }}
QPushButton[home_tile="true"] {{ font-size: 30px; font-weight: bold; min-height: 150px; }}
QLabel[role="title"] {{ font-size: 34px; font-weight: bold; color: {BLUE}; }}
QLabel[role="subtitle"] {{ font-size: 22px; color: #37474f; }}
QLabel[centred="true"] {{ qproperty-alignment: AlignCenter; }}
QLabel[role="error"] {{ color: {RED}; font-size: 18px; }}
QLabel[role="hint"] {{ color: #546e7a; font-size: 16px; }}
QLabel[role="banner"] {{
  background: {AMBER}; color: white; padding: 6px 12px; font-weight: bold;
}}
QLineEdit, QComboBox {{ font-size: 20px; padding: 6px; border: 1px solid #90a4ae;
  border-radius: 6px; background: white; min-height: 34px; }}
QLineEdit[invalid="true"] {{ border: 2px solid {RED}; }}
QLineEdit[kb_target="true"] {{ border: 3px solid {BLUE}; background: #eef4fc; }}
QListWidget {{ font-size: 20px; background: white; }}
QListWidget::item {{ padding: 10px; }}
QListWidget::item:selected {{ background: {BLUE}; color: white; }}
QTabBar::tab {{ font-size: 20px; padding: 10px 20px; }}
QStatusBar {{ background: #e3e8ef; }}
"""


def apply_theme(app: QApplication) -> None:
    families = QFontDatabase.families()
    for name in ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei"):
        if name in families:
            app.setFont(QFont(name, 12))
            break
    app.setStyleSheet(STYLE)
