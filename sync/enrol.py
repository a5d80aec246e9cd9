"""The device side of enrolment: exchange a one-time code for a token, keep it.

The back office's operator runs ``onewindow backoffice enroll`` and reads
the printed code to the person setting up the device, who runs ``onewindow
sync enroll CODE`` on it. The token comes back once and is written to
``device.token`` in the data folder (mode 0600, atomically); it is never
printed or logged. The public key that signs the device's remote
configuration (services.remote) comes with it and is kept beside it in
``backoffice_config.pub`` (hex; without it the device refuses remote
configuration). The key USB bundles are encrypted for (core.bundle) comes
too and is kept in ``backoffice_bundle.pub`` (hex). ``backoffice.token`` in
the config, when set, wins (for fleets provisioned by other means). Any thread; the CLI calls it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any

from core.case_seal import DeviceSigner
from core.crypto import fsync_dir
from core.errors import StorageError
from sync.client import BackofficeClient

log = logging.getLogger(__name__)

TOKEN_NAME = "device.token"
CONFIG_KEY_NAME = "backoffice_config.pub"
BUNDLE_KEY_NAME = "backoffice_bundle.pub"


def load_token(data_dir: Path) -> str:
    """The enrolled token of this device ('' when not enrolled)."""
    path = Path(data_dir) / TOKEN_NAME
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError("storage.token_unreadable") from exc


def load_config_key(data_dir: Path) -> str:
    """The back office's configuration key (hex) kept at enrolment ('' when none)."""
    try:
        return (Path(data_dir) / CONFIG_KEY_NAME).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError("storage.token_unreadable") from exc


def load_bundle_key(data_dir: Path) -> str:
    """The back office's bundle key (X25519, hex) kept at enrolment ('' when none)."""
    try:
        return (Path(data_dir) / BUNDLE_KEY_NAME).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError("storage.token_unreadable") from exc


def save_config_key(data_dir: Path, public_hex: str) -> Path:
    """Keep the back office's configuration key (hex; 0600, fsynced, atomic rename)."""
    return save_token(data_dir, public_hex, CONFIG_KEY_NAME)


def save_token(data_dir: Path, token: str, name: str = TOKEN_NAME) -> Path:
    """Write the token (0600, fsynced, atomic rename); returns its path."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / name
    tmp = path.with_suffix(".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, token.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(data_dir)
    return path


def enrol(
    client: BackofficeClient, data_dir: Path, code: str, hall_code: str, device_code: str
) -> dict[str, Any]:
    """Exchange ``code`` for a token and keep it, registering this device's case-signing
    key (core.case_seal); returns the back office's answer without the token.
    Raises Unauthorized for a bad code, Offline etc. otherwise."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    signer = DeviceSigner.load_or_create(Path(data_dir))  # the key LocalStore signs with
    answer = client.enrol(code.strip(), hall_code, device_code, signer.public_text)
    save_token(data_dir, answer["token"])
    key = answer.get("config_key")
    if isinstance(key, str) and len(key) == 64:
        save_config_key(data_dir, key)
    else:
        log.warning("the back office sent no configuration key: remote configuration refused")
    bundle_key = answer.get("bundle_key")
    if isinstance(bundle_key, str) and len(bundle_key) == 64:
        save_token(data_dir, bundle_key, BUNDLE_KEY_NAME)
    log.info("device %s/%s enrolled at the back office", hall_code, device_code)
    return {k: v for k, v in answer.items() if k not in ("token", "config_key", "bundle_key")}
