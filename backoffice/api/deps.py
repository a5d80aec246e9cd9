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
from core.ids import parse_receipt_number

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


def check_sender(request: Request, hall_code: str, device_code: str, receipt_no: str = "") -> None:
    """403 unless a record's hall, device and receipt prefix are the sender's own.

    The token of an enrolled device fixes which hall and device it is: it may
    send only its own cases and records, numbered with its own prefix. (An
    open back office or a shared token has no device identity to compare.)
    """
    sender = getattr(request.state, "device", None)
    if sender is None:
        return
    own = (sender["hall_code"], sender["device_code"])
    if (hall_code, device_code) != own:
        raise ApiError(
            403,
            "内容中的大厅或设备与发送设备的登记不符",
            {"sender": "/".join(own), "claimed": f"{hall_code}/{device_code}"},
        )
    if receipt_no:
        parts = parse_receipt_number(receipt_no)
        if parts is None or (parts["hall"], parts["device"]) != own:
            raise ApiError(403, "受理编号不是发送设备的编号", {"receipt_no": receipt_no})
