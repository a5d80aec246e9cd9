"""材料复用 and 电子证照 for a window: ``POST /api/v1/reuse/offer`` and ``/reuse/fetch``.

Devices only (their token checked before the body is read; the hall and
device in the body must be the sender's). The request names the card read
at the window — the holder's ID number and name, as the other card look-ups
do — and carries the citizen's reuse consent (core.case ``ReuseConsent``):
without it, or without the scope asked for, nothing is looked up (403). The
material library (backoffice.store.library) answers only when the name is
the one on the holder's earlier cases; the e-licence registry
(backoffice.elicence, 样例数据) only when it is the name on the licence. The
answers carry no ID number and the earlier receipt numbers masked; every
offer and fetch is in the audit log (no personal data). A fetch of
something that is not the holder's counts against the device (the look-ups'
limit: 429 with Retry-After).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Annotated

from fastapi import APIRouter, Body, Request

from backoffice.api.deps import AuthFirstRoute, DeviceCaller, StoreDep, check_sender
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.elicence.registry import Found, Registry, licence_pdf
from backoffice.elicence.sample import SAMPLE_NOTE
from backoffice.store import BackofficeStore, NotFoundError
from core.identity import mask_id_number
from core.messages import Words
from wire.reuse import KeptMaterial, Licence, ReusedDocument, ReuseFetch, ReuseOffer, ReuseQuery

router = APIRouter(prefix=API, tags=["intake"], route_class=AuthFirstRoute)

NOT_FOUND = "bo.reuse_not_found"


def _registry(request: Request) -> Registry:
    registry = getattr(request.app.state, "elicence_registry", None)
    if registry is None:
        registry = Registry(request.app.state.store.data_dir)
        request.app.state.elicence_registry = registry
    return registry


def mask_receipt(receipt_no: str) -> str:
    """FS01-C01-20261203-0012 → FS01-***-********-0012 (the hall and the sequence)."""
    parts = receipt_no.split("-")
    if len(parts) < 3:
        return "*" * len(receipt_no)
    return "-".join([parts[0], *("*" * len(p) for p in parts[1:-1]), parts[-1]])


def _scopes(body: ReuseQuery, store: BackofficeStore, who: str, action: str) -> set[str]:
    """The scopes consented to; 403 (audited) without a consent."""
    if body.consent is None:
        store.audit(who, action, "holder", "no_consent", None)
        raise ApiError(403, Words("bo.reuse_no_consent"), {"field": "consent"})
    return set(body.consent.scope)


def _licence(one: Found) -> Licence:
    return Licence(
        reference=one.reference,
        kind=one.licence.kind,
        title=one.title,
        issuer=one.issuer,
        issued_on=one.licence.issued_on,
    )


@router.post("/reuse/offer", response_model=ReuseOffer, responses=error_responses(401, 403, 422))
def reuse_offer(
    body: Annotated[ReuseQuery, Body()],
    request: Request,
    store: StoreDep,
    caller: DeviceCaller,
) -> ReuseOffer:
    """What can be reused for the card holder: kept materials and e-licences (样例数据)."""
    check_sender(request, body.hall_code, body.device_code)
    scopes = _scopes(body, store, caller.who, "reuse.offer")
    materials: list[KeptMaterial] = []
    if "library" in scopes:
        for e in store.library_of(body.id_number, body.name):
            materials.append(
                KeptMaterial(
                    entry_id=e["id"],
                    code=e["material_code"],
                    name=e["material_name"],
                    kept_on=e["kept_at"][:10],
                    receipt_no=mask_receipt(e["receipt_no"]),
                    item_name=e["item_name"],
                    pages=int(e["pages"]),
                )
            )
    licences: list[Licence] = []
    if "elicence" in scopes:
        found = _registry(request).licences_of(body.id_number, body.name, body.credit_code)
        licences = [_licence(one) for one in found]
    detail = {"materials": len(materials), "licences": len(licences), "scope": sorted(scopes)}
    store.audit(caller.who, "reuse.offer", "holder", "found", detail)
    return ReuseOffer(materials=materials, licences=licences, sample_note=SAMPLE_NOTE)


@router.post(
    "/reuse/fetch",
    response_model=ReusedDocument,
    responses=error_responses(401, 403, 404, 422, 429),
)
def reuse_fetch(
    body: Annotated[ReuseFetch, Body()],
    request: Request,
    store: StoreDep,
    caller: DeviceCaller,
) -> ReusedDocument:
    """One kept material or e-licence of the card holder, as a PDF to attach to a case."""
    check_sender(request, body.hall_code, body.device_code)
    scopes = _scopes(body, store, caller.who, "reuse.fetch")
    limit = request.app.state.lookup_failures
    wait = limit.retry_after(caller.who)
    if wait is not None:
        store.audit(caller.who, "reuse.fetch", "holder", "limited", None)
        raise ApiError(429, Words("bo.lookup_limited"), None, headers={"Retry-After": str(wait)})
    doc: ReusedDocument | None = None
    if body.entry_id and "library" in scopes:
        entry = store.library_entry(body.id_number, body.name, body.entry_id)
        if entry is not None:
            try:
                pdf = store.read_file(entry["file_id"])
            except (NotFoundError, FileNotFoundError, ValueError):
                pdf = b""
            if pdf:
                doc = ReusedDocument(
                    source="reuse",
                    reference=entry["id"],
                    title=entry["material_name"],
                    pages=int(entry["pages"]),
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    pdf_base64=base64.b64encode(pdf).decode("ascii"),
                    from_receipt=mask_receipt(entry["receipt_no"]),
                )
    elif body.reference and "elicence" in scopes:
        one = _registry(request).find(body.id_number, body.name, body.reference, body.credit_code)
        if one is not None:
            pdf = licence_pdf(one, mask_id_number(body.id_number))
            doc = ReusedDocument(
                source="elicence",
                reference=one.reference,
                title=one.title,
                pages=1,
                sha256=hashlib.sha256(pdf).hexdigest(),
                pdf_base64=base64.b64encode(pdf).decode("ascii"),
            )
    target = body.entry_id or body.reference
    if doc is None:
        limit.failed(caller.who)
        store.audit(caller.who, "reuse.fetch", target, "not_found", None)
        asked = {"entry_id": body.entry_id, "reference": body.reference}
        raise ApiError(404, Words(NOT_FOUND), asked)
    store.audit(caller.who, "reuse.fetch", target, "ok", {"source": doc.source})
    return doc
