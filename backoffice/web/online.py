"""网上申报 pages: the citizen applies and follows it; reviewers pre-review (网上预审).

    GET  /online                          public: the items that can be applied for online
    GET  /online/apply?item=CODE          public: the form and one upload per material
    POST /online/apply                    public (multipart): the application, its number
    GET  /online/status?n=NUMBER&k=LAST4  public: where it stands (the ID number's last 4)
    GET  /staff/online?state=…            网上预审: the applications the account may review
    GET  /staff/online/{number}           one application: the form, the scans (masked data)
    GET  /staff/online/{number}/files/{n} one uploaded scan, never cached
    POST /staff/online/{number}/review    预审通过 / 退回补正 with a reason (CSRF), audited

Uploads: JPEG, PNG or PDF only (by their first bytes, not by the name),
``MAX_FILE`` each and ``MAX_TOTAL`` in all; every required material needs
one. The name and ID number are checked (GB 11643, core.identity), the form
by the catalog's rules (core.intake.check_form); what was written is kept
sealed (backoffice.store.online). Who reviews: a reviewer the applications
of their department, a supervisor all (checked before any look-up); any
other application answers the same 404 page as a missing one. The status
page asks for the ID number's last four characters beside the number, and
refused tries count against the address like the other public look-ups.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from backoffice.catalog import CatalogSource
from backoffice.roles import Role
from backoffice.store import BackofficeStore, BackofficeStoreError
from backoffice.store.online import Upload, parse_online_number
from backoffice.web.session import PageError, SessionDep, StaffSession, check_csrf
from backoffice.web.view import file_response, render
from core.catalog import Catalog, FormField, Item
from core.errors import CatalogError, IdentityError
from core.file_types import media_type_of
from core.identity import mask_id_number, mask_name, mask_phone, validate_id_number
from core.intake import check_form

router = APIRouter(prefix="/staff", include_in_schema=False)
public = APIRouter(include_in_schema=False)

MAX_FILE = 10 * 1024 * 1024
MAX_TOTAL = 40 * 1024 * 1024
ONLINE_TAG = "网上办"
STATE_NAMES = {
    "submitted": "待预审",
    "approved": "预审通过",
    "returned": "退回补正",
    "taken": "已当场受理",
}
FILTERS = {"submitted": "待预审", "approved": "预审通过", "returned": "退回补正", "taken": "已受理"}
FILTERS["all"] = "全部"
NOT_YOURS = "没有这份网上申报，或它不属于您的部门"
_OWN_KEYS = ("name", "id_number")  # form fields the applicant's own lines fill


def _store(request: Request) -> BackofficeStore:
    return request.app.state.store


def _catalog(request: Request) -> Catalog | None:
    source: CatalogSource = request.app.state.catalog
    served = source.get()
    return Catalog.from_json(served[0]) if served is not None else None


def online_items(catalog: Catalog | None) -> list[Item]:
    """The items a citizen may apply for online (tagged 网上办; natural persons only)."""
    if catalog is None:
        return []
    return [i for i in catalog.items if ONLINE_TAG in i.tags and not i.for_company]


def _online_item(request: Request, code: str) -> Item:
    item = next((i for i in online_items(_catalog(request)) if i.code == code), None)
    if item is None:
        raise PageError(404, "这个事项不能网上申报，或目录里没有它")
    return item


def asked_fields(item: Item) -> list[FormField]:
    """The item's form fields the page asks for (its name and ID lines fill the rest)."""
    return [f for f in item.form if f.prefill not in _OWN_KEYS]


# ---------------------------------------------------------------------- public pages
@public.get("/online")
def online_index(request: Request) -> Response:
    return render(request, "online_items.html", items=online_items(_catalog(request)))


def _apply_page(
    request: Request, item: Item, values: dict[str, str], errors: list[str], status: int = 200
) -> Response:
    return render(
        request,
        "online_apply.html",
        status,
        item=item,
        fields=asked_fields(item),
        values=values,
        errors=errors,
        max_mb=MAX_FILE // (1024 * 1024),
    )


@public.get("/online/apply")
def apply_form(request: Request, item: Annotated[str, Query(max_length=40)] = "") -> Response:
    return _apply_page(request, _online_item(request, item), {}, [])


