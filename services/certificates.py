"""证明打印 (self-print certificates), Qt-free: fetch, print on A4, record the service.

For a catalog item marked ``self_print`` the kiosk asks the back office for
the card holder's certificate (``fetch``; the network is needed: without it,
Offline, and the kiosk offers the item's guide instead), prints the PDF on
the A4 printer (``print_pdf``, on the printer's own thread) and records the
service on a case of its own (``record``): a case of the item with the card
read as its ID material, submitted through the normal path (saved with its
outbox entry, then synced), its trail naming the certificate's kind and
verification code (no personal data). ``fetch`` and ``record`` block: run
them on a background thread (widgets.background).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from pydantic import ValidationError

from core.case import Case
from core.catalog import Catalog, Item
from core.errors import CaseError
from core.identity import Identity
from core.intake import start_case
from services.runtime import Runtime
from services.submission import submit
from sync.errors import SyncError
from wire.certificates import CertificateAnswer, CertificateRequest

log = logging.getLogger(__name__)

PRINT_WAIT_S = 60.0  # lp answers in a second or two; a dead CUPS within its own timeout


class CertificateUnusable(SyncError):
    """The back office's answer is not a certificate this kiosk can print."""

    code = "certificate.bad_reply"


@dataclass(frozen=True)
class Certificate:
    """A certificate fetched for the card holder: what the back office answered, and the PDF."""

    answer: CertificateAnswer
    pdf: bytes

    @property
    def code(self) -> str:
        return self.answer.code

    @property
    def title(self) -> str:
        return self.answer.title


def self_print_items(catalog: Catalog) -> list[Item]:
    """The items whose certificate the kiosk prints itself, in catalog order."""
    return [i for i in catalog.items if i.self_print]


def fetch(rt: Runtime, item: Item, identity: Identity) -> Certificate:
    """The holder's certificate of ``item`` from the back office (background thread).

    Raises sync.errors.Offline without the network, NotFound when the registry
    has none for this holder, CertificateUnusable for an answer that is not one.
    """
    cfg = rt.config
    body = CertificateRequest(
        item_code=item.code,
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        id_number=identity.id_number,
        name=identity.name,
    )
    data = rt.client.certificate(body.model_dump())
    try:
        answer = CertificateAnswer.model_validate(data)
        pdf = answer.pdf()
    except (ValidationError, ValueError):
        raise CertificateUnusable("certificate.bad_reply") from None
    if not pdf.startswith(b"%PDF") or answer.item_code != item.code:
        raise CertificateUnusable("certificate.bad_reply")
    log.info("certificate %s fetched (%s, %d bytes)", answer.code, answer.kind, len(pdf))
    return Certificate(answer, pdf)


def print_pdf(rt: Runtime, cert: Certificate) -> str:
    """Send the PDF to the A4 printer and wait for it to take the job; the job id.

    Raises drivers.a4.base.A4Error when the printer would not. The job's title
    names the kind and the code only."""
    title = f"{cert.answer.kind} {cert.code}"
    return rt.a4.print_pdf(cert.pdf, title).result(timeout=PRINT_WAIT_S)


def record(
    rt: Runtime,
    item: Item,
    identity: Identity,
    cert: Certificate,
    job_id: str,
    *,
    catalog_version: str = "",
    today: dt.date | None = None,
) -> Case:
    """The service on a case of its own, submitted through the normal path (background thread).

    The card read is the ID material; scenario questions take their first
    option (本人办理); the form is prefilled from the card and its choices take
    the first option (the certificate printed is the kind
    the registry gives). The trail says which certificate was printed.
    """
    cfg = rt.config
    answers: dict[str, int] = {}
    for q in item.scenario:  # 本人办理 and the like: the card holder applies for themself
        if q.asked(answers):
            answers[q.key] = 0
    case = start_case(
        item,
        identity,
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        channel=cfg.role.value,
        actor="citizen",
        answers=answers,
        catalog_version=catalog_version,
    )
    from services.card_material import fill_from_card  # loads OpenCV: only when a case is made

    fill_from_card(rt, case, identity, "citizen")
    for f in item.form:
        if f.type == "choice" and f.choices and not case.form.get(f.key):
            case.form[f.key] = f.choices[0]
    missing = [m.code for m in case.materials if not m.files and item.material(m.code).required]
    if missing:
        raise CaseError("case.material_missing", material=missing[0], material_name="")
    case.log(
        "certificate_printed",
        "device",
        {"kind": cert.answer.kind, "code": cert.code, "job": job_id},
    )
    return submit(rt, case, item, "citizen", today=today)
