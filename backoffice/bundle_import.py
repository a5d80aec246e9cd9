"""``onewindow backoffice import``: take in a station's USB bundle (core.bundle), once.

The bundle's signature is checked against the keys its device registered at
enrolment before a byte is decrypted (an unknown device or a bad signature
refuses the whole file, nothing taken in). Then its files and entries go in
through the same functions the HTTP routes use (routes.cases.take_case,
routes.records.take_record, FileStore.put_file), so every check of the
network path holds, and the same idempotence: an entry taken in before (by
an earlier import or by the network) is ``already``, never a second case.
The answer lists each outbox entry's outcome (accepted, already, refused
with the catalogue code), signed by the back office, for the device's
``onewindow sync import-answer``. No personal data in logs or the audit log.
Plain functions; any thread (the CLI calls them).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from typing import Any

from pydantic import ValidationError

from backoffice.api.errors import ApiError, store_error
from backoffice.api.routes.cases import take_case
from backoffice.api.routes.certificates import settle_printed
from backoffice.api.routes.records import take_record
from backoffice.catalog import CatalogSource
from backoffice.certificates.issue import Issuer
from backoffice.store import BackofficeStore, BackofficeStoreError
from backoffice.store.database import now_iso
from backoffice.store.files import owner_key
from core.bundle import BundleError, bundle_header, open_bundle, sign_answer, signed_by
from core.case import Case
from core.case_seal import key_id_of, public_key_from_text
from core.messages import Words, to_stored
from wire.records import RECORD_MODELS

log = logging.getLogger(__name__)

ACTOR = "system:bundle"


def _sender(store: BackofficeStore, blob: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, device row) of a bundle whose signature holds; BundleError otherwise."""
    header = bundle_header(blob)
    hall, device = str(header.get("hall_code", "")), str(header.get("device_code", ""))
    keys = store.device_keys().get((hall, device), [])
    key = next((k for k in keys if key_id_of(k) == header.get("key_id")), None)
    if key is None:
        raise BundleError("bundle.unknown_device", device=f"{hall}/{device}")
    if not signed_by(blob, public_key_from_text(key)):
        raise BundleError("bundle.bad_signature", device=f"{hall}/{device}")
    return header, {"hall_code": hall, "device_code": device, "public_key": key}


def _refusal(exc: ApiError) -> dict[str, Any]:
    reason = Words(exc.code, **exc.params) if exc.code else exc.error
    return {"status": exc.status, "code": exc.code, "reason": to_stored(reason)}


def _take_files(
    store: BackofficeStore, files: list[dict[str, Any]], owner: str
) -> dict[str, dict[str, Any]]:
    """Keep each file of the bundle; the refusal of each file that could not be kept."""
    refused: dict[str, dict[str, Any]] = {}
    for f in files:
        file_id = str(f.get("id", ""))
        try:
            data = base64.b64decode(str(f["data"]), validate=True)
            if hashlib.sha256(data).hexdigest() != f.get("sha256"):
                raise ApiError(422, Words("bundle.file_hash", file_id=file_id[:80]))
            store.put_file(file_id, data, str(f["sha256"]), owner=owner)
        except (KeyError, ValueError):
            refused[file_id] = _refusal(ApiError(422, Words("bundle.damaged")))
        except ApiError as exc:
            refused[file_id] = _refusal(exc)
        except BackofficeStoreError as exc:
            refused[file_id] = _refusal(store_error(exc))
    return refused


def _take_entry(
    store: BackofficeStore,
    catalog: CatalogSource,
    issuer: Issuer,
    entry: dict[str, Any],
    device: dict[str, Any],
) -> dict[str, Any]:
    """One outbox entry taken in: its outcome (accepted, already or refused)."""
    out = {"entry": entry.get("entry"), "kind": entry.get("kind"), "record_id": ""}
    try:
        body = entry["body"]
        if entry["kind"] == "case":
            case = Case.model_validate(body)
            out["record_id"] = case.id
            created, _ = take_case(store, catalog, case, device)
            if created:
                settle_printed(issuer, store, case)
        else:
            record = RECORD_MODELS[str(entry["record_kind"])].model_validate(body)
            out["record_id"] = record.id
            created, _ = take_record(store, record, device)
    except (KeyError, TypeError, ValidationError):
        return {**out, "outcome": "refused", **_refusal(ApiError(422, Words("bundle.damaged")))}
    except ApiError as exc:
        return {**out, "outcome": "refused", **_refusal(exc)}
    return {**out, "outcome": "accepted" if created else "already"}


def import_bundle(
    store: BackofficeStore, catalog: CatalogSource, blob: bytes, issuer: Issuer | None = None
) -> dict[str, Any]:
    """Take in a bundle's files and entries; the answer's document (signed by
    ``answer_bytes``). BundleError for a bundle refused as a whole (nothing taken in)."""
    header, device = _sender(store, blob)
    where = f"{device['hall_code']}/{device['device_code']}"
    try:
        payload = json.loads(open_bundle(blob, store.bundle_key()))
        entries, files = payload["entries"], payload["files"]
        if not isinstance(entries, list) or not isinstance(files, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise BundleError("bundle.damaged") from None
    issuer = issuer or Issuer(store.data_dir)
    refused_files = _take_files(store, files, owner_key(device))
    results = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise BundleError("bundle.damaged")
        results.append(_take_entry(store, catalog, issuer, entry, device))
    counts = {
        k: sum(r["outcome"] == k for r in results) for k in ("accepted", "already", "refused")
    }
    store.audit(
        ACTOR,
        "bundle.import",
        str(header.get("bundle_id", "")),
        "ok",
        {"device": where, **counts, "files_refused": len(refused_files)},
    )
    log.info(
        "bundle %s from %s: %d accepted, %d already, %d refused",
        header.get("bundle_id"),
        where,
        counts["accepted"],
        counts["already"],
        counts["refused"],
    )
    return {
        "bundle_id": header.get("bundle_id", ""),
        "hall_code": device["hall_code"],
        "device_code": device["device_code"],
        "answered_at": now_iso(),
        "entries": results,
        "counts": counts,
    }


def answer_bytes(store: BackofficeStore, doc: dict[str, Any]) -> bytes:
    """The answer file's bytes: ``doc`` signed by the back office."""
    return sign_answer(doc, store.sign_answer)


def answer_name(doc: dict[str, Any]) -> str:
    """``<hall>-<device>-<bundle id>.owanswer``."""
    return f"{doc['hall_code']}-{doc['device_code']}-{doc['bundle_id']}.owanswer"
