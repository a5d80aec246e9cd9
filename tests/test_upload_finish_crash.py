"""Finishing an upload is atomic (issue 11 item 9).

The back office runs in a child process over real HTTP and dies (``os._exit``)
at the instant an upload's last chunk is being kept; restarted on the same
data folder, the device's sync completes with the case delivered once and its
file intact. A full disk at the last chunk answers 507 (the device retries) and
the same upload completes once space is freed. Uploads an older version left
"complete" without a file are finished or started again, and leftovers swept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from backoffice.app import create_app
from backoffice.store import BackofficeStore, ConflictError
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx

REPO = Path(__file__).resolve().parent.parent
catalog_file = fx.catalog_file


class ChildBackoffice:
    """A back office in a child process (tests._backoffice_child) on a fixed port."""

    def __init__(self, data_dir: Path, catalog: Path, port: int) -> None:
        self.data_dir, self.catalog, self.port = data_dir, catalog, port
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, mode: str = "") -> None:
        args = [str(self.data_dir), str(self.catalog), str(self.port)] + ([mode] if mode else [])
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests._backoffice_child", *args], cwd=REPO
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "the back office child did not start"
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise AssertionError("the back office child did not answer /health")

    def wait_dead(self, timeout: float = 20) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture
def child_bo(tmp_path: Path, catalog_file: Path) -> Iterator[ChildBackoffice]:
    bo = ChildBackoffice(tmp_path / "backoffice", catalog_file, fx.free_port())
    yield bo
    bo.stop()


@pytest.mark.parametrize("mode", ["die-before-keep", "die-after-place"])
def test_a_back_office_killed_while_keeping_the_last_chunk_loses_no_case(
    tmp_path: Path, child_bo: ChildBackoffice, mode: str
) -> None:
    store = LocalStore(tmp_path / "device")
    client = BackofficeClient(child_bo.url, timeout_s=5)
    worker = SyncWorker(store, client, chunk_size=4096, backoff_base_s=0.01, backoff_cap_s=0.02)
    try:
        page = b"\xff\xd8" + os.urandom(20_000) + b"\xff\xd9"  # several chunks
        case = fx.submit_sample_case(store, page=page)
        child_bo.start(mode)
        worker.drain_once()  # the back office dies while it keeps the file
        assert child_bo.wait_dead() == 137
        assert store.outbox_counts()["done"] == 0

        child_bo.start()  # restarted on the same data folder
        fx.drain_until_done(worker)
        child_bo.stop()
        bo = BackofficeStore(child_bo.data_dir)
        try:
            assert fx.assert_all_delivered_once(store, bo) == 1
            assert bo.case_status(case.id) is not None
            assert fx.uploads_with_parts(bo) == set()
            assert bo.unnamed_blobs() == 0  # what the kill left was swept at the restart
            assert not [p for p in bo._blobs.root.rglob("*") if p.name.endswith(".tmp")]
        finally:
            bo.close()
    finally:
        client.close()
        store.close()


def test_an_upload_left_complete_without_its_file_is_finished(tmp_path: Path) -> None:
    """What an older version left after a kill between its two commits."""
    data = os.urandom(30_000)
    sha = hashlib.sha256(data).hexdigest()
    fid = "0190a0a0-0000-7000-8000-00000000000a"
    lost = "0190a0a0-0000-7000-8000-00000000000b"
    bo = BackofficeStore(tmp_path / "bo")
    try:
        for file_id in (fid, lost):
            bo.create_upload(file_id, len(data), sha)
            bo.append_upload(file_id, 0, data[:10_000])
            # The last chunk appended and counted, the file never kept (the old order).
            with bo._lock:
                bo._append_part(file_id, 10_000, data[10_000:])
        # One is found by a HEAD; the other at the next start, with its parts gone.
        info = bo.upload_info(fid)
        assert info == {"length": len(data), "offset": len(data), "sha256": sha, "expires": None}
        assert bo.read_file(fid) == data
        for part in fx.part_blobs(bo, lost):
            part.unlink()
    finally:
        bo.close()
    bo = BackofficeStore(tmp_path / "bo")
    bo.sweep_leftovers()  # what the server does at start
    try:
        row = bo._db.execute('SELECT "offset" FROM uploads WHERE id = ?', (lost,)).fetchone()
        assert row == (0,)
        info = bo.upload_info(lost)
        assert info is not None and (info["length"], info["offset"]) == (len(data), 0)
        assert bo.append_upload(lost, 0, data) == len(data)  # the device sends it again
        assert bo.read_file(lost) == data
    finally:
        bo.close()


def test_leftovers_without_rows_are_swept_at_start(tmp_path: Path) -> None:
    bo = BackofficeStore(tmp_path / "bo")
    data = os.urandom(5000)
    fid = "0190a0a0-0000-7000-8000-00000000000c"
    bo.create_upload(fid, len(data), hashlib.sha256(data).hexdigest())
    bo.append_upload(fid, 0, data[:1000])
    bo.close()
    blobs = tmp_path / "bo" / "blobs"
    unnamed = hashlib.sha256(b"x" * 10).hexdigest()
    stray = [
        blobs / unnamed[:2] / f"{unnamed}.blob",  # kept, its row never committed
        blobs / unnamed[:2] / f".{unnamed}.1.2.3.tmp",  # a write cut short
        tmp_path / "bo" / "uploads" / "0190a0a0-0000-7000-8000-0000000000ff.part",
        tmp_path / "bo" / "files" / "0190a0a0-0000-7000-8000-0000000000fe.bin",
    ]
    for path in stray:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 10)
    # A store opened beside a running server (the CLI's list, enroll) sweeps nothing.
    BackofficeStore(tmp_path / "bo").close()
    assert all(p.exists() for p in stray)
    app = create_app(tmp_path / "bo")  # the server at start
    app.state.store.close()
    bo = BackofficeStore(tmp_path / "bo")
    try:
        assert not any(p.exists() for p in stray)
        assert all(p.exists() for p in fx.part_blobs(bo, fid))  # still counted
        assert bo.append_upload(fid, 1000, data[1000:]) == len(data)
        assert bo.read_file(fid) == data
    finally:
        bo.close()


def _disk_full_child() -> list[str]:
    return [sys.executable, "-m", "tests._upload_disk_full_child"]


@pytest.mark.skipif(
    not (shutil.which("unshare") and hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="needs root and unshare to mount a small tmpfs",
)
def test_disk_full_at_the_last_chunk_answers_507_and_completes_after(tmp_path: Path) -> None:
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    script = f'mount -t tmpfs -o size=2m tmpfs "{mnt}" && exec "$@"'
    r = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", *_disk_full_child(), str(mnt / "bo")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    seen = json.loads(r.stdout.strip().splitlines()[-1])
    assert seen["full_status"] == 507, seen
    assert seen["retry_after"] is not None
    assert seen["put_file_status"] == 507  # PUT /files: the same
    assert seen["head_after_full"] < seen["length"]  # not counted as complete
    assert seen["after_freeing"] == 204 and seen["same_bytes"] is True, seen


def test_damaged_parts_restart_the_upload_instead_of_failing_for_ever(tmp_path: Path) -> None:
    """A part file damaged on disk: the last chunk answers 409 at offset 0 (resend it all)."""
    data = os.urandom(20_000)
    sha = hashlib.sha256(data).hexdigest()
    fid = "0190a0a0-0000-7000-8000-00000000000d"
    bo = BackofficeStore(tmp_path / "bo")
    try:
        bo.create_upload(fid, len(data), sha)
        bo.append_upload(fid, 0, data[:10_000])
        (part,) = fx.part_blobs(bo, fid)
        blob = bytearray(part.read_bytes())
        blob[100] ^= 0xFF
        part.write_bytes(bytes(blob))
        with pytest.raises(ConflictError) as caught:
            bo.append_upload(fid, 10_000, data[10_000:])
        assert caught.value.detail == {"offset": 0}
        assert bo.upload_info(fid)["offset"] == 0
        assert bo.append_upload(fid, 0, data) == len(data)
        assert bo.read_file(fid) == data
    finally:
        bo.close()
