"""python-escpos, imported through here so its capability cache lives in one place.

``escpos.capabilities`` reads the printer database (a 1.3 MB JSON file, with
the pure-Python YAML parser: a third of a second and more) at every import,
unless it finds the pickle it wrote last time in
``ESCPOS_CAPABILITIES_PICKLE_DIR``. That variable defaults to a fresh
``tempfile.mkdtemp()`` folder, so every process parsed the file again and
left one /tmp/tmp* folder (76 KB) behind: months of restarts on a kiosk.
And the default is evaluated even when the variable is set
(``environ.get(key, mkdtemp())``), so the import also runs with ``mkdtemp``
answering the cache folder instead of making a folder.

The pickle goes to the user cache folder (platformdirs), one folder per
python-escpos version (the pickle is named by the Python version only; the
library reloads it when its database file is newer). Every module of this
project imports python-escpos from here. Any thread.

The library writes its pickle in place (truncate, then dump), so a second
process importing at that moment read an empty file and failed with
``EOFError`` (the parallel test run did). The first import therefore holds an
exclusive lock on ``import.lock`` in the cache folder, and a pickle left short
by a process killed mid-write is removed and the database parsed again.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import platformdirs

PICKLE_DIR_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def capabilities_cache() -> Path:
    """Where python-escpos keeps its parsed capability database."""
    try:
        tag = version("python-escpos")
    except PackageNotFoundError:
        tag = "unknown"
    return Path(platformdirs.user_cache_dir("onewindow")) / f"escpos-{tag}"


@contextlib.contextmanager
def _mkdtemp_answers(folder: str) -> Iterator[None]:
    real = tempfile.mkdtemp
    tempfile.mkdtemp = lambda *_a, **_k: folder  # type: ignore[assignment]
    try:
        yield
    finally:
        tempfile.mkdtemp = real


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: no other process shares this folder here
        yield
        return
    with open(folder / "import.lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _import_capabilities() -> None:
    if "escpos.capabilities" in sys.modules:
        return
    folder = os.environ.get(PICKLE_DIR_ENV) or str(capabilities_cache())
    Path(folder).mkdir(parents=True, exist_ok=True)
    os.environ[PICKLE_DIR_ENV] = folder
    with _folder_lock(Path(folder)), _mkdtemp_answers(folder):
        try:
            import escpos.capabilities
        except (EOFError, pickle.UnpicklingError):
            sys.modules.pop("escpos.capabilities", None)
            for cut_short in Path(folder).glob("*.capabilities.pickle"):
                cut_short.unlink(missing_ok=True)
            import escpos.capabilities  # noqa: F401


_import_capabilities()

from escpos.constants import QR_ECLEVEL_M, QR_MODEL_2  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.printer import Dummy, File, Network, Serial  # noqa: E402

__all__ = [
    "QR_ECLEVEL_M",
    "QR_MODEL_2",
    "DeviceNotFoundError",
    "Dummy",
    "File",
    "Network",
    "Serial",
    "capabilities_cache",
]
