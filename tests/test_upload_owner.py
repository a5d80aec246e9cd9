"""Uploads have an owner (issue 11 item 4).

An upload, and the file it becomes, belongs to the device that created it:
to another device it does not exist (404 on HEAD, PATCH, POST under its id and
PUT /files), the owner's upload is never disturbed, and a case counts only
the files its sender uploaded. Over real HTTP, enrolled devices.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from backoffice.store import BackofficeStore
from sync.client import BackofficeClient
from sync.store import LocalStore
from tests import _backoffice_fixture as fx

catalog_file = fx.catalog_file
FID = "0190a0a0-0000-7000-8000-0000000000a1"
TUS = {"Tus-Resumable": "1.0.0"}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _token(bo: BackgroundBackoffice, device: str) -> str:
    return bo.store.enrol(bo.store.create_enrolment("FS01", device), "FS01", device)["token"]


@pytest.fixture
def closed_bo(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=catalog_file, open_access=False, tokens={"shared-op"}
    ) as bo:
        yield bo


def _create(bo: BackgroundBackoffice, token: str, data: bytes, fid: str = FID) -> requests.Response:
    sha = hashlib.sha256(data).hexdigest()
    return requests.post(
        f"{bo.url}/api/v1/uploads",
        headers={
            **TUS,
            "Authorization": f"Bearer {token}",
            "Upload-Length": str(len(data)),
            "Upload-Metadata": f"id {_b64(fid)},sha256 {_b64(sha)}",
        },
        timeout=5,
    )


def _patch(url: str, token: str, offset: int, body: bytes) -> requests.Response:
    return requests.patch(
        url,
        data=body,
        headers={
            **TUS,
            "Authorization": f"Bearer {token}",
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
        },
        timeout=5,
    )


def _head(url: str, token: str) -> requests.Response:
    return requests.head(url, headers={**TUS, "Authorization": f"Bearer {token}"}, timeout=5)


def test_another_device_finds_no_upload_and_cannot_disturb_it(
    closed_bo: BackgroundBackoffice,
) -> None:
    k01, k02 = _token(closed_bo, "K01"), _token(closed_bo, "K02")
    data = os.urandom(20_000)
    created = _create(closed_bo, k01, data)
    assert created.status_code == 201
    url = closed_bo.url + created.headers["Location"]
    assert _patch(url, k01, 0, data[:5000]).status_code == 204

    assert _head(url, k02).status_code == 404
    assert _patch(url, k02, 5000, b"garbage" * 100).status_code == 404
    again = _create(closed_bo, k02, data)  # the same id, length and hash: still 404
    assert again.status_code == 404 and "Location" not in again.headers
    assert _create(closed_bo, k02, os.urandom(100)).status_code == 404  # never 409
    # Callers without a device identity (a shared token) are "no device": not K01.
    assert _head(url, "shared-op").status_code == 404

    head = _head(url, k01)  # the owner's upload is untouched
    assert head.status_code == 200 and head.headers["Upload-Offset"] == "5000"
    assert _patch(url, k01, 5000, data[5000:]).status_code == 204
    assert closed_bo.store.read_file(FID) == data

    # Finished, it is still K01's alone.
    assert _head(url, k02).status_code == 404
    assert _patch(url, k02, 20_000, b"").status_code == 404
    assert _create(closed_bo, k02, data).status_code == 404
    sha = hashlib.sha256(data).hexdigest()
    put = requests.put(
        f"{closed_bo.url}/api/v1/files/{FID}",
        data=data,
        headers={"Authorization": f"Bearer {k02}", "X-Content-SHA256": sha},
        timeout=5,
    )
    assert put.status_code == 404
    assert _head(url, k01).headers["Upload-Offset"] == str(len(data))


def test_put_files_and_shared_token_uploads_have_owners(closed_bo: BackgroundBackoffice) -> None:
    k01 = _token(closed_bo, "K01")
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    fid = "0190a0a0-0000-7000-8000-0000000000a2"

    def put(token: str) -> int:
        return requests.put(
            f"{closed_bo.url}/api/v1/files/{fid}",
            data=data,
            headers={"Authorization": f"Bearer {token}", "X-Content-SHA256": sha},
            timeout=5,
        ).status_code

    assert put("shared-op") == 201
    assert put("shared-op") == 200  # the same caller again
    assert put(k01) == 404
    url = f"{closed_bo.url}/api/v1/uploads/{fid}"
    assert _head(url, k01).status_code == 404
    assert _head(url, "shared-op").status_code == 200


def test_a_case_counts_only_the_senders_files(
    closed_bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    k01, k02 = _token(closed_bo, "K01"), _token(closed_bo, "K02")
    store = LocalStore(tmp_path / "dev")
    try:
        case = fx.make_submitted_case(store, device_code="K02")
        ref = case.materials[0].files[0]
        # K01 uploads the file K02's case names (K02 never did).
        client01 = BackofficeClient(closed_bo.url, token=k01)
        client01.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
        client01.close()
        r = requests.put(
            f"{closed_bo.url}/api/v1/cases/{case.id}",
            json=case.body(),
            headers={"Authorization": f"Bearer {k02}"},
            timeout=5,
        )
        assert r.status_code == 422 and r.json()["detail"]["missing_files"] == [ref.id]
    finally:
        store.close()


def test_rows_from_before_owners_stay_open_to_all(tmp_path: Path) -> None:
    """A file or upload kept before the migration (owner NULL) is still usable."""
    data = os.urandom(4000)
    sha = hashlib.sha256(data).hexdigest()
    bo = BackofficeStore(tmp_path / "bo")
    try:
        bo.create_upload(FID, len(data), sha, owner="FS01/K01")
        bo.append_upload(FID, 0, data[:1000], owner="FS01/K01")
        with bo._db.atomic():
            bo._db.execute("UPDATE uploads SET owner = NULL")
        assert bo.upload_info(FID, "FS01/K09") is not None
        assert bo.append_upload(FID, 1000, data[1000:], owner="FS01/K09") == len(data)
        assert bo.upload_info(FID, "") is not None  # still NULL: open to all
        assert bo.upload_info(FID, "FS01/K01") == {
            "length": len(data),
            "offset": len(data),
            "sha256": sha,
            "expires": None,
        }
    finally:
        bo.close()


def test_a_supplement_counts_only_the_senders_files(tmp_path: Path) -> None:
    """A supplement, like a case, may name only files its own device uploaded."""
    from backoffice.store import InvalidError
    from wire.records import Supplement, SupplementMaterial

    bo = BackofficeStore(tmp_path / "bo")
    local = LocalStore(tmp_path / "dev")
    try:
        case = fx.make_submitted_case(local, device_code="K01")
        for ref in case.materials[0].files:
            bo.put_file(ref.id, local.read_file(ref.id), ref.sha256, owner="FS01/K01")
        bo.put_case(case)
        page = os.urandom(3000)
        fid = "0190a0a0-0000-7000-8000-0000000000b2"
        sha = hashlib.sha256(page).hexdigest()
        bo.put_file(fid, page, sha, owner="FS01/K02")  # another device's upload
        ref = type(case.materials[0].files[0])(id=fid, sha256=sha, size=len(page), name="p.jpg")
        sup = Supplement(
            case_id=case.id,
            receipt_no=case.receipt_no,
            hall_code="FS01",
            device_code="K01",
            actor="C0012",
            materials=[SupplementMaterial(code="M02", name="证件照片", files=[ref])],
        )
        with pytest.raises(InvalidError) as err:
            bo.put_record(sup)
        assert err.value.detail == {"missing_files": [fid]}
    finally:
        local.close()
        bo.close()
