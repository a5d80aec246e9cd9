"""Each device signs its cases (issue 13 item 8): per-device Ed25519 keys, checked on arrival.

A device enrols with its public key; every case it submits carries its seal
over the content and the trail's head; the back office refuses a case whose
seal is missing, made with another key or no longer matches, and ``audit
verify`` finds a stored case rewritten by someone who holds the database
and the back office's own key but not the device's.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backoffice.server import BackgroundBackoffice
from core.case import Case, CaseState
from core.case_seal import DEVICE_KEY_FILE, DeviceSigner, seal_problem
from core.crypto import Sealer, load_or_create_key
from onewindow.cli import main
from sync.client import BackofficeClient
from sync.enrol import enrol, load_token
from sync.errors import Rejected
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import make_submitted_case, submit_sample_case

catalog_file = fx.catalog_file


def _submitted(store: LocalStore) -> Case:
    case = submit_sample_case(store)
    return store.get_case(case.id)


def test_a_submitted_case_carries_the_device_seal(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "device")
    case = _submitted(store)
    signer = DeviceSigner.load_or_create(tmp_path / "device")
    assert case.seal is not None and case.seal.key_id == signer.key_id
    assert case.seal.events == len(case.events) and case.seal.head == case.events[-1].hash
    assert seal_problem(case, signer.public_text) is None
    key = tmp_path / "device" / DEVICE_KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "seed" not in repr(signer) and key.read_bytes().hex() not in repr(signer)
    store.close()


def test_the_seal_breaks_on_any_change(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "device")
    case = _submitted(store)
    public = store.signer.public_text
    changed = case.model_copy(deep=True)
    changed.form["note"] = "另一份内容"
    assert seal_problem(changed, public) == "signature"
    cut = case.model_copy(deep=True)
    cut.events = cut.events[:-1]
    assert seal_problem(cut, public) == "head"
    unsealed = case.model_copy(update={"seal": None})
    assert seal_problem(unsealed, public) == "missing"
    assert seal_problem(unsealed, None) is None  # a device that registered no key
    other = DeviceSigner(Ed25519PrivateKey.generate())
    assert seal_problem(case, other.public_text) == "other_key"
    # Later events (the back office's) do not touch the seal: it covers its head only.
    later = case.model_copy(deep=True)
    later.transition(CaseState.SYNCED, "backoffice")
    assert seal_problem(later, public) is None
    store.close()


@pytest.fixture
def closed_bo(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as bo:
        yield bo


def _enrolled(bo: BackgroundBackoffice, data: Path, device: str = "K01") -> BackofficeClient:
    code = bo.store.create_enrolment("FS01", device)
    enrol(BackofficeClient(bo.url), data, code, "FS01", device)
    return BackofficeClient(bo.url, token=load_token(data))


def test_the_back_office_takes_only_cases_the_device_sealed(
    closed_bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    data = tmp_path / "device"
    store = LocalStore(data)
    client = _enrolled(closed_bo, data)
    registered = closed_bo.store.device_keys()[("FS01", "K01")]
    assert registered == [store.signer.public_text]
    good = submit_sample_case(store)
    assert SyncWorker(store, client).drain_once().queued == 0
    assert closed_bo.store.get_case(good.id).seal == store.get_case(good.id).seal

    forged = _submitted(store).model_copy(deep=True)  # sealed, then changed on the way
    forged.form["note"] = "改过的内容"
    for m in forged.materials:
        for ref in m.files:
            client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
    with pytest.raises(Rejected) as refused:
        client.put_case(forged.id, forged.body())
    assert refused.value.status == 422
    assert refused.value.detail == {"case_id": forged.id, "seal": "signature"}

    unsealed = make_submitted_case(store)  # never through the store: no seal
    for m in unsealed.materials:
        for ref in m.files:
            client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
    with pytest.raises(Rejected) as refused:
        client.put_case(unsealed.id, unsealed.body())
    assert refused.value.status == 422 and refused.value.detail["seal"] == "missing"
    assert closed_bo.store.case_status(forged.id) is None
    assert closed_bo.store.case_status(unsealed.id) is None
    store.close()


def test_a_device_enrolled_without_a_key_is_still_served(
    closed_bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    """An older device (enrolled before devices signed) keeps working; its cases count as
    unsigned in ``audit verify``, not as breaks."""
    data = tmp_path / "device"
    code = closed_bo.store.create_enrolment("FS01", "K01")
    token = BackofficeClient(closed_bo.url).enrol(code, "FS01", "K01")["token"]  # no key
    store = LocalStore(data)
    case = make_submitted_case(store)
    client = BackofficeClient(closed_bo.url, token=token)
    for m in case.materials:
        for ref in m.files:
            client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
    client.put_case(case.id, case.body())
    assert closed_bo.store.case_status(case.id) is not None
    store.close()


def test_a_case_queued_before_signing_is_sealed_when_sent(
    closed_bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    data = tmp_path / "device"
    store = LocalStore(data)
    case = make_submitted_case(store)
    store.submit_case(case)
    # As a store from before devices signed left it: the saved case has no seal.
    with store._write("办件") as db:
        plain = store.get_case(case.id).model_copy(update={"seal": None})
        db.execute("UPDATE cases SET body = ? WHERE id = ?", (store._seal_case(plain), case.id))
    assert store.get_case(case.id).seal is None
    client = _enrolled(closed_bo, data)
    assert SyncWorker(store, client).drain_once().queued == 0
    assert seal_problem(closed_bo.store.get_case(case.id), store.signer.public_text) is None
    store.close()


@pytest.mark.sqlite_only  # rewrites the SQLite file behind the back office's back
def test_audit_verify_finds_a_case_rewritten_with_the_back_office_keys(
    closed_bo: BackgroundBackoffice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "device"
    store = LocalStore(data)
    client = _enrolled(closed_bo, data)
    case = submit_sample_case(store)
    SyncWorker(store, client).drain_once()
    closed_bo.stop()
    bo_dir = tmp_path / "bo"
    assert main(["backoffice", "audit", "verify", "--data", str(bo_dir)]) == 0
    assert "0 unsigned" in capsys.readouterr().out
    # Someone with the database and backoffice.key rewrites the case and its digest,
    # keeping the trail's hash chain valid: only the device's seal still tells.
    key, _ = load_or_create_key(bo_dir / "backoffice.key")
    sealer = Sealer(key)
    conn = sqlite3.connect(bo_dir / "backoffice.db")
    (blob,) = conn.execute("SELECT body FROM cases WHERE id = ?", (case.id,)).fetchone()
    stored = Case.model_validate_json(sealer.open("case", blob, case.id))
    stored.form["note"] = "事后改写"
    conn.execute(
        "UPDATE cases SET body = ?, digest = ? WHERE id = ?",
        (sealer.seal("case", stored.model_dump_json().encode(), case.id), stored.body_digest(),
         case.id),
    )  # fmt: skip
    conn.commit()
    conn.close()
    assert main(["backoffice", "audit", "verify", "--data", str(bo_dir)]) == 1
    out = capsys.readouterr().out
    assert f"case {case.id}" in out and "seal" in out and "changed after signing" in out
    store.close()


def test_enrolment_refuses_a_malformed_public_key(
    closed_bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    code = closed_bo.store.create_enrolment("FS01", "K01")
    with pytest.raises(Rejected) as refused:
        BackofficeClient(closed_bo.url).enrol(code, "FS01", "K01", public_key="x" * 10)
    assert refused.value.status == 422
    data = tmp_path / "device"  # the code was not used up: the real key enrols with it
    assert enrol(BackofficeClient(closed_bo.url), data, code, "FS01", "K01")["device_code"] == "K01"
    assert closed_bo.store.device_keys()[("FS01", "K01")] == [
        DeviceSigner.load_or_create(data).public_text
    ]
