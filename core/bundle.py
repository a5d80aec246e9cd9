"""The USB bundle (村级站点离线多日): a device's pending outbox on removable media.

A station offline for days writes what waits to go (``onewindow sync export``)
as one file that the back office imports (``onewindow backoffice import``);
the back office's answer comes back the same way (``onewindow sync
import-answer``) or by the network. Two formats, both versioned by magic:

Bundle (``.owbundle``): ``MAGIC_BUNDLE`` · header length (4 bytes, big
endian) · header (canonical JSON: hall, device, the device key's id, the
bundle id, when, the sender's ephemeral X25519 public key, the recipient
key's id, the nonce) · ciphertext · the device's Ed25519 signature (64 bytes)
over ``_SIGN_BUNDLE`` and everything before it.

- Encryption, for the back office only: X25519 between a fresh ephemeral key
  and the back office's bundle key (``bundle_x25519.key``, its public half
  handed to the device at enrolment), HKDF-SHA256 over the shared secret
  (salt: both public keys; info names the format), AES-256-GCM with the whole
  header as associated data. Whoever finds the stick reads nothing.
- Signature, by the device's case-signing key (core.case_seal), registered at
  enrolment: the back office knows which device sent it and that nobody
  changed a byte (checked before anything is decrypted).

Answer (``.owanswer``): ``MAGIC_ANSWER`` · canonical JSON (hall, device, bundle
id, each entry's outcome; no personal data, so not encrypted) · the back
office's Ed25519 signature (64 bytes) over ``_SIGN_ANSWER`` and the JSON,
made with the key that signs remote configuration (the device keeps its
public half from enrolment, ``backoffice_config.pub``).

Plain functions; any thread.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from core.crypto import fsync_dir, load_or_create_key
from core.errors import OneWindowError

MAGIC_BUNDLE = b"OWBUNDLE1\n"
MAGIC_ANSWER = b"OWANSWER1\n"
_SIGN_BUNDLE = b"onewindow.bundle.v1\n"
_SIGN_ANSWER = b"onewindow.bundle-answer.v1\n"
_HKDF_INFO = b"onewindow/bundle/x25519-aes256gcm/v1"
_SIG = 64
HEADER_MAX = 16_384
BUNDLE_KEY_FILE = "bundle_x25519.key"
"""The back office's X25519 key for bundles (32 random bytes, 0600) in its data folder."""
BUNDLE_SUFFIX = ".owbundle"
ANSWER_SUFFIX = ".owanswer"


class BundleError(OneWindowError):
    """A bundle or an answer file is not one, is damaged, or is not for us."""

    code = "bundle.damaged"


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _raw(public: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


class BundleKey:
    """The back office's bundle-decryption key (X25519). Immutable; any thread."""

    def __init__(self, private: X25519PrivateKey) -> None:
        self._private = private
        self.public_hex = _raw(private.public_key()).hex()

    @classmethod
    def load_or_create(cls, data_dir: Path) -> BundleKey:
        seed, _ = load_or_create_key(Path(data_dir) / BUNDLE_KEY_FILE)
        return cls(X25519PrivateKey.from_private_bytes(seed))

    def __repr__(self) -> str:  # never the key itself
        return f"BundleKey(public={self.public_hex[:16]})"

    def exchange(self, ephemeral: bytes) -> bytes:
        return self._private.exchange(X25519PublicKey.from_public_bytes(ephemeral))


def _aead_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=_HKDF_INFO
    ).derive(shared)
    return AESGCM(key)


