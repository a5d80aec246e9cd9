"""Encryption at rest for personal data: one key file, AES-256-GCM.

A ``Sealer`` derives one sub-key per purpose (case bodies, file blobs) from
the device key with HKDF, and binds every ciphertext to the id of the record
it belongs to (AES-GCM associated data), so a blob copied onto another row
does not decrypt. Blob layout: version byte, 12-byte nonce, ciphertext+tag.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.errors import StorageError

log = logging.getLogger(__name__)

KEY_BYTES = 32
_VERSION = b"\x01"
_NONCE = 12


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load_or_create_key(path: Path) -> tuple[bytes, bool]:
    """Read the 32-byte key at ``path``, creating it (mode 0600) when missing.

    Returns (key, created). Tightens the mode of an existing key file that
    others could read. Raises StorageError when the file is not a key.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            log.warning("key file %s was readable by others (mode %o); fixed to 0600", path, mode)
            os.chmod(path, 0o600)
        key = path.read_bytes()
        if len(key) != KEY_BYTES:
            raise StorageError("storage.key_damaged", path=str(path)) from None
        return key, False
    key = os.urandom(KEY_BYTES)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, 0o600)
    fsync_dir(path.parent)
    return key, True


class Sealer:
    """Encrypts and decrypts records with sub-keys of one master key. Any thread."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != KEY_BYTES:
            raise ValueError("master key must be 32 bytes")
        self._master = master_key
        self._aead: dict[str, AESGCM] = {}

    def _for(self, purpose: str) -> AESGCM:
        aead = self._aead.get(purpose)
        if aead is None:
            sub = HKDF(
                algorithm=hashes.SHA256(),
                length=32,
                salt=None,
                info=f"onewindow/{purpose}/v1".encode(),
            ).derive(self._master)
            aead = self._aead[purpose] = AESGCM(sub)
        return aead

    def key_check(self) -> str:
        """A value stored next to the data to tell whether this key is the right one."""
        return hmac.new(self._master, b"onewindow key check v1", hashlib.sha256).hexdigest()[:32]

    def keyed_digest(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 of ``value`` under a sub-key for ``purpose`` (hex): an index of
        a value (an ID number) that does not store it and cannot be worked back
        without the key."""
        sub = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=f"onewindow/{purpose}/mac/v1".encode(),
        ).derive(self._master)
        return hmac.new(sub, value.encode(), hashlib.sha256).hexdigest()

    def seal(self, purpose: str, plaintext: bytes, record_id: str) -> bytes:
        nonce = os.urandom(_NONCE)
        return _VERSION + nonce + self._for(purpose).encrypt(nonce, plaintext, record_id.encode())

    def open(self, purpose: str, blob: bytes, record_id: str) -> bytes:
        """Decrypt; raises StorageError when the blob was altered or the key is wrong."""
        if len(blob) < 1 + _NONCE + 16 or blob[:1] != _VERSION:
            raise StorageError("storage.crypt_format", record=record_id)
        nonce, ct = blob[1 : 1 + _NONCE], blob[1 + _NONCE :]
        try:
            return self._for(purpose).decrypt(nonce, ct, record_id.encode())
        except InvalidTag:
            raise StorageError("storage.crypt_mismatch", record=record_id) from None
