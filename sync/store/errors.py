"""How the local store reports a sqlite3 or OS failure: a StorageError with a code.

``storage_error`` turns the exception into one of the ``store.<kind>``
catalogue codes (disk full, I/O error, busy, corrupt, read-only, other) with
what could not be done as parameters, and logs the failure without personal
data. Any thread.
"""

from __future__ import annotations

import errno
import logging
import sqlite3

from core.errors import StorageError
from core.i18n import N_
from core.messages import Term

log = logging.getLogger("sync.store")

KINDS = ("full", "io", "busy", "corrupt", "readonly", "other")


def _kind_of(exc: BaseException) -> str:
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        return {
            sqlite3.SQLITE_FULL: "full",
            sqlite3.SQLITE_IOERR: "io",
            sqlite3.SQLITE_BUSY: "busy",
            sqlite3.SQLITE_LOCKED: "busy",
            sqlite3.SQLITE_CORRUPT: "corrupt",
            sqlite3.SQLITE_NOTADB: "corrupt",
            sqlite3.SQLITE_READONLY: "readonly",
        }.get(code, "other")
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return "full"
        if exc.errno == errno.EROFS:
            return "readonly"
        return "io"
    return "other"


def storage_error(exc: BaseException, what: str, action: str = N_("保存")) -> StorageError:
    """A StorageError (code ``store.<kind>``) for a sqlite3 or OS error.

    ``what`` and ``action`` say what could not be done, in the words the
    message quotes ("办件", "保存"); they travel as ``Term``s, so an English
    screen reads them in English (scripts/update_translations.py collects the
    literals passed to ``_write``, ``_read`` and ``storage_error``).
    """
    kind = _kind_of(exc)
    name = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
    log.error("local store: %s %s failed (%s)", action, what, name)
    return StorageError(
        f"store.{kind}", what=Term(what), action=Term(action), kind=kind, error=name
    )
