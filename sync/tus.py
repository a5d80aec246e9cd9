"""tuspy's pieces adapted to the device: resumption key, URL storage, requests.

``TusUpload`` is tuspy's ``Uploader`` with every HTTP call sent through the
device's ``BackofficeClient`` and SHA-256 chunk checksums; ``StoreUrls``
keeps upload URLs in the local store; ``ByFileId`` resumes by the file's
client id. sync/upload.py drives them and says why each is replaced. This
module imports tuspy (and with it aiohttp), so only ``upload`` imports it,
when the first file goes out. The thread that calls ``upload`` uses them.
"""

from __future__ import annotations

import base64
import hashlib
import io
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urljoin

from tusclient.client import TusClient
from tusclient.fingerprint.interface import Fingerprint
from tusclient.request import TusRequest
from tusclient.storage.interface import Storage
from tusclient.uploader import Uploader

from core.strict import ascii_int
from sync.errors import SyncError

if TYPE_CHECKING:
    from sync.client import BackofficeClient
    from sync.store import LocalStore

__all__ = ["UPLOADS_PATH", "ByFileId", "StoreUrls", "TusClient", "TusUpload"]

UPLOADS_PATH = "/api/v1/uploads"


class ByFileId(Fingerprint):
    """Resumption key: the file's client id (tuspy would hash the bytes)."""

    def __init__(self, file_id: str) -> None:
        self.file_id = file_id

    def get_fingerprint(self, fs: IO) -> str:
        return self.file_id


class StoreUrls(Storage):
    """tuspy's URL storage, kept in the device's local store next to the file row."""

    def __init__(self, store: LocalStore, base_url: str) -> None:
        self.store = store
        self.base_url = base_url
        self.pending: str | None = None

    def get_item(self, key: str) -> str | None:
        url, _offset = self.store.upload_state(key)
        # An upload made on another back office (the device was re-pointed) is not resumed.
        return url if url and url.startswith(self.base_url + "/") else None

    def set_item(self, key: str, value: str) -> None:
        # Kept with the first confirmed offset (one commit, see ``upload``): creation is
        # idempotent by file id, so a crash before that commit only means one more POST.
        self.pending = value

    def remove_item(self, key: str) -> None:
        self.store.set_upload_url(key, None)


class Patch(TusRequest):
    """One PATCH of tuspy's chunk loop, sent through the device's BackofficeClient."""

    def perform(self) -> None:
        up: TusUpload = self._uploader
        chunk = self.file.read(self._content_length)
        self.add_checksum(chunk)
        up.sent += len(chunk)
        resp = up.http.request(
            "PATCH",
            self._url,
            data=chunk,
            headers=self._request_headers,
            read_timeout=max(up.http.timeout_s, len(chunk) / 50_000),
        )
        self.status_code = resp.status_code
        self.response_content = resp.content
        self.response_headers = {k.lower(): v for k, v in resp.headers.items()}
        # tuspy does int() on it next; "²" passes isdigit() and then raises ValueError.
        if ascii_int(self.response_headers.get("upload-offset")) is None:
            raise SyncError("sync.upload_no_offset")

    def __init__(self, uploader: TusUpload) -> None:
        self._uploader = uploader
        super().__init__(uploader)


class TusUpload(Uploader):
    """tuspy's Uploader with its HTTP calls routed through BackofficeClient."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)

    def __init__(self, http: BackofficeClient, **kw: Any) -> None:
        self.http = http
        self.sent = 0
        self.created_offset = 0
        super().__init__(**kw)

    def _get_fingerprint(self) -> str:
        # tuspy opens the stream in a ``with`` block to fingerprint it, which closes
        # an in-memory stream; the key is the file id, so no stream is needed.
        return self.fingerprinter.get_fingerprint(io.BytesIO())

    def set_url(self, url: str | None) -> None:
        if url is None:  # tuspy stores "no URL found" back; nothing to keep
            self.url = None
            return
        super().set_url(url)

    def get_offset(self) -> int:
        resp = self.http.request("HEAD", self.url, headers=self.get_headers())
        value = ascii_int(resp.headers.get("Upload-Offset"))
        if value is None:
            raise SyncError("sync.upload_no_offset_head")
        return value

    def create_url(self) -> str:
        headers = self.get_url_creation_headers()
        body = b""
        if "creation-with-upload" in _extensions(self.http):
            # The first chunk rides on the creation request: one round trip per small file.
            stream = self.get_file_stream()
            body = stream.read(min(self.chunk_size, self.stop_at))
            headers["Content-Type"] = "application/offset+octet-stream"
            digest = base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
            headers["Upload-Checksum"] = f"sha256 {digest}"
            self.sent += len(body)
        resp = self.http.request(
            "POST",
            self.client.url,
            headers=headers,
            data=body or None,
            read_timeout=max(self.http.timeout_s, len(body) / 50_000),
        )
        location = resp.headers.get("Location")
        if not location:
            raise SyncError("sync.upload_no_location")
        self.created_offset = ascii_int(resp.headers.get("Upload-Offset")) or 0
        return urljoin(self.client.url, location)

    def _do_request(self) -> None:
        # tuspy's retry loop sleeps on the calling thread; the sync worker owns retries.
        self.request = Patch(self)
        self.request.perform()


def _extensions(http: BackofficeClient) -> frozenset[str]:
    """The tus extensions the back office announces (OPTIONS), asked once per client."""
    known: frozenset[str] | None = getattr(http, "_tus_extensions", None)
    if known is None:
        resp = http.request("OPTIONS", UPLOADS_PATH)
        known = frozenset(x.strip() for x in resp.headers.get("Tus-Extension", "").split(","))
        http._tus_extensions = known  # type: ignore[attr-defined]
    return known
