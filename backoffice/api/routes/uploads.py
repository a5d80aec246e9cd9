"""The server side of tus 1.0 (core, creation, checksum, expiration) for the back office.

Written against the protocol (https://tus.io/protocols/resumable-upload)
rather than taken from a library: the maintained FastAPI tus server
(tuspyserver) has no checksum extension, keeps uploads as plain files with
JSON side files and gives uploads server-made ids, while the back office
needs per-chunk checksums, encryption at rest, one SQLite store and an
upload id equal to the device's file id (so a repeated creation finds the
same upload: exactly-once by construction).

    OPTIONS /api/v1/uploads          what the server supports
    POST    /api/v1/uploads          create; Upload-Length, Upload-Metadata "id", "sha256";
                                     may carry the first bytes (creation-with-upload)
    HEAD    /api/v1/uploads/{id}     Upload-Offset (where to resume)
    PATCH   /api/v1/uploads/{id}     bytes at Upload-Offset, Upload-Checksum per chunk

The file is checked against its SHA-256 when its last byte arrives; only
then does it count as received, and only then can a case that names it
commit. An empty file (Upload-Length: 0) is complete at creation. An upload
left unfinished expires (``Upload-Expires`` says when; then 404). An upload
belongs to the device that created it: to others it does not exist (404).
Handlers run on the event loop; disk work goes to the thread pool.
The routes share the store, the size limit and device authentication with
the other routers (backoffice.api.deps).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import re
from email.utils import format_datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from backoffice.api import tus_docs
from backoffice.api.deps import AUTH, UUID_PATTERN, MaxFileBytesDep, StoreDep
from backoffice.store import (
    BackofficeStore,
    BackofficeStoreError,
    ConflictError,
    InvalidError,
    NotFoundError,
    StorageFullError,
)
from backoffice.store.files import owner_key
from core.messages import Words
from core.strict import ascii_int

TUS_VERSION = tus_docs.TUS_VERSION
EXTENSIONS = "creation,creation-with-upload,checksum,expiration"
CHECKSUMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "md5": hashlib.md5}
CHECKSUM_MISMATCH = 460  # tus checksum extension: "460 Checksum Mismatch"
_UUID_RE = re.compile(UUID_PATTERN)
_SHA_RE = re.compile(r"[0-9a-f]{64}")
PREFIX = "/api/v1/uploads"


def _error(
    status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    h = {"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store", **(headers or {})}
    body = {"error": str(error), "code": getattr(error, "code", None), "detail": detail}
    return JSONResponse(body, status_code=status, headers=h)


def parse_metadata(header: str) -> dict[str, str]:
    """Upload-Metadata: comma-separated "key base64value" pairs (value may be absent)."""
    out: dict[str, str] = {}
    for part in header.split(","):
        part = part.strip()
        if not part:
            continue
        key, _, value = part.partition(" ")
        try:
            out[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except ValueError:  # not base64 (binascii.Error), not ASCII, or not UTF-8
            raise ValueError(key) from None
    return out


def _expires_header(when: dt.datetime | None) -> dict[str, str]:
    """The tus ``Upload-Expires`` header (an HTTP date) of an unfinished upload."""
    return {"Upload-Expires": format_datetime(when, usegmt=True)} if when else {}


def _owner(request: Request) -> str:
    """The caller as an owner of uploads (``request.state.device`` is set by deps.authorize)."""
    return owner_key(getattr(request.state, "device", None))


def _version_problem(tus_resumable: str | None) -> JSONResponse | None:
    if tus_resumable != TUS_VERSION:
        return _error(
            412,
            Words("bo.tus_version"),
            {"tus_resumable": tus_resumable},
            {"Tus-Version": TUS_VERSION},
        )
    return None


router = APIRouter(prefix=PREFIX, tags=["uploads (tus 1.0)"])


@router.options("", status_code=204, response_class=Response, responses=tus_docs.OPTIONS_RESPONSES)
def tus_options(max_size: MaxFileBytesDep) -> Response:
    """What this tus server supports (no authentication)."""
    return Response(
        status_code=204,
        headers={
            "Tus-Resumable": TUS_VERSION,
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": EXTENSIONS,
            "Tus-Max-Size": str(max_size),
            "Tus-Checksum-Algorithm": ",".join(CHECKSUMS),
        },
    )


@router.post(
    "",
    dependencies=AUTH,
    status_code=201,
    response_class=Response,
    responses=tus_docs.CREATE_RESPONSES,
    openapi_extra=tus_docs.CREATE_EXTRA,
)
async def tus_create(
    request: Request,
    store: StoreDep,
    max_size: MaxFileBytesDep,
    upload_length: Annotated[str | None, Header()] = None,
    upload_metadata: Annotated[str | None, Header()] = None,
    upload_checksum: Annotated[str | None, Header()] = None,
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
    tus_resumable: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Create the upload of one file (idempotent by the file id in Upload-Metadata).

    With Content-Type application/offset+octet-stream the body holds the
    first bytes (creation-with-upload), checked like a PATCH.
    """
    if (bad := _version_problem(tus_resumable)) is not None:
        return bad
    length = ascii_int(upload_length)
    if length is None:
        return _error(400, Words("bo.upload_length"), {"header": "Upload-Length"})
    if length > max_size:
        return _error(413, Words("bo.file_too_large"), {"max_bytes": max_size})
    try:
        meta = parse_metadata(upload_metadata or "")
    except ValueError as exc:
        return _error(400, Words("bo.metadata_base64", key=str(exc)), None)
    file_id, sha = meta.get("id", ""), meta.get("sha256", "").lower()
    if not _UUID_RE.fullmatch(file_id) or not _SHA_RE.fullmatch(sha):
        return _error(
            400,
            Words("bo.metadata_needed"),
            {"header": "Upload-Metadata"},
        )
    first: bytes | None = None
    if (content_type or "").split(";")[0].strip() == "application/offset+octet-stream":
        # The body holds the file's first bytes; the store counts them only for an
        # upload still at 0 (a repeated creation must not append them again).
        got = await _read_chunk(request, 0, length, upload_checksum)
        if isinstance(got, Response):
            return got
        first = got
    try:
        offset = await run_in_threadpool(
            functools.partial(store.create_upload, owner=_owner(request)),
            file_id,
            length,
            sha,
            first,
        )
    except BackofficeStoreError as exc:
        return _store_error(exc)
    expires = dt.datetime.now(dt.UTC) + store.upload_expiry if offset < length else None
    return Response(
        status_code=201,
        headers={
            "Tus-Resumable": TUS_VERSION,
            "Location": f"{PREFIX}/{file_id}",
            "Upload-Offset": str(offset),
            **_expires_header(expires),
        },
    )


