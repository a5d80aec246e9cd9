"""The reference back office as a FastAPI app: catalog, intake, status, enrolment.

Devices enrol once (``POST /api/v1/enrol`` with a one-time code) and send
their token with every request. They upload files resumably over tus 1.0
(``/api/v1/uploads``, see backoffice.tus; each file is checked against its
SHA-256 before it counts) and then the case (``PUT /api/v1/cases/{id}``,
validated with core.case.Case), supplements, evaluations, 12345 records and
window hand-overs (``PUT /api/v1/{supplements,evaluations,consultations,handovers}/{id}``);
all are idempotent by id. Staff move cases with ``POST /api/v1/cases/{id}/status``;
devices follow with the cursor feed ``GET /api/v1/status``. Every 4xx answer
is JSON ``{"error": "...", "detail": ...}`` and never echoes personal data.
``PUT /api/v1/files/{id}`` (one request, hash-checked) stays for small
clients and as the benchmark's raw baseline.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
from collections.abc import Collection
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from backoffice.store import (
    BackofficeStore,
    BackofficeStoreError,
    ConflictError,
    InvalidError,
    NotFoundError,
)
from backoffice.tus import tus_router
from core.case import Case, CaseState
from core.catalog import Catalog, sample_catalog_path
from core.errors import CatalogError
from core.ids import parse_receipt_number
from wire.records import Consultation, Evaluation, Handover, Supplement

log = logging.getLogger(__name__)

API = "/api/v1"
MAX_FILE_BYTES = 50 * 1024 * 1024
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")

STAFF_STATES = (CaseState.ACCEPTED, CaseState.REJECTED, CaseState.READY, CaseState.DELIVERED)


# --------------------------------------------------------------------------- models


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer: a message in plain words and machine-readable detail."""

    error: str
    detail: Any = None


class Health(BaseModel):
    """Answer of the liveness probe."""

    ok: bool


class FileAnswer(BaseModel):
    """A file the back office holds."""

    id: str
    sha256: str
    size: int


class CaseAnswer(BaseModel):
    """Receipt of a case: the same answer every time the same case is sent."""

    id: str
    receipt_no: str
    state: str
    received_at: str


class CaseStatusOut(BaseModel):
    """Where a case stands at the back office."""

    id: str
    receipt_no: str
    state: str
    reason: str


class CaseSummary(BaseModel):
    """One line of the case list (no personal data)."""

    id: str
    receipt_no: str
    item_code: str
    item_name: str
    state: str
    received_at: str


class StatusUpdate(BaseModel):
    """A staff decision on a case."""

    state: CaseState
    reason: str = Field(default="", max_length=500)
    actor: str = Field(default="backoffice", min_length=1, max_length=64)


class StatusChange(BaseModel):
    """One entry of the status feed."""

    seq: int
    case_id: str
    receipt_no: str
    state: str
    reason: str
    at: str


class StatusFeed(BaseModel):
    """Status changes after a cursor, and the cursor to ask with next."""

    changes: list[StatusChange]
    cursor: int


class EnrolRequest(BaseModel):
    """A device asking for its token with a one-time code."""

    code: str = Field(min_length=8, max_length=32)
    hall_code: str = Field(pattern=r"^[A-Z0-9]{2,12}$")
    device_code: str = Field(pattern=r"^[A-Z0-9]{2,8}$")


class EnrolAnswer(BaseModel):
    """The device's token: shown once, kept by the device, never logged."""

    token: str
    device_id: str
    hall_code: str
    device_code: str


class RecordAnswer(BaseModel):
    """Receipt of a supplement, evaluation or consultation."""

    id: str
    kind: str
    received_at: str


class ApiError(Exception):
    """An answer other than 2xx, as {"error", "detail"}. Raised in request handlers."""

    def __init__(
        self, status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = headers


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorBody} for c in codes}


# --------------------------------------------------------------------------- catalog


class CatalogFile:
    """The catalog served to devices, re-read when the file changes. Any thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._value: tuple[bytes, str, frozenset[str]] | None = None

    def get(self) -> tuple[bytes, str, frozenset[str]] | None:
        """(bytes, strong ETag, item codes), or None when missing or invalid."""
        with self._lock:
            return self._get()

    def _get(self) -> tuple[bytes, str, frozenset[str]] | None:
        try:
            st = self.path.stat()
        except OSError:
            if self._stamp is not None:
                log.error("catalog %s disappeared", self.path)
            self._stamp, self._value = None, None
            return None
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                data = self.path.read_bytes()
                catalog = Catalog.from_json(data)
            except (OSError, CatalogError) as exc:
                log.error("catalog %s unusable: %s", self.path, type(exc).__name__)
                self._value = None
            else:
                etag = f'"{hashlib.sha256(data).hexdigest()}"'
                self._value = (data, etag, frozenset(i.code for i in catalog.items))
        return self._value


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2)."""
    header = header.strip()
    if header == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in header.split(","))


