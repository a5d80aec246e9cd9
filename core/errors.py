"""Typed errors the domain raises.

Each error carries a stable ``code`` and keyword ``params``; the apps turn
them into words in one place (``widgets.errors.user_text``), so the same error
reads the same on the kiosk, the counter and the CLI.
"""

from __future__ import annotations

from typing import Any


class OneWindowError(Exception):
    """Base of every error the product raises on purpose.

    ``code`` names the error for translation; ``params`` fill its message;
    ``hint`` says what to do about it in plain (Chinese) words. Any thread
    may raise or read one.
    """

    code = "error"

    def __init__(self, message: str, *, hint: str = "", **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.params = params

    def __str__(self) -> str:
        return f"{self.message}（{self.hint}）" if self.hint else self.message


class ConfigError(OneWindowError):
    """The device configuration is invalid; ``key`` names the offending key."""

    code = "config"

    def __init__(self, key: str, message: str, *, hint: str = "") -> None:
        super().__init__(f"配置项 {key}: {message}", hint=hint, key=key)
        self.key = key


class IdentityError(OneWindowError):
    """An identity read from a card fails a check and must be refused."""

    code = "identity"


class CatalogError(OneWindowError):
    """The service catalog is malformed or an item/material is unknown."""

    code = "catalog"


class CaseError(OneWindowError):
    """A case operation is not allowed (bad state change, frozen case...)."""

    code = "case"


class StorageError(OneWindowError):
    """The local store could not save or read (disk full, corrupt file...)."""

    code = "storage"


class DeviceError(OneWindowError):
    """A device failed; ``device`` names which (id_reader, camera, printer)."""

    code = "device"
