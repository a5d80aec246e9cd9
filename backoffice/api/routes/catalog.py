"""GET /api/v1/catalog: the service catalog, with a strong ETag."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response

from backoffice.api.deps import AuthFirstRoute, CatalogDep, read_access
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.catalog import etag_matches
from core.messages import Words

router = APIRouter(
    prefix=API, dependencies=[Depends(read_access)], tags=["catalog"], route_class=AuthFirstRoute
)


@router.get(
    "/catalog",
    responses={
        200: {"content": {"application/json": {}}, "description": "The catalog JSON"},
        304: {"description": "Unchanged since If-None-Match"},
        **error_responses(401, 503),
    },
)
def get_catalog(
    catalog: CatalogDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """The service catalog, with a strong ETag (sha256 of the bytes)."""
    value = catalog.get()
    if value is None:
        raise ApiError(503, Words("bo.catalog_unavailable"), headers={"Retry-After": "60"})
    data, etag, _codes = value
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if if_none_match and etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(content=data, media_type="application/json", headers=headers)
