"""材料复用 and 电子证照 at the window (Qt-free): the consent, the offers, attaching one.

After the card read the clerk records the citizen's consent to reuse
(``record_consent``: on the customer screen, or oral/written as the clerk
records it) on the draft (core.case ``ReuseConsent``, an event in the trail).
``find_offers`` then asks the back office (wire.reuse) what it keeps for the
card holder and matches it to the checklist: a material of a reusable kind
kept from an earlier accepted case, or an e-licence of the type the catalog
names for the material (core.catalog ``Material.e_licence``). ``attach``
fetches one as a PDF and keeps it as the material's file (source "reuse" or
"elicence", the reference on the material, "material_reused" in the trail):
it then travels with the case through the outbox like a scan, exactly once.
Offline there are no offers, and the answer says why. Network calls block:
run them off the GUI thread (the apps' background lane). Any thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from pydantic import ValidationError

from core.case import REUSE_SCOPES, Case, FileRef, ReuseConsent
from core.catalog import Item
from core.errors import CaseError
from core.file_types import media_type_of
from core.identity import Identity
from services.runtime import Runtime
from services.submission import keep_document
from sync.errors import Offline, ServerBusy, Unauthorized
from wire.reuse import KeptMaterial, Licence, ReusedDocument, ReuseOffer, ReuseQuery

log = logging.getLogger(__name__)


@dataclass
class Offers:
    """What can be reused for the draft's checklist: material code → a kept material
    or an e-licence; ``offline`` when the back office could not be asked."""

    kept: dict[str, KeptMaterial] = field(default_factory=dict)
    licences: dict[str, Licence] = field(default_factory=dict)
    offline: bool = False
    sample_note: str = ""

    def for_code(self, code: str) -> KeptMaterial | Licence | None:
        return self.kept.get(code) or self.licences.get(code)

    def __len__(self) -> int:
        return len(self.kept) + len(self.licences)


def record_consent(
    case: Case, how: str, actor: str, scope: tuple[str, ...] = REUSE_SCOPES
) -> ReuseConsent:
    """The citizen's consent to reuse, on the draft and in its trail (``how``: screen,
    oral or written)."""
    case.ensure_editable()
    consent = ReuseConsent(
        at=dt.datetime.now().astimezone(), scope=scope, how=how, recorded_by=actor[:40]
    )
    case.reuse_consent = consent
    case.log("reuse_consent", actor, {"how": how, "scope": list(scope)})
    return consent


def _query(rt: Runtime, case: Case, identity: Identity) -> dict:
    if case.reuse_consent is None:
        raise CaseError("reuse.no_consent")
    cfg = rt.config
    body = ReuseQuery(
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        id_number=identity.id_number.strip().upper(),
        name=identity.name.strip(),
        consent=case.reuse_consent,
        credit_code=case.company.credit_code if case.company is not None else "",
    )
    return body.model_dump(mode="json")


def find_offers(rt: Runtime, case: Case, item: Item, identity: Identity) -> Offers:
    """The holder's reusable materials and e-licences that fit the draft's checklist
    (background thread). CaseError without a consent; ``offline`` without the network."""
    body = _query(rt, case, identity)
    try:
        data = rt.client.reuse_offer(body)
    except (Offline, ServerBusy, Unauthorized):
        return Offers(offline=True)
    try:
        offer = ReuseOffer.model_validate(data)
    except ValidationError:
        raise CaseError("reuse.bad_reply") from None
    wanted = {m.code for m in case.materials if not m.files}
    catalog = {m.code: m for m in item.materials}
    out = Offers(sample_note=offer.sample_note)
    for kept in offer.materials:
        m = catalog.get(kept.code)
        if kept.code in wanted and m is not None and m.reusable:
            out.kept.setdefault(kept.code, kept)
    for lic in offer.licences:
        for code in wanted:
            m = catalog.get(code)
            if m is not None and m.e_licence == lic.kind and code not in out.kept:
                out.licences.setdefault(code, lic)
    return out


def attach(
    rt: Runtime,
    case: Case,
    identity: Identity,
    code: str,
    offer: KeptMaterial | Licence,
    actor: str,
) -> FileRef:
    """Fetch ``offer`` and keep it as material ``code``'s file (background thread).
    Raises sync errors (Offline, NotFound…) or CaseError("reuse.bad_reply")."""
    body = _query(rt, case, identity)
    if isinstance(offer, KeptMaterial):
        body["entry_id"] = offer.entry_id
    else:
        body["reference"] = offer.reference
    data = rt.client.reuse_fetch(body)
    try:
        doc = ReusedDocument.model_validate(data)
        pdf = doc.pdf()
    except (ValidationError, ValueError):
        raise CaseError("reuse.bad_reply") from None
    media_type = media_type_of(pdf)  # a PDF, or an online application's JPEG or PNG
    if not media_type:
        raise CaseError("reuse.bad_reply")
    ref = keep_document(
        rt,
        case,
        code,
        pdf,
        doc.pages,
        actor,
        source=doc.source,
        reference=doc.reference,
        media_type=media_type,
    )
    log.info("material %s attached from %s (%d bytes)", code, doc.source, len(pdf))
    return ref
