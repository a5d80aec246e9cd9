"""12345 at the kiosk and the window: take a ticket, print it, read the answer, rate it.

A consultation (wire.records.Consultation) is saved with its ticket number
and outbox entry in one local transaction (``LocalStore.submit_new_ticket``),
so a ticket taken offline keeps its number and is sent when the back office
is reachable. The answer is read from the back office
(``POST /api/v1/consultations/lookup``) by ticket number and check code or by
the card holder's ID number; the rating of an answer is an Evaluation naming
the ticket. Nothing personal is logged: no text, no phone, no ID number.
Qt-free; the store writes and the network calls run off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.deadlines import add_working_days
from core.errors import CaseError
from core.hotline_receipt import hotline_ticket
from core.identity import Identity
from core.ids import normalise_check_code, parse_ticket_number, ticket_check_code
from services.printing import PrintJob, terminal_label
from services.runtime import Runtime
from sync.errors import NotFound, Offline
from wire.hotline import TicketView
from wire.records import PHONE_PATTERN, Consultation, ConsultationKind, Evaluation, EvaluationLevel

log = logging.getLogger(__name__)

MAX_TEXT = 2000
# Working days to answer, by type (the back office's backoffice.store.hotline agrees).
ANSWER_DAYS = {"consult": 3, "help": 3, "complaint": 5, "suggestion": 10}


@dataclass(frozen=True)
class TakenTicket:
    """A ticket just saved: the record, its check code and the answer's due date."""

    record: Consultation
    check_code: str
    answer_due: dt.date


def normalise_phone(text: str) -> str:
    """A typed phone without spaces and dashes between digit groups (a landline keeps one)."""
    digits = re.sub(r"[\s]", "", text)
    if re.fullmatch(r"1[0-9-]{10,12}", digits):
        digits = digits.replace("-", "")
    return digits


def take_ticket(
    runtime: Runtime,
    category: str,
    text: str,
    *,
    department: str = "",
    item_code: str = "",
    item_name: str = "",
    phone: str = "",
    consent: bool = False,
    holder: Identity | None = None,
    channel: str = "kiosk",
    staff: str = "",
    today: dt.date | None = None,
) -> TakenTicket:
    """Save a 12345 ticket (its number allocated here, offline) and queue it for the back
    office; returns it with its check code.

    CaseError ``hotline.*`` for what the citizen must fix (no text, a phone that
    is not one, a phone without consent to be called back); StorageError when
    the store cannot save it.
    """
    words = text.strip()
    if not words:
        raise CaseError("hotline.text_missing")
    if len(words) > MAX_TEXT:
        raise CaseError("hotline.text_long", max=MAX_TEXT)
    phone = normalise_phone(phone)
    if phone and not re.fullmatch(PHONE_PATTERN, phone):
        raise CaseError("hotline.phone_invalid")
    if phone and not consent:
        raise CaseError("hotline.phone_consent")
    try:
        kind = ConsultationKind(category)
    except ValueError:
        raise CaseError("hotline.invalid") from None
    cfg = runtime.config
    today = today or dt.date.today()

    def build(ticket_no: str) -> Consultation:
        try:
            return Consultation(
                hall_code=cfg.hall_code,
                device_code=cfg.device_code,
                category=kind,
                text=words,
                ticket_no=ticket_no,
                department=department,
                item_code=item_code,
                item_name=item_name,
                contact_phone=phone,
                phone_consent=bool(phone) and consent,
                wants_reply=bool(phone) and consent,
                holder_id_number=holder.id_number.upper() if holder is not None else "",
                channel=channel,
                staff=staff,
            )
        except ValueError as exc:  # pydantic's ValidationError included
            raise CaseError("hotline.invalid") from exc

    record = runtime.store.submit_new_ticket(cfg.hall_code, cfg.device_code, today, build)
    log.info("12345 ticket %s saved, queued for sync", record.ticket_no)
    runtime.sync.sync_now()
    calendar = getattr(runtime, "calendar", None)
    due = add_working_days(today, ANSWER_DAYS.get(kind.value, 5), calendar).due
    return TakenTicket(record, ticket_check_code(record.id), due)


def public_base(runtime: Runtime) -> str:
    """Where the public answer page is: ``backoffice.public_url`` when configured, else
    the back office's own address."""
    bo = runtime.config.backoffice
    return getattr(bo, "public_url", "") or bo.url


def print_ticket(runtime: Runtime, taken: TakenTicket, actor: str = "citizen") -> PrintJob:
    """Keep the printed ticket in the print-job store and print it (held if the printer
    cannot)."""
    r = taken.record
    doc = hotline_ticket(
        ticket_no=r.ticket_no,
        check_code=taken.check_code,
        category=r.category.value,
        hall_name=runtime.config.hall_name,
        terminal=terminal_label(runtime),
        department=r.department,
        item_name=r.item_name,
        phone=r.contact_phone,
        answer_due=taken.answer_due,
        public_url=public_base(runtime),
    )
    return runtime.printing.print(doc, actor=actor)


def find_by_ticket(runtime: Runtime, ticket_no: str, code: str) -> TicketView:
    """The ticket's answer from the back office (network: off the GUI thread).

    CaseError ``hotline.ticket_format`` / ``hotline.code_format`` for what was
    typed, ``hotline.not_found`` when number and code do not match,
    ``hotline.offline`` when the back office cannot be reached.
    """
    number = ticket_no.strip().upper()
    if parse_ticket_number(number) is None:
        raise CaseError("hotline.ticket_format")
    check = normalise_check_code(code)
    if check is None:
        raise CaseError("hotline.code_format")
    try:
        rows = runtime.client.lookup_tickets(ticket_no=number, check_code=check)
    except NotFound:
        raise CaseError("hotline.not_found") from None
    except Offline:
        raise CaseError("hotline.offline") from None
    if not rows:
        raise CaseError("hotline.not_found")
    return TicketView.model_validate(rows[0])


def find_by_card(runtime: Runtime, holder: Identity) -> list[TicketView]:
    """The card holder's tickets, newest first (network: off the GUI thread)."""
    try:
        rows = runtime.client.lookup_tickets(id_number=holder.id_number.upper())
    except Offline:
        raise CaseError("hotline.offline") from None
    return [TicketView.model_validate(r) for r in rows]


def rate_answer(
    runtime: Runtime,
    ticket: TicketView,
    level: int,
    reasons: Iterable[str] = (),
    *,
    channel: str = "kiosk",
) -> Evaluation:
    """好差评 of a ticket's answer: an Evaluation naming the ticket, saved with its outbox
    entry (works offline). CaseError for a rating the rules do not allow."""
    cfg = runtime.config
    try:
        record = Evaluation(
            hall_code=cfg.hall_code,
            device_code=cfg.device_code,
            receipt_no=ticket.ticket_no,
            level=EvaluationLevel(level),
            reasons=list(reasons),
            channel=channel,
        )
    except ValueError as exc:
        raise CaseError("evaluation.invalid") from exc
    runtime.store.submit_record(record)
    runtime.sync.sync_now()
    return record
