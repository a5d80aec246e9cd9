"""No lost paper: the print-job store and the spooler with the real device manager,
the real local store (SQLite) and the virtual printer over TCP.

Paper out, cover open and a printer that stops answering hold the job; it
prints by itself when the printer is back. Reprints (补打) come from the
store, marked. A queue ticket is issued only once printed, and one that
could not be printed in time expires instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.config import DevicesConfig, IdReaderConfig, PrinterConfig
from core.errors import CaseError
from core.receipt import Text, tracking_payload
from drivers.base import Health, PrinterState
from drivers.manager import DeviceManager
from onewindow.print_samples import sample_case, sample_document
from services.printing import PrintService
from sync.print_jobs import JobState, PrintJobStore
from sync.store import LocalStore
from tests.device_events import wait_until
from tests.printer_helpers import flat


class Rig:
    """A device manager with the virtual printer, the local store and the spooler."""

    def __init__(self, tmp_path, *, ticket_hold_s: float = 60.0) -> None:
        self.store = LocalStore(tmp_path / "data")
        self.jobs = PrintJobStore(self.store)
        cfg = DevicesConfig(
            id_reader=IdReaderConfig(backend="none"), printer=PrinterConfig(uri="virtual")
        )
        cfg.camera.backend = "none"
        self.devices = DeviceManager(cfg, data_dir=tmp_path / "data", printer_poll_s=0.2)
        self.service = PrintService(self.jobs, self.devices, ticket_hold_s=ticket_hold_s)
        self.service.start()
        self.devices.start()
        wait_until(lambda: self.devices.virtual_printer is not None)
        self.vp = self.devices.virtual_printer
        wait_until(lambda: self.health() is Health.OK)

    def health(self) -> Health | None:
        st = self.devices.status().get("printer")
        return st.health if st else None

    def close(self) -> None:
        self.devices.stop()
        self.store.close()


@pytest.fixture
def rig(tmp_path) -> Iterator[Rig]:
    r = Rig(tmp_path)
    yield r
    r.close()


def test_printed_job_is_kept_with_its_document(rig):
    case = sample_case()
    doc = sample_document("receipt", case=case)
    job = rig.service.print(doc, case_id=case.id, actor="C0012")
    assert job.wait(10) is JobState.PRINTED and job.issued
    (printed,) = rig.vp.wait_jobs(1)
    assert case.receipt_no in printed.transcript
    rec = rig.jobs.get(job.id)
    assert (rec.state, rec.kind, rec.ref, rec.case_id) == (
        JobState.PRINTED, "receipt", case.receipt_no, case.id)  # fmt: skip
    assert rec.attempts == 1 and rec.printed_at is not None
    assert rig.jobs.document(job.id) == doc
    # Sealed at rest: the masked name is not readable in the database file.
    raw = b"".join(p.read_bytes() for p in rig.store.data_dir.glob("onewindow.db*"))
    assert "张*三".encode() not in raw and case.receipt_no.encode() in raw


@pytest.mark.parametrize(
    "state", [PrinterState.PAPER_OUT, PrinterState.COVER_OPEN, PrinterState.ERROR]
)
def test_refused_job_is_held_and_prints_when_the_printer_is_back(rig, state):
    rig.vp.state = state
    wait_until(lambda: rig.health() is Health.ABSENT)
    doc = sample_document("receipt")
    job = rig.service.print(doc)
    assert job.wait(10) is JobState.HELD
    assert job.error is not None and job.error.state is state
    rec = rig.jobs.get(job.id)
    assert rec.state is JobState.HELD and rec.printer_state == state.value and rec.reason
    polled = rig.vp.status_queries
    wait_until(lambda: rig.vp.status_queries >= polled + 8)  # two polls, still not ready
    assert rig.vp.jobs() == [] and job.state is JobState.HELD
    rig.vp.state = PrinterState.OK  # paper replaced / cover closed / jam cleared
    wait_until(lambda: job.state is JobState.PRINTED)
    (printed,) = rig.vp.wait_jobs(1)
    assert printed.qr_payloads == doc.qr_payloads()
    assert rig.jobs.get(job.id).attempts >= 2 and job.error is None


def test_printer_that_stops_answering_holds_jobs_in_order(rig):
    rig.vp.respond_status = False
    wait_until(lambda: rig.health() is Health.ABSENT)
    first = rig.service.print(sample_document("ticket"))
    second = rig.service.print(sample_document("pickup"))
    assert first.wait(10) is JobState.HELD and second.wait(10) is JobState.HELD
    assert first.error.state is PrinterState.OFFLINE
    assert [r.id for r in rig.service.held()] == [first.id, second.id]
    rig.vp.respond_status = True
    wait_until(lambda: second.state is JobState.PRINTED and first.state is JobState.PRINTED)
    jobs = rig.vp.wait_jobs(2)
    assert "排队号" in jobs[0].transcript and "取件凭条" in jobs[1].transcript


def test_paper_near_end_prints_and_warns_staff(rig):
    rig.vp.state = PrinterState.PAPER_NEAR_END
    job = rig.service.print(sample_document("ticket"))
    assert job.wait(10) is JobState.PRINTED
    wait_until(lambda: rig.health() is Health.DEGRADED)
    assert rig.devices.status()["printer"].message == "纸将用尽"


def test_reprint_is_marked_and_linked(rig):
    case = sample_case()
    original = rig.service.print(sample_document("receipt", case=case), case_id=case.id)
    assert original.wait(10) is JobState.PRINTED
    again = rig.service.reprint(original.id, actor="C0012")
    assert again.wait(10) is JobState.PRINTED
    first, second = rig.vp.wait_jobs(2)
    assert second.lines[0] == "受理回执" and second.lines[1].startswith("【补打】")
    assert second.lines[1].endswith("C0012")
    assert [ln for ln in second.lines if ln != second.lines[1]] == first.lines
    assert second.qr_payloads == [tracking_payload(case)]
    rec = rig.jobs.get(again.id)
    assert rec.reprint_of == original.id and rec.actor == "C0012" and rec.case_id == case.id
    assert [r.id for r in rig.jobs.for_ref(case.receipt_no)] == [original.id, again.id]


def test_a_held_job_cannot_be_reprinted_but_can_be_cancelled(rig):
    rig.vp.state = PrinterState.PAPER_OUT
    job = rig.service.print(sample_document("receipt"))
    assert job.wait(10) is JobState.HELD
    with pytest.raises(CaseError):
        rig.service.reprint(job.id)
    assert rig.service.cancel(job.id)
    assert job.state is JobState.CANCELLED
    rig.vp.state = PrinterState.OK
    wait_until(lambda: rig.health() is Health.OK)
    polled = rig.vp.status_queries
    wait_until(
        lambda: rig.vp.status_queries >= polled + 8
    )  # two polls: the spooler had its chances
    assert rig.vp.jobs() == []  # a cancelled job never prints
    assert not rig.service.cancel(job.id)


def test_ticket_counts_as_issued_only_once_printed(tmp_path):
    r = Rig(tmp_path, ticket_hold_s=0.6)
    try:
        ok = r.service.issue_ticket("A001", "社保医保", 3, "示例政务服务中心")
        assert ok.wait(10) is JobState.PRINTED and ok.issued
        assert r.jobs.ticket_issued("A001")

        r.vp.state = PrinterState.PAPER_OUT
        wait_until(lambda: r.health() is Health.ABSENT)
        late = r.service.issue_ticket("A002", "社保医保", 3, "示例政务服务中心")
        assert late.wait(10) is JobState.HELD and not late.issued
        assert not r.jobs.ticket_issued("A002")
        wait_until(lambda: late.state is JobState.EXPIRED)  # nobody waits that long
        r.vp.state = PrinterState.OK
        wait_until(lambda: r.health() is Health.OK)
        polled = r.vp.status_queries
        wait_until(
            lambda: r.vp.status_queries >= polled + 8
        )  # two polls: the spooler had its chances
        assert [j.lines[2] for j in r.vp.jobs()] == ["A001"]
        assert not r.jobs.ticket_issued("A002")
        assert r.jobs.get(late.id).state is JobState.EXPIRED
    finally:
        r.close()


def test_jobs_interrupted_by_a_crash_print_after_restart(tmp_path):
    store = LocalStore(tmp_path / "data")
    jobs = PrintJobStore(store)
    doc = sample_document("deficiency")
    rec = jobs.add(doc, actor="C0012")
    jobs.mark_printing(rec.id)  # the power went off here
    done = jobs.add(sample_document("ticket"))
    jobs.mark_printed(done.id)
    store.close()

    r = Rig(tmp_path)  # same data folder: a restart
    try:
        wait_until(lambda: r.jobs.get(rec.id).state is JobState.PRINTED)
        (printed,) = r.vp.wait_jobs(1)
        assert flat(doc.plain_text()).startswith(flat("".join(printed.lines[:2])))
        assert r.jobs.get(done.id).state is JobState.PRINTED and len(r.vp.jobs()) == 1
    finally:
        r.close()


def test_job_store_survives_unreadable_bodies_and_purges_old_jobs(tmp_path):
    import datetime as dt

    store = LocalStore(tmp_path / "data")
    jobs = PrintJobStore(store)
    a = jobs.add(sample_document("ticket"))
    jobs.mark_printed(a.id)
    b = jobs.add(sample_document("notice").add(Text("x")))
    assert jobs.counts()["printed"] == 1 and jobs.counts()["queued"] == 1
    assert [r.id for r in jobs.recent()] == [b.id, a.id]
    assert jobs.purge(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)) == 1  # only finished
    assert [r.id for r in jobs.recent()] == [b.id]
    store.db.execute("UPDATE print_jobs SET body = ? WHERE id = ?", (b"\x01garbage" * 8, b.id))
    from core.errors import StorageError

    with pytest.raises(StorageError):
        jobs.document(b.id)
    store.close()


def test_listeners_hear_every_state_change_on_the_printer_thread(rig):
    """What the GUI's bridge turns into print_job_changed: no screen polls a job."""
    import threading

    heard: list[tuple[JobState, str, bool]] = []
    rig.service.add_listener(
        lambda job: heard.append((job.state, job.id, threading.current_thread().name))
    )
    rig.service.add_listener(lambda job: 1 / 0)  # a broken listener is logged, not fatal
    rig.vp.state = PrinterState.PAPER_OUT
    wait_until(lambda: rig.health() is Health.ABSENT)
    job = rig.service.print(sample_document("receipt"))
    assert job.wait(10) is JobState.HELD
    rig.vp.state = PrinterState.OK
    wait_until(lambda: job.state is JobState.PRINTED)
    wait_until(lambda: bool(heard) and heard[-1][0] is JobState.PRINTED)
    states = [s for s, job_id, _t in heard if job_id == job.id]
    assert states[0] is JobState.PRINTING and JobState.HELD in states
    assert states[-1] is JobState.PRINTED
    assert heard[-1][2] != threading.main_thread().name, "the outcome comes from the printer"
