"""PUT /api/v1/files/{id}: one file in one request, hash-checked.

Kept for small clients and as the benchmark's raw baseline; devices upload
resumably over tus (backoffice.api.routes.uploads).
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool

from backoffice.api.deps import AUTH, UUID_PATTERN, MaxFileBytesDep, StoreDep
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import FileAnswer, error_responses
from backoffice.api.routes.uploads import STORAGE_FULL_RETRY_S
from backoffice.store import BackofficeStoreError, StorageFullError
from backoffice.store.files import owner_key
from core.messages import Words
from core.strict import ascii_int

router = APIRouter(prefix=API, dependencies=AUTH, tags=["intake"])

_SHA_RE = re.compile(r"[0-9a-f]{64}")


@router.put(
    "/files/{file_id}",
    response_model=FileAnswer,
    status_code=201,
    responses={
        200: {"model": FileAnswer, "description": "Already received with the same hash"},
        **error_responses(401, 403, 404, 409, 413, 422, 507),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def put_file(
    request: Request,
    response: Response,
    file_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    x_content_sha256: Annotated[str, Header()],
    store: StoreDep,
    max_file_bytes: MaxFileBytesDep,
) -> FileAnswer:
    """Receive one file (raw bytes). Idempotent: same id and hash again is 200.

    The file belongs to the sending device: under an id another device holds,
    the answer is 404.
    """
    expected = x_content_sha256.strip().lower()
    if not _SHA_RE.fullmatch(expected):
        raise ApiError(422, Words("bo.bad_content_hash"), {"header": "X-Content-SHA256"})
    # A malformed Content-Length never reaches here (the HTTP server refuses it);
    # the stream below counts the bytes that really arrive either way.
    declared = ascii_int(request.headers.get("content-length"))
    if declared is not None and declared > max_file_bytes:
        raise ApiError(413, Words("bo.file_too_large"), {"max_bytes": max_file_bytes})
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_file_bytes:
            raise ApiError(413, Words("bo.file_too_large"), {"max_bytes": max_file_bytes})
        chunks.append(chunk)
    data = b"".join(chunks)
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ApiError(
            422,
            Words("bo.hash_mismatch", file_id=file_id),
            {"file_id": file_id, "expected": expected, "actual": actual, "size": len(data)},
        )
    try:
        owner = owner_key(getattr(request.state, "device", None))
        created = await run_in_threadpool(
            functools.partial(store.put_file, owner=owner), file_id, data, actual
        )
    except StorageFullError as exc:
        headers = {"Retry-After": str(STORAGE_FULL_RETRY_S)}
        raise ApiError(507, exc.message, exc.detail, headers) from None
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    response.status_code = 201 if created else 200
    return FileAnswer(id=file_id, sha256=actual, size=len(data))
