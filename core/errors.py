"""Typed errors the product raises on purpose.

Each error carries a stable ``code`` and keyword ``params``, never prose; the
words come from the one catalogue (core.messages) in the language of whoever
reads them: ``widgets.errors.user_text`` on screen, the CLI's own renderer on
a terminal. ``str(exc)`` gives the Simplified Chinese words (for the CLI in
Chinese and for tests), never personal data unless a parameter carries it —
callers never pass names or ID numbers as parameters.
"""

from __future__ import annotations

from typing import Any

from core.messages import MESSAGES, Translate, Words, render


class OneWindowError(Exception):
    """Base of every error the product raises on purpose.

    ``code`` names the words in the catalogue; ``params`` fill them. Any
    thread may raise or read one.
    """

    code = "error"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        if code is not None:
            self.code = code
        if self.code not in MESSAGES:
            # tests/test_messages.py keeps every raised code in the catalogue;
            # an unknown one still reads as "could not be done", never as a crash.
            params = {**params, "unknown_code": self.code}
        super().__init__(self.code)
        self.params = params

    def words(self, tr: Translate | None = None) -> tuple[str, str]:
        """(message, hint) through translator ``tr`` (Qt's, or none for Chinese)."""
        tr = tr or (lambda text: text)
        return render(self.code, self.params, tr)

    def message_words(self) -> str:
        """The message as ``core.messages.Words`` (Chinese as a string, renderable in English)."""
        return Words(self.code, **self.params)

    @property
    def message(self) -> str:
        """The Simplified Chinese message (translate with widgets.errors.user_text)."""
        return render(self.code, self.params)[0]

    @property
    def hint(self) -> str:
        """What to do about it, in Simplified Chinese ("" when nothing)."""
        return render(self.code, self.params)[1]

    def __str__(self) -> str:
        return f"{self.message}（{self.hint}）" if self.hint else self.message


class ConfigError(OneWindowError):
    """The device configuration is invalid; ``key`` names the offending key."""

    code = "config.invalid"

    def __init__(self, key: str, code: str = "config.invalid", /, **params: Any) -> None:
        super().__init__(code, key=key, **params)
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


class DeliveryError(OneWindowError):
    """A delivery's address, phone or waybill number fails its check (邮寄送达)."""

    code = "delivery"
