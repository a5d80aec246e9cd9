"""Printing that never loses paper: the spooler between the apps and the printer thread.

Every document is first a row in the print-job store (sync/print_jobs.py),
then goes to the device manager's printer thread. When the printer refuses
it (paper out, cover open, offline, an error) the job is *held* with the
reason, the screen says what happened and what to do, and the job prints
by itself as soon as the printer is back (the device manager reports every
status poll). Staff can reprint (补打) any stored job; the reprint is
marked 补打 on paper and linked to the original. A queue ticket counts as
issued only once its print succeeded, and one that could not be printed
within ``ticket_hold_s`` expires instead of surprising the next person.

Also the document builders for one device (hall name, terminal or window,
catalog item looked up), shared by the kiosk, the counter and the CLI.

``PrintService`` methods may be called from any thread (the apps call them
on their background lane, never on the GUI thread); its callbacks run on the
printer thread and only touch the store and the job handles. Listeners
(``add_listener``) hear every state change of every job on the thread that
made it (the printer thread, or the caller's for "printing"/"cancelled"): the
GUI's bridge turns them into a Qt signal, so no screen polls a job.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from core.case import Case, Party
from core.catalog import Item
from core.errors import CaseError, CatalogError, OneWindowError
from core.messages import Words
from core.receipt import (
    Document,
    acceptance_receipt,
    deficiency_notice,
    mark_reprint,
    one_time_notice,
    pickup_slip,
    queue_ticket,
)
from drivers.base import PrinterError, PrinterState
from drivers.manager import DeviceManager
from drivers.printer.status import PRINTABLE, printer_error
from sync.print_jobs import JobState, PrintJobRecord, PrintJobStore

if TYPE_CHECKING:
    from services.runtime import Runtime

log = logging.getLogger(__name__)

TICKET_HOLD_S = 180.0
_KEEP_HANDLES = 500


class PrintJob:
    """What the app holds for one job it sent: its id and live state. Any thread.

    ``state`` moves queued → printing → printed, or to held (``error`` says
    why) and later printed, or expired / cancelled. ``wait`` blocks until
    the first attempt is over (for the CLI and tests; the apps listen through
    ``PrintService.add_listener``).
    """

    def __init__(
        self, record: PrintJobRecord, on_change: Callable[[PrintJob], None] | None = None
    ) -> None:
        self.id = record.id
        self.kind = record.kind
        self.ref = record.ref
        self.expires_at = record.expires_at
        self._lock = threading.Lock()
        self._state = record.state
        self._error: PrinterError | None = None
        self._attempted = threading.Event()
        self._on_change = on_change

    @property
    def state(self) -> JobState:
        with self._lock:
            return self._state

    @property
    def error(self) -> PrinterError | None:
        """Why the printer refused the latest attempt (None once printed)."""
        with self._lock:
            return self._error

    @property
    def issued(self) -> bool:
        """For a queue ticket: the number is really given out (it is on paper)."""
        return self.state is JobState.PRINTED

    @property
    def pending(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.PRINTING)

    def _set(self, state: JobState, error: PrinterError | None = None) -> None:
        with self._lock:
            changed = (state, error) != (self._state, self._error)
            self._state = state
            self._error = error
        if state is not JobState.PRINTING and state is not JobState.QUEUED:
            self._attempted.set()
        if changed and self._on_change is not None:
            self._on_change(self)

    def wait(self, timeout: float | None = None) -> JobState:
        """Wait for the first attempt's outcome (printed, held, expired...); returns the state."""
        self._attempted.wait(timeout)
        return self.state


