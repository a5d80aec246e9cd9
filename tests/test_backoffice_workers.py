"""Many workers, no shared memory (issue 13 item 2).

Real ``onewindow backoffice serve`` processes on one data folder: one tus
upload whose chunks go alternately to two of them, its case put through the
second and read back from the first; and ``--workers 2`` serving a device's
whole queue exactly once.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests._backoffice_fixture import make_submitted_case, wait_healthy, write_catalog

REPO = Path(__file__).resolve().parent.parent
TUS = {"Tus-Resumable": "1.0.0"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(data: Path, catalog: Path, *extra: str) -> Iterator[str]:
    """``onewindow backoffice serve`` in a child process; its URL once /health answers."""
    port = _free_port()
    command = [sys.executable, "-m", "onewindow", "backoffice", "serve", "--data", str(data)]
    proc = subprocess.Popen(
        [*command, "--port", str(port), "--catalog", str(catalog), "--open", *extra],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.integration
def test_one_upload_alternating_between_two_server_processes(tmp_path: Path) -> None:
    data, catalog = tmp_path / "bo", write_catalog(tmp_path / "catalog.json")
    device = LocalStore(tmp_path / "device")
    body = os.urandom(300_000)
    case = make_submitted_case(device, page=body)
    ref = case.materials[0].files[0]
    chunks = [body[i : i + 64 * 1024] for i in range(0, len(body), 64 * 1024)]
    with serving(data, catalog) as one, serving(data, catalog) as two:
        urls = [one, two]
        created = requests.post(
            one + "/api/v1/uploads",
            headers={
                **TUS,
                "Upload-Length": str(len(body)),
                "Upload-Metadata": f"id {_b64(ref.id)},sha256 {_b64(ref.sha256)}",
            },
            timeout=10,
        )
        assert created.status_code == 201, created.text
        offset = 0
        for i, chunk in enumerate(chunks):
            url = urls[(i + 1) % 2]  # the first chunk goes to the process that did not create
            head = requests.head(f"{url}/api/v1/uploads/{ref.id}", headers=TUS, timeout=10)
            assert int(head.headers["Upload-Offset"]) == offset  # the other's chunk is seen
            answer = requests.patch(
                f"{url}/api/v1/uploads/{ref.id}",
                data=chunk,
                headers={
                    **TUS,
                    "Content-Type": "application/offset+octet-stream",
                    "Upload-Offset": str(offset),
                    "Upload-Checksum": "sha256 "
                    + base64.b64encode(hashlib.sha256(chunk).digest()).decode(),
                },
                timeout=10,
            )
            assert answer.status_code == 204, answer.text
            offset = int(answer.headers["Upload-Offset"])
        assert offset == len(body)
        # The case goes to the second process; the first one knows it.
        put = requests.put(
            f"{two}/api/v1/cases/{case.id}",
            data=case.model_dump_json(),
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert put.status_code in (200, 201), put.text
        again = requests.put(
            f"{one}/api/v1/cases/{case.id}",
            data=case.model_dump_json(),
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert again.status_code == 200 and again.json() == put.json()
        listed = requests.get(f"{one}/api/v1/cases", timeout=10).json()
        assert [row["id"] for row in listed] == [case.id]
    device.close()


@pytest.mark.integration
def test_two_workers_take_a_device_queue_exactly_once(tmp_path: Path) -> None:
    data, catalog = tmp_path / "bo", write_catalog(tmp_path / "catalog.json")
    device = LocalStore(tmp_path / "device")
    cases = [make_submitted_case(device, page=os.urandom(50_000)) for _ in range(6)]
    for case in cases:
        device.submit_case(case)
    with serving(data, catalog, "--workers", "2") as url:
        worker = SyncWorker(device, BackofficeClient(url, timeout_s=30), chunk_size=32 * 1024)
        while worker.drain_once().queued:
            device.make_due(None)
        listed = requests.get(f"{url}/api/v1/cases?limit=100", timeout=10).json()
        pids = _worker_pids(url)
    assert sorted(row["id"] for row in listed) == sorted(c.id for c in cases)
    assert len(pids) == 2, pids  # two worker processes under the server
    device.close()


def _worker_pids(url: str) -> set[int]:
    """The uvicorn worker processes listening for ``url``: children of its server process."""
    port = url.rsplit(":", 1)[1]
    out = subprocess.run(
        ["ps", "-ww", "-eo", "pid,ppid,args"], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split(None, 2) for line in out.splitlines()[1:]]
    parents = {int(pid) for pid, _ppid, args in rows if f"--port {port}" in args}
    return {int(pid) for pid, ppid, args in rows if int(ppid) in parents and "spawn_main" in args}


def test_a_second_server_sweeps_only_old_leftovers(tmp_path: Path) -> None:
    """While another process serves the folder, its fresh temporary files survive a start."""
    from backoffice.app import create_app
    from backoffice.serving_lock import BUSY_MIN_AGE_S, ServingLock

    data = tmp_path / "bo"
    create_app(data).state.serving_lock.close()  # the folder exists
    (data / "blobs" / "ab").mkdir()
    fresh, old = data / "blobs" / "ab" / ".ab1.tmp", data / "blobs" / "ab" / ".ab2.tmp"
    fresh.write_bytes(b"being written by the other server")
    old.write_bytes(b"left by a crash long ago")
    past = time.time() - BUSY_MIN_AGE_S - 60
    os.utime(old, (past, past))
    other = ServingLock(data)  # another server (its own open file: flock treats it as another)
    other.share()
    app = create_app(data)
    assert fresh.exists() and not old.exists()
    app.state.serving_lock.close()
    app.state.store.close()
    other.close()
    app = create_app(data)  # alone now: every leftover goes
    assert not fresh.exists()
    app.state.serving_lock.close()
    app.state.store.close()


def test_refused_sign_ins_count_across_workers(tmp_path: Path) -> None:
    """The failed-attempt limit lives in the database: two servers on one data folder and
    database (two workers) share it, so splitting the guesses between them gains nothing."""
    from backoffice.server import BackgroundBackoffice

    data = tmp_path / "bo"
    with BackgroundBackoffice(data) as one, BackgroundBackoffice(data) as two:
        one.store.add_staff("ann", "测试人员", "clerk", "correct horse battery staple")
        answers = [
            requests.post(
                f"{url}/api/v1/staff/sign-in",
                json={"login": "ann", "password": "wrong guess"},
                timeout=10,
            ).status_code
            for url in [one.url, two.url] * 5
        ]
        assert answers == [401] * 10
        for url in (one.url, two.url):
            limited = requests.post(
                f"{url}/api/v1/staff/sign-in",
                json={"login": "ann", "password": "correct horse battery staple"},
                timeout=10,
            )
            assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
