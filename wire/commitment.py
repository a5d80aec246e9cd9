"""告知承诺 on the wire: may this applicant sign a 承诺书 (POST /api/v1/commitment/
eligibility), and staff's changes of the credit list. The ID number travels in the
body (never in an address); the back office keeps only its HMAC. Plain pydantic data;
any thread.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

ANY_ID_PATTERN = r"^[0-9A-Za-z]{6,24}$"  # resident, HK/Macao/Taiwan and foreign cards


class EligibilityRequest(BaseModel):
    """The applicant whose card was read."""

    model_config = ConfigDict(extra="forbid")

    id_number: str = Field(pattern=ANY_ID_PATTERN)


class EligibilityAnswer(BaseModel):
    """``allowed``, else ``reason`` (core.commitment.REASONS): no personal data."""

    allowed: bool
    reason: str = Field(default="", pattern=r"^[a-z_]{0,32}$")


class CreditEntry(BaseModel):
    """A holder put on the credit list (or changed): why, and staff's note."""

    model_config = ConfigDict(extra="forbid")

    id_number: str = Field(pattern=ANY_ID_PATTERN)
    reason: str = Field(pattern=r"^(dishonest|false_commitment)$")
    note: str = Field(default="", max_length=200)


class CreditRemoval(BaseModel):
    """A holder taken off the credit list."""

    model_config = ConfigDict(extra="forbid")

    id_number: str = Field(pattern=ANY_ID_PATTERN)


class CreditRow(BaseModel):
    """One row as staff see it: no holder (it names nobody), whether it is sample data."""

    reason: str
    note: str
    sample: bool
    added_by: str
    added_at: str


class CreditList(BaseModel):
    entries: list[CreditRow]
