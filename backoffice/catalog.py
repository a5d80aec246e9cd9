"""The service catalog the back office serves to devices: a JSON file, re-read when it changes.

``CatalogFile`` keeps the bytes, a strong ETag (sha256) and the item codes;
``etag_matches`` is the If-None-Match comparison.

Every catalog version it has loaded (the ``version`` field of the file) is
kept, with its item codes, under ``versions_dir`` (one small JSON file per
version, beside the database, shared by every worker): a case queued offline
under an older catalog names that version, and ``knows_item`` accepts an item
that version had, even after the item left the catalog. A version this back
office never published falls back to the current catalog. A file published
twice under one version keeps the union of both item lists (never refuse a
case made under either).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from contextlib import suppress
from pathlib import Path

from core.catalog import Catalog
from core.errors import CatalogError

log = logging.getLogger("backoffice.app")


class CatalogFile:
    """The catalog served to devices, re-read when the file changes. Any thread."""

    def __init__(self, path: Path, versions_dir: Path | None = None) -> None:
        self.path = path
        self.versions_dir = versions_dir
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._value: tuple[bytes, str, frozenset[str]] | None = None
        self._versions: dict[str, frozenset[str]] = {}
        self.get()  # the catalog in use at start counts as published

    def get(self) -> tuple[bytes, str, frozenset[str]] | None:
        """(bytes, strong ETag, item codes), or None when missing or invalid."""
        with self._lock:
            return self._get()

    def knows_item(self, item_code: str, version: str = "") -> bool:
        """May a case for ``item_code``, made under catalog ``version``, be taken in?

        Under a version this back office published: if that version had the
        item. Otherwise (no version, or one never published here): if the
        current catalog has it. True when there is no usable catalog at all
        (nothing to check against, as before versions were kept).
        """
        with self._lock:
            value = self._get()
            if value is None:
                return True
            codes = self._version_codes(version) if version else None
        return item_code in (codes if codes is not None else value[2])

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
                codes = frozenset(i.code for i in catalog.items)
                self._value = (data, etag, codes)
                self._keep_version(catalog.version, codes)
        return self._value

    # ------------------------------------------------------------------ versions kept

    def _version_file(self, version: str) -> Path | None:
        if self.versions_dir is None:
            return None
        name = hashlib.sha256(version.encode()).hexdigest()[:32]
        return self.versions_dir / f"{name}.json"

    def _version_codes(self, version: str) -> frozenset[str] | None:
        """The item codes of a published ``version`` (None when never published here)."""
        path = self._version_file(version)
        if path is None:
            return self._versions.get(version)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return self._versions.get(version)
        except (OSError, ValueError):
            log.error("kept catalog version file %s unreadable", path.name)
            return self._versions.get(version)
        if not isinstance(data, dict) or data.get("version") != version:
            return self._versions.get(version)
        codes = frozenset(str(c) for c in data.get("items") or ())
        self._versions[version] = codes | self._versions.get(version, frozenset())
        return self._versions[version]

    def _keep_version(self, version: str, codes: frozenset[str]) -> None:
        """Remember ``version`` with ``codes`` (added to what it had), durably if a dir is set."""
        known = self._version_codes(version) or frozenset()
        merged = known | codes
        self._versions[version] = merged
        path = self._version_file(version)
        if path is None or (merged == known and path.exists()):
            return
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            body = {"version": version, "items": sorted(merged)}
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(body, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            log.error(
                "catalog version not kept (%s); cases under it use the current catalog",
                type(exc).__name__,
            )
            with suppress(OSError):
                tmp.unlink()
            return
        log.info("catalog version kept: %d item(s)", len(merged))


def etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2)."""
    header = header.strip()
    if header == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in header.split(","))
