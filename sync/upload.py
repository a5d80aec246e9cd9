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

tuspy imports aiohttp for its asynchronous client, which is never used
here and costs a tenth of a second: the adapters live in ``sync.tus``, which
``upload`` imports when the first file goes out, not when the app starts.

Runs on the sync worker's thread (or whichever thread calls ``upload``).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.errors import Conflict, NotFound, SyncError

if TYPE_CHECKING:
    from sync.client import BackofficeClient
    from sync.store import LocalStore
    from sync.tus import TusUpload

log = logging.getLogger(__name__)

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
    from sync.tus import UPLOADS_PATH, ByFileId, StoreUrls, TusClient, TusUpload

    storage = StoreUrls(store, http.base_url)
    tus = TusClient(http.base_url + UPLOADS_PATH)
    meta = {"id": file_id, "sha256": sha256, "type": media_type}

    def make() -> TusUpload:
        return TusUpload(
            http,
            file_stream=io.BytesIO(data),
            client=tus,
            chunk_size=chunk_size,
            metadata=meta,
            store_url=True,
            url_storage=storage,
            fingerprinter=ByFileId(file_id),
            upload_checksum=True,
        )

    resyncs = 0
    up: TusUpload | None = None
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
