"""Staff roles and what each may do at the back office (docs/security.md, "Roles").

One table, read by the routes (backoffice.api.deps, routes/cases.py,
routes/audit.py) and by the staff CLI. Plain data; any thread.

Separation of duties: the administrator manages accounts and devices but
takes no case decision and reads no case; the supervisor reads the audit log
of everyone, the administrator's acts included.
"""

from __future__ import annotations

from enum import StrEnum

from core.case import CaseState


class Role(StrEnum):
    """A staff account's role."""

    CLERK = "clerk"  # 窗口人员
    REVIEWER = "reviewer"  # 部门审核
    SUPERVISOR = "supervisor"  # 值班长
    ADMIN = "admin"  # 系统管理员


ROLE_NAMES = {
    Role.CLERK: "窗口人员",
    Role.REVIEWER: "部门审核",
    Role.SUPERVISOR: "值班长",
    Role.ADMIN: "系统管理员",
}

DECISIONS: dict[Role, frozenset[CaseState]] = {
    Role.CLERK: frozenset({CaseState.DELIVERED}),
    Role.REVIEWER: frozenset({CaseState.ACCEPTED, CaseState.REJECTED, CaseState.READY}),
    Role.SUPERVISOR: frozenset(
        {CaseState.ACCEPTED, CaseState.REJECTED, CaseState.READY, CaseState.DELIVERED}
    ),
    Role.ADMIN: frozenset(),
}
"""The states each role may move a case to (POST /api/v1/cases/{id}/status)."""

READS_CASES = frozenset({Role.CLERK, Role.REVIEWER, Role.SUPERVISOR})
"""Roles that list and read cases (of their own hall when the account has one)."""

LOOKS_UP = frozenset({Role.CLERK, Role.REVIEWER, Role.SUPERVISOR})
"""Roles that may use the cross-hall look-up (POST /api/v1/lookup)."""

ANSWERS_HOTLINE = frozenset({Role.REVIEWER, Role.SUPERVISOR})
"""Roles that list and answer 12345 tickets (/staff/hotline): a reviewer those of their
department and those not routed yet, a supervisor all (a hall-bound account its hall's)."""

READS_AUDIT = frozenset({Role.SUPERVISOR})
"""Roles that read the audit log (GET /api/v1/audit)."""

READS_FLEET = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""Roles that read the fleet list (GET /api/v1/fleet)."""

MAKES_SLOTS = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""Roles that offer appointment slots (POST /api/v1/halls/{hall}/slots)."""

BOOKS_APPOINTMENTS = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})
"""Roles that book an appointment for a citizen (POST /api/v1/halls/{hall}/appointments)."""

READS_QUEUE = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""Roles that read the halls' queue figures (GET /api/v1/halls/{hall}/queue-stats and the
page /staff/queue)."""

EDITS_CREDIT = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""Roles that list, add and remove rows of 告知承诺's credit list (/api/v1/commitment/
credit-list)."""