# --------------------------------------------------------------------------- app


def create_app(
    data_dir: Path,
    catalog_path: Path | None = None,
    *,
    tokens: Collection[str] | None = None,
    open_access: bool = False,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> FastAPI:
    """The back office app over ``data_dir``.

    Devices authenticate with ``Authorization: Bearer <token>``: a token from
    enrolment (``POST /api/v1/enrol`` with a one-time code), or one of
    ``tokens`` (set by the operator). ``open_access`` accepts every request
    (the demo and tests; a valid device token still identifies its device).
    ``app.state.maintenance_retry_after`` set to a number of seconds makes
    every API call answer 503 with that Retry-After (planned maintenance).
    """
    store = BackofficeStore(Path(data_dir))
    catalog = CatalogFile(catalog_path or sample_catalog_path())
    accepted = [t.encode() for t in tokens or ()]

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        store.close()

    app = FastAPI(
        title="OneWindow back office",
        version="1.0.0",
        summary="Reference central back office for OneWindow (一窗通) devices.",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.catalog = catalog
    app.state.maintenance_retry_after = None

    def authorize(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip() if scheme.lower() == "bearer" else ""
        device = store.device_for_token(token) if token else None
        request.state.device = device
        if device is not None or open_access:
            return
        if token and any(hmac.compare_digest(token.encode(), t) for t in accepted):
            return
        raise ApiError(
            401,
            "设备未授权（unauthorized）",
            headers={"WWW-Authenticate": 'Bearer realm="onewindow"'},
        )

    auth = [Depends(authorize)]
    app.include_router(tus_router(store, dependencies=auth, max_size=max_file_bytes))

    # ------------------------------------------------------------------ errors

    @app.exception_handler(ApiError)
    async def _api_error(_req: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.error, "detail": exc.detail}, status_code=exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        # Never echo the input back: it may be a name or an ID number.
        detail = [
            {
                "loc": [str(p) for p in e.get("loc", ())],
                "msg": e.get("msg", ""),
                "type": e.get("type", ""),
            }
            for e in exc.errors()
        ]
        first = detail[0] if detail else {"loc": [], "msg": ""}
        where = ".".join(p for p in first["loc"] if p not in ("body", "path", "query", "header"))
        return JSONResponse(
            {"error": f"请求数据不合格：{where}: {first['msg']}", "detail": detail}, status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": str(exc.detail), "detail": None},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _crash(req: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s on %s %s", type(exc).__name__, req.method, req.url.path)
        return JSONResponse({"error": "后台内部错误", "detail": None}, status_code=500)

    @app.middleware("http")
    async def _maintenance(request: Request, call_next):  # type: ignore[no-untyped-def]
        retry_after = app.state.maintenance_retry_after
        if retry_after is not None and request.url.path.startswith(API):
            return JSONResponse(
                {"error": "后台维护中，请稍后再试", "detail": {"retry_after": int(retry_after)}},
                status_code=503,
                headers={"Retry-After": str(int(retry_after))},
            )
        return await call_next(request)

    def _store_error(exc: BackofficeStoreError) -> ApiError:
        status = {NotFoundError: 404, ConflictError: 409, InvalidError: 422}.get(type(exc), 400)
        return ApiError(status, exc.message, exc.detail)

    # ------------------------------------------------------------------ routes

    @app.get("/health", response_model=Health, tags=["health"])
    def health() -> Health:
        """Cheap liveness probe for devices (no authentication)."""
        return Health(ok=True)

    @app.get(
        f"{API}/catalog",
        dependencies=auth,
        tags=["catalog"],
        responses={
            200: {"content": {"application/json": {}}, "description": "The catalog JSON"},
            304: {"description": "Unchanged since If-None-Match"},
            **_errors(401, 503),
        },
    )
    def get_catalog(
        if_none_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        """The service catalog, with a strong ETag (sha256 of the bytes)."""
        value = catalog.get()
        if value is None:
            raise ApiError(503, "事项目录暂不可用", headers={"Retry-After": "60"})
        data, etag, _codes = value
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if if_none_match and _etag_matches(if_none_match, etag):
            return Response(status_code=304, headers=headers)
        return Response(content=data, media_type="application/json", headers=headers)

    @app.put(
        f"{API}/files/{{file_id}}",
        dependencies=auth,
        tags=["intake"],
        response_model=FileAnswer,
        status_code=201,
        responses={
            200: {"model": FileAnswer, "description": "Already received with the same hash"},
            **_errors(401, 409, 413, 422),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def put_file(
        request: Request,
        response: Response,
        file_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
        x_content_sha256: Annotated[str, Header()],
    ) -> FileAnswer:
        """Receive one file (raw bytes). Idempotent: same id and hash again is 200."""
        expected = x_content_sha256.strip().lower()
        if not _SHA_RE.match(expected):
            raise ApiError(
                422, "X-Content-SHA256 应为 64 位十六进制 sha256", {"header": "X-Content-SHA256"}
            )
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_file_bytes:
            raise ApiError(413, "文件过大", {"max_bytes": max_file_bytes})
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_file_bytes:
                raise ApiError(413, "文件过大", {"max_bytes": max_file_bytes})
            chunks.append(chunk)
        data = b"".join(chunks)
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            raise ApiError(
                422,
                f"文件 {file_id} 的内容与 X-Content-SHA256 不符（hash mismatch）",
                {"file_id": file_id, "expected": expected, "actual": actual, "size": len(data)},
            )
        try:
            created = await run_in_threadpool(store.put_file, file_id, data, actual)
        except BackofficeStoreError as exc:
            raise _store_error(exc) from None
        response.status_code = 201 if created else 200
        return FileAnswer(id=file_id, sha256=actual, size=len(data))

    @app.put(
        f"{API}/cases/{{case_id}}",
        dependencies=auth,
        tags=["intake"],
        response_model=CaseAnswer,
        status_code=201,
        responses={
            200: {"model": CaseAnswer, "description": "Already received with the same content"},
            **_errors(401, 409, 422),
        },
    )
    def put_case(
        case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
        case: Annotated[Case, Body()],
        response: Response,
    ) -> CaseAnswer:
        """Receive a submitted case (Case.body()). Idempotent by id.

        First time 201; same id and same content (Case.body_digest) 200 with the
        same answer; same id and other content 409. Every file of its materials
        must have been uploaded with the same sha256, else 422.
        """
        if case.id != case_id:
            raise ApiError(
                422, "路径中的办件编号与内容中的不一致", {"path": case_id, "body": case.id}
            )
        if case.state is not CaseState.SUBMITTED:
            raise ApiError(422, "只接收已提交的办件", {"state": case.state.value})
        if parse_receipt_number(case.receipt_no) is None:
            raise ApiError(422, "受理编号格式不正确", {"receipt_no": case.receipt_no})
        if not case.verify_trail():
            raise ApiError(422, "办件留痕校验失败：事件记录被改动过", {"case_id": case.id})
        value = catalog.get()
        if value is not None and case.item_code not in value[2]:
            raise ApiError(
                422, f"事项 {case.item_code} 不在事项目录中", {"item_code": case.item_code}
            )
        try:
            created, answer = store.put_case(case)
        except BackofficeStoreError as exc:
            raise _store_error(exc) from None
        response.status_code = 201 if created else 200
        return CaseAnswer(**answer)

    @app.get(
        f"{API}/cases/{{case_id}}",
        dependencies=auth,
        tags=["status"],
        response_model=CaseStatusOut,
        responses=_errors(401, 404),
    )
    def get_case(case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)]) -> CaseStatusOut:
        """Where a case stands."""
        st = store.case_status(case_id)
        if st is None:
            raise ApiError(404, f"没有办件 {case_id}", {"case_id": case_id})
        return CaseStatusOut(**st)

    @app.get(
        f"{API}/cases",
        dependencies=auth,
        tags=["status"],
        response_model=list[CaseSummary],
        responses=_errors(401),
    )
    def list_cases(
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[CaseSummary]:
        """Received cases, newest first (no personal data)."""
        return [CaseSummary(**r) for r in store.list_cases(limit, offset)]

    @app.post(
        f"{API}/cases/{{case_id}}/status",
        dependencies=auth,
        tags=["status"],
        response_model=CaseStatusOut,
        responses=_errors(401, 404, 409, 422),
    )
    def set_status(
        case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)], update: StatusUpdate
    ) -> CaseStatusOut:
        """Staff decision: accepted, rejected (with a reason), ready or delivered."""
        if update.state not in STAFF_STATES:
            raise ApiError(
                422,
                "只能改为 accepted、rejected、ready 或 delivered",
                {"state": update.state.value},
            )
        if update.state is CaseState.REJECTED and not update.reason.strip():
            raise ApiError(422, "不予受理必须写明理由", {"field": "reason"})
        try:
            return CaseStatusOut(
                **store.set_state(case_id, update.state, update.reason, update.actor)
            )
        except BackofficeStoreError as exc:
            raise _store_error(exc) from None

    @app.get(
        f"{API}/status",
        dependencies=auth,
        tags=["status"],
        response_model=StatusFeed,
        responses=_errors(401),
    )
    def status_feed(
        request: Request,
        cursor: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        device: Annotated[str, Query(max_length=8)] = "",
        hall: Annotated[str, Query(max_length=12)] = "",
    ) -> StatusFeed:
        """Status changes after ``cursor``, oldest first; ask again with the returned cursor.

        An enrolled device sees the changes of its own cases only (``device``
        and ``hall`` are then ignored); otherwise they filter the feed.
        """
        enrolled = getattr(request.state, "device", None)
        if enrolled is not None:
            device, hall = enrolled["device_code"], enrolled["hall_code"]
        return StatusFeed(**store.changes(cursor, limit, device, hall))

    # ------------------------------------------------------------------ enrolment

    @app.post(
        f"{API}/enrol",
        tags=["devices"],
        response_model=EnrolAnswer,
        responses=_errors(403, 422),
    )
    def enrol(body: EnrolRequest) -> EnrolAnswer:
        """Exchange a one-time enrolment code for this device's token (no token needed)."""
        try:
            return EnrolAnswer(**store.enrol(body.code, body.hall_code, body.device_code))
        except ConflictError as exc:
            raise ApiError(403, exc.message, None) from None

    # ------------------------------------------------------------------ other records

    def _put_record(record: Any, record_id: str, response: Response) -> RecordAnswer:
        if record.id != record_id:
            raise ApiError(
                422, "路径中的记录编号与内容中的不一致", {"path": record_id, "body": record.id}
            )
        try:
            created, answer = store.put_record(record)
        except BackofficeStoreError as exc:
            raise _store_error(exc) from None
        response.status_code = 201 if created else 200
        return RecordAnswer(**answer)

    record_responses: dict[int | str, dict[str, Any]] = {
        200: {"model": RecordAnswer, "description": "Already received with the same content"},
        **_errors(401, 409, 422),
    }

    def _record_route(kind: str, path: str, model: type, doc: str) -> None:
        """PUT {API}/<path>/{record_id}: one record kind, idempotent by id."""

        def put(record_id: str, record: Any, response: Response) -> RecordAnswer:
            return _put_record(record, record_id, response)

        put.__doc__ = doc
        # real objects, not strings: the model differs per kind (this module defers annotations)
        put.__annotations__ = {
            "record_id": Annotated[str, PathParam(pattern=UUID_PATTERN)],
            "record": Annotated[model, Body()],
            "response": Response,
            "return": RecordAnswer,
        }
        app.put(
            f"{API}/{path}/{{record_id}}",
            dependencies=auth,
            tags=["intake"],
            response_model=RecordAnswer,
            status_code=201,
            responses=record_responses,
            name=f"put_{kind}",
            operation_id=f"put_{kind}_api_v1_{path}__record_id__put",
        )(put)

    _record_route(
        "supplement",
        "supplements",
        Supplement,
        "补正: materials added to a case already received (its files uploaded first).",
    )
    _record_route(
        "evaluation",
        "evaluations",
        Evaluation,
        "好差评: one evaluation of a service. Idempotent by id.",
    )
    _record_route(
        "consultation",
        "consultations",
        Consultation,
        "12345: a consultation, complaint or suggestion. Idempotent by id.",
    )
    _record_route(
        "handover",
        "handovers",
        Handover,
        "出件: the result of a ready case was handed out at a window (moves it to delivered).\n\n"
        "Idempotent by id; 409 when the case was already handed out by another\n"
        "hand-over, 422 when the case is unknown or not ready.",
    )

    return app
