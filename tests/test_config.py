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
        ('[devices.printer]\nuri = "lpt1"', "devices.printer.uri"),
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
