"""Strict parsing at the edges: numbers, ids and tus headers that only look valid.

Real HTTP on loopback against the reference back office (no tokens), and the
device's local store. Each case once answered 500 or stored a file whose name
ends in a newline.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import threading
from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from backoffice.store import InvalidError
from core.errors import StorageError
from sync.client import BackofficeClient, parse_retry_after
from sync.errors import SyncError
from sync.store import LocalStore
from sync.upload import upload
from tests import _backoffice_fixture as fx

bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store

TUS = {"Tus-Resumable": "1.0.0"}
FID = "01900000-0000-7000-8000-0000000000a1"
TOO_BIG = str(2**63)
OCTETS = "application/offset+octet-stream"


def _meta(**kv: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in kv.items())


def _names_with_newline(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if "\n" in p.name or "\r" in p.name]


@pytest.mark.parametrize(
    ("path", "param"), [("/api/v1/cases", "offset"), ("/api/v1/status", "cursor")]
)
@pytest.mark.parametrize("value", [TOO_BIG, str(2**64), "9" * 40])
def test_huge_offsets_and_cursors_are_422(
    bo_server: BackgroundBackoffice, path: str, param: str, value: str
) -> None:
    r = requests.get(f"{bo_server.url}{path}", params={param: value}, timeout=5)
    assert r.status_code == 422
    ok = requests.get(f"{bo_server.url}{path}", params={param: str(2**63 - 1)}, timeout=5)
    assert ok.status_code == 200


def _create(url: str, length: str, fid: str = FID) -> requests.Response:
    return requests.post(
        f"{url}/api/v1/uploads",
        headers={
            **TUS,
            "Upload-Length": length,
            "Upload-Metadata": _meta(id=fid, sha256=hashlib.sha256(b"abc").hexdigest()),
        },
        timeout=5,
    )


# Header values travel as Latin-1: "²", "³" and "¹" are the str.isdigit() ones there.
@pytest.mark.parametrize("value", ["²", "3³", "¹", "+3", "-3", "0x3", "", TOO_BIG, "9" * 40])
def test_tus_upload_length_must_be_ascii_decimal(
    bo_server: BackgroundBackoffice, value: str
) -> None:
    r = _create(bo_server.url, value)
    assert r.status_code == 400, (value, r.status_code, r.text)


@pytest.mark.parametrize("value", ["²", "0¹", "-1", "0x0", TOO_BIG, "9" * 40])
def test_tus_upload_offset_must_be_ascii_decimal(
    bo_server: BackgroundBackoffice, value: str
) -> None:
    assert _create(bo_server.url, "3").status_code == 201
    r = requests.patch(
        f"{bo_server.url}/api/v1/uploads/{FID}",
        data=b"abc",
        headers={
            **TUS,
            "Upload-Offset": value,
            "Content-Type": OCTETS,
        },
        timeout=5,
    )
    assert r.status_code == 400, (value, r.status_code, r.text)


def test_upload_id_with_a_trailing_newline_stores_nothing(
    bo_server: BackgroundBackoffice,
) -> None:
    created = _create(bo_server.url, "3", fid=FID + "\n")
    assert created.status_code == 400
    for method in ("head", "patch"):
        r = requests.request(
            method,
            f"{bo_server.url}/api/v1/uploads/{FID}%0A",
            data=b"abc",
            headers={
                **TUS,
                "Upload-Offset": "0",
                "Content-Type": OCTETS,
            },
            timeout=5,
        )
        assert r.status_code in (400, 404, 422)
    put = requests.put(
        f"{bo_server.url}/api/v1/files/{FID}%0A",
        data=b"abc",
        headers={"X-Content-SHA256": hashlib.sha256(b"abc").hexdigest()},
        timeout=5,
    )
    assert put.status_code in (400, 404, 422)
    assert _names_with_newline(bo_server.data_dir) == []


def test_sha_with_a_trailing_newline_is_refused(bo_server: BackgroundBackoffice) -> None:
    # Header values cannot carry "\n", but Upload-Metadata is base64 and can.
    r = requests.post(
        f"{bo_server.url}/api/v1/uploads",
        headers={
            **TUS,
            "Upload-Length": "3",
            "Upload-Metadata": _meta(id=FID, sha256=hashlib.sha256(b"abc").hexdigest() + "\n"),
        },
        timeout=5,
    )
    assert r.status_code == 400


def test_backoffice_store_refuses_an_id_with_a_newline(bo_server: BackgroundBackoffice) -> None:
    store = bo_server.store
    with pytest.raises(InvalidError):
        store.put_file(FID + "\n", b"abc", hashlib.sha256(b"abc").hexdigest())
    with pytest.raises(InvalidError):
        store.create_upload(FID + "\n", 3, hashlib.sha256(b"abc").hexdigest())
    assert _names_with_newline(bo_server.data_dir) == []


def test_device_store_refuses_an_id_with_a_trailing_newline(local_store: LocalStore) -> None:
    ref = local_store.save_file(b"page", "p1.jpg", "image/jpeg")
    assert local_store.read_file(ref.id) == b"page"
    with pytest.raises(StorageError):
        local_store.read_file(ref.id + "\n")
    with pytest.raises(StorageError):
        local_store.discard_file(ref.id + "\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("42", 42), ("007", 7), (str(2**63 - 1), 2**63 - 1)],
)
def test_ascii_int_accepts_plain_decimals(text: str, expected: int) -> None:
    from core.strict import ascii_int

    assert ascii_int(text) == expected


@pytest.mark.parametrize(
    "text", [None, "", "²", "３", "٣", "-1", "+1", " 1", "1 ", "1\n", "1_000", "0x1", TOO_BIG]
)
def test_ascii_int_refuses_everything_else(text: str | None) -> None:
    from core.strict import ascii_int

    assert ascii_int(text) is None


class _TusLiar:
    """A tus server on loopback whose PATCH answers an Upload-Offset of "²". Test thread."""

    def __init__(self, patch_offset: str) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def _reply(self, status: int, headers: dict[str, str]) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(status)
                for k, v in {"Tus-Resumable": "1.0.0", **headers}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_OPTIONS(self) -> None:
                self._reply(204, {"Tus-Extension": "creation,checksum"})

            def do_POST(self) -> None:
                self._reply(201, {"Location": f"/api/v1/uploads/{FID}", "Upload-Offset": "0"})

            def do_PATCH(self) -> None:
                self._reply(204, {"Upload-Offset": patch_offset})

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> _TusLiar:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.mark.parametrize("offset", ["²", "-1", TOO_BIG])
def test_device_client_refuses_a_non_decimal_upload_offset(
    local_store: LocalStore, offset: str
) -> None:
    ref = local_store.save_file(b"page", "p1.jpg", "image/jpeg")
    sha = hashlib.sha256(b"page").hexdigest()
    with _TusLiar(offset) as srv, pytest.raises(SyncError):
        upload(BackofficeClient(srv.url), local_store, ref.id, b"page", sha)


@pytest.mark.parametrize("value", ["²", "1²", "٣"])
def test_retry_after_with_unicode_digits_is_ignored(value: str) -> None:
    assert parse_retry_after(value) is None
