"""What the back office's store refuses, as exceptions with a machine-readable ``detail``.

The HTTP layer (backoffice.api.errors) turns them into 404, 409 and 422 answers.
"""

from __future__ import annotations

from typing import Any


class BackofficeStoreError(Exception):
    """Base of what the store refuses; ``detail`` is machine-readable (no personal data)."""

    def __init__(self, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotFoundError(BackofficeStoreError):
    """No such case or file."""


class ConflictError(BackofficeStoreError):
    """Other content under a known id, a receipt number in use, a state change not allowed."""


class InvalidError(BackofficeStoreError):
    """The request cannot be accepted as it is (e.g. files missing)."""
