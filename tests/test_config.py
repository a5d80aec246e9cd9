import pytest

from core.config import Role, load_config
from core.errors import ConfigError


def test_defaults_need_no_file():
    cfg = load_config(None)
    assert cfg.role is Role.KIOSK
    assert cfg.devices.printer.uri == "virtual"


def test_file_values_and_overrides(tmp_path):
    p = tmp_path / "device.toml"
    p.write_text(
        'role = "counter"\nhall_code = "WH02"\n[devices.printer]\nuri = "tcp://10.0.0.5:9100"\n',
        encoding="utf-8",
    )
    cfg = load_config(p, {"device_code": "C07"})
    assert (cfg.role, cfg.hall_code, cfg.device_code) == (Role.COUNTER, "WH02", "C07")
    assert cfg.devices.printer.uri == "tcp://10.0.0.5:9100"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('role = "robot"', "role"),
        ("[devices.printer]\npaper_mm = 76", "devices.printer.paper_mm"),
        ('[devices.printer]\nuri = "LPT1:"', "devices.printer.uri"),
        ('[backoffice]\nurl = "ftp://x"', "backoffice.url"),
        ("idle_timeout_s = 2", "idle_timeout_s"),
        ("colour = 1", "colour"),
    ],
)
def test_bad_values_name_the_key_and_the_fix(tmp_path, text, key):
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert e.value.key == key
    assert key in str(e.value)
    assert e.value.hint


def test_broken_toml_and_missing_file(tmp_path):
    p = tmp_path / "broken.toml"
    p.write_text("role = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        load_config(p)
    with pytest.raises(ConfigError, match="找不到"):
        load_config(tmp_path / "nope.toml")


def test_an_unregistered_backend_names_the_key_and_what_is_registered():
    from drivers import registry

    cfg = load_config(None, {"devices.printer.uri": "lpt1", "devices.camera.backend": "opencv"})
    with pytest.raises(ConfigError) as e:
        registry.check(cfg.devices)
    assert e.value.key == "devices.printer.uri"
    assert "lpt1" in e.value.message and "tcp" in e.value.hint and "virtual" in e.value.hint
    registry.check(load_config(None, {"devices.id_reader.backend": "pcsc"}).devices)


def test_the_registry_imports_only_the_backend_config_names():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from core.config import load_config\n"
        "from drivers import registry\n"
        "from drivers.registry import BackendContext\n"
        "import tempfile, pathlib\n"
        "cfg = load_config(None, {'devices.camera.backend': 'none',"
        " 'devices.printer.uri': 'none'})\n"
        "ctx = BackendContext(pathlib.Path(tempfile.mkdtemp()))\n"
        "r = registry.create('id_reader', cfg.devices, ctx)\n"
        "print(type(r).__name__, 'smartcard' in sys.modules, 'cv2' in sys.modules,"
        " 'escpos' in sys.modules, 'drivers.idcard.ga467_serial' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["VirtualIdReader", "False", "False", "False", "False"]


@pytest.mark.parametrize("kind", ["dir", "not_utf8", "unreadable"])
def test_a_bad_config_file_gets_words_not_a_traceback(tmp_path, kind):
    import os

    path = tmp_path / "device.toml"
    if kind == "dir":
        path.mkdir()
        code = "config.file_is_dir"
    elif kind == "not_utf8":
        path.write_bytes('hall_name = "禅城"\n'.encode("gb18030"))
        code = "config.file_not_utf8"
    else:
        path.write_text('role = "kiosk"\n', encoding="utf-8")
        path.chmod(0)
        code = "config.file_unreadable"
        if os.geteuid() == 0:
            # root reads any file: a path through a file stands in for an unreadable one
            path = path / "device.toml"
            code = "config.file_unreadable"
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert e.value.code == code and e.value.key == "--config"
    assert str(path) in e.value.message and e.value.hint
