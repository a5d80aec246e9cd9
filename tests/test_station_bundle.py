"""The village station offline for days (issue 16 item 10): the USB bundle.

A device enrolled with a real back office, then cut off from it (its config
points at a closed port), exports its pending outbox as one encrypted,
signed bundle; the back office imports it (twice: each case once, the second
time "already"); the signed answer, taken back to the device, marks those
entries sent through the same outbox functions a network answer uses. A
bundle changed on the way, or signed by another device, is refused whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from backoffice.bundle_import import answer_bytes, import_bundle
from backoffice.catalog import VERSIONS_DIR, CatalogFile, CatalogSource
from backoffice.server import BackgroundBackoffice
from core.bundle import BundleError, bundle_header, open_answer, write_atomically
from core.case_seal import DeviceSigner
from onewindow.cli import main
from sync.bundle import apply_answer, export_bundle
from sync.client import BackofficeClient
from sync.enrol import enrol, load_token
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import submit_sample_case
from wire.records import Evaluation, EvaluationLevel

catalog_file = fx.catalog_file

CLOSED = "http://127.0.0.1:9"  # nothing listens there: the station is offline


@pytest.fixture
def bo(tmp_path: Path, catalog_file: Path, bo_engine: str) -> Iterator[BackgroundBackoffice]:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as b:
        yield b


def _catalog(bo: BackgroundBackoffice, catalog_file: Path) -> CatalogSource:
    return CatalogSource(
        bo.store, CatalogFile(catalog_file, versions_dir=bo.store.data_dir / VERSIONS_DIR)
    )


def _enrol(bo: BackgroundBackoffice, data: Path, device: str = "K01") -> None:
    code = bo.store.create_enrolment("FS01", device)
    enrol(BackofficeClient(bo.url), data, code, "FS01", device)


def _station(bo: BackgroundBackoffice, tmp_path: Path) -> tuple[LocalStore, list[str]]:
    """An enrolled device with two cases and an evaluation waiting, offline."""
    data = tmp_path / "device"
    store = LocalStore(data)
    _enrol(bo, data)
    ids = [submit_sample_case(store).id for _ in range(2)]
    store.submit_record(
        Evaluation(hall_code="FS01", device_code="K01", level=EvaluationLevel.SATISFIED)
    )
    # Offline: the worker finds nobody there, everything stays pending.
    offline = SyncWorker(store, BackofficeClient(CLOSED, token=load_token(data), timeout_s=1))
    assert offline.drain_once().queued == 3
    return store, ids


def _config(tmp_path: Path) -> Path:
    cfg = tmp_path / "device.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path / "device"}"\nhall_code = "FS01"\ndevice_code = "K01"\n'
        f'[backoffice]\nurl = "{CLOSED}"\n',
        encoding="utf-8",
    )
    return cfg


def test_exported_bundle_imported_twice_makes_each_case_once_and_the_answer_marks_sent(
    bo: BackgroundBackoffice, tmp_path: Path, catalog_file: Path, capsys: pytest.CaptureFixture
) -> None:
    store, ids = _station(bo, tmp_path)
    stick = tmp_path / "usb"
    cfg = _config(tmp_path)
    store.close()
    assert main(["--config", str(cfg), "sync", "export", "--to", str(stick)]) == 0
    assert main(["--config", str(cfg), "sync", "export", "--to", str(stick / "again")]) == 0
    [bundle] = stick.glob("FS01-K01-*.owbundle")
    assert not list(stick.glob("*.tmp"))
    blob = bundle.read_bytes()
    # Encrypted: no case id nor any form content in the clear; the header names the sender.
    assert ids[0].encode() not in blob and "申请".encode() not in blob
    header = bundle_header(blob)
    assert (header["hall_code"], header["device_code"], header["entries"]) == ("FS01", "K01", 3)
    store = LocalStore(tmp_path / "device")
    assert store.outbox_counts()["queued"] + store.outbox_counts()["retry"] == 3  # not sent yet

    catalog = _catalog(bo, catalog_file)
    first = import_bundle(bo.store, catalog, blob)
    assert [e["outcome"] for e in first["entries"]] == ["accepted"] * 3
    second = import_bundle(bo.store, catalog, blob)
    assert [e["outcome"] for e in second["entries"]] == ["already"] * 3
    again = import_bundle(
        bo.store, catalog, next((stick / "again").glob("*.owbundle")).read_bytes()
    )
    assert [e["outcome"] for e in again["entries"]] == ["already"] * 3
    for case_id in ids:  # each case once at the back office
        assert bo.store.case_status(case_id) is not None
    assert sum(1 for r in bo.store.list_cases() if r["id"] in ids) == 2

    answer = tmp_path / "answer.owanswer"
    write_atomically(answer, answer_bytes(bo.store, second))
    store.close()
    capsys.readouterr()
    assert main(["--config", str(cfg), "sync", "import-answer", str(answer)]) == 0
    assert "sent 3" in capsys.readouterr().out
    assert main(["--config", str(cfg), "sync", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["counts"]["done"] == 3 and status["last_sync_at"]
    store = LocalStore(tmp_path / "device")
    counts = store.outbox_counts()
    assert counts["done"] == 3 and counts["queued"] + counts["retry"] == 0
    assert store.last_sync_at() is not None
    assert SyncWorker(store, BackofficeClient(CLOSED, timeout_s=1)).status().queued == 0
    # The answer again (or a late one after the network answered): nothing changes.
    assert apply_answer(store, tmp_path / "device", "FS01", "K01", answer.read_bytes()) == {
        "sent": 0,
        "refused": 0,
        "unchanged": 3,
    }
    store.close()


def test_the_back_office_cli_imports_and_writes_the_signed_answer(
    bo: BackgroundBackoffice, tmp_path: Path, catalog_file: Path
) -> None:
    store, ids = _station(bo, tmp_path)
    path, n = export_bundle(store, tmp_path / "device", "FS01", "K01", tmp_path / "usb")
    assert n == 3
    out = tmp_path / "answers"
    args = ["backoffice", "import", str(path), "--data", str(bo.store.data_dir)]
    args += ["--catalog", str(catalog_file), "--answer-to", str(out)]
    assert main(args) == 0
    assert main(args) == 0  # twice: still each case once
    [answer] = out.glob("FS01-K01-*.owanswer")
    doc = open_answer(answer.read_bytes(), bo.store.config_public_key())
    assert {e["outcome"] for e in doc["entries"]} == {"already"}
    assert sum(1 for r in bo.store.list_cases() if r["id"] in ids) == 2
    counts = apply_answer(store, tmp_path / "device", "FS01", "K01", answer.read_bytes())
    assert counts == {"sent": 3, "refused": 0, "unchanged": 0}
    store.close()


def test_the_network_answer_first_then_the_answer_file_changes_nothing(
    bo: BackgroundBackoffice, tmp_path: Path, catalog_file: Path
) -> None:
    store, ids = _station(bo, tmp_path)
    path, _ = export_bundle(store, tmp_path / "device", "FS01", "K01", tmp_path / "usb")
    doc = import_bundle(bo.store, _catalog(bo, catalog_file), path.read_bytes())
    online = SyncWorker(store, BackofficeClient(bo.url, token=load_token(tmp_path / "device")))
    store.make_due(None)
    assert online.drain_once().queued == 0  # the network came back: 200, already there
    assert sum(1 for r in bo.store.list_cases() if r["id"] in ids) == 2
    done_at = store.last_sync_at()
    counts = apply_answer(store, tmp_path / "device", "FS01", "K01", answer_bytes(bo.store, doc))
    assert counts == {"sent": 0, "refused": 0, "unchanged": 3}
    assert store.last_sync_at() == done_at
    store.close()


def test_a_tampered_bundle_is_refused_and_nothing_is_imported(
    bo: BackgroundBackoffice, tmp_path: Path, catalog_file: Path
) -> None:
    store, ids = _station(bo, tmp_path)
    path, _ = export_bundle(store, tmp_path / "device", "FS01", "K01", tmp_path / "usb")
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0x01  # one bit, in the ciphertext
    bad = tmp_path / "bad.owbundle"
    bad.write_bytes(bytes(blob))
    with pytest.raises(BundleError) as refused:
        import_bundle(bo.store, _catalog(bo, catalog_file), bytes(blob))
    assert refused.value.code == "bundle.bad_signature"
    args = ["backoffice", "import", str(bad), "--data", str(bo.store.data_dir)]
    assert main([*args, "--catalog", str(catalog_file)]) == 1
    assert not list(tmp_path.glob("*.owanswer"))
    assert all(bo.store.case_status(i) is None for i in ids)
    store.close()


def test_a_bundle_signed_by_another_device_is_refused(
    bo: BackgroundBackoffice, tmp_path: Path, catalog_file: Path
) -> None:
    store, ids = _station(bo, tmp_path)
    other = tmp_path / "other"
    _enrol(bo, other, "K02")  # enrolled too, but its key is not K01's
    store.signer = DeviceSigner.load_or_create(other)  # K01's cases, signed with K02's key
    path, _ = export_bundle(store, tmp_path / "device", "FS01", "K01", tmp_path / "usb")
    with pytest.raises(BundleError) as refused:
        import_bundle(bo.store, _catalog(bo, catalog_file), path.read_bytes())
    assert refused.value.code == "bundle.unknown_device"
    assert all(bo.store.case_status(i) is None for i in ids)
    store.close()


def test_an_unknown_device_and_a_foreign_answer_are_refused(
    bo: BackgroundBackoffice, tmp_path: Path, catalog_file: Path
) -> None:
    store, _ids = _station(bo, tmp_path)
    path, _ = export_bundle(store, tmp_path / "device", "FS01", "K01", tmp_path / "usb")
    blob = path.read_bytes()
    doc = import_bundle(bo.store, _catalog(bo, catalog_file), blob)
    # An answer not signed by this device's back office changes nothing.
    other_db = f"sqlite:///{tmp_path / 'bo2.db'}"  # its own database, whatever the engine
    with BackgroundBackoffice(
        tmp_path / "bo2", catalog_path=catalog_file, database_url=other_db
    ) as stranger:
        forged = answer_bytes(stranger.store, doc)
        with pytest.raises(BundleError) as refused:
            apply_answer(store, tmp_path / "device", "FS01", "K01", forged)
        assert refused.value.code == "bundle.answer_signature"
        # A back office this device never enrolled with does not know it.
        with pytest.raises(BundleError) as unknown:
            import_bundle(stranger.store, _catalog(stranger, catalog_file), blob)
        assert unknown.value.code == "bundle.unknown_device"
    assert store.outbox_counts()["done"] == 0
    # The answer is no secret but holds no personal data either: ids and outcomes.
    text = json.dumps(doc, ensure_ascii=False)
    assert "申请" not in text and "id_number" not in text
    store.close()


def test_a_refused_entry_is_set_aside_and_a_running_worker_sees_the_answer(
    bo: BackgroundBackoffice, tmp_path: Path, catalog_file: Path
) -> None:
    data = tmp_path / "device"
    store = LocalStore(data)
    _enrol(bo, data)
    good = submit_sample_case(store)
    bad = submit_sample_case(store)
    # The back office already holds other content under the bad case's id: 409 on arrival.
    other = store.get_case(bad.id).model_copy(deep=True)
    other.form["note"] = "另一份内容"
    for ref in (f for m in other.materials for f in m.files):
        bo.store.put_file(ref.id, store.read_file(ref.id), ref.sha256, owner="FS01/K01")
    bo.store.put_case(other)
    worker = SyncWorker(store, BackofficeClient(CLOSED, token=load_token(data), timeout_s=1))
    before = worker.drain_once()
    assert before.queued == 2 and before.last_sync_at is None
    path, _ = export_bundle(store, data, "FS01", "K01", tmp_path / "usb")
    doc = import_bundle(bo.store, _catalog(bo, catalog_file), path.read_bytes())
    outcome = {e["record_id"]: e for e in doc["entries"]}
    assert outcome[good.id]["outcome"] == "accepted"
    assert outcome[bad.id]["outcome"] == "refused"
    assert outcome[bad.id]["status"] == 409 and outcome[bad.id]["reason"]
    assert bo.store.get_case(bad.id).form["note"] == "另一份内容"  # untouched
    counts = apply_answer(store, data, "FS01", "K01", answer_bytes(bo.store, doc))
    assert counts == {"sent": 1, "refused": 1, "unchanged": 0}
    [setaside] = store.entries(("quarantined",))
    assert setaside.record_id == bad.id
    assert setaside.reason.code == "sync_conflict"  # as a 409 over the network says
    # The worker of a running app (it did not settle them itself) sees them too.
    after = worker.status()
    assert (after.queued, after.quarantined) == (0, 1)
    assert after.last_sync_at is not None
    store.close()
