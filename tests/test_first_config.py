"""The first page's config keys read fast agree with the validated config."""

from __future__ import annotations

from core.config import Config, load_config
from core.first_config import FirstConfig, peek_config


def test_defaults_are_the_validated_defaults():
    full, first = Config(), FirstConfig()
    assert (first.role, first.hall_name, first.language) == (
        full.role,
        full.hall_name,
        full.language,
    )
    assert peek_config(None) == first


def test_reads_the_keys_of_a_file_and_the_overrides(tmp_path):
    f = tmp_path / "k.toml"
    f.write_text('hall_name = "南海区政务服务中心"\nlanguage = "en"\n', encoding="utf-8")
    first = peek_config(f, {"role": "counter", "data_dir": "x"})
    full = load_config(f, {"role": "counter"})
    assert first == FirstConfig(role="counter", hall_name=full.hall_name, language="en")


def test_a_file_it_cannot_read_fast_is_left_to_full_validation(tmp_path):
    assert peek_config(tmp_path / "missing.toml") is None
    bad = tmp_path / "bad.toml"
    bad.write_text("role = [", encoding="utf-8")
    assert peek_config(bad) is None
    bad.write_text('language = "fr"\n', encoding="utf-8")
    assert peek_config(bad) is None
    bad.write_text("hall_name = 3\n", encoding="utf-8")
    assert peek_config(bad) is None
