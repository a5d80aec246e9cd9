"""Result pickup (出件) at a comprehensive window, shared logic (Qt-free).

The back office decides a case and marks it READY (待取件); the device
learns it from the status feed. At the window the clerk reads the
collector's ID card (or types the receipt number), sees the READY cases of
that person, and confirms the hand-over: the case moves to DELIVERED with a
"handover" event in its hash-chained trail, a ``wire.records.Handover`` goes
to the back office through the outbox (same transaction), and the 取件凭条
is printed through the print-job store (held while the printer is out).
Only the applicant or the agent the case records may collect. Any thread
that may use the runtime's store (the GUI thread in the counter).

A case of another device or hall (a kiosk's, another window's) is found
through the back office (``POST /api/v1/progress``: receipt number and
check code, or the holder's card), which also says whether the card read at
this window is the applicant's or the recorded agent's; its hand-over goes
to the back office at once (``PUT /api/v1/handovers/{id}``), which records
one hand-over per case whoever makes it (a second is 409). Those calls
block on the network: run them off the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from core.case import Case, CaseState, DeliveryMethod, Party
from core.delivery import CARRIERS, parse_waybill
from core.errors import CaseError, DeliveryError, OneWindowError
from core.identity import Identity
from core.ids import parse_receipt_number
from core.receipt import remote_pickup_slip
from core.tracking import Lookup, parse_lookup
from services.printing import PrintJob, pickup_document, terminal_label
from services.runtime import Runtime
from services.supplements import owed_now
from sync.errors import Conflict, NotFound, Offline, Rejected, ServerBusy, Unauthorized
from wire.progress import ProgressCase
from wire.records import Handover

log = logging.getLogger(__name__)

# How many READY cases a card look-up considers (newest first).
READY_SCAN_LIMIT = 2000


def collector_role(case: Case, identity: Identity) -> str | None:
    """ "applicant" or "agent" when ``identity`` may collect ``case``'s result, else None."""
    number = identity.id_number.strip().upper()
    if not number:
        return None
    if case.applicant.id_number.strip().upper() == number:
        return "applicant"
    if case.agent is not None and case.agent.id_number.strip().upper() == number:
        return "agent"
    return None


def ready_cases_for(runtime: Runtime, identity: Identity) -> list[tuple[Case, str]]:
    """The READY (待取件) cases ``identity`` may collect, with their role, newest first."""
    cases = runtime.store.list_cases(limit=READY_SCAN_LIMIT, states=(CaseState.READY,))
    out = []
    for case in cases:
        role = collector_role(case, identity)
        if role is not None:
            out.append((case, role))
    return out


def find_by_receipt(runtime: Runtime, receipt_no: str) -> Case:
    """The case with this receipt number (typed, or the receipt's QR read by a scanner
    gun: its tracking address); CaseError (what to do) when this device has none."""
    lookup = parse_lookup(receipt_no)
    if lookup is None or parse_receipt_number(lookup.receipt_no) is None:
        raise CaseError("pickup.bad_receipt_no")
    case = runtime.store.case_by_receipt(lookup.receipt_no)
    if case is None:
        raise CaseError("pickup.not_here")
    return case


def _ask(runtime: Runtime, body: dict[str, str]) -> list[ProgressCase]:
    try:
        rows = runtime.client.progress(body)
    except NotFound:
        raise CaseError("pickup.not_found_anywhere") from None
    except (Offline, ServerBusy, Unauthorized):
        raise CaseError("pickup.needs_network") from None
    return [ProgressCase.model_validate(r) for r in rows]


def find_elsewhere(
    runtime: Runtime, lookup: Lookup, collector: Identity | None = None
) -> ProgressCase:
    """A case of another device or hall, by receipt number and check code, from the back
    office (with whether ``collector`` may take it). CaseError: a check code is needed,
    nothing matches, or the back office cannot be reached."""
    if not lookup.check_code:
        raise CaseError("pickup.need_check_code")
    body = {"receipt_no": lookup.receipt_no, "check_code": lookup.check_code}
    if collector is not None:
        body["collector_id"] = collector.id_number.strip().upper()
    (found,) = _ask(runtime, body)
    return found


