"""Receipt numbers (受理编号): a sequence per hall, device and day that never repeats.

The sequence lives in the database (``receipt_seq``), allocated inside the
caller's write transaction, so a case and its number commit together
(``LocalStore.submit_new_case``). A database can be lost, though: one found
damaged at open is moved aside and a fresh one started. So that a number
printed on a receipt is never handed out again even then, ``receipt_seq.json``
beside the database holds, per sequence, a mark at or above every number
handed out, with the ``store_id`` of the database that wrote it:

- the mark is a *reservation* of the next RESERVE numbers, written (fsynced)
  only when the sequence passes it: one receipt in RESERVE costs a file
  write, instead of every one;
- a clean ``close`` lowers this database's marks to the last number used, so
  a database lost after a clean stop carries on with no gap; after a power
  cut the fresh sequence starts past the reservation (a gap, never a repeat);
- a mark written by another database (one moved aside) or by an older
  version of the program (a bare number) is a floor for the sequence.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from contextlib import suppress
from typing import Any

from sqlite_utils import Database

from core.crypto import fsync_dir
from core.errors import StorageError
from core.ids import receipt_number
from sync.store.database import StoreDatabase

log = logging.getLogger("sync.store")

SEQ_NAME = "receipt_seq.json"
RESERVE = 50  # numbers reserved per write of receipt_seq.json
KEEP_DAYS = 3  # days of marks kept in the file

Marks = dict[str, dict[str, Any]]  # "hall/device/yyyymmdd" -> {"mark": int, "store": id}


class ReceiptSequence(StoreDatabase):
    """Allocating receipt numbers; part of LocalStore. Any thread."""

    def next_receipt_no(self, hall_code: str, device_code: str, day: dt.date) -> str:
        """Allocate the next receipt number of this device for ``day`` (1, 2, ...).

        Its own transaction; ``submit_new_case`` allocates inside the case's.
        A crash can only leave a gap, never make a number be handed out twice.
        """
        with self._write("受理编号", "分配") as db:
            seq = self._allocate(db, hall_code, device_code, day)
        return receipt_number(hall_code, device_code, day, seq)

    def _allocate(self, db: Database, hall_code: str, device_code: str, day: dt.date) -> int:
        """The next number of the sequence, inside the caller's write transaction.

        The reservation is written (when needed) before the caller commits,
        so the file is never behind the database; an OSError becomes the
        caller's StorageError and rolls its transaction back.
        """
        ymd = f"{day:%Y%m%d}"
        row = db.execute(
            "SELECT last FROM receipt_seq WHERE hall = ? AND device = ? AND day = ?",
            (hall_code, device_code, ymd),
        ).fetchone()
        last = row[0] if row else 0
        me = _store_id(db)
        key = f"{hall_code}/{device_code}/{ymd}"
        marks = self._read_marks()
        entry = marks.get(key)
        own = entry is not None and bool(me) and entry["store"] == me
        mark = entry["mark"] if entry is not None else 0
        if entry is not None and not own:  # handed out by a database this one does not know
            last = max(last, mark)
        seq = last + 1
        if not own or seq > mark:
            marks[key] = {"mark": seq + RESERVE - 1, "store": me}
            self._write_marks(marks, keep_from=day - dt.timedelta(days=KEEP_DAYS))
        db.execute(
            "INSERT INTO receipt_seq (hall, device, day, last) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (hall, device, day) DO UPDATE SET last = excluded.last",
            (hall_code, device_code, ymd, seq),
        )
        return seq

    def _settle_marks(self) -> None:
        """Lower this database's reservations to the last number used (clean close).

        Under the write lock, so no other connection allocates meanwhile. A
        failure leaves the reservations: safe, only a gap if the database is
        lost later.
        """
        if not (self.data_dir / SEQ_NAME).exists():
            return
        with suppress(StorageError), self._write("受理编号") as db:
            me = _store_id(db)
            marks = self._read_marks()
            changed = False
            for hall, device, ymd, last in db.execute(
                "SELECT hall, device, day, last FROM receipt_seq"
            ).fetchall():
                entry = marks.get(f"{hall}/{device}/{ymd}")
                if entry is not None and me and entry["store"] == me and last < entry["mark"]:
                    entry["mark"] = last
                    changed = True
            if changed:
                today = dt.date.today()
                self._write_marks(marks, keep_from=today - dt.timedelta(days=KEEP_DAYS))

    def _read_marks(self) -> Marks:
        path = self.data_dir / SEQ_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("%s unreadable; relying on the database sequence", SEQ_NAME)
            return {}
        if not isinstance(data, dict):
            return {}
        out: Marks = {}
        for key, value in data.items():
            with suppress(TypeError, ValueError, KeyError):
                if isinstance(value, dict):
                    out[str(key)] = {"mark": int(value["mark"]), "store": str(value["store"])}
                else:  # written by an older version: a floor
                    out[str(key)] = {"mark": int(value), "store": ""}
        return out

    def _write_marks(self, marks: Marks, keep_from: dt.date) -> None:
        cut = f"{keep_from:%Y%m%d}"
        kept = {k: v for k, v in marks.items() if k.rsplit("/", 1)[-1] >= cut}
        path = self.data_dir / SEQ_NAME
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(kept, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(self.data_dir)


def _store_id(db: Database) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
    return str(row[0]) if row else ""