def seal_bundle(
    header: dict[str, Any], payload: bytes, recipient_hex: str, sign: Callable[[bytes], bytes]
) -> bytes:
    """The bundle's bytes: ``payload`` encrypted for ``recipient_hex`` (X25519, hex),
    ``header`` (plain JSON-able, no personal data) bound to it, all signed by ``sign``
    (the device's core.case_seal.DeviceSigner.sign_message)."""
    recipient = bytes.fromhex(recipient_hex)
    eph = X25519PrivateKey.generate()
    eph_pub = _raw(eph.public_key())
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient))
    nonce = os.urandom(12)
    full = {**header, "ephemeral": eph_pub.hex(), "recipient": recipient_hex, "nonce": nonce.hex()}
    head = canonical(full)
    prefix = MAGIC_BUNDLE + struct.pack(">I", len(head)) + head
    body = _aead_key(shared, eph_pub, recipient).encrypt(nonce, payload, prefix)
    signed = prefix + body
    return signed + sign(_SIGN_BUNDLE + signed)


def bundle_header(blob: bytes) -> dict[str, Any]:
    """The bundle's header (unverified: only to find the key that verifies it)."""
    if not blob.startswith(MAGIC_BUNDLE) or len(blob) < len(MAGIC_BUNDLE) + 4 + _SIG:
        raise BundleError("bundle.not_a_bundle")
    (n,) = struct.unpack(">I", blob[len(MAGIC_BUNDLE) : len(MAGIC_BUNDLE) + 4])
    start = len(MAGIC_BUNDLE) + 4
    if n > HEADER_MAX or start + n + _SIG > len(blob):
        raise BundleError("bundle.damaged")
    try:
        header = json.loads(blob[start : start + n])
    except ValueError:
        raise BundleError("bundle.damaged") from None
    if not isinstance(header, dict):
        raise BundleError("bundle.damaged")
    return header


def signed_by(blob: bytes, public: Ed25519PublicKey) -> bool:
    """True when the bundle's last 64 bytes are ``public``'s signature over the rest."""
    try:
        public.verify(blob[-_SIG:], _SIGN_BUNDLE + blob[:-_SIG])
    except InvalidSignature:
        return False
    return True


def open_bundle(blob: bytes, key: BundleKey) -> bytes:
    """The payload of a bundle whose signature the caller has verified (signed_by).
    BundleError when it is not for ``key`` or does not decrypt."""
    header = bundle_header(blob)
    if header.get("recipient") != key.public_hex:
        raise BundleError("bundle.other_recipient")
    start = len(MAGIC_BUNDLE) + 4
    n = struct.unpack(">I", blob[len(MAGIC_BUNDLE) : start])[0]
    prefix, body = blob[: start + n], blob[start + n : -_SIG]
    try:
        eph = bytes.fromhex(str(header["ephemeral"]))
        nonce = bytes.fromhex(str(header["nonce"]))
        shared = key.exchange(eph)
        return _aead_key(shared, eph, bytes.fromhex(key.public_hex)).decrypt(nonce, body, prefix)
    except (InvalidTag, KeyError, ValueError):
        raise BundleError("bundle.damaged") from None


def sign_answer(doc: dict[str, Any], sign: Callable[[bytes], str]) -> bytes:
    """An answer file's bytes; ``sign(message) -> hex`` is the back office's signer
    (backoffice.store.chain.AuditSigner.sign_message)."""
    body = canonical(doc)
    return MAGIC_ANSWER + body + bytes.fromhex(sign(_SIGN_ANSWER + body))


def open_answer(blob: bytes, public_hex: str) -> dict[str, Any]:
    """The answer's document when ``public_hex`` (Ed25519, hex) signed it; BundleError else."""
    if not blob.startswith(MAGIC_ANSWER) or len(blob) < len(MAGIC_ANSWER) + _SIG:
        raise BundleError("bundle.not_an_answer")
    body = blob[len(MAGIC_ANSWER) : -_SIG]
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        public.verify(blob[-_SIG:], _SIGN_ANSWER + body)
        doc = json.loads(body)
    except (InvalidSignature, ValueError):
        raise BundleError("bundle.answer_signature") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise BundleError("bundle.damaged")
    return doc


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file: fsync, rename, fsync the folder
    (a stick pulled out mid-write leaves no half bundle under the real name)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)
    return path
