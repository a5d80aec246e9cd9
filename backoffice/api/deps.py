"""What the routes share, as FastAPI dependencies: the store, the catalog, device auth.

create_app puts the objects on ``app.state`` (``store``, ``catalog``,
``access``, ``max_file_bytes``); these functions hand them to the routes.
Any worker thread.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from backoffice.api.errors import ApiError
from backoffice.catalog import CatalogFile
from backoffice.store import BackofficeStore

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


@dataclass(frozen=True)
class Access:
    """Who may call: operator ``tokens`` (bytes), or everyone when ``open_access``."""

    tokens: tuple[bytes, ...] = ()
    open_access: bool = False


def get_store(request: Request) -> BackofficeStore:
    return request.app.state.store


def get_catalog(request: Request) -> CatalogFile:
    return request.app.state.catalog


def get_max_file_bytes(request: Request) -> int:
    return request.app.state.max_file_bytes


StoreDep = Annotated[BackofficeStore, Depends(get_store)]
CatalogDep = Annotated[CatalogFile, Depends(get_catalog)]
MaxFileBytesDep = Annotated[int, Depends(get_max_file_bytes)]


def authorize(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Let a device in by its ``Authorization: Bearer <token>``, else answer 401.

    An enrolled device's token also identifies it (``request.state.device``).
    """
    store: BackofficeStore = request.app.state.store
    access: Access = request.app.state.access
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    device = store.device_for_token(token) if token else None
    request.state.device = device
    if device is not None or access.open_access:
        return
    if token and any(hmac.compare_digest(token.encode(), t) for t in access.tokens):
        return
    raise ApiError(
        401,
        "设备未授权（unauthorized）",
        headers={"WWW-Authenticate": 'Bearer realm="onewindow"'},
    )


AUTH = [Depends(authorize)]
