"""The index of cases that still owe 补正 materials (``supplement_outstanding``).

``index_owed`` is called inside the transaction that changes a case (received,
moved, asked for 补正, handed materials, waived), so the row always says what
the sealed case says: a row while the case owes something, with its first due
date; none once it owes nothing or is refused or handed out. No personal data.
"""

from __future__ import annotations

from typing import Any

from core.case import Case, CaseState
from core.supplements import outstanding

OWING_STATES = frozenset({CaseState.SYNCED, CaseState.ACCEPTED, CaseState.READY})
"""States in which a case may still be handed materials (not refused, not handed out)."""


def index_owed(db: Any, case: Case, now: str) -> None:
    """Keep the case's row of ``supplement_outstanding`` in step (inside a transaction)."""
    owed = outstanding(case) if case.state in OWING_STATES else []
    if owed:
        db.execute(
            "INSERT INTO supplement_outstanding (case_id, due, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (case_id) DO UPDATE SET due = excluded.due,"
            " updated_at = excluded.updated_at",
            (case.id, min(o.due for o in owed).isoformat(), now),
        )
    else:
        db.execute("DELETE FROM supplement_outstanding WHERE case_id = ?", (case.id,))