class PrintService:
    """The print spooler of one device. Any thread; see the module docstring."""

    def __init__(
        self,
        jobs: PrintJobStore,
        devices: DeviceManager,
        *,
        ticket_hold_s: float = TICKET_HOLD_S,
        retention_days: int = 30,
    ) -> None:
        self.jobs = jobs
        self.devices = devices
        self.ticket_hold_s = ticket_hold_s
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._handles: dict[str, PrintJob] = {}
        self._inflight: set[str] = set()
        self._listeners: list[Callable[[PrintJob], None]] = []
        self._started = False

    def add_listener(self, fn: Callable[[PrintJob], None]) -> None:
        """Call ``fn(job)`` after every state change of any job, on the thread that made it.

        ``fn`` must be quick and must not raise (the GUI's bridge only emits a signal).
        """
        with self._lock:
            self._listeners.append(fn)

    def _job_changed(self, job: PrintJob) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            try:
                fn(job)
            except Exception:
                log.exception("print-job listener failed")

    def start(self) -> None:
        """Recover jobs a crash left half done, drop old finished ones, follow the printer."""
        if self._started:
            return
        self._started = True
        try:
            n = self.jobs.recover_interrupted()
            if n:
                log.warning("%d print job(s) were interrupted; held for another try", n)
            cut = dt.datetime.now(dt.UTC) - dt.timedelta(days=max(1, self.retention_days))
            self.jobs.purge(cut)
        except OneWindowError:
            log.exception("print-job store: recovery at start failed")
        self.devices.add_printer_listener(self._on_printer_state)

    # ---- sending ----------------------------------------------------------
    def print(
        self,
        doc: Document,
        *,
        case_id: str | None = None,
        actor: str = "",
        expires_at: dt.datetime | None = None,
        reprint_of: str | None = None,
    ) -> PrintJob:
        """Keep the job, then send it; returns at once with its handle.

        Raises StorageError when the job cannot even be kept (nothing is
        printed then: paper that cannot be reprinted is not given out).
        """
        record = self.jobs.add(
            doc, case_id=case_id, actor=actor, expires_at=expires_at, reprint_of=reprint_of
        )
        job = PrintJob(record, self._job_changed)
        with self._lock:
            self._handles[job.id] = job
            if len(self._handles) > _KEEP_HANDLES:
                for old in [k for k, h in self._handles.items() if not h.pending][:100]:
                    self._handles.pop(old, None)
        log.info("print job %s (%s) queued", job.id, doc.kind)
        self._send(job, doc)
        return job

    def issue_ticket(
        self,
        number: str,
        category: str,
        waiting: int,
        hall_name: str,
        *,
        area: str = "",
        expected_wait_min: int = 0,
        offline: bool = False,
    ) -> PrintJob:
        """Print a queue ticket; it counts as issued only once printed (``job.issued``)."""
        doc = queue_ticket(
            number,
            category,
            waiting,
            hall_name,
            area=area,
            expected_wait_min=expected_wait_min,
            offline=offline,
        )
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.ticket_hold_s)
        return self.print(doc, expires_at=expires)

    def reprint(self, job_id: str, actor: str = "") -> PrintJob:
        """补打: the stored document again, marked as a reprint, as a new linked job.

        Raises CaseError while the original still waits for the printer (it
        will print by itself; a reprint now would give out two copies).
        """
        original = self.jobs.get(job_id)
        if original.is_open:
            raise CaseError("printer.job_pending", job=job_id)
        doc = mark_reprint(self.jobs.document(job_id), dt.datetime.now(), by=actor)
        log.info("reprint of job %s requested by %s", job_id, actor or "?")
        return self.print(doc, case_id=original.case_id, actor=actor, reprint_of=job_id)

    def cancel(self, job_id: str) -> bool:
        """Staff: give up a held job (e.g. the citizen left with a handwritten number)."""
        ok = self.jobs.close_job(job_id, JobState.CANCELLED, Words("print.cancelled_by_staff"))
        self._update(job_id, JobState.CANCELLED)
        return ok

    def handle(self, job_id: str) -> PrintJob | None:
        with self._lock:
            return self._handles.get(job_id)

    def recent(self, limit: int = 100) -> list[PrintJobRecord]:
        return self.jobs.recent(limit)

    def held(self) -> list[PrintJobRecord]:
        return self.jobs.held()

    # ---- the printer thread -----------------------------------------------
    def _send(self, job: PrintJob, doc: Document) -> None:
        with self._lock:
            if job.id in self._inflight:
                return
            self._inflight.add(job.id)
        try:
            self.jobs.mark_printing(job.id)
        except OneWindowError:
            log.exception("print job %s: could not record the attempt", job.id)
        job._set(JobState.PRINTING)
        fut = self.devices.print_document(doc)
        fut.add_done_callback(lambda f: self._done(job, f))

    def _done(self, job: PrintJob, fut: Future[None]) -> None:
        if fut.cancelled():  # the app is closing: keep it for the next start
            exc: BaseException | None = PrinterError(
                "printer.not_printed_before_exit", PrinterState.OFFLINE
            )
        else:
            exc = fut.exception()
        with self._lock:
            self._inflight.discard(job.id)
        try:
            if exc is None:
                self.jobs.mark_printed(job.id)
                job._set(JobState.PRINTED)
                log.info("print job %s printed", job.id)
                return
            err = _as_printer_error(exc)
            self.jobs.mark_held(job.id, err.state.value, err.message_words())
            job._set(JobState.HELD, err)
            log.warning("print job %s held: %s", job.id, err.state.value)
        except OneWindowError:
            log.exception("print job %s: could not record its outcome", job.id)

    def _on_printer_state(self, state: PrinterState) -> None:
        """After each status poll or print: expire stale tickets, send held jobs if ready."""
        try:
            held = self.jobs.held()
        except OneWindowError:
            log.exception("print-job store unreadable")
            return
        now = dt.datetime.now(dt.UTC)
        for rec in held:
            if rec.expires_at is not None and rec.expires_at <= now:
                if self.jobs.close_job(rec.id, JobState.EXPIRED, Words("print.expired_unprinted")):
                    log.info("print job %s (%s) expired unprinted", rec.id, rec.kind)
                self._update(rec.id, JobState.EXPIRED)
                continue
            if state not in PRINTABLE:
                continue
            with self._lock:
                busy = rec.id in self._inflight
                job = self._handles.get(rec.id)
            if busy:
                continue
            if job is None:  # held before a restart: a fresh handle
                job = PrintJob(rec, self._job_changed)
                with self._lock:
                    self._handles[rec.id] = job
            try:
                doc = self.jobs.document(rec.id)
            except OneWindowError:
                log.exception("held print job %s unreadable; cancelled", rec.id)
                self.jobs.close_job(rec.id, JobState.CANCELLED, Words("print.job_damaged"))
                continue
            log.info("printer ready again: sending held job %s", rec.id)
            self._send(job, doc)

    def _update(self, job_id: str, state: JobState) -> None:
        job = self.handle(job_id)
        if job is not None:
            job._set(state, job.error)


