"""A device's signature on the cases it takes in (全过程留痕): per-device Ed25519 keys.

Every device holds its own signing key (``device_signing.key`` in its data
folder: a 32-byte Ed25519 seed, mode 0600, made at first use, never logged)
and registers the public half with the back office when it enrols. When a
case is submitted, the device signs one statement over the case's id, its
receipt number, the digest of its content (``Case.body_digest``) and the
head of its event trail (the last event's hash and how many events there
are): the trail's hash chain carries the signature back to every event, so
an event changed, removed or added on the way, or the content changed,
breaks it. The back office verifies the seal on arrival with the key the
device registered, and ``backoffice audit verify`` again on every stored
case; events the back office appends later are after the sealed head.

The statement's format is versioned by its prefix; never change one that
has shipped. Plain functions and an immutable signer; any thread.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import BaseModel, ConfigDict, Field

from core.crypto import load_or_create_key

if TYPE_CHECKING:
    from core.case import Case

DEVICE_KEY_FILE = "device_signing.key"
_PREFIX = b"onewindow.case.seal.v1\n"
PUBLIC_KEY_PATTERN = r"^[A-Za-z0-9_-]{43}$"
"""A raw 32-byte Ed25519 public key, base64url without padding."""


class CaseSeal(BaseModel):
    """The device's signature on a submitted case (its content and its trail's head)."""

    model_config = ConfigDict(frozen=True)

    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    events: int = Field(ge=1)
    head: str = Field(pattern=r"^[0-9a-f]{64}$")
    signature: str = Field(pattern=r"^[A-Za-z0-9_-]{86}$")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key_text(public: Ed25519PublicKey) -> str:
    """How a public key travels and is stored: its raw bytes, base64url, no padding."""
    return _b64(public.public_bytes(Encoding.Raw, PublicFormat.Raw))


def public_key_from_text(public_text: str) -> Ed25519PublicKey:
    """The key of ``public_key_text``'s form; ValueError when it is none."""
    return Ed25519PublicKey.from_public_bytes(_unb64(public_text))


def key_id_of(public_text: str) -> str:
    """A short name of a public key: the first 16 hex digits of SHA-256 of its raw bytes."""
    return hashlib.sha256(_unb64(public_text)).hexdigest()[:16]


def statement(case: Case, events: int) -> bytes:
    """The bytes a seal signs: the case, its content's digest and its trail's head."""
    head = case.events[events - 1].hash
    text = f"{case.id}\n{case.receipt_no}\n{case.body_digest()}\n{events}\n{head}"
    return _PREFIX + text.encode()


class DeviceSigner:
    """This device's case-signing key. Immutable after loading; any thread."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public_text = public_key_text(private.public_key())
        self.key_id = key_id_of(self.public_text)

    @classmethod
    def load_or_create(cls, data_dir: Path) -> DeviceSigner:
        """The key in ``data_dir`` (made with mode 0600 when missing)."""
        seed, _ = load_or_create_key(Path(data_dir) / DEVICE_KEY_FILE)
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    def __repr__(self) -> str:  # never the key itself
        return f"DeviceSigner(key_id={self.key_id})"

    def sign_message(self, message: bytes) -> bytes:
        """The raw signature of another message this device vouches for (a USB bundle,
        core.bundle): each starts with its own versioned prefix, never a seal's."""
        if message.startswith(_PREFIX):
            raise ValueError("case seals are made with seal()")
        return self._private.sign(message)

    def seal(self, case: Case) -> CaseSeal:
        """The seal over ``case`` as it stands (submitted: its trail ends with the submit)."""
        n = len(case.events)
        return CaseSeal(
            key_id=self.key_id,
            events=n,
            head=case.events[n - 1].hash,
            signature=_b64(self._private.sign(statement(case, n))),
        )


def seal_problem(case: Case, public_text: str | None) -> str | None:
    """Why ``case``'s seal does not hold for the registered key ``public_text``, or None.

    ``public_text`` None: the device registered no key (enrolled before
    devices signed, or a static token); an unsealed case is then accepted,
    a sealed one still has to be self-consistent. Returns one of "missing",
    "other_key", "head", "signature".
    """
    seal = case.seal
    if seal is None:
        return None if public_text is None else "missing"
    if public_text is not None and seal.key_id != key_id_of(public_text):
        return "other_key"
    if seal.events > len(case.events) or case.events[seal.events - 1].hash != seal.head:
        return "head"
    if public_text is None:
        return None  # nothing registered to check the signature against
    try:
        Ed25519PublicKey.from_public_bytes(_unb64(public_text)).verify(
            _unb64(seal.signature), statement(case, seal.events)
        )
    except (InvalidSignature, ValueError):
        return "signature"
    return None