@router.head(
    "/{file_id}",
    dependencies=AUTH,
    response_class=Response,
    responses=tus_docs.HEAD_RESPONSES,
    openapi_extra=tus_docs.REQUIRED_TUS_RESUMABLE,
)
def tus_head(
    request: Request,
    file_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    store: StoreDep,
    tus_resumable: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Where the upload stands (Upload-Offset) and how long it is."""
    if _version_problem(tus_resumable) is not None:
        return Response(status_code=412, headers={"Tus-Version": TUS_VERSION})
    info = store.upload_info(file_id, _owner(request))
    if info is None:
        return Response(
            status_code=404, headers={"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store"}
        )
    return Response(
        status_code=200,
        headers={
            "Tus-Resumable": TUS_VERSION,
            "Upload-Offset": str(info["offset"]),
            "Upload-Length": str(info["length"]),
            "Cache-Control": "no-store",
            **_expires_header(info["expires"]),
        },
    )


@router.patch(
    "/{file_id}",
    dependencies=AUTH,
    status_code=204,
    response_class=Response,
    responses=tus_docs.PATCH_RESPONSES,
    openapi_extra=tus_docs.PATCH_EXTRA,
)
async def tus_patch(
    request: Request,
    file_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    store: StoreDep,
    upload_offset: Annotated[str | None, Header()] = None,
    upload_checksum: Annotated[str | None, Header()] = None,
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
    tus_resumable: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Append bytes at Upload-Offset; with Upload-Checksum the chunk is verified first."""
    if (bad := _version_problem(tus_resumable)) is not None:
        return bad
    if (content_type or "").split(";")[0].strip() != "application/offset+octet-stream":
        return _error(415, Words("bo.upload_content_type"), None)
    offset = ascii_int(upload_offset)
    if offset is None:
        return _error(400, Words("bo.upload_offset"), {"header": "Upload-Offset"})
    info = await run_in_threadpool(store.upload_info, file_id, _owner(request))
    if info is None:
        return _error(404, Words("bo.no_upload", file_id=file_id), {"file_id": file_id})
    return await _append(store, request, file_id, offset, info["length"], upload_checksum)


async def _append(
    store: BackofficeStore,
    request: Request,
    file_id: str,
    offset: int,
    length: int,
    upload_checksum: str | None,
) -> Response:
    """Read the body, check its Upload-Checksum, append it at ``offset``: 204 or an error."""
    got = await _read_chunk(request, offset, length, upload_checksum)
    if isinstance(got, Response):
        return got
    try:
        new_offset = await run_in_threadpool(
            functools.partial(store.append_upload, owner=_owner(request)), file_id, offset, got
        )
    except BackofficeStoreError as exc:
        return _store_error(exc)
    expires = dt.datetime.now(dt.UTC) + store.upload_expiry if new_offset < length else None
    return Response(
        status_code=204,
        headers={
            "Tus-Resumable": TUS_VERSION,
            "Upload-Offset": str(new_offset),
            **_expires_header(expires),
        },
    )


async def _read_chunk(
    request: Request, offset: int, length: int, upload_checksum: str | None
) -> bytes | Response:
    """The request body if it fits the upload and its Upload-Checksum, else the error."""
    expected_digest: bytes | None = None
    algo = None
    if upload_checksum:
        name, _, value = upload_checksum.strip().partition(" ")
        algo = CHECKSUMS.get(name.lower())
        if algo is None:
            return _error(
                400, Words("bo.checksum_algorithm", name=name), {"supported": list(CHECKSUMS)}
            )
        try:
            expected_digest = base64.b64decode(value.strip(), validate=True)
        except ValueError:  # binascii.Error, or a value that is not ASCII at all
            return _error(400, Words("bo.checksum_base64"), None)
    room = length - offset
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max(room, 0):
                return _error(
                    400, Words("bo.upload_too_long"), {"length": length, "offset": offset}
                )
            chunks.append(chunk)
    except ClientDisconnect:
        if expected_digest is not None or not chunks:
            return Response(status_code=400)  # the client is gone; keep nothing
        # tus core: without a checksum, keep what arrived so the client resumes there.
    data = b"".join(chunks)
    if algo is not None and algo(data).digest() != expected_digest:
        return _error(
            CHECKSUM_MISMATCH,
            Words("bo.checksum_mismatch"),
            {"offset": offset, "size": len(data)},
        )
    return data


# A full disk is the back office's trouble, not the file's: 507 (a 5xx) makes the
# device retry later, after the operator freed space, instead of giving the case up.
STORAGE_FULL_RETRY_S = 60


def _store_error(exc: BackofficeStoreError) -> JSONResponse:
    status = {
        NotFoundError: 404,
        ConflictError: 409,
        InvalidError: 422,
        StorageFullError: 507,
    }.get(type(exc), 400)
    headers = {"Retry-After": str(STORAGE_FULL_RETRY_S)} if status == 507 else {}
    if isinstance(exc.detail, dict) and "offset" in exc.detail:
        headers["Upload-Offset"] = str(exc.detail["offset"])
    return _error(status, exc.message, exc.detail, headers)
