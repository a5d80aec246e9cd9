"""Resumable uploads: the back office's tus 1.0 server and the device's tuspy client.

Real HTTP on loopback; the protocol checks speak raw requests so they test
the server as any tus client would see it.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import pytest
import requests
import trustme

from backoffice.server import BackgroundBackoffice
from sync.client import BackofficeClient
from sync.errors import Conflict, Offline, Rejected
from sync.store import LocalStore
from sync.upload import upload
from tests import _backoffice_fixture as fx
from tests.faultproxy import Fault, FaultProxy

bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store

TUS = {"Tus-Resumable": "1.0.0"}
FID = "01900000-0000-7000-8000-0000000000f1"


def _meta(**kv: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in kv.items())


def _create(url: str, data: bytes, fid: str = FID, sha: str | None = None) -> requests.Response:
    sha = sha or hashlib.sha256(data).hexdigest()
    return requests.post(
        f"{url}/api/v1/uploads",
        headers={
            **TUS,
            "Upload-Length": str(len(data)),
            "Upload-Metadata": _meta(id=fid, sha256=sha),
        },
        timeout=5,
    )


def _patch(
    url: str, offset: int, chunk: bytes, checksum: str | None = "sha256"
) -> requests.Response:
    headers = {
        **TUS,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
    }
    if checksum:
        digest = hashlib.new(checksum, chunk).digest()
        headers["Upload-Checksum"] = f"{checksum} {base64.b64encode(digest).decode()}"
    return requests.patch(url, data=chunk, headers=headers, timeout=5)


def test_tus_protocol_core_creation_checksum(bo_server: BackgroundBackoffice) -> None:
    base = bo_server.url
    opts = requests.options(f"{base}/api/v1/uploads", timeout=5)
    assert opts.status_code == 204
    assert opts.headers["Tus-Version"] == "1.0.0"
    assert set(opts.headers["Tus-Extension"].split(",")) >= {"creation", "checksum"}
    assert "sha256" in opts.headers["Tus-Checksum-Algorithm"].split(",")

    data = os.urandom(3000)
    # Without Tus-Resumable: 412 and the version the server speaks.
    r = requests.post(f"{base}/api/v1/uploads", headers={"Upload-Length": "3"}, timeout=5)
    assert r.status_code == 412 and r.headers["Tus-Version"] == "1.0.0"
    bad_meta = requests.post(
        f"{base}/api/v1/uploads",
        headers={**TUS, "Upload-Length": "3", "Upload-Metadata": _meta(id="x")},
        timeout=5,
    )
    assert bad_meta.status_code == 400 and "sha256" in bad_meta.json()["error"]

    created = _create(base, data)
    assert created.status_code == 201 and created.headers["Upload-Offset"] == "0"
    loc = base + created.headers["Location"]
    assert loc.endswith(FID)
    head = requests.head(loc, headers=TUS, timeout=5)
    assert head.status_code == 200 and head.headers["Upload-Offset"] == "0"
    assert head.headers["Upload-Length"] == "3000" and head.headers["Cache-Control"] == "no-store"

    first = _patch(loc, 0, data[:1000])
    assert first.status_code == 204 and first.headers["Upload-Offset"] == "1000"
    # Creating again (a lost answer) finds the same upload where it stands.
    again = _create(base, data)
    assert again.status_code == 201 and again.headers["Upload-Offset"] == "1000"
    assert _create(base, data[:10]).status_code == 409  # same id, other length

    stale = _patch(loc, 0, data[:1000])
    assert stale.status_code == 409 and stale.headers["Upload-Offset"] == "1000"
    wrong_type = requests.patch(loc, data=b"x", headers={**TUS, "Upload-Offset": "1000"}, timeout=5)
    assert wrong_type.status_code == 415
    good_sum = base64.b64encode(hashlib.sha256(data[1000:2000]).digest()).decode()
    damaged = requests.patch(
        loc,
        data=bytes([data[1000] ^ 1]) + data[1001:2000],  # one bit flipped on the way
        headers={
            **TUS,
            "Upload-Offset": "1000",
            "Content-Type": "application/offset+octet-stream",
            "Upload-Checksum": f"sha256 {good_sum}",
        },
        timeout=5,
    )
    assert damaged.status_code == 460  # checksum mismatch: nothing kept
    assert requests.head(loc, headers=TUS, timeout=5).headers["Upload-Offset"] == "1000"
    unknown = requests.patch(
        loc,
        data=data[1000:2000],
        headers={
            **TUS,
            "Upload-Offset": "1000",
            "Content-Type": "application/offset+octet-stream",
            "Upload-Checksum": "crc99 AAAA",
        },
        timeout=5,
    )
    assert unknown.status_code == 400 and "crc99" in unknown.json()["error"]
    plain = _patch(loc, 1000, data[1000:2000], checksum=None)
    assert plain.status_code == 204  # no checksum: accepted as it is
    too_much = _patch(loc, 2000, data[2000:] + b"extra")
    assert too_much.status_code == 400
    assert bo_server.store.file_info(FID) is None  # not complete: not a file yet

    last = _patch(loc, 2000, data[2000:], checksum="sha1")
    assert last.status_code == 204 and last.headers["Upload-Offset"] == "3000"
    assert bo_server.store.read_file(FID) == data
    done = requests.head(loc, headers=TUS, timeout=5)
    assert done.headers["Upload-Offset"] == "3000"
    assert _create(base, data).headers["Upload-Offset"] == "3000"
    assert (
        requests.head(f"{base}/api/v1/uploads/{FID[:-1]}0", headers=TUS, timeout=5).status_code
        == 404
    )
    # Nothing of the upload is left in the clear on the back office's disk.
    kept = [p for p in bo_server.data_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".blob" for p in kept)
    for p in kept:
        assert data[:64] not in p.read_bytes()


def test_whole_file_hash_is_checked_before_it_counts(bo_server: BackgroundBackoffice) -> None:
    data = os.urandom(500)
    created = _create(bo_server.url, data, sha="0" * 64)
    loc = bo_server.url + created.headers["Location"]
    r = _patch(loc, 0, data)
    assert r.status_code == 422 and "hash mismatch" in r.json()["error"]
    assert bo_server.store.file_info(FID) is None
    assert requests.head(loc, headers=TUS, timeout=5).status_code == 404  # discarded

    client = BackofficeClient(bo_server.url)
    store = LocalStore(bo_server.data_dir.parent / "dev")
    try:
        with pytest.raises(Rejected, match="hash mismatch"):
            upload(client, store, FID, data, "0" * 64)
        other = os.urandom(500)
        upload(client, store, FID, data, hashlib.sha256(data).hexdigest())
        with pytest.raises(Conflict):  # the id is taken by other content
            upload(client, store, FID, other, hashlib.sha256(other).hexdigest())
    finally:
        store.close()
    assert bo_server.store.read_file(FID) == data


def test_restart_resumes_from_the_stored_offset(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    data = os.urandom(100_000)
    ref = local_store.save_file(data, "big.jpg", "image/jpeg")
    chunk = 16 * 1024
    with FaultProxy("127.0.0.1", bo_server.port) as proxy:
        client = BackofficeClient(proxy.url, timeout_s=3)
        # The first chunk rides on the creation request (creation-with-upload); the
        # link drops in the middle of the fifth chunk.
        proxy.add(Fault("reset", method="PATCH", after_bytes=5000, skip=3))
        with pytest.raises(Offline):
            upload(client, local_store, ref.id, data, ref.sha256, chunk_size=chunk)
        url, offset = local_store.upload_state(ref.id)
        assert url is not None and offset == 4 * chunk
        client.close()

        # "Restart": a new client and a new store object on the same folder.
        store2 = LocalStore(local_store.data_dir)
        try:
            before = proxy.body_bytes["PATCH"] + proxy.body_bytes["POST"]
            client2 = BackofficeClient(proxy.url)
            result = upload(client2, store2, ref.id, data, ref.sha256, chunk_size=chunk)
        finally:
            store2.close()
    assert bo_server.store.read_file(ref.id) == data
    assert result.resumed_from == 4 * chunk and result.sent == len(data) - 4 * chunk
    sent_after = proxy.body_bytes["PATCH"] + proxy.body_bytes["POST"] - before
    assert sent_after == len(data) - 4 * chunk
    assert proxy.count("POST") == 1  # never created twice


def test_tus_upload_over_tls_with_a_private_ca(
    tmp_path: Path, catalog_file: Path, local_store: LocalStore
) -> None:
    ca = trustme.CA()
    pem = tmp_path / "server.pem"
    ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(str(pem))
    ca_pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    data = os.urandom(40_000)
    ref = local_store.save_file(data, "p.jpg", "image/jpeg")
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=catalog_file, ssl_certfile=str(pem), ssl_keyfile=str(pem)
    ) as bo:
        client = BackofficeClient(bo.url, ca_file=str(ca_pem))
        upload(client, local_store, ref.id, data, ref.sha256, chunk_size=16 * 1024)
        client.close()
        assert bo.store.read_file(ref.id) == data


def test_creation_with_upload_counts_only_at_offset_zero(bo_server: BackgroundBackoffice) -> None:
    data = os.urandom(4000)
    sha = hashlib.sha256(data).hexdigest()

    def create_with(body: bytes) -> requests.Response:
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        return requests.post(
            f"{bo_server.url}/api/v1/uploads",
            data=body,
            headers={
                **TUS,
                "Upload-Length": str(len(data)),
                "Upload-Metadata": _meta(id=FID, sha256=sha),
                "Content-Type": "application/offset+octet-stream",
                "Upload-Checksum": f"sha256 {digest}",
            },
            timeout=5,
        )

    first = create_with(data[:1500])
    assert first.status_code == 201 and first.headers["Upload-Offset"] == "1500"
    # The device lost that answer and creates again with the same first bytes.
    again = create_with(data[:1500])
    assert again.status_code == 201 and again.headers["Upload-Offset"] == "1500"
    loc = bo_server.url + first.headers["Location"]
    assert _patch(loc, 1500, data[1500:]).status_code == 204
    assert bo_server.store.read_file(FID) == data
