"""Where the back office keeps bytes: one interface, addressed by the SHA-256 of what is kept.

Files and the parts of tus uploads are sealed (backoffice.store.database's
Sealer) and then kept here; the database holds which blob is which file or
part. A blob's address is the SHA-256 of its bytes, so it checks itself when
read back, two workers writing the same blob write the same file, and a blob
never changes once kept. Nothing here knows of files, uploads or owners.

``LocalBlobStore`` keeps blobs on a local or shared filesystem (NFS, a SAN
volume mounted on every worker host): ``<root>/ab/abcdef….blob``, written to a
temporary file, fsynced, renamed into place and its folder fsynced. An
S3-compatible backend would be a second class with the same four methods; none
is shipped, because no real S3 server runs where it is tested.

The root is ``$ONEWINDOW_BACKOFFICE_BLOBS`` when set (every worker and host
must see the same folder), else ``blobs/`` in the data folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from core.crypto import fsync_dir

BLOBS_ENV = "ONEWINDOW_BACKOFFICE_BLOBS"
KEY_RE = re.compile(r"[0-9a-f]{64}")
_SUFFIX = ".blob"
_TMP_SUFFIX = ".tmp"
# How many keys one "which of these are still used?" question carries.
SWEEP_BATCH = 500


class BlobMissingError(FileNotFoundError):
    """No blob under this key (removed, or never kept here)."""


class BlobDamagedError(ValueError):
    """A blob's bytes no longer match its key: the disk or someone changed them."""


class BlobStore(Protocol):
    """Keeps bytes by their SHA-256. Any thread, any process, any host that sees the store."""

    def put(self, data: bytes) -> str:
        """Keep ``data`` durably; returns its key (the hex SHA-256). OSError when it cannot."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes kept under ``key``; BlobMissingError, or BlobDamagedError when altered."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key`` (nothing when it is not there)."""
        ...

    def all_keys(self) -> Iterator[str]:
        """Every key kept (in no particular order)."""
        ...

    def sweep(self, used: Callable[[list[str]], set[str]], min_age_s: float) -> int:
        """Remove every blob ``used`` does not name, and temporary leftovers, last written
        at least ``min_age_s`` ago; returns how many went. ``used`` gets a batch of keys
        and answers which of them something still refers to."""
        ...


def blob_root(data_dir: Path, root: Path | None = None) -> Path:
    """The folder blobs go to: ``root``, else ``$ONEWINDOW_BACKOFFICE_BLOBS``, else
    ``blobs/`` in ``data_dir``."""
    if root is not None:
        return Path(root)
    env = os.environ.get(BLOBS_ENV, "").strip()
    return Path(env) if env else Path(data_dir) / "blobs"


def check_key(key: str) -> str:
    """``key`` if it is a lower-case hex SHA-256, else ValueError (it names a path)."""
    if not KEY_RE.fullmatch(key):
        raise ValueError("not a blob key")
    return key


class LocalBlobStore:
    """Blobs as files under one folder, local or shared (see the module). Any thread or process."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"LocalBlobStore({str(self.root)!r})"

    def path(self, key: str) -> Path:
        """Where ``key`` is kept (for tests and operators; callers use get and put)."""
        check_key(key)
        return self.root / key[:2] / f"{key}{_SUFFIX}"

    def put(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()
        path = self.path(key)
        if path.exists():
            # Kept already (the same bytes): mark it as just written, so a sweep
            # running now does not take it as an old leftover before its row commits.
            os.utime(path)
            return key
        folder = path.parent
        new_folder = not folder.exists()
        folder.mkdir(exist_ok=True)
        if new_folder:
            fsync_dir(self.root)
        # A name of its own per writer: two workers may put the same blob at once.
        tmp = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.{uuid.uuid4().hex[:8]}"
        tmp = tmp.with_name(tmp.name + _TMP_SUFFIX)
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            fsync_dir(folder)
        except BaseException:
            tmp.unlink(missing_ok=True)
            # In place but not durable (its folder's fsync failed): the caller is told it
            # was not kept and names nothing, so it goes too (it was not here before).
            path.unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes:
        try:
            data = self.path(key).read_bytes()
        except FileNotFoundError:
            raise BlobMissingError(key) from None
        if hashlib.sha256(data).hexdigest() != key:
            raise BlobDamagedError(key)
        return data

    def delete(self, key: str) -> None:
        path = self.path(key)
        path.unlink(missing_ok=True)

    def _entries(self) -> Iterator[Path]:
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir():
                yield from folder.iterdir()

    def all_keys(self) -> Iterator[str]:
        for path in self._entries():
            if path.name.endswith(_SUFFIX) and KEY_RE.fullmatch(path.name[: -len(_SUFFIX)]):
                yield path.name[: -len(_SUFFIX)]

    def sweep(self, used: Callable[[list[str]], set[str]], min_age_s: float) -> int:
        removed = 0
        batch: list[Path] = []
        for path in self._entries():
            if not older_than(path, min_age_s):
                continue
            if path.name.endswith(_TMP_SUFFIX) or not path.name.endswith(_SUFFIX):
                removed += _unlink(path)  # a write cut short, or something not ours
                continue
            batch.append(path)
            if len(batch) >= SWEEP_BATCH:
                removed += self._sweep_batch(batch, used)
                batch = []
        if batch:
            removed += self._sweep_batch(batch, used)
        return removed

    @staticmethod
    def _sweep_batch(paths: list[Path], used: Callable[[list[str]], set[str]]) -> int:
        keys = {p.name[: -len(_SUFFIX)]: p for p in paths}
        keep = used(list(keys))
        return sum(_unlink(p) for key, p in keys.items() if key not in keep)


def older_than(path: Path, seconds: float) -> bool:
    """Whether ``path`` was last written at least ``seconds`` ago (gone counts as old)."""
    if seconds <= 0:
        return True
    try:
        return time.time() - path.stat().st_mtime >= seconds
    except FileNotFoundError:
        return True


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1
