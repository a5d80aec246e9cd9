"""The device's local store: cases, scanned files and the outbox, in one SQLite file.

Everything a citizen submits is first a row here, in the same transaction as
its outbox entry (transactional outbox), so the network is never between
"submit" and "receipt printed". The database runs in WAL mode with
synchronous=FULL: a case whose receipt was printed survives a power cut.

Personal data is encrypted at rest (AES-256-GCM with the device key in
``device.key``): case bodies in the database and scanned files under
``files/``. Only what the outbox needs to work stays in the clear (ids,
receipt numbers, states, item codes, hashes, sizes).

Layout of ``data_dir``::

    onewindow.db          the database (plus -wal/-shm while open)
    device.key            32 random bytes, mode 0600, made at first start
    device.token          the back office's token for this device (sync.enrol), 0600
    device_signing.key    the Ed25519 seed this device signs its cases with (core.case_seal), 0600
    files/<id>.bin        encrypted scanned files
    receipt_seq.json      receipt-number reservations (sync.store.receipts)

``LocalStore`` is made of one part per job, each in its own module:

    database.py   opening, connections, transactions, migrations, integrity checks
    schema.py     the migrations
    receipts.py   the receipt-number sequence
    cases.py      cases and the status feed
    files.py      scanned files, their uploads, unattached-file clean-up
    drafts.py     intakes in progress, kept as they grow (offered back after a crash)
    outbox.py     the outbox the sync worker drains
    records.py    supplements, evaluations, 12345 records, hand-overs
    retention.py  the retention purge
    salvage.py    bringing what a damaged database still holds into the fresh one
    salvage_read.py  reading a damaged SQLite file row by row, past damaged pages
    salvage_pages.py table rows decoded from raw leaf pages SQLite can no longer reach
    unsalvaged.py what salvage could not bring over, for staff to acknowledge
    errors.py     sqlite3/OS errors as StorageError

A damaged database (quick_check fails, not a database, empty, truncated; or
the daily full check found a problem) is moved aside to
``onewindow.db.damaged-<timestamp>`` and a fresh one started;
``LocalStore.recovered_from`` then tells the app to say so. What the damaged
file still holds (cases, files, records, outbox entries, receipt sequences)
is salvaged into the fresh one and sent as usual (sync.store.salvage); what
cannot be is listed with its receipt number (``LocalStore.unsalvaged``) until
staff acknowledge it. The receipt sequence survives that (``receipt_seq.json``
and every number seen in the damaged file), so a receipt number is never
handed out twice.
"""

from __future__ import annotations

from sync.store.database import DB_NAME, FULL_CHECK_EVERY, KEY_NAME
from sync.store.drafts import DraftRow, DraftStore
from sync.store.errors import storage_error
from sync.store.outbox import (
    CLAIM_LEASE_S,
    OUTBOX_STATES,
    PENDING_STATES,
    CaseSync,
    Outbox,
    OutboxEntry,
)
from sync.store.receipts import SEQ_NAME
from sync.store.records import RecordStore
from sync.store.retention import Retention
from sync.store.schema import MIGRATIONS
from sync.store.unsalvaged import Unsalvaged, UnsalvagedStore, banner_words

__all__ = [
    "CLAIM_LEASE_S",
    "DB_NAME",
    "FULL_CHECK_EVERY",
    "KEY_NAME",
    "MIGRATIONS",
    "OUTBOX_STATES",
    "PENDING_STATES",
    "SEQ_NAME",
    "CaseSync",
    "DraftRow",
    "LocalStore",
    "OutboxEntry",
    "Unsalvaged",
    "banner_words",
    "storage_error",
]


class LocalStore(Outbox, RecordStore, Retention, UnsalvagedStore, DraftStore):
    """Local SQLite store (sqlite-utils): cases, files, outbox, records, receipt sequences.

    WAL, synchronous=FULL, versioned migrations (``schema_version`` table and
    the ``MIGRATIONS`` list), personal data sealed with the device key.

    Any thread may call any method: each thread gets its own SQLite
    connection, and every write runs in a ``BEGIN IMMEDIATE`` transaction, so
    the GUI thread (submitting) and the sync worker thread (draining) never
    see each other's half-done work. Errors come out as ``StorageError`` with
    a message for the citizen or the clerk.
    """

    def close(self) -> None:
        """Settle the receipt reservations, then close every connection (after the worker)."""
        if not self._closed:
            self._settle_marks()
        super().close()
