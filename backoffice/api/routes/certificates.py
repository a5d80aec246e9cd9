"""证明打印: ``POST /api/v1/certificates`` for a device, ``/verify/{code}`` for anyone.

A kiosk asks for the certificate of a self-print item (core.catalog
``Item.self_print``) for the card holder it just read; the device's token is
checked before the body is read (AuthFirstRoute) and the hall and device in
the body must be the sender's. The answer is the PDF with its verification
code. Nothing is answered for a holder the registry does not know (404, the
same for a wrong name), and the ID number is neither stored nor logged: the
certificates table indexes the holder by HMAC (backoffice.certificates).

The verification page needs no sign-in: it says whether the code belongs to a
certificate this back office issued and whether it is still valid, and shows
what the certificate says with the holder's name masked. Every issue is in
the audit log (kind and code, no personal data). The kiosk's own case of the
service, when it arrives naming a certificate issued here to its applicant,
is moved to 已出件 at once (``settle_printed_case``, called by the cases route).
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import html
import json
from typing import Annotated

from fastapi import APIRouter, Body, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from backoffice.api.deps import AuthFirstRoute, CatalogDep, DeviceCaller, StoreDep, check_sender
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.catalog import CatalogSource
from backoffice.certificates.issue import Issuer, NoRecord, normalise_code
from backoffice.certificates.sample import SAMPLE_NOTE
from backoffice.store import BackofficeStore
from core.case import Case, CaseState
from core.catalog import Catalog, Item
from core.errors import CatalogError
from core.messages import Words
from wire.certificates import CertificateAnswer, CertificateRequest

router = APIRouter(prefix=API, tags=["certificates"], route_class=AuthFirstRoute)
public = APIRouter(tags=["certificates"])


def _issuer(request: Request) -> Issuer:
    issuer = getattr(request.app.state, "certificate_issuer", None)
    if issuer is None:
        issuer = Issuer(request.app.state.store.data_dir)
        request.app.state.certificate_issuer = issuer
    return issuer


SETTLER = "system:certificate"  # who moves a printed certificate's case (trail, audit)


def settle_printed_case(request: Request, store: BackofficeStore, case: Case) -> bool:
    """证明打印's own case, just received: done on the spot when its trail names a
    certificate this back office issued for this item, to this applicant, at this
    device; 受理 → 待取件 → 已出件 at once (the citizen took the paper). True when moved."""
    return settle_printed(_issuer(request), store, case)


def settle_printed(issuer: Issuer, store: BackofficeStore, case: Case) -> bool:
    """settle_printed_case with the back office's certificate ``issuer`` (a USB bundle's
    import has no request)."""
    codes = [e.detail.get("code") for e in case.events if e.kind == "certificate_printed"]
    if not codes or not isinstance(codes[-1], str) or case.applicant is None:
        return False
    row = store.certificate(codes[-1])
    if (
        row is None
        or row["item_code"] != case.item_code
        or (row["hall_code"], row["device_code"]) != (case.hall_code, case.device_code)
        or not hmac.compare_digest(row["holder_hmac"], issuer.holder_key(case.applicant.id_number))
    ):
        return False
    detail = {"certificate": row["code"], "kind": row["kind"]}
    for state in (CaseState.ACCEPTED, CaseState.READY, CaseState.DELIVERED):
        store.set_state(case.id, state, "", SETTLER, audit_as=SETTLER, audit_detail=detail)
    return True


def _item(catalog: CatalogSource, code: str) -> Item | None:
    """The item of the catalog served now (None when it has none, or none is usable)."""
    served = catalog.get()
    if served is None:
        return None
    try:
        return Catalog.from_json(served[0]).item(code)
    except CatalogError:
        return None


def _public_base(request: Request) -> str:
    """Where citizens reach this back office: ``app.state.public_url`` when set, else itself."""
    base = getattr(request.app.state, "public_url", "") or str(request.base_url)
    return base.rstrip("/")


@router.post(
    "/certificates",
    response_model=CertificateAnswer,
    responses=error_responses(401, 403, 404, 422),
)
def issue_certificate(
    body: Annotated[CertificateRequest, Body()],
    request: Request,
    store: StoreDep,
    catalog: CatalogDep,
    caller: DeviceCaller,
) -> CertificateAnswer:
    """The card holder's certificate for a self-print item, as a PDF with its code."""
    check_sender(request, body.hall_code, body.device_code)
    item = _item(catalog, body.item_code)
    issuer = _issuer(request)
    kind = issuer.kind_of(body.item_code)
    if item is None or not item.self_print or kind is None:
        raise ApiError(404, Words("bo.not_self_print"), {"item_code": body.item_code})
    try:
        issued = issuer.issue(
            kind,
            id_number=body.id_number,
            name=body.name,
            verify_base=_public_base(request),
            hall_code=body.hall_code,
            device_code=body.device_code,
        )
    except NoRecord:
        store.audit(caller.who, "certificate.issue", kind.kind, "none", {"item": item.code})
        raise ApiError(404, Words("bo.no_certificate"), {"item_code": body.item_code}) from None
    store.add_certificate(issued.row)
    store.audit(caller.who, "certificate.issue", issued.row["code"], "ok", {"kind": kind.kind})
    row = issued.row
    return CertificateAnswer(
        code=row["code"],
        kind=row["kind"],
        item_code=row["item_code"],
        title=issued.title,
        issued_at=row["issued_at"],
        valid_until=row["valid_until"],
        verify_url=issued.verify_url,
        pdf_base64=base64.b64encode(issued.pdf).decode("ascii"),
    )


