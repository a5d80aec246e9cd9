"""The storage behind the back office's files and uploads (issue 13 item 2).

Files and tus parts go to one interface (backoffice.store.blobs), addressed by
the SHA-256 of what is kept, fsynced; the database only says which blob is
which. A folder shared by several worker hosts is one setting away, and what
an older version kept in ``files/`` and ``uploads/`` moves in at the next start.
"""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from backoffice.store import BackofficeStore
from backoffice.store.blobs import (
    BLOBS_ENV,
    BlobDamagedError,
    BlobMissingError,
    LocalBlobStore,
)
from tests import _backoffice_fixture as fx

FID = "0190a0a0-0000-7000-8000-0000000000b1"
UID = "0190a0a0-0000-7000-8000-0000000000b2"
REPO = Path(__file__).resolve().parents[1]


def test_a_blob_is_kept_under_its_sha256_and_checks_itself(tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path / "blobs")
    data = os.urandom(5000)
    key = blobs.put(data)
    assert key == hashlib.sha256(data).hexdigest()
    assert blobs.get(key) == data
    assert blobs.put(data) == key  # the same bytes again: the same blob, kept once
    assert list(blobs.all_keys()) == [key]
    path = blobs.path(key)
    damaged = bytearray(path.read_bytes())
    damaged[10] ^= 1
    path.write_bytes(bytes(damaged))
    with pytest.raises(BlobDamagedError):
        blobs.get(key)
    blobs.delete(key)
    with pytest.raises(BlobMissingError):
        blobs.get(key)
    with pytest.raises(ValueError):
        blobs.get("../../etc/passwd")  # a key names a path: only hex SHA-256 is one


def test_the_sweep_keeps_what_is_named_and_young(tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path / "blobs")
    named, unnamed = blobs.put(b"named"), blobs.put(b"unnamed")
    cut_short = blobs.path(named).parent / f".{named}.1.2.x.tmp"
    cut_short.write_bytes(b"half")
    assert blobs.sweep(lambda keys: {named} & set(keys), min_age_s=3600) == 0  # all young
    assert blobs.sweep(lambda keys: {named} & set(keys), min_age_s=0) == 2
    assert blobs.get(named) == b"named"
    assert not blobs.path(unnamed).exists() and not cut_short.exists()


def test_a_kept_file_is_a_sealed_blob_its_row_names(tmp_path: Path, bo_engine: str) -> None:
    data = b"%PDF-1.7 " + os.urandom(3000)
    bo = BackofficeStore(tmp_path / "bo")
    try:
        bo.put_file(FID, data, hashlib.sha256(data).hexdigest())
        (key,) = [r[0] for r in bo._db.execute("SELECT blob FROM files").fetchall()]
        kept = bo._blobs.get(key)
        assert b"%PDF" not in kept  # encrypted at rest
        assert bo.read_file(FID) == data
        assert bo.unnamed_blobs() == 0
    finally:
        bo.close()


def test_upload_parts_are_blobs_until_the_file_is_kept(tmp_path: Path, bo_engine: str) -> None:
    data = os.urandom(9000)
    sha = hashlib.sha256(data).hexdigest()
    bo = BackofficeStore(tmp_path / "bo")
    try:
        bo.create_upload(UID, len(data), sha)
        bo.append_upload(UID, 0, data[:3000])
        bo.append_upload(UID, 3000, data[3000:6000])
        parts = fx.part_blobs(bo, UID)
        assert len(parts) == 2 and all(p.exists() for p in parts)
        assert bo.append_upload(UID, 6000, data[6000:]) == len(data)
        assert not any(p.exists() for p in parts)  # the parts went with the file's commit
        assert fx.uploads_with_parts(bo) == set()
        assert bo.read_file(UID) == data
        assert len(list(bo._blobs.all_keys())) == 1  # only the file
    finally:
        bo.close()


