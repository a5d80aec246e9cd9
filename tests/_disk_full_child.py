"""Child process for the disk-full test: fill a small filesystem with cases.

Run as ``python -m tests._disk_full_child DATA_DIR``, with DATA_DIR on a
small filesystem of its own (a tmpfs in a private mount namespace) or under
an RLIMIT_FSIZE. It saves cases until the disk is full, then checks that
what was saved before is intact, frees space and saves again; it prints one
JSON line with what it saw.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from core.errors import StorageError
from sync.store import LocalStore
from tests._sample_case import make_submitted_case


def main(data_dir: Path) -> int:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # under RLIMIT_FSIZE: an error, not a kill
    store = LocalStore(data_dir)
    ballast = data_dir / "ballast.bin"  # space a technician can free afterwards
    ballast.write_bytes(os.urandom(256 * 1024))
    saved, error, step = [], None, ""
    for _ in range(200):
        try:
            step = "scan"
            case = make_submitted_case(store, note="满" * 60_000, page=os.urandom(30_000))
            step = "submit"
            store.submit_case(case)
            saved.append(case.id)
        except StorageError as exc:
            error = exc
            break
    out: dict[str, object] = {"saved": len(saved), "step": step}
    if error is not None:
        out.update(message=error.message, kind=error.params.get("kind"))
    store.close()
    store = LocalStore(data_dir)  # as after a restart
    out["recovered"] = store.recovered_from is not None
    ok = store.db.execute("PRAGMA integrity_check").fetchone()[0]
    out["integrity"] = ok
    out["readable"] = sum(1 for c in saved if store.get_case(c).id == c)
    out["queued"] = store.outbox_counts()["queued"]
    ballast.unlink()
    try:
        store.submit_case(make_submitted_case(store, page=os.urandom(1000)))
        out["after_freeing"] = "saved"
    except StorageError as exc:
        out["after_freeing"] = exc.message
    store.close()
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
