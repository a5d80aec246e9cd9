"""The request and answer bodies of the staff, look-up and audit routes (pydantic models).

Plain data; any thread. None of them carries a citizen's personal data out:
the look-up takes an ID number in but answers only where the case stands.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from backoffice.roles import Role
from core.ids import RECEIPT_RE

AUDIT_ACTIONS = (
    "staff.sign_in",
    "staff.sign_out",
    "staff.add",
    "staff.disable",
    "staff.enable",
    "staff.passwd",
    "case.decision",
    "case.supplement_request",
    "case.lookup",
    "device.enrol_code",
    "device.revoke",
)
"""Every ``action`` the audit log records."""


class SignInRequest(BaseModel):
    """A staff member signing in."""

    login: str = Field(min_length=1, max_length=32)
    password: str = Field(min_length=1, max_length=256)


class StaffAccount(BaseModel):
    """A staff account as its holder sees it (never the password)."""

    login: str
    name: str
    role: Role
    hall_code: str


class SignInAnswer(StaffAccount):
    """A staff token (``st_…``): shown once, sent as ``Authorization: Bearer``, never logged."""

    token: str
    expires_at: str


class WhoAmI(StaffAccount):
    """The signed-in account and when its token expires."""

    expires_at: str


class LookupRequest(BaseModel):
    """A cross-hall look-up: the receipt number and one proof (check code or ID number)."""

    receipt_no: str = Field(pattern=RECEIPT_RE.pattern, max_length=40)
    check_code: str = Field(default="", max_length=16)
    id_number: str = Field(default="", max_length=18)


class LookupAnswer(BaseModel):
    """Where a case stands (no personal data)."""

    receipt_no: str
    item_code: str
    item_name: str
    hall_code: str
    state: str
    reason: str
    updated_at: str


class AuditEntry(BaseModel):
    """One line of the audit log."""

    seq: int
    at: str
    actor: str
    action: str
    target: str
    outcome: str
    detail: dict[str, Any]


class AuditPage(BaseModel):
    """Audit entries after a cursor, and the cursor to ask with next."""

    entries: list[AuditEntry]
    cursor: int
