"""Resumable file upload over tus 1.0 (core, creation, checksum) with tuspy.

tuspy (``tusclient``) drives the protocol: the creation request and its
Upload-Metadata, the chunk loop, the offsets, the Upload-Checksum header,
and resumption through its URL storage and fingerprint interfaces. Two
things in it do not fit a device that must never hang and must verify TLS
against a private CA, so they are replaced here:

- its HTTP calls go through module-level ``requests`` with no timeout and a
  yes/no ``verify``: every request here goes through the device's
  ``BackofficeClient`` instead (one keep-alive session, connect and read
  timeouts, the CA bundle, the device token, typed errors);
- its checksum is SHA-1: chunks here carry SHA-256;
- it has no creation-with-upload: when the back office announces that
  extension, the first chunk rides on the creation request (a scanned page
  smaller than a chunk then takes one request instead of two).

The upload URL and the offset the back office last confirmed are kept in the
local store (``files.upload_url`` / ``upload_offset``), so after a crash or
a restart the upload resumes where it stopped (asking the back office with
HEAD, as the protocol says) instead of starting again. The back office
checks the whole file's SHA-256 when the last byte arrives.

Runs on the sync worker's thread (or whichever thread calls ``upload``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urljoin

from tusclient.client import TusClient
from tusclient.fingerprint.interface import Fingerprint
from tusclient.request import TusRequest
from tusclient.storage.interface import Storage
from tusclient.uploader import Uploader

from sync.client import BackofficeClient
from sync.errors import Conflict, NotFound, SyncError
from sync.store import LocalStore

log = logging.getLogger(__name__)

UPLOADS_PATH = "/api/v1/uploads"
DEFAULT_CHUNK_SIZE = 256 * 1024
CHECKSUM_RETRIES = 3
# How many times one call may find the upload gone or its offset moved before giving up.
RESYNC_LIMIT = 5


@dataclass
class UploadResult:
    """What one ``upload`` call did: bytes sent in PATCH bodies, and where it started."""

    file_id: str
    size: int
    sent: int
    resumed_from: int


class _ByFileId(Fingerprint):
    """Resumption key: the file's client id (tuspy would hash the bytes)."""

    def __init__(self, file_id: str) -> None:
        self.file_id = file_id

    def get_fingerprint(self, fs: IO) -> str:
        return self.file_id


class _StoreUrls(Storage):
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


class _Patch(TusRequest):
    """One PATCH of tuspy's chunk loop, sent through the device's BackofficeClient."""

    def perform(self) -> None:
        up: _TusUpload = self._uploader
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
        if not (self.response_headers.get("upload-offset") or "").isdigit():
            raise SyncError("sync.upload_no_offset")

    def __init__(self, uploader: _TusUpload) -> None:
        self._uploader = uploader
        super().__init__(uploader)


class _TusUpload(Uploader):
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
        value = resp.headers.get("Upload-Offset", "")
        if not value.isdigit():
            raise SyncError("sync.upload_no_offset_head")
        return int(value)

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
        offset = resp.headers.get("Upload-Offset", "0")
        self.created_offset = int(offset) if offset.isdigit() else 0
        return urljoin(self.client.url, location)

    def _do_request(self) -> None:
        # tuspy's retry loop sleeps on the calling thread; the sync worker owns retries.
        self.request = _Patch(self)
        self.request.perform()


def _extensions(http: BackofficeClient) -> frozenset[str]:
    """The tus extensions the back office announces (OPTIONS), asked once per client."""
    known: frozenset[str] | None = getattr(http, "_tus_extensions", None)
    if known is None:
        resp = http.request("OPTIONS", UPLOADS_PATH)
        known = frozenset(x.strip() for x in resp.headers.get("Tus-Extension", "").split(","))
        http._tus_extensions = known  # type: ignore[attr-defined]
    return known


def upload(
    http: BackofficeClient,
    store: LocalStore,
    file_id: str,
    data: bytes,
    sha256: str,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    media_type: str = "application/octet-stream",
) -> UploadResult:
    """Send one file so the back office holds it, resuming a previous attempt if any.

    Raises the typed errors of sync.errors (Offline and ServerBusy to retry
    later; Rejected when the back office refuses the file, e.g. its hash).
    """
    storage = _StoreUrls(store, http.base_url)
    tus = TusClient(http.base_url + UPLOADS_PATH)
    meta = {"id": file_id, "sha256": sha256, "type": media_type}

    def make() -> _TusUpload:
        return _TusUpload(
            http,
            file_stream=io.BytesIO(data),
            client=tus,
            chunk_size=chunk_size,
            metadata=meta,
            store_url=True,
            url_storage=storage,
            fingerprinter=_ByFileId(file_id),
            upload_checksum=True,
        )

    resyncs = 0
    up: _TusUpload | None = None
    while up is None:
        try:
            up = make()  # finds a stored URL and asks the back office for its offset (HEAD)
        except NotFound:
            storage.remove_item(file_id)  # the back office forgot it: create it again
            resyncs += 1
            if resyncs > RESYNC_LIMIT:
                raise
    if up.url is None:
        up.set_url(up.create_url())
        up.offset = up.created_offset
    resumed_from = up.offset
    if resumed_from:
        log.info("file %s: resuming upload at %d of %d bytes", file_id, resumed_from, len(data))
    if up.offset < len(data):
        store.set_upload_progress(file_id, up.url, up.offset)
    bad_checksums = 0
    while up.offset < len(data):
        try:
            up.upload_chunk()
        except Conflict:
            # 409 on PATCH: our offset is not the back office's; ask it where it stands.
            resyncs += 1
            if resyncs > RESYNC_LIMIT:
                raise
            up.offset = up.get_offset()
        except NotFound:
            resyncs += 1
            if resyncs > RESYNC_LIMIT:
                raise
            storage.remove_item(file_id)
            up.set_url(up.create_url())
            up.offset = up.created_offset
        except SyncError as exc:
            if exc.status != 460:
                raise
            bad_checksums += 1  # the chunk was damaged on the way: send it again
            if bad_checksums > CHECKSUM_RETRIES:
                raise SyncError("sync.upload_checksum") from None
            continue
        if up.offset < len(data):  # the last one is recorded by the caller (file uploaded)
            store.set_upload_progress(file_id, up.url, up.offset)
    return UploadResult(file_id, len(data), up.sent, resumed_from)
