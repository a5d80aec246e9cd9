"""tus to the letter (issue 11 item 8): empty files, and uploads that expire.

An upload with ``Upload-Length: 0`` is complete at creation. Unfinished
uploads expire after a configurable time, announced with the tus
``expiration`` extension (``Upload-Expires``); expired uploads answer 404 and
their parts are removed (on access, at start, after creations). A device
whose half upload expired starts it again and its case is delivered, not
quarantined.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests

from backoffice.app import create_app
from backoffice.server import BackgroundBackoffice
from backoffice.store import BackofficeStore
from onewindow.cli import build_parser
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests.faultproxy import Fault, FaultProxy
from tests.test_sync_tus import TUS, _create, _patch

bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store
FID = "0190a0a0-0000-7000-8000-0000000000e1"
EMPTY_SHA = hashlib.sha256(b"").hexdigest()


def _age(store: BackofficeStore, file_id: str | None = None, hours: float = 100) -> None:
    """Make uploads look untouched for ``hours`` (as if the clock had moved on)."""
    then = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)).isoformat(timespec="milliseconds")
    with store._lock, store._db.atomic():
        if file_id is None:
            store._db.execute("UPDATE uploads SET updated_at = ?", (then,))
        else:
            store._db.execute("UPDATE uploads SET updated_at = ? WHERE id = ?", (then, file_id))


def test_an_empty_file_is_complete_at_creation(bo_server: BackgroundBackoffice) -> None:
    r = _create(bo_server.url, b"", FID)
    assert r.status_code == 201 and r.headers["Upload-Offset"] == "0"
    assert "Upload-Expires" not in r.headers  # nothing left to expire
    head = requests.head(bo_server.url + r.headers["Location"], headers=TUS, timeout=5)
    assert head.status_code == 200
    assert head.headers["Upload-Offset"] == head.headers["Upload-Length"] == "0"
    assert bo_server.store.read_file(FID) == b""
    assert _create(bo_server.url, b"", FID).status_code == 201  # idempotent
    # The empty content must still match the declared hash.
    other = "0190a0a0-0000-7000-8000-0000000000e2"
    bad = _create(bo_server.url, b"", other, sha="0" * 64)
    assert bad.status_code == 422 and "hash mismatch" in bad.json()["error"]
    assert bo_server.store.file_info(other) is None


def test_unfinished_uploads_announce_when_they_expire(bo_server: BackgroundBackoffice) -> None:
    opts = requests.options(f"{bo_server.url}/api/v1/uploads", headers=TUS, timeout=5)
    assert "expiration" in opts.headers["Tus-Extension"].split(",")
    data = os.urandom(9000)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    r = _create(bo_server.url, data, FID)
    url = bo_server.url + r.headers["Location"]
    expires = parsedate_to_datetime(r.headers["Upload-Expires"])
    assert before + dt.timedelta(hours=71) < expires < before + dt.timedelta(hours=73)
    p = _patch(url, 0, data[:4000])
    assert p.status_code == 204 and parsedate_to_datetime(p.headers["Upload-Expires"]) >= expires
    head = requests.head(url, headers=TUS, timeout=5)
    assert "Upload-Expires" in head.headers
    last = _patch(url, 4000, data[4000:])
    assert last.status_code == 204 and "Upload-Expires" not in last.headers


def test_an_expired_upload_is_gone_and_its_parts_removed(bo_server: BackgroundBackoffice) -> None:
    data = os.urandom(9000)
    url = bo_server.url + _create(bo_server.url, data, FID).headers["Location"]
    assert _patch(url, 0, data[:4000]).status_code == 204
    parts = fx.part_blobs(bo_server.store, FID)
    assert parts and all(p.exists() for p in parts)
    _age(bo_server.store, FID)
    assert requests.head(url, headers=TUS, timeout=5).status_code == 404
    assert _patch(url, 4000, data[4000:]).status_code == 404
    assert not any(p.exists() for p in parts)
    assert fx.part_blobs(bo_server.store, FID) == []
    again = _create(bo_server.url, data, FID)  # a new creation starts at 0
    assert again.status_code == 201 and again.headers["Upload-Offset"] == "0"
    assert _patch(url, 0, data).status_code == 204
    assert bo_server.store.read_file(FID) == data


def test_expired_uploads_are_swept_at_start_and_after_creations(tmp_path: Path) -> None:
    ids = [f"0190a0a0-0000-7000-8000-0000000001{i:02d}" for i in range(5)]
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    bo = BackofficeStore(tmp_path / "bo")
    try:
        for fid in ids:
            bo.create_upload(fid, len(data), sha)
            bo.append_upload(fid, 0, data[:1000])
        _age(bo, ids[0])
        _age(bo, ids[1], hours=1)  # not yet
    finally:
        bo.close()
    bo = BackofficeStore(tmp_path / "bo")
    bo.sweep_leftovers()  # at start (create_app)
    try:
        assert fx.uploads_with_parts(bo) == set(ids[1:])
        assert bo.unnamed_blobs() == 0  # the expired one's parts went with it
        second = fx.part_blobs(bo, ids[2])
        _age(bo, ids[2])
        bo.create_upload("0190a0a0-0000-7000-8000-0000000001ff", len(data), sha)
        assert not any(p.exists() for p in second)  # after a creation
        assert fx.uploads_with_parts(bo) == {ids[1], ids[3], ids[4]}
        assert bo.upload_info(ids[1]) is not None and bo.upload_info(ids[3]) is not None
    finally:
        bo.close()
    short = BackofficeStore(tmp_path / "bo", upload_expiry=dt.timedelta(minutes=30))
    try:
        assert short.upload_info(ids[1]) is None  # 1 h old, expiry 30 min
        assert short.upload_info(ids[3]) is not None
    finally:
        short.close()


def test_the_expiry_is_configurable(tmp_path: Path) -> None:
    app = create_app(tmp_path / "bo", upload_expiry_hours=5)
    try:
        assert app.state.store.upload_expiry == dt.timedelta(hours=5)
    finally:
        app.state.store.close()
    args = build_parser().parse_args(["backoffice", "serve", "--upload-expiry-hours", "12"])
    assert args.upload_expiry_hours == 12.0
    assert build_parser().parse_args(["backoffice"]).upload_expiry_hours == 72.0


def test_a_device_whose_half_upload_expired_starts_again(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case = fx.submit_sample_case(local_store, page=b"\xff\xd8" + os.urandom(40_000) + b"\xff\xd9")
    ref = case.materials[0].files[0]
    with FaultProxy("127.0.0.1", bo_server.port) as proxy:
        client = BackofficeClient(proxy.url, timeout_s=3)
        worker = SyncWorker(
            local_store, client, chunk_size=8192, backoff_base_s=0.01, backoff_cap_s=0.02
        )
        try:
            proxy.add(Fault("reset", method="PATCH", after_bytes=1000, skip=2))
            worker.drain_once()  # the link drops in the middle of the upload
            assert local_store.upload_state(ref.id)[1] > 0
            assert bo_server.store.upload_info(ref.id) is not None
            _age(bo_server.store)  # the device stayed away past the expiry
            proxy.clear()
            fx.drain_until_done(worker)
        finally:
            client.close()
    assert fx.assert_all_delivered_once(local_store, bo_server.store) == 1
    assert local_store.outbox_counts().get("quarantined", 0) == 0


def test_a_device_that_comes_back_keeps_its_upload_alive(bo_server: BackgroundBackoffice) -> None:
    data = os.urandom(9000)
    url = bo_server.url + _create(bo_server.url, data, FID).headers["Location"]
    assert _patch(url, 0, data[:4000]).status_code == 204
    _age(bo_server.store, FID, hours=71)  # an hour before it would expire
    again = _create(bo_server.url, data, FID)  # the device lost the URL and creates again
    assert again.status_code == 201 and again.headers["Upload-Offset"] == "4000"
    expires = parsedate_to_datetime(again.headers["Upload-Expires"])
    assert expires > dt.datetime.now(dt.UTC) + dt.timedelta(hours=71)
    head = requests.head(url, headers=TUS, timeout=5)  # HEAD says the same time
    assert abs(parsedate_to_datetime(head.headers["Upload-Expires"]) - expires).total_seconds() < 2