def ready_elsewhere(runtime: Runtime, identity: Identity) -> list[ProgressCase]:
    """The card holder's READY cases the back office has and this device does not;
    [] when it cannot be reached (the local ones still show)."""
    number = identity.id_number.strip().upper()
    try:
        rows = _ask(runtime, {"id_number": number, "collector_id": number})
    except CaseError:
        return []
    return [
        r
        for r in rows
        if r.state == CaseState.READY.value and runtime.store.case_by_receipt(r.receipt_no) is None
    ]


@dataclass
class RemoteHandover:
    """A hand-over of another device's case: its answer, the record the back office
    kept and the slip's print job (None with ``print_error`` when not even kept)."""

    case: ProgressCase
    record: Handover
    job: PrintJob | None
    print_error: OneWindowError | None = None


def hand_over_elsewhere(
    runtime: Runtime, query: dict[str, str], collector: Identity, clerk: str, receipt_no: str
) -> RemoteHandover:
    """出件 of another device's case: asks the back office again with the collector's
    card (``query``: receipt_no + check_code, or id_number) for ``receipt_no``, checks
    the same rules as here, sends the hand-over and prints the 取件凭条.

    CaseError: not the applicant or recorded agent, handed out already (also when
    another window was first: the back office's 409), not ready, or no network.
    """
    cfg = runtime.config
    number = collector.id_number.strip().upper()
    rows = _ask(runtime, {**query, "collector_id": number})
    found = [r for r in rows if r.receipt_no == receipt_no]
    if not found:
        raise CaseError("pickup.not_found_anywhere")
    case = found[0]
    if case.state == CaseState.DELIVERED.value:
        raise CaseError("pickup.already_delivered")
    if case.state != CaseState.READY.value:
        raise CaseError("pickup.not_ready")
    if case.collector not in ("applicant", "agent") or not case.case_id:
        raise CaseError("pickup.not_collector")
    record = Handover(
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        case_id=case.case_id,
        receipt_no=case.receipt_no,
        staff=clerk,
        collector=case.collector,
    )
    try:
        runtime.client.put_record("handover", record.id, record.body())
    except Conflict:
        raise CaseError("pickup.already_delivered") from None
    except Rejected:
        raise CaseError("pickup.not_ready") from None
    except (Offline, ServerBusy, Unauthorized):
        raise CaseError("pickup.needs_network") from None
    log.info(
        "clerk %s handed over case %s of %s (%s)",
        clerk,
        case.case_id,
        case.hall_code,
        case.collector,
    )
    doc = remote_pickup_slip(
        receipt_no=case.receipt_no,
        case_id=case.case_id,
        item_name=case.item_name,
        applicant=case.applicant,
        by_agent=case.collector == "agent",
        hall_name=cfg.hall_name,
        window=terminal_label(runtime),
        handed_at=record.at.astimezone(),
        clerk=clerk,
        public_url=cfg.backoffice.public_url,
    )
    try:
        job = runtime.printing.print(doc, actor=clerk)
    except OneWindowError as exc:
        return RemoteHandover(case, record, None, exc)
    return RemoteHandover(case, record, job)


@dataclass
class HandoverResult:
    """What a hand-over left: the delivered case, its record and the slip's print job
    (None when the slip could not even be kept; ``print_error`` then says why)."""

    case: Case
    record: Handover
    job: PrintJob | None
    print_error: OneWindowError | None = None


