"""GET /api/v1/audit: the audit log, for supervisors (值班长), paged by a cursor."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from backoffice.api.deps import AuthFirstRoute, StaffCaller, StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.api.models_staff import AUDIT_ACTIONS, AuditEntry, AuditPage
from backoffice.roles import READS_AUDIT
from core.messages import Words
from core.strict import INT64_MAX

router = APIRouter(prefix=API, tags=["staff"], route_class=AuthFirstRoute)

AuditAction = Literal[AUDIT_ACTIONS]  # type: ignore[valid-type]


@router.get("/audit", response_model=AuditPage, responses=error_responses(401, 403))
def audit_log(
    caller: StaffCaller,
    store: StoreDep,
    after: Annotated[int, Query(ge=0, le=INT64_MAX)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    action: Annotated[AuditAction | None, Query()] = None,
) -> AuditPage:
    """Entries after sequence number ``after``, oldest first; ask again with ``cursor``."""
    if caller.role not in READS_AUDIT:
        raise ApiError(403, Words("bo.supervisor_only_audit"), {"role": str(caller.role)})
    entries = [AuditEntry(**e) for e in store.audit_entries(after, limit, action or "")]
    return AuditPage(entries=entries, cursor=entries[-1].seq if entries else after)
