"""POST /api/v1/consultations/lookup: a 12345 ticket's answer, for a caller who can prove it.

By the ticket number and the check code printed on the ticket, or by the
card holder's ID number (a device read the card: all the holder's tickets,
found through a keyed hash, never a plain ID number). The answer has no
personal data. Refused look-ups count against the caller like the case
look-up's (429 with Retry-After); each is written to the audit log.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request

from backoffice.api.deps import AuthFirstRoute, ReadCaller, StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.api.routes.lookup import _limit_key
from backoffice.roles import LOOKS_UP
from core.ids import normalise_check_code, ticket_check_code
from core.messages import Words
from wire.hotline import TicketLookup, TicketLookupAnswer, TicketView

router = APIRouter(prefix=API, tags=["status"], route_class=AuthFirstRoute)

NOT_FOUND = Words("bo.no_ticket_for_check")


def view(row: dict) -> TicketView:
    """What a citizen may see of a ticket's row."""
    return TicketView(
        ticket_no=row["ticket_no"],
        category=row["category"],
        department=row["department"],
        item_code=row["item_code"],
        received_at=row["received_at"],
        answer_due=row["answer_due"],
        answer=row["answer"] or "",
        answered_at=row["answered_at"] or "",
        rating=row["rating"],
    )


def ticket_matches(row: dict | None, code: str) -> bool:
    """The check code fits the ticket (constant time); False for no ticket."""
    typed = normalise_check_code(code) or ""
    want = ticket_check_code(row["record_id"]) if row is not None else "-" * len(typed)
    return hmac.compare_digest(typed, want) and row is not None


@router.post(
    "/consultations/lookup",
    response_model=TicketLookupAnswer,
    responses=error_responses(401, 403, 404, 422, 429),
)
def lookup_tickets(
    body: TicketLookup, store: StoreDep, caller: ReadCaller, request: Request
) -> TicketLookupAnswer:
    """The ticket with this number when the check code matches (else 404, as for none),
    or the card holder's tickets (newest first; maybe none)."""
    if caller.is_staff and caller.role not in LOOKS_UP:
        raise ApiError(403, Words("bo.role_cannot_look_up_tickets"), {"role": str(caller.role)})
    limit = request.app.state.lookup_failures
    key = _limit_key(caller, request)
    subject = body.ticket_no or "holder"
    proof = "check_code" if body.ticket_no else "id_number"
    wait = limit.retry_after(key)
    if wait is not None:
        store.audit(caller.who, "hotline.lookup", subject, "limited", {"proof": proof})
        raise ApiError(429, Words("bo.lookup_limited"), None, headers={"Retry-After": str(wait)})
    if body.id_number:
        rows = store.tickets_of_holder(body.id_number)
        store.audit(caller.who, "hotline.lookup", subject, "found", {"n": len(rows)})
        return TicketLookupAnswer(tickets=[view(r) for r in rows])
    row = store.hotline_ticket(body.ticket_no)
    if not ticket_matches(row, body.check_code):
        limit.failed(key)
        store.audit(caller.who, "hotline.lookup", subject, "not_found", {"proof": proof})
        raise ApiError(404, NOT_FOUND, {"ticket_no": body.ticket_no})
    assert row is not None
    store.audit(caller.who, "hotline.lookup", subject, "found", {"proof": proof})
    return TicketLookupAnswer(tickets=[view(row)])
