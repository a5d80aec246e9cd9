"""Crash soak: ``python -m bench.soak`` prints one JSON line.

Long crash trials on both sides (issue 11): a real back office in a child
process on one loopback port, over one data dir across restarts, and
``--devices`` device processes that save cases with scanned pages and sync
them through chunked tus uploads. The parent SIGKILLs devices and the back
office at random moments until ``--device-kills`` and ``--backoffice-kills``
are reached; a share of the back-office deaths (``--finish-share``) happen at
the finishing instant of an upload on purpose (the back office kills itself
right before or right after keeping a file finished from several chunks).
Then, with the back office up, every device is drained and compared with
the back office's store.

The line: ``trials`` (device runs started), ``kills`` (``device_kills`` +
``backoffice_kills``, of which ``finish_kills``, ``finish_kills_before``
right before keeping), ``cases`` and ``files`` checked, ``lost`` (a case a
device reported saved or holds that the back office lacks), ``duplicated``
(a case id or receipt number twice at the back office), ``extra`` (a case no
device holds), ``wrong_hash`` (a file or case body that differs),
``stranded`` (outbox entries not done, upload rows and part files left),
``backoffice_crashes`` (deaths nobody caused),
``quarantined`` and the first ``quarantine_reasons``, ``seconds``. The
harness is tests/_crash_trials.py, which tests/test_backoffice_crash.py runs
at a small size. A quick check: ``--device-kills 60 --backoffice-kills 40``.

    python -m bench.soak [--device-kills 500] [--backoffice-kills 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests._crash_trials import Trials  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device-kills", type=int, default=500)
    ap.add_argument("--backoffice-kills", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--devices", type=int, default=3)
    ap.add_argument("--finish-share", type=float, default=0.3)
    ap.add_argument("--keep", action="store_true", help="keep the data dirs (a post-mortem)")
    args = ap.parse_args(argv)

    # The final drain retries and quarantines loudly; the line says what counts.
    logging.getLogger().setLevel(logging.CRITICAL)
    root = Path(tempfile.mkdtemp(prefix="onewindow-crash-soak-"))
    try:
        trials = Trials(root, devices=args.devices, seed=args.seed, finish_share=args.finish_share)
        tally = trials.run(args.device_kills, args.backoffice_kills)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    out = {"bench": "soak", "seed": args.seed, "devices": args.devices, **tally.line()}
    if args.keep:
        out["data"] = str(root)
    print(json.dumps(out, ensure_ascii=False))
    bad = tally.lost + tally.duplicated + tally.extra + tally.wrong_hash + tally.stranded
    bad += tally.backoffice_crashes + tally.devices_recovered
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
