"""The audit log's hash chain and the back office's checkpoint signing key.

Each audit entry holds the hash of the entry before it (``prev``, "" for the
first) and its own ``hash`` over its fields, its sequence number and ``prev``,
so an entry changed, removed or moved breaks the chain at that place. Every
``CHECKPOINT_EVERY`` entries (and on demand) the back office signs the chain's
head with an Ed25519 key of its own (``audit_signing.key`` in its data folder:
a 32-byte seed, mode 0600, made at first start, never logged), so a log cut
short after a checkpoint, or rewritten whole, shows too.

The formats here are versioned by their prefixes; never change one that has
shipped (migration ``_m008_audit_chain`` chained the rows from before with it).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from core.crypto import load_or_create_key

SIGNING_KEY_FILE = "audit_signing.key"
_ENTRY_PREFIX = "onewindow.audit.entry.v1\n"
_CHECKPOINT_PREFIX = b"onewindow.audit.checkpoint.v1\n"


def entry_hash(
    seq: int, at: str, actor: str, action: str, target: str, outcome: str, detail: str, prev: str
) -> str:
    """SHA-256 (hex) of one audit entry as stored (``detail`` is its JSON text)."""
    fields = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "target": target,
        "outcome": outcome,
        "detail": detail,
        "prev": prev,
    }
    raw = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((_ENTRY_PREFIX + raw).encode()).hexdigest()


def checkpoint_message(audit_seq: int, head: str, at: str) -> bytes:
    """The bytes a checkpoint's signature covers: which entry, its hash, when."""
    return _CHECKPOINT_PREFIX + f"{audit_seq}\n{head}\n{at}".encode()


def key_id(public: Ed25519PublicKey) -> str:
    """A short name of a public key (first 16 hex digits of SHA-256 of its raw bytes)."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key(public_hex: str) -> Ed25519PublicKey:
    """A public key from its 64 hex digits; ValueError when it is none."""
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))


def signature_valid(
    public: Ed25519PublicKey, audit_seq: int, head: str, at: str, signature: str
) -> bool:
    """True when ``signature`` (hex) is ``public``'s over the checkpoint."""
    try:
        public.verify(bytes.fromhex(signature), checkpoint_message(audit_seq, head, at))
    except (InvalidSignature, ValueError):
        return False
    return True


class AuditSigner:
    """The back office's checkpoint key. Immutable after loading; any thread.

    Per-device keys for case events (issue 13 item 8) will be a separate,
    registered set of public keys; this key signs only what the back office
    itself vouches for.
    """

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public = private.public_key()
        self.key_id = key_id(self.public)

    @classmethod
    def load_or_create(cls, data_dir: Path) -> AuditSigner:
        """The key in ``data_dir`` (made with mode 0600 when missing)."""
        seed, _ = load_or_create_key(Path(data_dir) / SIGNING_KEY_FILE)
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    def __repr__(self) -> str:  # never the key itself
        return f"AuditSigner(key_id={self.key_id})"

    def public_hex(self) -> str:
        return self.public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    def sign(self, audit_seq: int, head: str, at: str) -> str:
        """The signature (hex) of a checkpoint."""
        return self._private.sign(checkpoint_message(audit_seq, head, at)).hex()

    def sign_message(self, message: bytes) -> str:
        """The signature (hex) of another message the back office vouches for (a device's
        remote configuration, core.remote_config): each such message starts with its own
        versioned prefix, so no signature made here passes for a checkpoint's."""
        if message.startswith(_CHECKPOINT_PREFIX):
            raise ValueError("checkpoints are signed with sign()")
        return self._private.sign(message).hex()

    def verifies(self, audit_seq: int, head: str, at: str, signature: str) -> bool:
        """True when ``signature`` (hex) is this key's over the checkpoint."""
        return signature_valid(self.public, audit_seq, head, at, signature)


def chain_rows(rows: list[tuple[Any, ...]]) -> list[tuple[int, str, str]]:
    """(seq, prev, hash) for audit rows (seq, at, actor, action, target, outcome, detail)
    in order, chained from the start: what migration ``_m008_audit_chain`` writes."""
    out, prev = [], ""
    for seq, at, actor, action, target, outcome, detail in rows:
        digest = entry_hash(seq, at, actor, action, target, outcome, detail, prev)
        out.append((seq, prev, digest))
        prev = digest
    return out
