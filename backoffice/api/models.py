"""The request and answer bodies of the back office's API (pydantic models).

Plain data; any thread.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from core.case import CaseState
from core.case_seal import PUBLIC_KEY_PATTERN


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer: a message in plain words and machine-readable detail."""

    error: str
    # The catalogue code of ``error`` (core.messages), for words in the device's language.
    code: str | None = None
    params: dict[str, Any] | None = None  # the code's parameters (ids, counts; never personal data)
    detail: Any = None


class Health(BaseModel):
    """Answer of the liveness probe."""

    ok: bool


class FileAnswer(BaseModel):
    """A file the back office holds."""

    id: str
    sha256: str
    size: int


class CaseAnswer(BaseModel):
    """Receipt of a case: the same answer every time the same case is sent."""

    id: str
    receipt_no: str
    state: str
    received_at: str


class CaseStatusOut(BaseModel):
    """Where a case stands at the back office."""

    id: str
    receipt_no: str
    state: str
    reason: str


class CaseSummary(BaseModel):
    """One line of the case list (no personal data)."""

    id: str
    receipt_no: str
    item_code: str
    item_name: str
    state: str
    received_at: str


class StatusUpdate(BaseModel):
    """A staff decision on a case (the signed-in staff account is its actor)."""

    state: CaseState
    reason: str = Field(default="", max_length=500)


class StatusChange(BaseModel):
    """One entry of the status feed."""

    seq: int
    case_id: str
    receipt_no: str
    state: str
    reason: str
    at: str


class StatusFeed(BaseModel):
    """Status changes after a cursor, and the cursor to ask with next."""

    changes: list[StatusChange]
    cursor: int


class EnrolRequest(BaseModel):
    """A device asking for its token with a one-time code."""

    code: str = Field(min_length=8, max_length=32)
    hall_code: str = Field(pattern=r"^[A-Z0-9]{2,12}$")
    device_code: str = Field(pattern=r"^[A-Z0-9]{2,8}$")
    # The device's case-signing key (core.case_seal), registered with the
    # enrolment; its cases must then carry its seal. Older devices send none.
    public_key: str | None = Field(default=None, pattern=PUBLIC_KEY_PATTERN)


class EnrolAnswer(BaseModel):
    """The device's token: shown once, kept by the device, never logged."""

    token: str
    device_id: str
    hall_code: str
    device_code: str
    # The public key (Ed25519, hex) that signs this device's remote configuration.
    config_key: str = ""
    # The public key (X25519, hex) USB bundles are encrypted for (core.bundle).
    bundle_key: str = ""


class RecordAnswer(BaseModel):
    """Receipt of a supplement, evaluation or consultation."""

    id: str
    kind: str
    received_at: str


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entries of error answers ``codes`` (all ErrorBody)."""
    return {c: {"model": ErrorBody} for c in codes}


class LogsRequest(BaseModel):
    """A log pull the device is to answer (PUT /api/v1/devices/self/logs/{id})."""

    id: str
    lines: int


# ---- 一件事: a bundle case's items (routes/bundles.py) ----------------------------


class CaseItemOut(BaseModel):
    """One item of a 一件事 case: its department and its own decision (no personal data)."""

    item_code: str
    item_name: str
    department: str
    state: str  # pending | approved | rejected
    reason: str
    decided_by: str
    decided_at: str


class ItemDecision(BaseModel):
    """A reviewer's decision on one item of a 一件事 case."""

    decision: Literal["approved", "rejected"]
    reason: str = Field(default="", max_length=500)


class ItemDecisionOut(BaseModel):
    """Where the case stands after an item's decision, and every item."""

    id: str
    receipt_no: str
    state: str
    reason: str
    items: list[CaseItemOut]
