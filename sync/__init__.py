"""Getting cases from the device to the back office, safely and exactly once.

``store`` keeps every submitted case, its files and its outbox entry in one
local SQLite database (WAL, synchronous=FULL, personal data encrypted), and
with them supplements (补正), evaluations (好差评) and 12345 records
(``records``), all through one outbox; ``client`` speaks HTTP to the back
office and turns every failure into a typed error; ``upload`` sends files
resumably over tus 1.0 with tuspy; ``worker`` drains the outbox on its own
thread with backoff and quarantine, pulls the status feed and purges personal
data after the retention period; ``enrol`` gets the device its token.
Qt-free: the apps get sync news through a callback. See docs/sync.md.
"""

import sys


def _import_sqlite_utils() -> None:
    """Import sqlite-utils without numpy and pandas (before the store imports it).

    sqlite-utils imports both when they are installed, only to map their scalar
    types to column types; the store writes plain Python values, and numpy alone
    is a tenth of a second of every app start (bench/startup.py). While it loads,
    ``None`` in ``sys.modules`` makes ``import numpy`` fail, then numpy is
    importable again for the camera. sync is first imported at start, on the main
    thread, before any other thread could import numpy meanwhile.
    """
    if "sqlite_utils" in sys.modules:
        return
    blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]


_import_sqlite_utils()