async def _uploads(form: Any, item: Item) -> tuple[list[Upload], list[str]]:
    """The materials' files from the form and what is wrong with them."""
    uploads: list[Upload] = []
    errors: list[str] = []
    total = 0
    for m in item.materials:
        part = form.get(f"m_{m.code}")
        data = await part.read(MAX_FILE + 1) if isinstance(part, UploadFile) else b""
        if not data:
            if m.required:
                errors.append(f"请上传“{m.name}”")
            continue
        kind = media_type_of(data)
        if len(data) > MAX_FILE:
            errors.append(f"“{m.name}”超过 {MAX_FILE // (1024 * 1024)} MB")
        elif not kind:
            errors.append(f"“{m.name}”只能是 JPG、PNG 图片或 PDF 文件")
        else:
            total += len(data)
            uploads.append(Upload(m.code, m.name, kind, data))
    if total > MAX_TOTAL:
        errors.append(f"材料合计超过 {MAX_TOTAL // (1024 * 1024)} MB")
    return uploads, errors


@public.post("/online/apply")
async def apply(request: Request) -> Response:
    """The application: checked, kept sealed with its uploads, answered with its number."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_TOTAL + 1024 * 1024:
        raise PageError(413, "上传的材料过大")
    form = await request.form(max_files=64, max_fields=200)
    item = _online_item(request, str(form.get("item", ""))[:40])
    values = {k: str(v)[:400].strip() for k, v in form.items() if isinstance(v, str)}
    name, id_number = values.get("name", ""), values.get("id_number", "").upper()
    errors: list[str] = []
    if not name or len(name) > 40:
        errors.append("请填写申请人姓名")
    try:
        validate_id_number(id_number)
    except IdentityError as exc:
        errors.append(str(exc.message_words()))
    fields = asked_fields(item)
    answers = {f.key: values.get(f"f_{f.key}", "") for f in fields}
    for f in item.form:
        if f.prefill == "name":
            answers[f.key] = name
        elif f.prefill == "id_number":
            answers[f.key] = id_number
    errors.extend(str(w) for w in check_form(item.form, answers).values())
    uploads, upload_errors = await _uploads(form, item)
    errors.extend(upload_errors)
    if errors:
        return _apply_page(request, item, values, errors, 422)
    phone = next((answers[f.key] for f in item.form if f.type.value == "phone"), "")
    store = _store(request)
    try:
        number = store.create_application(
            item_code=item.code,
            item_name=item.name,
            department=item.department,
            applicant={"name": name, "id_number": id_number, "phone": phone},
            form=answers,
            uploads=uploads,
        )
    except BackofficeStoreError as exc:
        return _apply_page(request, item, values, [str(exc.message)], 503)
    store.audit("public", "online.apply", number, "ok", {"item": item.code, "files": len(uploads)})
    return render(request, "online_done.html", 201, number=number, item=item)


@public.get("/online/status")
def status_page(
    request: Request,
    n: Annotated[str, Query(max_length=20)] = "",
    k: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """Where an application stands: its number and the ID number's last four characters."""
    if not n:
        return render(request, "online_status.html", app=None, asked=False, names=STATE_NAMES)
    limit = request.app.state.lookup_failures
    key = f"public@{request.client.host if request.client else '?'}"
    wait = limit.retry_after(key)
    if wait is not None:
        response = render(
            request, "online_status.html", 429, app=None, asked=True, names=STATE_NAMES
        )
        response.headers["Retry-After"] = str(wait)
        return response
    store = _store(request)
    number = parse_online_number(n)
    app = store.online_application(number) if number else None
    held = str(app["applicant"]["id_number"])[-4:].upper() if app else ""
    if app is None or len(k) != 4 or not hmac.compare_digest(held.encode(), k.upper().encode()):
        limit.failed(key)
        store.audit("public", "online.status", n[:20], "not_found", {})
        return render(request, "online_status.html", 404, app=None, asked=True, names=STATE_NAMES)
    store.audit("public", "online.status", app["number"], "found", {})
    shown = {
        key: app[key]
        for key in ("number", "item_name", "state", "reason", "created_at", "taken_receipt_no")
    }
    shown["applicant"] = mask_name(app["applicant"]["name"])
    return render(request, "online_status.html", app=shown, asked=True, names=STATE_NAMES)


