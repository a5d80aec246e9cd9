"""Child process for the back-office crash trials: the real back office, killable.

Run as ``python -m tests._backoffice_crash_child DATA_DIR PORT_FILE [options]``. It
serves ``backoffice.app.create_app`` (open access, like the test fixture)
with uvicorn on 127.0.0.1, on ``--port`` (0: any free port; SO_REUSEADDR so
a restart after a SIGKILL gets the same address back), and writes
``<port> <pid>`` to PORT_FILE once it listens. The parent SIGKILLs it at
random moments and starts it again over the same DATA_DIR.

``--die-finishing N --when before|after`` kills the process itself (SIGKILL)
on the N-th time the store keeps a file that an upload assembled from
several chunks (``FileStore.put_file(..., finishes_upload=True)`` while the
upload's part file exists), right before or right after the real call: the
finishing instant of an upload, hit on purpose rather than by luck. Test
code only: the wrap lives here, in the child, never in the back office.

``--ballast-kb K`` writes K KiB of ballast next to DATA_DIR (``ballast.bin``)
before serving: the space a technician frees on a full disk.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm_finish_kill(n: int, when: str) -> None:
    """Wrap the store's put_file so the n-th finish of a multi-chunk upload kills us."""
    from backoffice.store.files import FileStore

    real: Callable[..., Any] = FileStore.put_file
    seen = 0

    def put_file(self: Any, file_id: str, *args: Any, **kw: Any) -> Any:
        nonlocal seen
        # A whole file sent in one request has no parts and nothing
        # committed before it is kept: only an assembled one has an instant to hit.
        assembled = bool(kw.get("finishes_upload")) and bool(self._part_keys(file_id))
        if assembled:
            seen += 1
        if assembled and seen == n and when == "before":
            _die()
        result = real(self, file_id, *args, **kw)
        if assembled and seen == n and when == "after":
            _die()
        return result

    FileStore.put_file = put_file  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("port_file", type=Path)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--catalog", type=Path)
    ap.add_argument("--die-finishing", type=int, default=0)
    ap.add_argument("--when", choices=("before", "after"), default="before")
    ap.add_argument("--ballast-kb", type=int, default=0)
    args = ap.parse_args(argv)

    import uvicorn

    from backoffice.app import create_app

    if args.ballast_kb:
        ballast = args.data_dir.parent / "ballast.bin"
        if not ballast.exists():
            ballast.parent.mkdir(parents=True, exist_ok=True)
            ballast.write_bytes(os.urandom(args.ballast_kb * 1024))
    if args.die_finishing:
        arm_finish_kill(args.die_finishing, args.when)
    app = create_app(args.data_dir, args.catalog, open_access=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(128)  # connections wait in the backlog until uvicorn serves them
    tmp = args.port_file.with_name(args.port_file.name + ".tmp")
    tmp.write_text(f"{sock.getsockname()[1]} {os.getpid()}\n", encoding="ascii")
    os.replace(tmp, args.port_file)
    config = uvicorn.Config(app, log_level="error", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
