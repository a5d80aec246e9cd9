"""Error answers: ``ApiError``, the handlers that turn every failure into ErrorBody JSON,
and the planned-maintenance middleware.

Every 4xx answer is JSON ``{"error": "...", "code": ..., "detail": ...}`` and never echoes
personal data (a validation error names the field, never its value).
Raised in request handlers (any worker thread); ``install`` runs once, in
create_app.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backoffice.store import BackofficeStoreError, ConflictError, InvalidError, NotFoundError

log = logging.getLogger("backoffice.app")

API = "/api/v1"


class ApiError(Exception):
    """An answer other than 2xx, as {"error", "code", "detail"}. Raised in request handlers.

    ``error`` is catalogue words (core.messages.Words: the Chinese text, its ``code``
    goes along so a device can say it in its own language) or a refusal's message
    passed on from the store or a parser (already catalogue words there)."""

    def __init__(
        self, status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = str(error)
        self.code = getattr(error, "code", "")
        self.params = dict(getattr(error, "params", {}) or {})  # ids and counts only
        self.detail = detail
        self.headers = headers


def store_error(exc: BackofficeStoreError) -> ApiError:
    """The answer for what the store refused (404, 409, 422; else 400)."""
    status = {NotFoundError: 404, ConflictError: 409, InvalidError: 422}.get(type(exc), 400)
    return ApiError(status, exc.message, exc.detail)


async def _api_error(_req: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(
        {
            "error": exc.error,
            "code": exc.code or None,
            "params": exc.params or None,
            "detail": exc.detail,
        },
        status_code=exc.status,
        headers=exc.headers,
    )


async def _invalid(_req: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
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


async def _http(_req: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {"error": str(exc.detail), "detail": None},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def _crash(req: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled %s on %s %s", type(exc).__name__, req.method, req.url.path)
    return JSONResponse({"error": "后台内部错误", "detail": None}, status_code=500)


def install(app: FastAPI) -> None:
    """Error handlers and the maintenance switch (``app.state.maintenance_retry_after``)."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _crash)

    @app.middleware("http")
    async def _maintenance(request: Request, call_next):  # type: ignore[no-untyped-def]
        retry_after = request.app.state.maintenance_retry_after
        if retry_after is not None and request.url.path.startswith(API):
            return JSONResponse(
                {"error": "后台维护中，请稍后再试", "detail": {"retry_after": int(retry_after)}},
                status_code=503,
                headers={"Retry-After": str(int(retry_after))},
            )
        return await call_next(request)


def document_common_answers(app: FastAPI) -> None:
    """Declare in the OpenAPI the answers every route can give but none declares itself:
    400 for a JSON body that does not parse, and the planned-maintenance 503."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        error_ref = {"$ref": "#/components/schemas/ErrorBody"}
        for path, operations in schema.get("paths", {}).items():
            for op in operations.values():
                answers = op.setdefault("responses", {})
                body = op.get("requestBody", {}).get("content", {})
                if "application/json" in body and "400" not in answers:
                    answers["400"] = {
                        "description": "The body is not JSON",
                        "content": {"application/json": {"schema": error_ref}},
                    }
                if path.startswith(API) and "503" not in answers:
                    answers["503"] = {
                        "description": "Planned maintenance: retry after Retry-After seconds",
                        "headers": {"Retry-After": {"schema": {"type": "string"}}},
                        "content": {"application/json": {"schema": error_ref}},
                    }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