def hand_over(runtime: Runtime, case_id: str, collector: Identity, clerk: str) -> HandoverResult:
    """Hand the result of a READY case to ``collector`` (出件) and print the 取件凭条.

    Raises CaseError when the collector is neither the applicant nor the
    recorded agent, when the case was already handed out, or is not ready, or
    still owes 补正 materials no reviewer waived (the back office's word when it
    answers, else the local trail's; the error names them);
    StorageError when it could not be saved (nothing is recorded then). A
    printer problem does not undo the hand-over: the slip is held and
    printed later (or reprinted from the print list).
    """
    case = _not_handed_out(runtime, case_id)
    role = collector_role(case, collector)
    if role is None:
        raise CaseError("pickup.not_collector")
    _nothing_owed(runtime, case)
    record = _handover(runtime, case, clerk, collector=role)
    log.info("clerk %s hands over case %s (%s)", clerk, case.id, role)
    return _record_and_print(runtime, record, lambda c: {"collector": collector_party(c, role)})


def _not_handed_out(runtime: Runtime, case_id: str) -> Case:
    case = runtime.store.get_case(case_id)
    if case.state is CaseState.DELIVERED:
        raise CaseError("pickup.already_delivered")
    return case


def _handover(runtime: Runtime, case: Case, clerk: str, **who: str) -> Handover:
    """The hand-over record of ``case`` at this window (``who``: collector, carrier…)."""
    cfg = runtime.config
    return Handover(
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        case_id=case.id,
        receipt_no=case.receipt_no,
        staff=clerk,
        **who,
    )


def _nothing_owed(runtime: Runtime, case: Case) -> None:
    """补齐材料后方可出件, unless a reviewer waived them (CaseError naming them)."""
    owed = owed_now(runtime, case)
    if owed:
        raise CaseError("pickup.materials_outstanding", materials="、".join(o.name for o in owed))


def _record_and_print(runtime: Runtime, record: Handover, slip: Any) -> HandoverResult:
    """The hand-over saved (case, trail, outbox in one transaction), sync woken, the
    slip printed; ``slip(delivered)`` gives the slip's own arguments."""
    delivered = runtime.store.hand_over(record)
    runtime.sync.sync_now()
    doc = pickup_document(
        runtime, delivered, handed_at=record.at.astimezone(), clerk=record.staff, **slip(delivered)
    )
    try:
        job = runtime.printing.print(doc, case_id=delivered.id, actor=record.staff)
    except OneWindowError as exc:
        return HandoverResult(delivered, record, None, exc)
    return HandoverResult(delivered, record, job)


def is_express(case: Case) -> bool:
    """The applicant chose 邮寄送达: the result is posted, not collected."""
    return case.delivery.method is DeliveryMethod.EXPRESS


def mail_out(
    runtime: Runtime, case_id: str, carrier: str, waybill: str, clerk: str
) -> HandoverResult:
    """出件 of an express case (邮寄送达): the parcel's waybill number captured (a
    barcode on the document camera or a scanner gun), the case DELIVERED with a
    "handover" and a "mailed" event (carrier + waybill) in its trail, the hand-over
    sent to the back office through the outbox, and the slip printed with the waybill.

    DeliveryError for a waybill of the wrong shape, an unknown carrier, or a case
    that is not express; CaseError as ``hand_over`` (handed out, not ready, 补正 owed).
    """
    number = parse_waybill(waybill)
    if carrier not in CARRIERS:
        raise DeliveryError("delivery.bad_carrier")
    case = _not_handed_out(runtime, case_id)
    if not is_express(case):
        raise DeliveryError("delivery.not_express")
    _nothing_owed(runtime, case)
    record = _handover(runtime, case, clerk, collector="express", carrier=carrier, waybill=number)
    log.info("clerk %s posts case %s (%s)", clerk, case.id, carrier)
    return _record_and_print(runtime, record, lambda _c: {"mailed": (CARRIERS[carrier], number)})


def collector_party(case: Case, role: str) -> Party | None:
    """The party of ``case`` that collected in ``role``."""
    return case.agent if role == "agent" else case.applicant
