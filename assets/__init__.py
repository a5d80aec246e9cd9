"""The data files OneWindow ships: catalog, model, sample documents, translations.

They are package data, found with ``importlib.resources`` wherever the package
is installed (a wheel in a private environment, or this checkout in editable
mode), never by walking up from a module's ``__file__``. The compiled
translations (``i18n/*.qm``) are made when the package is built; they are not
in git. Any thread may call these functions.
"""

from __future__ import annotations

from importlib.resources import files as _files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["files", "path", "sample_catalog"]


def files() -> Traversable:
    """The root of the shipped data (the ``assets`` package)."""
    return _files(__name__)


def path(relative: str) -> Path:
    """A shipped file or folder as a filesystem path, e.g. ``path("catalog/catalog.json")``.

    OpenCV, Qt and the virtual camera need real paths; OneWindow is installed
    unpacked (never from a zip), which this checks.
    """
    resource = files().joinpath(*relative.split("/"))
    if not isinstance(resource, Path):
        raise RuntimeError(f"assets are not on the filesystem ({resource!r}); install unpacked")
    return resource


def sample_catalog() -> Path:
    """The sample catalog (the demo's, the tests', and the back office's default)."""
    return path("catalog/catalog.json")
