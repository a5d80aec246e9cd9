"""Bad files and folders in the config get words with the path and the cause (issue 11 item 14)."""

from __future__ import annotations

import pytest

from core.config import load_config
from core.errors import ConfigError, StorageError
from services.runtime import Runtime


def _config(tmp_path, **extra):
    return load_config(
        None,
        {
            "data_dir": str(tmp_path / "data"),
            "backoffice.url": "http://127.0.0.1:9",
            "devices.id_reader.backend": "none",
            "devices.camera.backend": "none",
            "devices.printer.uri": "none",
            **extra,
        },
    )


def test_a_missing_catalog_file_names_the_key_and_the_path(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(ConfigError) as e:
        Runtime(_config(tmp_path, catalog_file=str(missing)))
    assert e.value.key == "catalog_file" and str(missing) in e.value.message
    assert "catalog_file" in e.value.hint


def test_a_data_dir_that_is_a_file_says_so(tmp_path):
    afile = tmp_path / "data"
    afile.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StorageError) as e:
        Runtime(_config(tmp_path))
    assert e.value.code == "storage.data_dir_not_dir" and str(afile) in e.value.message


def test_a_data_dir_that_cannot_be_made_says_why(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    inside = tmp_path / "file" / "data"  # cannot be made, even by root
    with pytest.raises(StorageError) as e:
        Runtime(_config(tmp_path, data_dir=str(inside)))
    assert e.value.code == "storage.data_dir_readonly" and str(inside) in e.value.message