_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>证明核验</title>
<style>
body {{ font-family: "Noto Sans CJK SC", sans-serif; margin: 0; background: #f4f6f9; }}
body {{ color: #1f2933; }}
main {{ max-width: 40rem; margin: 0 auto; padding: 1rem; }}
h1 {{ font-size: 1.4rem; }}
.verdict {{ font-size: 1.3rem; font-weight: bold; padding: .8rem 1rem; border-radius: .4rem; }}
.ok {{ background: #e3f6e8; color: #1b6b34; }} .bad {{ background: #fde8e8; color: #9b1c1c; }}
.sample {{ color: #c81e1e; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; background: #fff; }}
td, th {{ border: 1px solid #cbd2d9; padding: .4rem; text-align: center; }}
dl {{ background: #fff; padding: .8rem 1rem; }} dt {{ color: #52606d; }} dd {{ margin: 0 0 .5rem; }}
</style></head>
<body><main>
<h1>证明核验</h1>
{body}
</main></body></html>
"""


def _page(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        _PAGE.format(body=body),
        status_code=status,
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"},
    )


@public.get("/verify/{code}", include_in_schema=False, response_class=HTMLResponse)
def verify_page(
    request: Request,
    code: Annotated[str, PathParam(min_length=16, max_length=24)],
    store: StoreDep,
) -> HTMLResponse:
    """Anyone with the code: is the certificate genuine and valid, and what does it say.
    Wrong codes count against the asker's address (the look-ups' limit): guessing is
    answered 429 before the code is looked at."""
    limit = request.app.state.lookup_failures
    key = f"public@{request.client.host if request.client else '?'}"
    wait = limit.retry_after(key)
    if wait is not None:
        response = _page(
            '<p class="verdict bad">查询过于频繁，请稍后再试。</p>'
            "<p>Too many wrong codes from here; please try again later.</p>",
            429,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    found = None
    typed = normalise_code(code)
    if typed is not None:
        found = store.certificate(typed)
    if found is None:
        limit.failed(key)
        return _page(
            '<p class="verdict bad">没有这个验证码的证明，请核对验证码。</p>'
            "<p>No certificate has this verification code.</p>",
            404,
        )
    content = json.loads(found["content"])
    valid = dt.date.fromisoformat(found["valid_until"]) >= dt.date.today()
    e = html.escape
    verdict = (
        '<p class="verdict ok">有效：本证明由本系统出具，内容如下。</p>'
        if valid
        else '<p class="verdict bad">已过有效期：本证明由本系统出具，但已超过有效期。</p>'
    )
    lines = "".join(f"<dd>{e(line)}</dd>" for line in content.get("lines", []))
    rows = content.get("table") or []
    table = ""
    if rows:
        head = "".join(f"<th>{e(c)}</th>" for c in rows[0])
        rest = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
        table = f"<table><tr>{head}</tr>{rest}</table>"
    body = (
        f'<p class="sample">{e(SAMPLE_NOTE)}：演示用样例，与真实人员无关。</p>'
        f"{verdict}<dl>"
        f"<dt>证明</dt><dd>{e(content['title'])}</dd>"
        f"<dt>验证码</dt><dd>{e(found['code'])}</dd>"
        f"<dt>持证人</dt><dd>{e(content['name'])}（{e(content['id_number'])}）</dd>"
        f"<dt>出具单位</dt><dd>{e(content['issuer'])}</dd>"
        f"<dt>出具时间</dt><dd>{e(found['issued_at'][:10])}</dd>"
        f"<dt>有效期至</dt><dd>{e(found['valid_until'])}</dd>"
        f"<dt>内容</dt>{lines}</dl>{table}"
    )
    return _page(body)
