"""The 12345 look-up both sides speak: ``POST /api/v1/consultations/lookup``.

A device asks for a ticket's answer by its number and the check code printed
on it (core.ids.ticket_check_code), or for the card holder's tickets by the
ID number read from the card. The answer carries no personal data: no text,
no name, no phone. Plain pydantic data; any thread.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.ids import TICKET_PATTERN


class TicketLookup(BaseModel):
    """Either ``ticket_no`` with ``check_code``, or ``id_number`` (the card's)."""

    model_config = ConfigDict(extra="forbid")

    ticket_no: str = Field(default="", pattern=r"^$|" + TICKET_PATTERN, max_length=40)
    check_code: str = Field(default="", max_length=16)
    id_number: str = Field(default="", pattern=r"^([0-9]{17}[0-9X])?$")

    @model_validator(mode="after")
    def _one_proof(self) -> TicketLookup:
        by_ticket = bool(self.ticket_no and self.check_code)
        if by_ticket == bool(self.id_number) or (self.ticket_no and not self.check_code):
            raise ValueError("give ticket_no with check_code, or id_number")
        return self


class TicketView(BaseModel):
    """One ticket as the citizen may see it: where it stands and the answer."""

    ticket_no: str
    category: str
    department: str = ""
    item_code: str = ""
    received_at: str
    answer_due: str
    answer: str = ""
    answered_at: str = ""
    rating: int | None = None

    @property
    def answered(self) -> bool:
        return bool(self.answered_at)


class TicketLookupAnswer(BaseModel):
    """The tickets found (one by number, the holder's by card; maybe none by card)."""

    tickets: list[TicketView]
