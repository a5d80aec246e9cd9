"""The reference back office's store: received files, cases and their status feed.

One small interface (``BackofficeStore``) in front of one database, SQLite
(one file in the data folder: the demo, the tests, a single hall) or
PostgreSQL (a province, several workers), chosen by a URL
(backoffice.store.database); a real deployment can also swap it for its own
system of record. It enforces
exactly-once by id: the same file or case sent again gets the same answer,
other content under a known id is a conflict, and a receipt number belongs
to one case only. Case bodies and files are encrypted at rest with the back
office's own key (``backoffice.key``, mode 0600).

``BackofficeStore`` is made of one part per job, each in its own module:

    database.py   the folder, the key, the engine (SQLite or PostgreSQL), units of work
    schema.py     the legacy (pre-Alembic) SQLite steps; migrations are backoffice/migrations
    blobs.py      where files' and upload parts' bytes are kept (by SHA-256; local or shared)
    files.py      received files (sealed, in the blob store)
    uploads.py    tus uploads in progress (their parts in the blob store)
    feed.py       the status feed devices follow
    feed_head.py  the feed's head and whose cases changed (waking long polls)
    cases.py      cases: received once, moved by staff
    records.py    supplements, evaluations, consultations, hand-overs, help requests
    fleet.py      each device's last heartbeat and last-seen time, the fleet's alarms
    failures.py   refused attempts (enrolment codes, sign-ins, look-ups), shared by workers
    help.py       the hall's open help requests (呼叫工作人员), marked handled
    hotline.py    12345 tickets (工单): the reviewers' list, answers, the citizen's look-ups
    devices.py    enrolment codes and device tokens
    staff.py      staff accounts (scrypt passwords) and their sign-in tokens
    audit.py      the append-only audit log (who did what, no personal data)
    calendar.py   the working-day calendar (days off, 调休) devices pull
    review.py     what the staff's review pages read, and their 补正 requests
    supplements.py  cases still owing 补正 materials (by holder), reviewers' waivers
    owed.py       the index of cases owing materials, kept in step with each case
    bundles.py    一件事 cases' items, each decided by its own department
    progress.py   progress answers (进度查询) and the holders' index (no plain ID numbers)
    catalogs.py   published catalog versions with their change notes
    remote.py     remote configuration (signed) and log pulls, per hall or device
    certificates.py  issued certificates (证明打印), for their verification page
    queue.py      appointment slots and bookings (预约), the halls' queue events and figures
    online.py     online applications (网上申报), their uploads, pre-review, taking in once
    credit.py     告知承诺's credit list (信用记录), holders by HMAC, the sample rows
    errors.py     what the store refuses (NotFound, Conflict, Invalid)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from backoffice.fleet import FleetLimits
from backoffice.store.audit import AuditStore
from backoffice.store.bundles import BundleStore
from backoffice.store.calendar import CalendarStore
from backoffice.store.catalogs import CatalogStore
from backoffice.store.certificates import CertificateStore
from backoffice.store.credit import CreditStore
from backoffice.store.devices import CODE_LENGTH, ENROL_TTL_S, DeviceStore, normalise_code
from backoffice.store.errors import (
    BackofficeStoreError,
    ConflictError,
    InvalidError,
    NotFoundError,
)
from backoffice.store.failures import FailureStore
from backoffice.store.feed_head import FeedHeadStore
from backoffice.store.files import StorageFullError
from backoffice.store.fleet import FleetStore
from backoffice.store.help import HelpStore
from backoffice.store.library import LibraryStore
from backoffice.store.online import OnlineStore
from backoffice.store.progress import ProgressStore
from backoffice.store.queue import QueueStore
from backoffice.store.records import RecordStore
from backoffice.store.remote import RemoteStore
from backoffice.store.review import ReviewStore
from backoffice.store.schema import MIGRATIONS
from backoffice.store.staff import StaffStore
from backoffice.store.supplements import SupplementStore
from backoffice.store.uploads import DEFAULT_UPLOAD_EXPIRY, UploadStore

__all__ = [
    "CODE_LENGTH",
    "DEFAULT_UPLOAD_EXPIRY",
    "ENROL_TTL_S",
    "MIGRATIONS",
    "BackofficeStore",
    "BackofficeStoreError",
    "ConflictError",
    "FleetLimits",
    "InvalidError",
    "NotFoundError",
    "StorageFullError",
    "normalise_code",
]


class BackofficeStore(
    UploadStore,
    RecordStore,
    BundleStore,
    ReviewStore,
    SupplementStore,
    ProgressStore,
    HelpStore,
    DeviceStore,
    FleetStore,
    FeedHeadStore,
    StaffStore,
    CalendarStore,
    CatalogStore,
    RemoteStore,
    FailureStore,
    CertificateStore,  # 证明打印 (certs)
    LibraryStore,  # 电子材料库 (issue 16 item 5)
    QueueStore,  # 预约 and the halls' queue events (issue 15)
    OnlineStore,  # 网上申报 and 网上预审 (issue 16, item 6)
    CreditStore,  # 告知承诺's credit list (issue 16)
    AuditStore,
):
    """The back office's system of record (reference implementation).

    Thread-safe: the HTTP server calls it from a thread pool; each check-then-act
    is a unit of work that takes the database's lock (SQLite: BEGIN IMMEDIATE on
    the file, WAL, synchronous=FULL; PostgreSQL: a transaction-scoped advisory
    lock), so several worker processes on one database stay exactly-once.
    ``database_url``: ``sqlite:///PATH`` or ``postgresql://USER@HOST:PORT/DB``;
    None takes ``$ONEWINDOW_BACKOFFICE_DB``, else ``backoffice.db`` in
    ``data_dir`` (which holds the keys and the files in either case). The
    schema is brought to the newest migration on opening.
    Uploads left unfinished for ``upload_expiry`` expire.
    """

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        *,
        upload_expiry: dt.timedelta = DEFAULT_UPLOAD_EXPIRY,
    ) -> None:
        super().__init__(data_dir, database_url)
        self.upload_expiry = upload_expiry

    def sweep_leftovers(self, min_age_s: float = 0.0) -> None:
        """What an interrupted run left: uploads complete without their file (finished or
        restarted), expired uploads, blobs and temporary files nothing names (and what
        a version before the blob store kept in ``files/`` and ``uploads/`` moves in).

        A process that serves ``data_dir`` calls it once, before it serves
        (create_app). With ``min_age_s`` 0 it assumes nobody else is writing
        there; while another process serves the folder (backoffice.serving_lock)
        only files last written ``min_age_s`` ago go. The CLI's other commands
        (``list``, ``enroll``) open the store beside a running server and must
        not sweep.
        """
        self._sweep_uploads(min_age_s)
        self._sweep_files(min_age_s)
