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
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.case import Case, CaseState, Party
from core.errors import CaseError, OneWindowError
from core.identity import Identity
from core.ids import parse_receipt_number
from services.printing import PrintJob, pickup_document
from services.runtime import Runtime
from services.supplements import owed_now
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
    """The case with this receipt number; CaseError (what to do) when there is none."""
    text = receipt_no.strip().upper()
    if parse_receipt_number(text) is None:
        raise CaseError("pickup.bad_receipt_no")
    case = runtime.store.case_by_receipt(text)
    if case is None:
        raise CaseError("pickup.not_here")
    return case


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
    cfg = runtime.config
    case = runtime.store.get_case(case_id)
    if case.state is CaseState.DELIVERED:
        raise CaseError("pickup.already_delivered")
    role = collector_role(case, collector)
    if role is None:
        raise CaseError("pickup.not_collector")
    owed = owed_now(runtime, case)  # 补齐材料后方可出件, unless a reviewer waived them
    if owed:
        raise CaseError("pickup.materials_outstanding", materials="、".join(o.name for o in owed))
    record = Handover(
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        case_id=case.id,
        receipt_no=case.receipt_no,
        staff=clerk,
        collector=role,
    )
    delivered = runtime.store.hand_over(record)
    log.info("clerk %s handed over case %s (%s)", clerk, case.id, role)
    runtime.sync.sync_now()
    doc = pickup_document(
        runtime,
        delivered,
        handed_at=record.at.astimezone(),
        clerk=clerk,
        collector=collector_party(delivered, role),
    )
    try:
        job = runtime.printing.print(doc, case_id=delivered.id, actor=clerk)
    except OneWindowError as exc:
        return HandoverResult(delivered, record, None, exc)
    return HandoverResult(delivered, record, job)


def collector_party(case: Case, role: str) -> Party | None:
    """The party of ``case`` that collected in ``role``."""
    return case.agent if role == "agent" else case.applicant
