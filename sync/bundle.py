"""The device side of the USB bundle (村级站点): export the pending outbox, take the answer.

``export_bundle`` writes every pending outbox entry (what the worker would
send: sync.worker.entry_payload, with its files' bytes) as one file
``<hall>-<device>-<timestamp>.owbundle``, encrypted for the back office and
signed by this device (core.bundle). Nothing is marked sent: the entries stay
pending until the back office's answer comes back, by the network as always,
or as an answer file that ``apply_answer`` takes: an entry accepted (or
already there) is completed by the same ``Outbox.complete`` a network answer
calls, a refused one is set aside as a refused PUT would be. An entry no
longer pending (the network answered first) is left as it is. No personal
data in logs. Plain functions; any thread (the CLI calls them).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

from core.bundle import (
    BUNDLE_SUFFIX,
    BundleError,
    open_answer,
    seal_bundle,
    write_atomically,
)
from core.errors import CaseError, OneWindowError, StorageError
from core.ids import uuid7
from core.messages import from_stored
from sync.enrol import load_bundle_key, load_config_key
from sync.errors import Conflict, Rejected
from sync.store import PENDING_STATES, LocalStore
from sync.worker import entry_payload

log = logging.getLogger(__name__)


def _payload(store: LocalStore) -> tuple[dict[str, Any], list[int]]:
    """The bundle's plaintext document and the outbox ids it holds."""
    entries: list[dict[str, Any]] = []
    files: dict[str, dict[str, Any]] = {}
    ids: list[int] = []
    for entry in store.entries(PENDING_STATES):
        try:
            refs, kind, record_id, body = entry_payload(store, entry)
            for ref in refs:
                if ref.id not in files:
                    data = store.read_file(ref.id)
                    files[ref.id] = {
                        "id": ref.id,
                        "sha256": ref.sha256,
                        "media_type": ref.media_type,
                        "data": base64.b64encode(data).decode("ascii"),
                    }
        except (StorageError, CaseError, ValueError) as exc:  # the worker will quarantine it
            code = exc.code if isinstance(exc, OneWindowError) else type(exc).__name__
            log.warning("outbox entry %d left out of the bundle: %s", entry.id, code)
            continue
        item = {"entry": entry.id, "kind": entry.kind, "record_id": record_id, "body": body}
        if kind != "case":
            item["record_kind"] = kind
        entries.append(item)
        ids.append(entry.id)
    return {"entries": entries, "files": list(files.values())}, ids


def export_bundle(
    store: LocalStore, data_dir: Path, hall_code: str, device_code: str, to_dir: Path
) -> tuple[Path, int]:
    """Write the pending outbox to ``to_dir`` as one bundle; (its path, how many entries).
    BundleError("bundle.no_key") when the device was enrolled without a bundle key."""
    recipient = load_bundle_key(Path(data_dir))
    if not recipient:
        raise BundleError("bundle.no_key")
    doc, ids = _payload(store)
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    header = {
        "format": 1,
        "bundle_id": str(uuid7()),
        "hall_code": hall_code,
        "device_code": device_code,
        "key_id": store.signer.key_id,
        "created_at": now.isoformat(timespec="seconds"),
        "entries": len(ids),
    }
    blob = seal_bundle(
        header,
        json.dumps(doc, ensure_ascii=False).encode(),
        recipient,
        store.signer.sign_message,
    )
    to_dir = Path(to_dir)
    to_dir.mkdir(parents=True, exist_ok=True)
    path = write_atomically(to_dir / f"{hall_code}-{device_code}-{stamp}{BUNDLE_SUFFIX}", blob)
    log.info("bundle %s written: %d outbox entries", header["bundle_id"], len(ids))
    return path, len(ids)


def apply_answer(
    store: LocalStore, data_dir: Path, hall_code: str, device_code: str, blob: bytes
) -> dict[str, int]:
    """Settle the outbox entries a back office's answer file names; counts of what was
    done (``sent``, ``refused``) and left (``unchanged``: no longer pending, or unknown).
    BundleError when the answer is not signed by our back office or not for this device."""
    key = load_config_key(Path(data_dir))
    if not key:
        raise BundleError("bundle.no_key")
    doc = open_answer(blob, key)
    if (doc.get("hall_code"), doc.get("device_code")) != (hall_code, device_code):
        raise BundleError(
            "bundle.other_device", device=f"{doc.get('hall_code')}/{doc.get('device_code')}"
        )
    counts = {"sent": 0, "refused": 0, "unchanged": 0}
    for item in doc["entries"]:
        entry_id = item.get("entry") if isinstance(item, dict) else None
        entry = store.entry(entry_id) if isinstance(entry_id, int) else None
        if (
            entry is None
            or entry.state not in PENDING_STATES
            or (entry.record_id or entry.case_id) != item.get("record_id")
        ):
            counts["unchanged"] += 1
            continue
        outcome = item.get("outcome")
        if outcome in ("accepted", "already"):
            store.complete(entry.id)  # what the worker does when the PUT is answered
            counts["sent"] += 1
        elif outcome == "refused":
            reason = from_stored(str(item.get("reason", "")))
            status = int(item.get("status") or 422)
            error = Conflict if status == 409 else Rejected
            store.quarantine(entry.id, error(reason, status=status).message_words())
            counts["refused"] += 1
        else:
            counts["unchanged"] += 1
    log.info(
        "answer to bundle %s: %d sent, %d refused, %d unchanged",
        doc.get("bundle_id"),
        counts["sent"],
        counts["refused"],
        counts["unchanged"],
    )
    return counts
