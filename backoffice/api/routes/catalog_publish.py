"""Publishing the catalog: an administrator sends a new version with its change note.

    POST /api/v1/catalog            ``{"note": "…", "catalog": {...}}`` (the admin role only)
    GET  /api/v1/catalog/versions   every published version with its note (staff)

The body is read only after the caller is known to be an administrator (any
other token is 403 whatever it sends). It is checked with the catalog's own
model (core.catalog.Catalog) and refused with 422 naming each bad field by
its path (``catalog.items[0].code``). A version is published once: the same
bytes again are the same answer (200), other bytes under a known version 409,
and so is a version the back office's catalog file was served as.
Every publication, refused or not, is in the audit log. Devices then get it
from ``GET /api/v1/catalog`` (routes/catalog.py). docs/catalog.md.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from backoffice.api.deps import AuthFirstRoute, CatalogDep, StaffCaller, StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.catalog_check import NOTE_MAX, check_publication
from backoffice.roles import Role
from backoffice.store import ConflictError
from core.messages import Words

router = APIRouter(prefix=API, tags=["catalog"], route_class=AuthFirstRoute)

PUBLISH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["note", "catalog"],
    "properties": {
        "note": {"type": "string", "minLength": 1, "maxLength": NOTE_MAX},
        "catalog": {"type": "object", "description": "The catalog (core.catalog.Catalog)"},
    },
}


def _json(body: Any, status: int = 200) -> Response:
    return Response(
        content=json.dumps(body, ensure_ascii=False), media_type="application/json",
        status_code=status,
    )  # fmt: skip


@router.post(
    "/catalog",
    status_code=201,
    responses={
        200: {"description": "This version was published with these bytes already"},
        201: {"description": "Published: the version's row"},
        **error_responses(401, 403, 409, 422),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PUBLISH_SCHEMA}},
        }
    },
)
async def publish_catalog(
    caller: StaffCaller, store: StoreDep, source: CatalogDep, request: Request
) -> Response:
    """Publish a catalog version (the admin role only); 422 names each bad field."""
    if caller.role is not Role.ADMIN:
        raise ApiError(403, Words("bo.admin_only_catalog"), {"need": "admin"})
    raw = await request.body()
    try:
        data: Any = json.loads(raw)
    except ValueError:
        data = None  # reported as "not an object"
    catalog, body, note, problems = check_publication(data)
    if catalog is None:
        raw_version = data.get("catalog", {}) if isinstance(data, dict) else {}
        version = raw_version.get("version", "") if isinstance(raw_version, dict) else ""
        await run_in_threadpool(
            store.audit, caller.who, "catalog.publish", str(version)[:64], "refused",
            {"fields": [p["field"] for p in problems][:50]},
        )  # fmt: skip
        raise ApiError(422, Words("bo.catalog_invalid"), problems)
    try:
        row, new = await run_in_threadpool(source.publish, catalog, body, note, caller.who)
    except ConflictError as exc:
        await run_in_threadpool(
            store.audit, caller.who, "catalog.publish", catalog.version, "conflict", {}
        )
        raise ApiError(409, exc.message, exc.detail) from None
    return _json({**row, "new": new}, 201 if new else 200)


@router.get("/catalog/versions", responses={**error_responses(401, 403)})
def catalog_versions(_caller: StaffCaller, store: StoreDep) -> Response:
    """Every published version, newest first, with its change note (staff)."""
    return _json({"versions": store.catalog_versions()})
