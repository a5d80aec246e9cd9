"""Child process for tests/test_store_concurrency.py: one worker racing the others.

Run as ``python -m tests._store_race_child DATA_DIR CASE_JSON FILE_ID SHA256 READY GO``
with ONEWINDOW_BACKOFFICE_DB naming the database (or none: SQLite in DATA_DIR).
It opens the store, says it is ready (creates READY), waits for GO to exist,
then puts the file and the case at once and prints what the store answered as
one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from backoffice.store import BackofficeStore, ConflictError
from core.case import Case


def main(argv: list[str]) -> int:
    data, case_json, file_id, sha256, ready, go = argv
    case = Case.model_validate_json(Path(case_json).read_text(encoding="utf-8"))
    blob = (Path(case_json).parent / "file.bin").read_bytes()
    store = BackofficeStore(Path(data))
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.005)
    out: dict[str, object] = {}
    try:
        out["file_new"] = store.put_file(file_id, blob, sha256, owner="FS01/K01")
        try:
            new, answer = store.put_case(case)
            out["case"] = {"new": new, "answer": answer}
        except ConflictError as exc:
            out["case"] = {"conflict": exc.message}
    finally:
        store.close()
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
