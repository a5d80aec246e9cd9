"""What the tus routes (backoffice.api.routes.uploads) say about themselves in the OpenAPI.

Each route's real answers with their headers, and the ``Tus-Resumable``
header every request but OPTIONS must carry (missing or another version:
412). Kept apart so the routes stay readable; import-time data only.
"""

from __future__ import annotations

from typing import Any

from backoffice.api.models import ErrorBody

TUS_VERSION = "1.0.0"


def _header(description: str, **schema: Any) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "string", **schema}}


_RESUMABLE = {"Tus-Resumable": _header("The protocol version: 1.0.0", enum=[TUS_VERSION])}
_OFFSET = {"Upload-Offset": _header("Bytes received so far", pattern="^[0-9]+$")}
_EXPIRES = {
    "Upload-Expires": _header(
        "When an unfinished upload expires (RFC 9110 HTTP date); absent once complete"
    )
}

# A required header parameter in the document; the route enforces it with 412
# (FastAPI's own check would answer 422, which tus does not know).
REQUIRED_TUS_RESUMABLE: dict[str, Any] = {
    "parameters": [
        {
            "name": "Tus-Resumable",
            "in": "header",
            "required": True,
            "description": "tus protocol version; any other value (or none) is 412",
            "schema": {"type": "string", "enum": [TUS_VERSION]},
        }
    ]
}


def _err(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"model": ErrorBody, "description": description}
    if headers:
        out["headers"] = headers
    return out


_401 = _err(
    "No valid device token",
    {"WWW-Authenticate": _header('Bearer realm="onewindow"')},
)
_403 = _err("A staff token: uploads are sent by devices")
_412 = _err(
    "Tus-Resumable missing or not 1.0.0",
    {"Tus-Version": _header("The versions supported: 1.0.0")},
)
_460 = _err("Checksum Mismatch: the chunk does not match its Upload-Checksum; send it again")
_507 = _err(
    "The back office's disk is full; nothing was kept, retry later",
    {"Retry-After": _header("Seconds to wait", pattern="^[0-9]+$")},
)

OPTIONS_RESPONSES: dict[int | str, dict[str, Any]] = {
    204: {
        "description": "What this tus server supports (no authentication)",
        "headers": {
            **_RESUMABLE,
            "Tus-Version": _header("Supported versions"),
            "Tus-Extension": _header("creation,creation-with-upload,checksum,expiration"),
            "Tus-Max-Size": _header("Largest file accepted, in bytes", pattern="^[0-9]+$"),
            "Tus-Checksum-Algorithm": _header("Checksum algorithms for Upload-Checksum"),
        },
    }
}

CREATE_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "Created, or found again (same id, length and sha256)",
        "headers": {
            **_RESUMABLE,
            "Location": _header("The upload's URL: /api/v1/uploads/{file id}"),
            **_OFFSET,
            **_EXPIRES,
        },
    },
    400: _err(
        "Upload-Length, Upload-Metadata (id, sha256) or Upload-Checksum malformed,"
        " or more bytes than Upload-Length"
    ),
    401: _401,
    403: _403,
    404: _err("The id is another device's upload or file"),
    409: _err("The id is known with another length or sha256"),
    412: _412,
    413: _err("Upload-Length above Tus-Max-Size"),
    422: _err("A whole file sent at once does not match its sha256 (hash mismatch)"),
    460: _460,
    507: _507,
}

HEAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Where the upload stands (a finished one: offset = length)",
        "headers": {
            **_RESUMABLE,
            **_OFFSET,
            "Upload-Length": _header("The file's length", pattern="^[0-9]+$"),
            **_EXPIRES,
            "Cache-Control": _header("no-store"),
        },
    },
    401: {"description": "No valid device token"},
    403: {"description": "A staff token: uploads are sent by devices"},
    404: {"description": "No such upload: unknown, expired, or another device's"},
    412: {"description": "Tus-Resumable missing or not 1.0.0"},
}

PATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    204: {
        "description": "The chunk is in; with the last byte the file is checked and kept",
        "headers": {**_RESUMABLE, **_OFFSET, **_EXPIRES},
    },
    400: _err("Upload-Offset or Upload-Checksum malformed, or more bytes than the upload's length"),
    401: _401,
    403: _403,
    404: _err("No such upload: unknown, expired, or another device's"),
    409: _err("Upload-Offset is not where the upload stands (Upload-Offset says where)", _OFFSET),
    412: _412,
    415: _err("Content-Type is not application/offset+octet-stream"),
    422: _err("The finished file does not match its sha256 (the upload is discarded)"),
    460: _460,
    507: _507,
}

_CHUNK = {"schema": {"type": "string", "format": "binary"}}
CREATE_EXTRA: dict[str, Any] = {
    **REQUIRED_TUS_RESUMABLE,
    "requestBody": {
        "required": False,
        "description": "creation-with-upload: the file's first bytes",
        "content": {"application/offset+octet-stream": _CHUNK},
    },
}
PATCH_EXTRA: dict[str, Any] = {
    **REQUIRED_TUS_RESUMABLE,
    "requestBody": {"required": True, "content": {"application/offset+octet-stream": _CHUNK}},
}
