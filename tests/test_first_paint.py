"""The staged start: the first page paints before the runtime and the full config check.

``onewindow kiosk`` / ``counter`` build the window's shell and first page
from core.first_config, and after the first paint validate the whole config,
build the runtime and the other pages (onewindow.gui.run_first_app). A
config that fails then fills the window with the key and the fix.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from core.errors import ConfigError, StorageError
from core.first_config import FirstConfig
from onewindow import gui
from onewindow.cli import main
from tests.gui_helpers import TEST_CLERK_PASSWORD, add_clerk, app_config


def test_first_window_is_the_home_page_and_complete_adds_the_rest(qtbot, tmp_path):
    cfg = app_config(tmp_path, "kiosk", "http://127.0.0.1:9")
    win = gui.make_first_window(FirstConfig(hall_name=cfg.hall_name))
    qtbot.addWidget(win)
    assert list(win.pages) == ["home"] and not win.start_btn.isEnabled()
    assert cfg.hall_name in win.header.text()
    bridge = gui.complete_window(win, cfg)
    full, full_bridge = gui.make_window(cfg.model_copy(update={"data_dir": str(tmp_path / "b")}))
    qtbot.addWidget(full)
    assert list(win.pages) == list(full.pages)
    assert win.start_btn.isEnabled() and win.current_page() == "home"
    assert win.rt is bridge.runtime and win.pages["card"].rt is bridge.runtime
    bridge.close()
    full_bridge.close()


def test_counter_sign_in_waits_for_the_runtime(qtbot, tmp_path, backoffice):
    cfg = app_config(tmp_path, "counter", backoffice.url)
    add_clerk(backoffice)
    win = gui.make_first_window(FirstConfig(role="counter"))
    qtbot.addWidget(win)
    assert list(win.pages) == ["signin"]
    win.clerk_id.setText("c0012")
    win.clerk_password.setText(TEST_CLERK_PASSWORD)
    win.sign_in()  # the button is off: nothing happens yet
    assert win.current_page() == "signin" and win.clerk == ""
    bridge = gui.complete_window(win, cfg)
    win.sign_in()
    qtbot.waitUntil(lambda: win.current_page() == "card", timeout=10000)
    assert win.clerk == "C0012"
    bridge.close()


def test_config_error_page_names_the_key_and_the_fix(qtbot):
    win = gui.make_first_window(FirstConfig())
    qtbot.addWidget(win)
    win.show_config_error(
        ConfigError("idle_timeout_s", "config.bad_value.idle_timeout_s", detail="x")
    )
    assert win.current_page() == "config_error"
    text = " ".join(lab.text() for lab in win.pages["config_error"].findChildren(QLabel))
    assert "idle_timeout_s" in text and "配置" in text


def test_a_config_bad_past_the_first_keys_is_shown_on_screen(qtbot, tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("idle_timeout_s = 1\n", encoding="utf-8")
    seen: list[str] = []
    first_window = gui.make_first_window

    def watched(config):
        win = first_window(config)

        def check() -> None:
            if "config_error" in win.pages:
                seen.append(win.current_page())
                win.close()
            else:
                QTimer.singleShot(20, check)

        QTimer.singleShot(0, check)
        return win

    monkeypatch.setattr(gui, "make_first_window", watched)
    code = main(["--config", str(bad), "kiosk", "--windowed", "--data", str(tmp_path / "d")])
    QApplication.processEvents()
    assert code == 2 and seen == ["config_error"]
    assert "idle_timeout_s" in capsys.readouterr().err


def test_a_store_that_cannot_open_ends_the_app_with_1(qtbot, tmp_path, monkeypatch, capsys):
    def no_store(win, config):
        raise StorageError("store.busy", what="本机数据", action="打开")

    monkeypatch.setattr(gui, "complete_window", no_store)
    code = main(["kiosk", "--windowed", "--data", str(tmp_path / "d")])
    assert code == 1
    assert "错误 / error" in capsys.readouterr().err
