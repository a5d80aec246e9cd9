"""Typed errors of the back-office conversation.

The sync worker decides what to do from the type alone: ``Offline`` and
``ServerBusy`` are retried with backoff, ``Rejected`` and ``Conflict``
quarantine the entry, ``Unauthorized`` stops syncing until staff fix the
device's enrolment. Each carries a code of the catalogue (core.messages) and
parameters that never carry personal data.
Any thread may raise or read them.
"""

from __future__ import annotations

from typing import Any

from core.errors import OneWindowError


class SyncError(OneWindowError):
    """Base of the back-office errors; also used for a reply we cannot understand.

    ``status`` is the HTTP status when there was a reply (0 when none).
    """

    code = "sync"

    def __init__(self, code: str | None = None, /, *, status: int = 0, **params: Any) -> None:
        super().__init__(code, status=status, **params)
        self.status = status


class Offline(SyncError):
    """The back office could not be reached (no route, refused, timed out)."""

    code = "sync_offline"


class CertificateError(Offline):
    """TLS verification failed: wrong CA, wrong host name or an expired certificate.

    A subclass of Offline so nothing is lost (entries are retried), but the
    apps can say that this is a configuration problem, not a network one.
    """

    code = "sync_certificate"


class ServerBusy(SyncError):
    """5xx, 429 or 408: try again later, not before ``retry_after`` seconds (if given)."""

    code = "sync_busy"

    def __init__(
        self,
        code: str | None = None,
        /,
        *,
        status: int = 0,
        retry_after: float | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code, status=status, **params)
        self.retry_after = retry_after
        if retry_after is not None:
            self.params["retry_after"] = retry_after


class Rejected(SyncError):
    """The back office says this entry is invalid; ``reason`` says why (its words).

    ``detail`` is the server's machine-readable detail (may be None).
    """

    code = "sync_rejected"

    def __init__(self, reason: str, *, status: int = 0, detail: Any = None) -> None:
        super().__init__(status=status, reason=reason)
        self.reason = reason
        self.detail = detail


class Unauthorized(SyncError):
    """401/403: this device is not (or no longer) allowed to talk to the back office."""

    code = "sync_unauthorized"


class Conflict(SyncError):
    """409: the back office already holds something else under the same id."""

    code = "sync_conflict"

    def __init__(self, reason: str, *, status: int = 409, detail: Any = None) -> None:
        super().__init__(status=status, reason=reason)
        self.reason = reason
        self.detail = detail


class NotFound(SyncError):
    """404 on a lookup (an unknown case id), or an endpoint missing on the server."""

    code = "sync_not_found"
