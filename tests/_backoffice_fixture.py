"""Reusable pieces for the sync and back-office tests (importable by a conftest later).

Fixtures for a real back office on loopback and a local store, and a tiny HTTP
server that answers whatever it is told (to play a reverse proxy's HTML error
pages); the small catalog, the fictitious applicant and the submitted-case
helpers are tests/_sample_case.py's, named here too. No real personal data
anywhere: the applicant is "测试用户" with a computed number.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from backoffice.server import BackgroundBackoffice
from sync.store import LocalStore
from tests._sample_case import APPLICANT_ID as APPLICANT_ID
from tests._sample_case import APPLICANT_NAME as APPLICANT_NAME
from tests._sample_case import BACKOFFICE_CATALOG as BACKOFFICE_CATALOG
from tests._sample_case import DEVICE_CATALOG as DEVICE_CATALOG
from tests._sample_case import ITEM_CODE as ITEM_CODE
from tests._sample_case import WITHDRAWN_ITEM as WITHDRAWN_ITEM
from tests._sample_case import catalog_item as catalog_item
from tests._sample_case import fake_jpeg as fake_jpeg
from tests._sample_case import make_submitted_case as make_submitted_case
from tests._sample_case import sample_identity as sample_identity
from tests._sample_case import submit_sample_case as submit_sample_case
from tests._sample_case import write_catalog as write_catalog


def part_blobs(store: Any, file_id: str) -> list[Path]:
    """Where an upload's parts lie in a back office's local blob store (in offset order)."""
    rows = store._db.execute(
        "SELECT blob FROM upload_parts WHERE upload_id = ? ORDER BY at", (file_id,)
    ).fetchall()
    return [store._blobs.path(r[0]) for r in rows]


def uploads_with_parts(store: Any) -> set[str]:
    """The ids of uploads that have parts kept."""
    rows = store._db.execute("SELECT DISTINCT upload_id FROM upload_parts").fetchall()
    return {r[0] for r in rows}


def wait_until(cond: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def wait_healthy(url: str, proc: Any, timeout_s: float = 60.0) -> None:
    """Wait until the back office at ``url`` (run by subprocess ``proc``) answers /health;
    RuntimeError (with its stderr when piped) when it exits or takes longer."""
    import requests

    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(requests.RequestException):
            if requests.get(url + "/health", timeout=1).status_code == 200:
                return
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if getattr(proc, "stderr", None) else ""
            raise RuntimeError(f"the back office exited before it answered: {err[-2000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the back office did not answer /health within {timeout_s} s")
        time.sleep(0.05)


def free_port() -> int:
    """A loopback port nobody listens on (right now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StaticReplyServer:
    """A loopback HTTP server answering every request with one fixed reply.

    Plays what sits in front of a real back office (a reverse proxy's HTML
    error page, a captive portal). ``reply`` may be changed while it runs.
    """

    def __init__(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.reply = (status, body, headers or {"Content-Type": "text/html; charset=utf-8"})
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, body, headers = outer.reply
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticReplyServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# ------------------------------------------------------------------ fixtures


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    """The back office's catalog (T001 only)."""
    return write_catalog(tmp_path / "bo-catalog.json")


@pytest.fixture
def bo_server(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    """A real back office over HTTP on loopback, with the test catalog."""
    with BackgroundBackoffice(tmp_path / "backoffice", catalog_path=catalog_file) as bo:
        yield bo


@pytest.fixture
def local_store(tmp_path: Path) -> Iterator[LocalStore]:
    """A device's local store in a fresh data folder."""
    store = LocalStore(tmp_path / "device")
    yield store
    store.close()


def assert_all_delivered_once(store: LocalStore, bo_store: Any) -> int:
    """Every case of the device is at the back office exactly once, with the same content
    and every file byte-identical (hash checked); returns how many cases."""
    cases = store.list_cases(limit=10_000)
    held = bo_store.list_cases(limit=1000)
    ids = [r["id"] for r in held]
    assert len(ids) == len(set(ids)), "a case is stored twice at the back office"
    receipts = [r["receipt_no"] for r in held]
    assert len(receipts) == len(set(receipts)), "a receipt number is used twice"
    assert {c.id for c in cases} == set(ids), "lost or extra cases"
    for case in cases:
        at_bo = bo_store.get_case(case.id)
        assert at_bo is not None and at_bo.body_digest() == case.body_digest()
        assert at_bo.receipt_no == case.receipt_no and at_bo.verify_trail()
        for m in case.materials:
            for ref in m.files:
                data = bo_store.read_file(ref.id)
                assert hashlib.sha256(data).hexdigest() == ref.sha256
                assert data == store.read_file(ref.id)
    assert store.outbox_counts()["done"] >= len(cases)
    return len(cases)


def drain_until_done(worker: Any, timeout: float = 20.0) -> Any:
    """Drain repeatedly, making waiting entries due at once (tests do not sit out backoff)."""
    deadline = time.monotonic() + timeout
    while True:
        worker.store.make_due(None)
        worker.store.requeue_interrupted()
        st = worker.drain_once()
        if st.queued == 0:
            return st
        if time.monotonic() > deadline:
            raise AssertionError(f"outbox not drained: {worker.store.outbox_counts()}")
        time.sleep(0.02)