def _as_printer_error(exc: BaseException) -> PrinterError:
    if isinstance(exc, PrinterError):
        return exc
    if isinstance(exc, OneWindowError):
        params = {k: v for k, v in exc.params.items() if k != "state"}
        return PrinterError(exc.code, PrinterState.OFFLINE, **params)
    log.error("printing failed unexpectedly: %s", type(exc).__name__)
    return printer_error(PrinterState.OFFLINE)


# --------------------------------------------------------------------------- documents


def terminal_label(rt: Runtime) -> str:
    """The kiosk or window that printed, e.g. K01（自助终端） or C03（综合窗口）."""
    cfg = rt.config
    kind = {"kiosk": "自助终端", "counter": "综合窗口", "station": "便民服务站"}
    return f"{cfg.device_code}（{kind.get(cfg.role.value, '终端')}）"


def _item(rt: Runtime, case: Case) -> Item | None:
    """The case's item as the catalog it was made under had it (withdrawn since, or
    changed), else as the catalog in use has it; None when unknown. A 一件事 case's
    item is its bundle's (core.catalog.Catalog.bundle_item: merged materials, the
    longest time limit), as the catalog in use has it."""
    if case.bundle_code:
        try:
            return rt.catalog.bundle_item(case.bundle_code)
        except CatalogError:
            pass  # the bundle was withdrawn: the lead item's entry below
    find = getattr(rt, "item_for", None)  # (a stand-in runtime in a test has only a catalog)
    if find is not None:
        return find(case.item_code, case.catalog_version)
    try:
        return rt.catalog.item(case.item_code)
    except CatalogError:
        return None


def receipt_document(rt: Runtime, case: Case, clerk: str = "") -> Document:
    return acceptance_receipt(
        case,
        hall_name=rt.config.hall_name,
        terminal=terminal_label(rt),
        clerk=clerk,
        item=_item(rt, case),
        public_url=rt.config.backoffice.public_url,
    )


def deficiency_document(rt: Runtime, case: Case, clerk: str = "") -> Document:
    return deficiency_notice(
        case,
        hall_name=rt.config.hall_name,
        terminal=terminal_label(rt),
        clerk=clerk,
        item=_item(rt, case),
        public_url=rt.config.backoffice.public_url,
    )


def notice_document(rt: Runtime, item: Item) -> Document:
    return one_time_notice(item, hall_name=rt.config.hall_name)


def pickup_document(
    rt: Runtime,
    case: Case,
    *,
    handed_at: dt.datetime | None = None,
    clerk: str = "",
    collector: Party | None = None,
    mailed: tuple[str, str] | None = None,
) -> Document:
    return pickup_slip(
        case,
        hall_name=rt.config.hall_name,
        window=terminal_label(rt),
        handed_at=handed_at,
        clerk=clerk,
        collector=collector,
        public_url=rt.config.backoffice.public_url,
        mailed=mailed,
    )
