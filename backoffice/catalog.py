"""The service catalog the back office serves to devices: the newest published version,
else a JSON file, re-read when it changes.

``CatalogSource`` is what the routes use: the newest catalog an administrator
published (backoffice.store.catalogs; read from the database at every request,
so every worker process serves the same one, its bytes cached by version, which
a publication never changes), or the file before the first publication.
``publish_checked`` publishes what backoffice.catalog_check has checked.

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
from typing import TYPE_CHECKING, Any

from backoffice.store.errors import ConflictError
from core.catalog import Catalog
from core.errors import CatalogError

if TYPE_CHECKING:
    from backoffice.store.catalogs import CatalogStore

log = logging.getLogger("backoffice.app")

VERSIONS_DIR = "catalog_versions"
"""Where, in the data folder, the catalog file's versions are kept (their item codes)."""


def _kept_name(version: str) -> str:
    return f"{hashlib.sha256(version.encode()).hexdigest()[:32]}.json"


def kept_file_version(versions_dir: Path, version: str) -> bool:
    """Whether the catalog file was served as ``version`` (kept under ``versions_dir``)."""
    try:
        data = json.loads((versions_dir / _kept_name(version)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("version") == version


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

    def version_codes(self, version: str) -> frozenset[str] | None:
        """The item codes the file had under ``version`` (None when it never had it)."""
        with self._lock:
            return self._version_codes(version)

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
        return self.versions_dir / _kept_name(version)

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


def publish_checked(
    store: CatalogStore,
    versions_dir: Path | None,
    catalog: Catalog,
    body: bytes,
    note: str,
    actor: str,
) -> tuple[dict[str, Any], bool]:
    """Publish a checked catalog (check_publication's result): (its row, True when new).

    ConflictError for a version published with other content, and for a version
    the catalog file was already served as (devices have it under that number:
    the new content needs a new one).
    """
    if (
        versions_dir is not None
        and store.catalog_body(catalog.version) is None
        and kept_file_version(versions_dir, catalog.version)
    ):
        raise ConflictError(
            "该版本号已用于后台的目录文件，请使用新的版本号",
            {"version": catalog.version, "published_by": "file"},
        )
    return store.publish_catalog(catalog.version, body, note, actor, len(catalog.items))


class CatalogSource:
    """The catalog devices get: the newest published version, else the file. Any thread.

    Which version is newest is asked of the database at every call (one small
    query), never remembered: a catalog published through another worker is
    served here at once. Bytes and item codes are cached by version, which a
    publication never changes.
    """

    def __init__(self, store: CatalogStore, file: CatalogFile) -> None:
        self.store = store
        self.file = file
        self._lock = threading.Lock()
        self._published: dict[str, tuple[bytes, str, frozenset[str]]] = {}
        self._departments: tuple[str, dict[str, str]] = ("", {})
        self._reusable: tuple[str, frozenset[str]] = ("", frozenset())

    def departments(self) -> dict[str, str]:
        """Item code → its department (部门) in the catalog served now (受办分离: whose
        reviewers decide its cases); {} when there is no usable catalog."""
        value = self.get()
        if value is None:
            return {}
        data, etag, _codes = value
        with self._lock:
            if self._departments[0] == etag:
                return self._departments[1]
        try:
            mapping = {i.code: i.department for i in Catalog.from_json(data).items}
        except CatalogError:
            mapping = {}
        with self._lock:
            self._departments = (etag, mapping)
        return mapping

    def reusable_codes(self) -> frozenset[str]:
        """The material codes the catalog served now marks reusable (电子材料库: kept
        from an accepted case for the holder's later ones); empty without a catalog."""
        value = self.get()
        if value is None:
            return frozenset()
        with self._lock:
            if self._reusable[0] == value[1]:
                return self._reusable[1]
        try:
            codes = frozenset(
                m.code for i in Catalog.from_json(value[0]).items for m in i.materials if m.reusable
            )
        except CatalogError:
            codes = frozenset()
        with self._lock:
            self._reusable = (value[1], codes)
        return codes

    def publish(
        self, catalog: Catalog, body: bytes, note: str, actor: str
    ) -> tuple[dict[str, Any], bool]:
        """Publish a checked catalog (see publish_checked)."""
        return publish_checked(self.store, self.file.versions_dir, catalog, body, note, actor)

    def get(self) -> tuple[bytes, str, frozenset[str]] | None:
        """(bytes, strong ETag, item codes) of the catalog served now, or None when none is."""
        newest = self.store.newest_catalog()
        if newest is None:
            return self.file.get()
        return self._version(newest[0])

    def _version(self, version: str) -> tuple[bytes, str, frozenset[str]] | None:
        with self._lock:
            hit = self._published.get(version)
        if hit is not None:
            return hit
        data = self.store.catalog_body(version)
        if data is None:
            return None
        try:
            codes = frozenset(i.code for i in Catalog.from_json(data).items)
        except CatalogError:  # checked when published: only a hand-edited row gets here
            log.error("published catalog %s unusable", version)
            codes = frozenset()
        value = (data, f'"{hashlib.sha256(data).hexdigest()}"', codes)
        with self._lock:
            self._published[version] = value
        return value

    def knows_item(self, item_code: str, version: str = "") -> bool:
        """May a case for ``item_code``, made under catalog ``version``, be taken in?

        Under a version published here (through the API or as the file): if it
        had the item (either way, when both). Otherwise: if the catalog served
        now has it. True when there is no usable catalog at all.
        """
        if version:
            published = self._version(version)
            in_file = self.file.version_codes(version)
            if published is not None or in_file is not None:
                codes = (published[2] if published else frozenset()) | (in_file or frozenset())
                return item_code in codes
        current = self.get()
        if current is None:
            return True
        return item_code in current[2]


def etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2)."""
    header = header.strip()
    if header == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in header.split(","))