# ---------------------------------------------------------------------- 网上预审 (staff)
def departments_of(session: StaffSession) -> list[str] | None:
    """The departments whose applications the account reviews (None: all); 403 else."""
    if session.role is Role.SUPERVISOR:
        return None
    if session.role is Role.REVIEWER:
        return [session.department] if session.department else []
    raise PageError(403, "网上预审只限部门审核和值班长")


def visible_application(request: Request, session: StaffSession, number: str) -> dict[str, Any]:
    """The application if the account may review it (role, then department); else 404."""
    depts = departments_of(session)
    parsed = parse_online_number(number)
    app = _store(request).online_application(parsed) if parsed else None
    if app is None or (depts is not None and app["department"] not in depts):
        raise PageError(404, NOT_YOURS)
    return app


@router.get("/online")
def review_list(
    request: Request, session: SessionDep, state: Annotated[str, Query(max_length=12)] = "submitted"
) -> Response:
    depts = departments_of(session)
    if state not in FILTERS:
        state = "submitted"
    rows = _store(request).online_applications(depts, "" if state == "all" else state)
    return render(
        request,
        "online_list.html",
        session=session,
        rows=rows,
        state=state,
        filters=FILTERS,
        names=STATE_NAMES,
    )


def _app_page(
    request: Request, session: StaffSession, app: dict[str, Any], done: str, error: str, status: int
) -> Response:
    person = app["applicant"]
    shown = {
        "name": mask_name(person["name"]),
        "id_number": mask_id_number(person["id_number"]),
        "phone": mask_phone(person["phone"]) if person.get("phone") else "",
    }
    item = None
    catalog = _catalog(request)
    if catalog is not None:
        try:
            item = catalog.item(app["item_code"])
        except CatalogError:
            item = None
    fields = {f.key: f for f in item.form} if item else {}
    form = [
        (fields[k].label if k in fields else k, _masked(fields.get(k), v))
        for k, v in app["form"].items()
    ]
    return render(
        request,
        "online_app.html",
        status,
        session=session,
        a=app,
        person=shown,
        form=form,
        names=STATE_NAMES,
        done=done,
        error=error,
    )


def _masked(field: FormField | None, value: str) -> str:
    """A form answer as the reviewer sees it: names, ID numbers and phones masked."""
    if field is None or not value:
        return value
    if field.prefill == "name":
        return mask_name(value)
    if field.type.value == "id_number":
        return mask_id_number(value)
    if field.type.value == "phone":
        return mask_phone(value)
    return value


@router.get("/online/{number}")
def review_page(request: Request, number: str, session: SessionDep, done: str = "") -> Response:
    app = visible_application(request, session, number)
    words = {"approved": "已预审通过，申请人可到窗口当场受理", "returned": "已退回补正"}
    return _app_page(request, session, app, words.get(done, ""), "", 200)


@router.get("/online/{number}/files/{seq}")
def review_file(request: Request, number: str, seq: int, session: SessionDep) -> Response:
    app = visible_application(request, session, number)
    f = next((f for f in app["files"] if f["seq"] == seq), None)
    if f is None:
        raise PageError(404, "这份网上申报没有这份材料")
    try:
        data = _store(request).read_file(f["file_id"])
    except (BackofficeStoreError, ValueError, OSError):
        raise PageError(404, "这份材料的文件不在后台或已损坏") from None
    return file_response(data, f["media_type"], f["material_code"])


@router.post("/online/{number}/review")
def review(
    request: Request,
    number: str,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=128)] = "",
    decision: Annotated[str, Form(max_length=12)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    check_csrf(session, csrf)
    app = visible_application(request, session, number)
    store = _store(request)
    try:
        store.review_online(app["number"], decision, reason, session.caller.who)
    except BackofficeStoreError as exc:
        return _app_page(request, session, app, "", str(exc.message), 422)
    store.audit(
        session.caller.who, "online.review", app["number"], decision, {"item": app["item_code"]}
    )
    return RedirectResponse(f"/staff/online/{app['number']}?done={decision}", status_code=303)
