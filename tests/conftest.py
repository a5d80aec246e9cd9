"""Shared fixtures. Qt runs offscreen; every test gets its own data folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture
def backoffice(tmp_path):
    """The reference back office over real HTTP on loopback."""
    from backoffice.server import BackgroundBackoffice

    with BackgroundBackoffice(tmp_path / "backoffice", port=0) as bo:
        yield bo
