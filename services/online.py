"""网上预审件 at the window: pull an online application, check the originals, accept on the spot.

A citizen applied online and a department pre-reviewed it (backoffice.web.online).
At the window the clerk pulls it by its number or by the applicant's card
(``pull``; the back office answers only a signed-in window clerk, named by their
staff token, so an offline sign-in cannot pull), fetches the uploaded scans
(``fetch_scans``, each checked against its SHA-256), compares each with the
original the applicant brought (一致, or 不一致 and rescanned on the camera), and
accepts it (``accept``): a case of the item, made from the application (the form
as written online, each material the uploaded scan with source ``online`` or the
rescan), claimed at the back office for this case exactly once, then submitted
like any counter case (store row and outbox entry in one transaction) and its
receipt printed. A 即办 item (``Item.on_the_spot``) is decided at the window: the
trail records the decision and the receipt says 当场办结; the back office moves
the case to 办结 and 已出件 when it arrives (backoffice.api.routes.online).

Only a pre-reviewed (预审通过) application can be accepted; ``blocker`` says why
another cannot. Blocking calls (network, store): run them off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from pydantic import ValidationError

from core.case import Case, MaterialStatus
from core.catalog import Item
from core.errors import OneWindowError
from core.identity import CardType, Identity
from core.intake import start_case, submit_case
from services.printing import PrintJob
from services.runtime import Runtime
from services.submission import print_receipt, store_material, submit
from wire.online import OnlineApplication

if TYPE_CHECKING:
    from drivers.camera.page import Page
    from services.staff_session import Clerk

log = logging.getLogger(__name__)

ONLINE = "online"  # CaseMaterial.source of a material taken from the online upload
DECISION = "准予办理"  # what a 即办 item's window decides when the originals match
_NUMBER_LEN = 14
T = TypeVar("T")


class OnlineError(OneWindowError):
    """Why an online application cannot be pulled or accepted (core.messages ``online.*``)."""

    code = "online.not_found"


@dataclass
class Accepted:
    """A case made from an online application: submitted, its receipt's print job."""

    case: Case
    job: PrintJob | None
    print_error: BaseException | None
    on_the_spot: bool


def normalise_number(text: str) -> str:
    """``text`` as an application number (WS + 12 digits), else OnlineError."""
    number = text.strip().upper().replace(" ", "")
    if len(number) != _NUMBER_LEN or not number.startswith("WS") or not number[2:].isdigit():
        raise OnlineError("online.bad_number")
    return number


def _token(clerk: Clerk | None) -> str:
    if clerk is None or not clerk.token:
        raise OnlineError("online.needs_clerk")
    return clerk.token


def _asked(call: Callable[[], T]) -> T:
    """The back office's answer; its refusals in this page's words."""
    from sync.errors import Conflict, NotFound, Offline, ServerBusy, Unauthorized

    try:
        return call()
    except NotFound:
        raise OnlineError("online.not_found") from None
    except (Offline, ServerBusy):
        raise OnlineError("online.needs_network") from None
    except Unauthorized:
        raise OnlineError("online.needs_clerk") from None
    except Conflict as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {}
        if detail.get("receipt_no") is not None:
            raise OnlineError("online.taken", receipt_no=str(detail["receipt_no"])) from None
        raise OnlineError("online.submitted") from None


def _parse(rows: Sequence[Mapping]) -> list[OnlineApplication]:
    try:
        return [OnlineApplication.model_validate(r) for r in rows]
    except ValidationError:
        raise OnlineError("online.bad_file") from None


def pull(
    rt: Runtime, clerk: Clerk | None, *, number: str = "", identity: Identity | None = None
) -> list[OnlineApplication]:
    """The application of ``number``, or the card holder's (``identity`` read at the
    window), newest first."""
    token = _token(clerk)
    if identity is not None:
        held = identity.id_number.strip().upper()
        rows = _asked(lambda: rt.client.online_pull(token, id_number=held))
    else:
        wanted = normalise_number(number)
        rows = _asked(lambda: rt.client.online_pull(token, number=wanted))
    return _parse(rows)


def fetch_scans(rt: Runtime, clerk: Clerk | None, app: OnlineApplication) -> dict[str, bytes]:
    """The uploaded scans by material code, each checked against its hash."""
    token = _token(clerk)
    out: dict[str, bytes] = {}
    for f in app.files:
        data = _asked(lambda f=f: rt.client.online_file(token, app.number, f.seq))
        if hashlib.sha256(data).hexdigest() != f.sha256:
            raise OnlineError("online.bad_file")
        out[f.material_code] = data
    return out


