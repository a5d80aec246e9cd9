"""Reusable pieces for the sync and back-office tests (importable by a conftest later).

A small catalog, a fictitious applicant, a helper that builds a submitted
case with one scanned page saved in a LocalStore, fixtures for a real back
office on loopback and a local store, and a tiny HTTP server that answers
whatever it is told (to play a reverse proxy's HTML error pages). No real
personal data anywhere: the applicant is "测试用户" with a computed number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.server
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from backoffice.server import BackgroundBackoffice
from core.case import Case
from core.catalog import Catalog
from core.identity import Gender, Identity, check_digit
from core.intake import start_case, submit_case
from sync.store import LocalStore

APPLICANT_NAME = "测试用户"
_FIRST17 = "44060419900307123"  # 佛山禅城, born 1990-03-07, odd sequence digit: male
APPLICANT_ID = _FIRST17 + check_digit(_FIRST17)

ITEM_CODE = "T001"
# An item the device's (stale) catalog still lists but the back office withdrew:
# a case for it is rejected (422) by the back office and must be quarantined.
WITHDRAWN_ITEM = "T900"


def _item(code: str, name: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "department": "测试局",
        "window_class": "民生",
        "promised_days": 5,
        "statutory_days": 20,
        "materials": [
            {"code": "M01", "name": "居民身份证", "copies": 1},
            {"code": "M02", "name": "证件照片", "deficiency_allowed": True},
        ],
        "form": [
            {"key": "name", "label": "姓名", "prefill": "name"},
            {
                "key": "id_number",
                "label": "身份证号码",
                "type": "id_number",
                "prefill": "id_number",
            },
        ],
    }


DEVICE_CATALOG: dict[str, Any] = {
    "version": "test-1",
    "items": [_item(ITEM_CODE, "测试事项"), _item(WITHDRAWN_ITEM, "已撤销的测试事项")],
}
BACKOFFICE_CATALOG: dict[str, Any] = {"version": "test-1", "items": [_item(ITEM_CODE, "测试事项")]}


def write_catalog(path: Path, catalog: dict[str, Any] = BACKOFFICE_CATALOG) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    return path


def sample_identity() -> Identity:
    return Identity(
        name=APPLICANT_NAME,
        id_number=APPLICANT_ID,
        gender=Gender.MALE,
        birth=dt.date(1990, 3, 7),
        address="广东省佛山市禅城区测试路1号",
    )


def fake_jpeg(tag: str = "") -> bytes:
    """Bytes that start like a JPEG, unique per call (a scanned page stand-in)."""
    body = hashlib.sha256(f"{tag}{time.time_ns()}{os.urandom(8).hex()}".encode()).digest()
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"PAGE-" + body * 64 + b"\xff\xd9"


def make_submitted_case(
    store: LocalStore,
    *,
    item_code: str = ITEM_CODE,
    hall_code: str = "FS01",
    device_code: str = "K01",
    page: bytes | None = None,
    note: str = "",
) -> Case:
    """A submitted (frozen) case with one scanned page saved in ``store``; not yet queued."""
    item = Catalog.model_validate(DEVICE_CATALOG).item(item_code)
    case = start_case(
        item,
        sample_identity(),
        hall_code=hall_code,
        device_code=device_code,
        channel="kiosk",
        actor="citizen",
    )
    ref = store.save_file(page if page is not None else fake_jpeg(), "M01.jpg", "image/jpeg")
    case.add_file("M01", ref)
    if note:
        case.form["note"] = note
    receipt = store.next_receipt_no(hall_code, device_code, dt.date.today())
    return submit_case(case, item, receipt_no=receipt, actor="citizen")


def submit_sample_case(store: LocalStore, **kw: Any) -> Case:
    """make_submitted_case + store.submit_case (case row and outbox entry saved)."""
    case = make_submitted_case(store, **kw)
    store.submit_case(case)
    return case


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
