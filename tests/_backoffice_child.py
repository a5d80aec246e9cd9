"""Child process: a real back office (uvicorn, HTTP on loopback) that can be made to die.

Run as ``python -m tests._backoffice_child DATA_DIR CATALOG PORT [MODE]``. It
serves until killed. MODE makes it exit at once (``os._exit``, as a power
cut would) at the instant an upload's last chunk is being kept:

    die-before-keep   when ``FileStore.put_file`` is called to finish an upload
    die-after-place   after the file's bytes are in place, before its row commits

The production code has no hook for this: the store's methods are wrapped here.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from pathlib import Path
from typing import Any

import uvicorn

from backoffice.app import create_app
from backoffice.store.files import FileStore

KILLED = 137


def _die_before_keep() -> None:
    original = FileStore.put_file

    @functools.wraps(original)
    def put_file(self: FileStore, *args: Any, **kw: Any) -> bool:
        if kw.get("finishes_upload"):
            os._exit(KILLED)
        return original(self, *args, **kw)

    FileStore.put_file = put_file  # type: ignore[method-assign]


def _die_after_place() -> None:
    """Die once the finished file's blob is kept, before its row commits."""
    put, keep = FileStore.put_file, FileStore._keep_blob
    finishing = threading.local()

    @functools.wraps(put)
    def put_file(self: FileStore, *args: Any, **kw: Any) -> bool:
        finishing.on = bool(kw.get("finishes_upload"))
        return put(self, *args, **kw)

    @functools.wraps(keep)
    def keep_blob(self: FileStore, sealed: bytes) -> str:
        key = keep(self, sealed)
        if getattr(finishing, "on", False):
            os._exit(KILLED)
        return key

    FileStore.put_file = put_file  # type: ignore[method-assign]
    FileStore._keep_blob = keep_blob  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    data_dir, catalog, port = Path(argv[0]), Path(argv[1]), int(argv[2])
    mode = argv[3] if len(argv) > 3 else ""
    if mode == "die-before-keep":
        _die_before_keep()
    elif mode == "die-after-place":
        _die_after_place()
    elif mode:
        raise SystemExit(f"unknown mode {mode}")
    app = create_app(data_dir, catalog, open_access=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