def blocker(app: OnlineApplication) -> OnlineError | None:
    """Why ``app`` cannot be accepted on the spot (None when it can: 预审通过)."""
    if app.state == "approved":
        return None
    if app.state == "taken":
        return OnlineError("online.taken", receipt_no=app.taken_receipt_no)
    if app.state == "returned":
        return OnlineError("online.returned", reason=app.reason)
    return OnlineError("online.submitted")


def applicant_of(app: OnlineApplication, card: Identity | None) -> Identity:
    """Who the case is for: the card read at the window when it is the applicant's,
    else the person as the application names them."""
    if card is not None and card.id_number.strip().upper() == app.applicant.id_number:
        return card
    return Identity(
        card_type=CardType.RESIDENT, name=app.applicant.name, id_number=app.applicant.id_number
    )


def accept(
    rt: Runtime,
    clerk: Clerk | None,
    app: OnlineApplication,
    item: Item,
    scans: Mapping[str, bytes],
    checks: Mapping[str, str],
    rescans: Mapping[str, Sequence[Page]],
    *,
    card: Identity | None = None,
    case_id: str = "",
    catalog_version: str = "",
    today: dt.date | None = None,
) -> Accepted:
    """当场受理 (background thread): the case from the application, claimed once at the
    back office, submitted, its receipt printed.

    ``checks`` is each uploaded material's original check, "ok" (原件核验一致) or
    "rescan" (不一致: its pages in ``rescans``). Raises OnlineError (not pre-reviewed,
    taken, a material not checked or not rescanned, no network) or CaseError (what the
    case still lacks); nothing is claimed or saved then. ``case_id``: the id the window
    chose for this application's case, the same on a retry, so a claim whose case could
    not be saved is taken again by the same case (the back office answers it alike).
    """
    why = blocker(app)
    if why is not None:
        raise why
    token = _token(clerk)
    assert clerk is not None
    actor = clerk.staff_no
    for f in app.files:
        check = checks.get(f.material_code)
        if check not in ("ok", "rescan"):
            raise OnlineError("online.unchecked", material_name=f.material_name)
        if check == "rescan" and not rescans.get(f.material_code):
            raise OnlineError("online.rescan", material_name=f.material_name)
    cfg = rt.config
    answers = {q.key: 0 for q in item.scenario}
    case = start_case(
        item,
        applicant_of(app, card),
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        channel=cfg.role.value,
        actor=actor,
        answers=answers,
        catalog_version=catalog_version,
    )
    if case_id:
        case.id = case_id
    keys = {f.key for f in item.form}
    case.form.update({k: v for k, v in app.form.items() if k in keys})
    case.applicant = case.applicant.model_copy(update={"phone": app.applicant.phone})
    rescanned = []
    for f in app.files:
        m = next((m for m in case.materials if m.code == f.material_code), None)
        if m is None:
            continue  # a material the checklist no longer asks for (目录之外无证明)
        if checks[f.material_code] == "rescan":
            store_material(rt, case, f.material_code, list(rescans[f.material_code]), actor)
            rescanned.append(f.material_code)
            continue
        suffix = {"image/png": ".png", "application/pdf": ".pdf"}.get(f.media_type, ".jpg")
        ref = rt.store.save_file(scans[f.material_code], f"{m.code}{suffix}", f.media_type)
        m.files, m.pages, m.status, m.source = [ref], 1, MaterialStatus.RECEIVED, ONLINE
        case.log(
            "online_material", actor, {"material": m.code, "file": ref.id, "sha256": ref.sha256}
        )
    case.log(
        "online_application",
        actor,
        {
            "number": app.number,
            "checked": [f.material_code for f in app.files],
            "rescanned": rescanned,
        },
    )
    if item.on_the_spot:
        case.log("decided_on_spot", actor, {"decision": DECISION, "online": app.number})
    # What the case lacks is said before the application is claimed for it.
    submit_case(case.model_copy(deep=True), item, receipt_no="DRY-RUN", actor=actor, today=today)
    _asked(lambda: rt.client.online_take(token, app.number, case.id))
    submitted = submit(rt, case, item, actor, today=today)
    try:  # the receipt number beside the claim (the case's arrival also brings it)
        rt.client.online_take(token, app.number, submitted.id, submitted.receipt_no)
    except OneWindowError:
        log.info("online application %s: receipt number sent later with the case", app.number)
    job, error = None, None
    try:
        job = print_receipt(rt, submitted, actor, clerk.label)
    except OneWindowError as exc:
        error = exc
    log.info("online application %s accepted as %s", app.number, submitted.receipt_no)
    return Accepted(submitted, job, error, item.on_the_spot)
