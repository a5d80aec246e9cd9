"""Device to back office, end to end: real store, real worker, real HTTP on loopback."""

from __future__ import annotations

import hashlib
import logging
import random
import time
from pathlib import Path

import pytest

from backoffice.server import BackgroundBackoffice
from core.case import CaseState
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import BACKOFF_CAP_S, SyncStatus, SyncWorker, backoff_delay
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import (
    APPLICANT_ID,
    APPLICANT_NAME,
    WITHDRAWN_ITEM,
    fake_jpeg,
    free_port,
    make_submitted_case,
    submit_sample_case,
    wait_until,
)

# Fixtures shared by the sync and back-office tests (a conftest may import them later).
bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store


def test_worker_drains_a_case_end_to_end(
    bo_server: BackgroundBackoffice, local_store: LocalStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    page = fake_jpeg("e2e")
    case = submit_sample_case(local_store, page=page)
    seen: list[SyncStatus] = []
    worker = SyncWorker(local_store, BackofficeClient(bo_server.url), on_status=seen.append)

    st = worker.drain_once()

    assert st.online and st.queued == 0 and st.quarantined == 0 and not st.unauthorized
    assert st.last_sync_at is not None and st.last_error == ""
    assert seen and seen[-1] == st
    assert local_store.outbox_counts()["done"] == 1
    local = local_store.get_case(case.id)
    assert local.state is CaseState.SYNCED and local.verify_trail()
    ref = case.materials[0].files[0]
    assert local_store.file_uploaded(ref.id)

    # At the back office: the same content, and the file checked against its hash.
    held = bo_server.store.get_case(case.id)
    assert held is not None and held.body_digest() == case.body_digest()
    assert held.receipt_no == case.receipt_no and held.verify_trail()
    info = bo_server.store.file_info(ref.id)
    assert info is not None and info["sha256"] == ref.sha256 == hashlib.sha256(page).hexdigest()
    assert bo_server.store.read_file(ref.id) == page
    assert bo_server.store.case_status(case.id)["state"] == "synced"

    # Nothing more to do; a second drain changes nothing.
    assert worker.drain_once().queued == 0
    assert len(bo_server.store.list_cases()) == 1
    # Logs name cases by id and receipt number only.
    assert case.id in caplog.text
    assert APPLICANT_NAME not in caplog.text and APPLICANT_ID not in caplog.text


def test_back_office_down_then_up(
    tmp_path: Path, local_store: LocalStore, catalog_file: Path
) -> None:
    port = free_port()
    client = BackofficeClient(f"http://127.0.0.1:{port}", timeout_s=2)
    worker = SyncWorker(local_store, client, interval_s=0.1)
    case = submit_sample_case(local_store)

    st = worker.drain_once()
    assert not st.online and st.queued == 1 and st.last_error
    (entry,) = local_store.entries()
    assert entry.state == "retry" and entry.error_kind == "offline" and entry.attempts == 1

    worker.start()
    try:
        wait_until(lambda: not worker.status().online, what="worker sees offline")
        assert local_store.outbox_counts()["done"] == 0
        with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, port=port) as bo:
            # Back online: tried at once, not after its backoff.
            wait_until(lambda: local_store.outbox_counts()["done"] == 1, what="case synced")
            assert bo.store.case_status(case.id)["receipt_no"] == case.receipt_no
            wait_until(lambda: worker.status().online, what="status online")
    finally:
        worker.stop()
    assert local_store.get_case(case.id).state is CaseState.SYNCED
    st = worker.status()
    assert st.queued == 0 and st.last_sync_at is not None


def test_retry_after_is_honoured(bo_server: BackgroundBackoffice, local_store: LocalStore) -> None:
    submit_sample_case(local_store)
    worker = SyncWorker(local_store, BackofficeClient(bo_server.url))
    bo_server.set_maintenance(120)

    before = time.time()
    st = worker.drain_once()

    assert st.online and st.queued == 1 and "维护" in st.last_error
    (entry,) = local_store.entries()
    assert entry.state == "retry" and entry.error_kind == "busy"
    assert entry.next_attempt_at is not None and entry.next_attempt_at >= before + 120
    # Not due: draining again does not touch the back office, nor does the
    # network coming back (that only hurries entries that waited for it).
    local_store.make_due("offline")
    assert worker.drain_once().queued == 1
    assert local_store.entries()[0].attempts == 1
    assert local_store.claim_next(now=before + 119) is None

    bo_server.set_maintenance(None)
    claimed = local_store.claim_next(now=entry.next_attempt_at + 0.001)  # 2 minutes later
    assert claimed is not None and claimed.id == entry.id