def test_what_an_older_version_kept_moves_into_the_blob_store_at_start(tmp_path: Path) -> None:
    """files/<id>.bin and uploads/<id>.part, as versions before the blob store left them."""
    data, upload = os.urandom(4000), os.urandom(9000)
    bo = BackofficeStore(tmp_path / "bo")
    try:
        bo.put_file(FID, data, hashlib.sha256(data).hexdigest())
        bo.create_upload(UID, len(upload), hashlib.sha256(upload).hexdigest())
        bo.append_upload(UID, 0, upload[:3000])
        bo.append_upload(UID, 3000, upload[3000:6000])
        _as_an_older_version_kept_them(bo, tmp_path / "bo")
        assert bo.read_file(FID) == data  # read where it lies until it moves
    finally:
        bo.close()
    bo = BackofficeStore(tmp_path / "bo")
    bo.sweep_leftovers()  # the server at start
    try:
        assert not list((tmp_path / "bo" / "files").iterdir())
        assert not list((tmp_path / "bo" / "uploads").iterdir())
        assert bo._db.execute("SELECT COUNT(*) FROM files WHERE blob IS NULL").fetchone() == (0,)
        assert bo.read_file(FID) == data
        assert bo.upload_info(UID)["offset"] == 6000
        assert bo.append_upload(UID, 6000, upload[6000:]) == len(upload)
        assert bo.read_file(UID) == upload
        assert bo.unnamed_blobs() == 0
    finally:
        bo.close()


def _as_an_older_version_kept_them(bo: BackofficeStore, data_dir: Path) -> None:
    """Move the file's blob to files/<id>.bin and the upload's parts into one part file."""
    (data_dir / "files").mkdir()
    (data_dir / "uploads").mkdir()
    (key,) = bo._db.execute("SELECT blob FROM files WHERE id = ?", (FID,)).fetchone()
    (data_dir / "files" / f"{FID}.bin").write_bytes(bo._blobs.get(key))
    part_file = b""
    for path in fx.part_blobs(bo, UID):
        sealed = path.read_bytes()
        part_file += struct.pack(">I", len(sealed)) + sealed
    (data_dir / "uploads" / f"{UID}.part").write_bytes(part_file)
    keys = [k for (k,) in bo._db.execute("SELECT blob FROM upload_parts").fetchall()]
    with bo._db.atomic():
        bo._db.execute("UPDATE files SET blob = NULL")
        bo._db.execute("DELETE FROM upload_parts")
        bo._db.execute("UPDATE uploads SET part_bytes = ?", (len(part_file),))
    for k in [key, *keys]:
        bo._blobs.delete(k)


def test_the_blob_folder_is_one_setting_for_every_store_and_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "nfs" / "onewindow-blobs"
    monkeypatch.setenv(BLOBS_ENV, str(shared))
    data = os.urandom(2000)
    bo = BackofficeStore(tmp_path / "bo")
    try:
        bo.put_file(FID, data, hashlib.sha256(data).hexdigest())
    finally:
        bo.close()
    assert len(list(LocalBlobStore(shared).all_keys())) == 1
    assert not (tmp_path / "bo" / "blobs").exists()
    # Another process (another host's worker) on the same database and folder reads it.
    code = (
        "import sys; from pathlib import Path; from backoffice.store import BackofficeStore;"
        f"bo = BackofficeStore(Path({str(tmp_path / 'bo')!r}));"
        f"sys.stdout.write(bo.read_file({FID!r}).hex()); bo.close()"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert bytes.fromhex(out) == data


def test_the_command_line_names_the_blob_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onewindow.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(BLOBS_ENV, "")  # restored after the test: main sets it for its workers
    assert main(["backoffice", "list", "--data", str(tmp_path / "bo"), "--blobs", "b2"]) == 0
    assert Path(os.environ[BLOBS_ENV]) == Path("b2").resolve()  # what its workers inherit
    assert Path("b2").resolve().is_dir() and not (tmp_path / "bo" / "blobs").exists()
