"""Child process for the crash-safety test: submit cases, then drain the outbox.

Run as ``python -m tests._sync_child DATA_DIR URL N_CASES SEED [DEVICE_CODE
[MAX_PAGE_BYTES]]`` (device K01 unless given: devices sharing one back office
need codes of their own, or their receipt numbers collide; pages of 3 to 14 KB
unless a larger maximum is given). It prints
``ready`` once imported, ``submitted <case id>`` after each case is durably
saved, and ``drained`` when nothing is left; the parent SIGKILLs it at a
random moment in between.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests._sample_case import submit_sample_case


def main(argv: list[str]) -> int:
    data_dir, url, n_cases, seed = Path(argv[0]), argv[1], int(argv[2]), int(argv[3])
    device_code = argv[4] if len(argv) > 4 else "K01"
    max_page = int(argv[5]) if len(argv) > 5 else 14_000
    rng = random.Random(seed)
    store = LocalStore(data_dir)
    worker = SyncWorker(
        store,
        BackofficeClient(url, timeout_s=5),
        chunk_size=4096,
        backoff_base_s=0.01,
        backoff_cap_s=0.02,
    )
    print("ready", flush=True)
    for _ in range(n_cases):
        page = (
            b"\xff\xd8"
            + rng.randbytes(rng.randrange(min(3_000, max_page // 4), max_page))
            + b"\xff\xd9"
        )
        case = submit_sample_case(store, page=page, device_code=device_code)
        print("submitted", case.id, flush=True)
    store.requeue_interrupted()  # what SyncWorker.start does after a crash
    for _ in range(200):
        store.make_due(None)
        if worker.drain_once().queued == 0:
            break
    print("drained", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