def test_rejected_case_is_quarantined_and_blocks_nothing(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    bad = submit_sample_case(local_store, item_code=WITHDRAWN_ITEM)
    good = submit_sample_case(local_store)
    worker = SyncWorker(local_store, BackofficeClient(bo_server.url))

    st = worker.drain_once()

    assert st.quarantined == 1 and st.queued == 0
    (q,) = local_store.entries(("quarantined",))
    assert q.case_id == bad.id and WITHDRAWN_ITEM in q.reason and q.receipt_no == bad.receipt_no
    assert local_store.get_case(bad.id).state is CaseState.SUBMITTED
    assert local_store.get_case(good.id).state is CaseState.SYNCED
    assert bo_server.store.case_status(bad.id) is None
    assert worker.drain_once().quarantined == 1  # stays put, never retried on its own


def test_conflicting_case_is_quarantined(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case = submit_sample_case(local_store)
    client = BackofficeClient(bo_server.url)
    SyncWorker(local_store, client).drain_once()
    # Another device (a bug, a restored disk image) sends other content under the same id.
    other_store = LocalStore(local_store.data_dir.parent / "other-device")
    try:
        twin = make_submitted_case(other_store, device_code="K02")
        twin = twin.model_copy(update={"id": case.id})
        other_store.submit_case(twin)
        st = SyncWorker(other_store, client).drain_once()
        assert st.quarantined == 1 and st.queued == 0
        (q,) = other_store.entries(("quarantined",))
        assert "不同" in q.reason
    finally:
        other_store.close()
    held = bo_server.store.get_case(case.id)
    assert held is not None and held.body_digest() == case.body_digest()


def test_unauthorized_stops_and_keeps_everything(
    tmp_path: Path, local_store: LocalStore, catalog_file: Path
) -> None:
    case = submit_sample_case(local_store)
    ref = case.materials[0].files[0]
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=catalog_file, tokens={"enrolled-token"}
    ) as bo:
        st = SyncWorker(local_store, BackofficeClient(bo.url, token="revoked")).drain_once()
        assert st.unauthorized and st.online and st.queued == 1 and st.quarantined == 0
        (entry,) = local_store.entries()
        assert entry.state == "queued" and entry.attempts == 0
        assert not local_store.file_uploaded(ref.id)

        # Staff re-enrol the device: everything goes.
        st = SyncWorker(local_store, BackofficeClient(bo.url, token="enrolled-token")).drain_once()
        assert not st.unauthorized and st.queued == 0
        assert bo.store.case_status(case.id) is not None


def test_lost_files_at_the_back_office_are_sent_again(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case = submit_sample_case(local_store)
    ref = case.materials[0].files[0]
    # The device believes the file went (e.g. the back office restored an older backup).
    local_store.mark_file_uploaded(ref.id)
    st = SyncWorker(local_store, BackofficeClient(bo_server.url)).drain_once()
    assert st.queued == 0 and st.quarantined == 0
    assert bo_server.store.file_info(ref.id) is not None
    assert local_store.get_case(case.id).state is CaseState.SYNCED
    (entry,) = local_store.entries()
    assert entry.state == "done" and entry.attempts == 1  # one 422, then resent and accepted


def test_sync_now_wakes_the_worker(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    worker = SyncWorker(local_store, BackofficeClient(bo_server.url), interval_s=30)
    worker.start()
    try:
        wait_until(lambda: worker.status().online, what="first probe")
        case = submit_sample_case(local_store)
        worker.sync_now()
        wait_until(lambda: local_store.outbox_counts()["done"] == 1, what="synced after sync_now")
    finally:
        worker.stop()
    assert bo_server.store.case_status(case.id) is not None


def test_backoff_is_full_jitter_capped_and_respects_retry_after() -> None:
    rng = random.Random(7)
    first = [backoff_delay(1, rng=rng) for _ in range(200)]
    assert 0 <= min(first) < 0.2 and max(first) <= 2.0
    late = [backoff_delay(30, rng=rng) for _ in range(200)]
    assert max(late) <= BACKOFF_CAP_S and max(late) > BACKOFF_CAP_S / 2
    assert all(backoff_delay(1, retry_after=500, rng=rng) >= 500 for _ in range(20))
    assert backoff_delay(1, retry_after=10**9, rng=rng) <= 3600
