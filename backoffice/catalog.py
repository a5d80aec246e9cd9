"""The service catalog the back office serves to devices: a JSON file, re-read when it changes.

``CatalogFile`` keeps the bytes, a strong ETag (sha256) and the item codes
(case intake checks an item is in the catalog); ``etag_matches`` is the
If-None-Match comparison.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

from core.catalog import Catalog
from core.errors import CatalogError

log = logging.getLogger("backoffice.app")


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


def etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2)."""
    header = header.strip()
    if header == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in header.split(","))
