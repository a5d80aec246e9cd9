"""The `onewindow` command as a user runs it: a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMANDS = ["kiosk", "counter", "backoffice", "demo", "doctor", "tour"]


def run(*args, env=None, timeout=60):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "onewindow", *args],
        capture_output=True,
        text=True,
        env=e,
        timeout=timeout,
    )


def test_top_level_help_lists_every_command():
    r = run("--help")
    assert r.returncode == 0
    for c in COMMANDS:
        assert c in r.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_saying_what_it_does(command):
    r = run(command, "--help")
    assert r.returncode == 0
    assert len(r.stdout.split("\n")) > 3
    assert "usage: onewindow " + command in r.stdout


def test_demo_without_a_display_explains_and_does_not_crash():
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    r = run("demo", env=env)
    assert r.returncode == 0
    assert "xvfb-run" in r.stdout and "tour" in r.stdout


def test_bad_config_names_the_key(tmp_path):
    cfg = tmp_path / "device.toml"
    cfg.write_text('[devices.printer]\nuri = "lpt1"\n', encoding="utf-8")
    r = run("--config", str(cfg), "doctor")
    assert r.returncode == 2
    assert "devices.printer.uri" in r.stderr
    assert "Traceback" not in r.stderr


def test_doctor_reports_unreachable_backoffice_and_virtual_devices(tmp_path):
    cfg = tmp_path / "device.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path / "data"}"\n[backoffice]\nurl = "http://127.0.0.1:9"\n'
        '[devices.printer]\nuri = "none"\n',
        encoding="utf-8",
    )
    r = run("--config", str(cfg), "doctor")
    assert r.returncode == 1
    assert "unreachable" in r.stdout
    assert "id_reader: ok" in r.stdout
    assert "printer: absent" in r.stdout
    assert "voice: ok virtual" in r.stdout


def test_bad_voice_config_names_the_key_and_the_fix(tmp_path):
    cfg = tmp_path / "device.toml"
    cfg.write_text("[devices.voice]\nvolume = 150\n", encoding="utf-8")
    r = run("--config", str(cfg), "doctor")
    assert r.returncode == 2
    assert "devices.voice.volume" in r.stderr and "0 到 100" in r.stderr
    assert "Traceback" not in r.stderr
