"""One outbox for cases, 补正, 好差评 and 12345; status down; retention purge.

Real store, real worker, real back office over HTTP on loopback.
"""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from core.case import CaseState
from core.errors import CaseError
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import (
    APPLICANT_ID,
    APPLICANT_NAME,
    WITHDRAWN_ITEM,
    fake_jpeg,
    submit_sample_case,
)
from wire.records import (
    Consultation,
    ConsultationKind,
    Evaluation,
    EvaluationLevel,
    Supplement,
    SupplementMaterial,
)

bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store


def _supplement(store: LocalStore, case_id: str, receipt: str, page: bytes) -> Supplement:
    ref = store.save_file(page, "M02.jpg", "image/jpeg")
    return Supplement(
        case_id=case_id,
        receipt_no=receipt,
        hall_code="FS01",
        device_code="K01",
        actor="C0012",
        materials=[SupplementMaterial(code="M02", name="证件照片", files=[ref])],
    )


def _consultation() -> Consultation:
    return Consultation(
        hall_code="FS01",
        device_code="K01",
        category=ConsultationKind.COMPLAINT,
        topic="排队",
        text="窗口排队太久，希望增加自助设备",
        contact_name=APPLICANT_NAME,
        contact_phone="13800138000",
        wants_reply=True,
    )


def test_supplement_evaluation_and_12345_through_one_outbox(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    blocked = submit_sample_case(local_store, item_code=WITHDRAWN_ITEM)
    case = submit_sample_case(local_store)
    page = fake_jpeg("supplement")
    sup = _supplement(local_store, case.id, case.receipt_no, page)
    held_back = _supplement(local_store, blocked.id, blocked.receipt_no, fake_jpeg())
    evaluation = Evaluation(
        hall_code="FS01",
        device_code="K01",
        case_id=case.id,
        receipt_no=case.receipt_no,
        level=EvaluationLevel.SATISFIED,
        comment="办理很快",
    )
    consult = _consultation()
    for rec in (sup, held_back, evaluation, consult):
        local_store.submit_record(rec)
    local_store.submit_record(consult)  # saving again is a no-op
    with pytest.raises(CaseError):
        local_store.submit_record(consult.model_copy(update={"text": "改过的内容"}))
    kinds = [e.kind for e in local_store.entries()]
    assert kinds == ["case", "case", "supplement", "supplement", "evaluation", "consultation"]

    st = SyncWorker(local_store, BackofficeClient(bo_server.url)).drain_once()

    # The rejected case is quarantined; its supplement waits behind it; the rest went.
    assert st.quarantined == 1 and st.queued == 1
    waiting = [e for e in local_store.entries() if e.state == "queued"]
    assert [e.record_id for e in waiting] == [held_back.id]
    assert bo_server.store.get_record(held_back.id) is None
    for rec in (sup, evaluation, consult):
        kind, body = bo_server.store.get_record(rec.id)
        assert kind == rec.kind and body == rec.body()
    assert bo_server.store.read_file(sup.materials[0].files[0].id) == page
    trail = bo_server.store.get_case(case.id)
    assert trail is not None and trail.verify_trail()
    assert trail.events[-1].kind == "supplement" and trail.events[-1].detail["supplement"] == sup.id

    # Same id, same body again: the same answer; other body: 409.
    url = f"{bo_server.url}/api/v1/consultations/{consult.id}"
    assert requests.put(url, json=consult.body(), timeout=5).status_code == 200
    other = consult.model_copy(update={"text": "另一段内容"}).body()
    assert requests.put(url, json=other, timeout=5).status_code == 409
    bad = requests.put(url, json={**consult.body(), "category": "gossip"}, timeout=5)
    assert bad.status_code == 422 and "category" in bad.json()["error"]
    assert APPLICANT_NAME not in bad.text


def test_status_feed_reaches_local_cases(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    a = submit_sample_case(local_store)
    b = submit_sample_case(local_store)
    worker = SyncWorker(local_store, BackofficeClient(bo_server.url), device_code="K01")
    worker.drain_once()
    bo_server.store.set_state(a.id, CaseState.ACCEPTED, actor="clerk-1")
    bo_server.store.set_state(a.id, CaseState.READY)
    bo_server.store.set_state(b.id, CaseState.REJECTED, "材料不齐全，请补充后重新申请")

    assert worker.pull_status() == 2
    la, lb = local_store.get_case(a.id), local_store.get_case(b.id)
    assert la.state is CaseState.READY and la.verify_trail()
    assert [e.detail.get("to") for e in la.events if e.kind == "state"][-2:] == [
        "accepted",
        "ready",
    ]
    assert lb.state is CaseState.REJECTED and lb.state_reason == "材料不齐全，请补充后重新申请"
    cursor = local_store.status_cursor()
    assert cursor > 0
    assert worker.pull_status() == 0 and local_store.status_cursor() == cursor
    bo_server.store.set_state(a.id, CaseState.DELIVERED)
    assert worker.pull_status() == 1
    assert local_store.get_case(a.id).state is CaseState.DELIVERED


def test_feed_moves_a_case_whose_commit_answer_was_lost(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case = submit_sample_case(local_store)
    client = BackofficeClient(bo_server.url)
    # The back office got the case but the device never heard back.
    ref = case.materials[0].files[0]
    client.upload_file(ref.id, local_store.read_file(ref.id), ref.sha256)
    client.put_case(case.id, case.body())
    bo_server.store.set_state(case.id, CaseState.ACCEPTED)
    worker = SyncWorker(local_store, client)
    assert worker.pull_status() == 1
    assert local_store.get_case(case.id).state is CaseState.ACCEPTED
    st = worker.drain_once()  # the outbox entry still goes: same answer, no duplicate
    assert st.queued == 0 and len(bo_server.store.list_cases()) == 1
    assert local_store.get_case(case.id).state is CaseState.ACCEPTED


def test_personal_data_is_purged_after_confirmation_and_retention(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    keep = submit_sample_case(local_store)
    gone = submit_sample_case(local_store, note="备注：手机13800138000")
    consult = _consultation()
    local_store.submit_record(consult)
    worker = SyncWorker(local_store, BackofficeClient(bo_server.url), retention_days=30)
    worker.drain_once()
    bo_server.store.set_state(gone.id, CaseState.ACCEPTED)
    worker.pull_status()

    assert worker.purge() == 0  # confirmed today: kept for 30 days
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    assert worker.purge(now=later) == 2  # the accepted case and the 12345 record

    purged = local_store.get_case(gone.id)
    assert purged.applicant.name == "" and purged.applicant.id_number == "" and purged.form == {}
    assert purged.receipt_no == gone.receipt_no and purged.state is CaseState.ACCEPTED
    assert purged.verify_trail() and local_store.is_purged(gone.id)
    ref = gone.materials[0].files[0]
    assert not (local_store.files_dir / f"{ref.id}.bin").exists()
    _kind, body = local_store.get_record(consult.id)
    assert body["contact_phone"] == "" and "排队" not in body["text"]
    # Not confirmed by the back office yet: untouched.
    assert local_store.get_case(keep.id).applicant.id_number == APPLICANT_ID
    assert local_store.read_file(keep.materials[0].files[0].id)
    # The database itself no longer holds the purged values (VACUUM-free check:
    # the sealed body was rewritten, so decrypting every row finds no trace).
    bodies = [c.model_dump_json() for c in local_store.list_cases()]
    assert sum(APPLICANT_ID in b for b in bodies) == 1
    assert worker.purge(now=later) == 0  # once
