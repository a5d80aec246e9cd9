"""Issuing a certificate: find the holder's record by HMAC, give it a code, keep it.

The holder is indexed by HMAC-SHA256 of the ID number under the back
office's ``certificates.key`` (data folder, mode 0600), so the certificates
table never holds a number. A verification code is 16 characters of an
alphabet without look-alikes (80 bits from ``secrets``), shown in groups of
four. Any thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from backoffice.certificates.render import certificate_pdf
from backoffice.certificates.sample import KIND_OF_ITEM, SAMPLE_NOTE, Kind, Record, sample_records
from core.crypto import load_or_create_key
from core.identity import mask_id_number, mask_name

KEY_FILE = "certificates.key"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CODE = re.compile(r"[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){3}")
CODE_PATTERN = r"^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_code(text: str) -> str | None:
    """A typed code in its printed form (upper case, grouped), or None when it is not one."""
    raw = re.sub(r"[\s-]", "", text or "").upper()
    if len(raw) != 16:
        return None
    code = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    return code if CODE.fullmatch(code) else None


@dataclass(frozen=True)
class Issued:
    """A certificate just issued: its row (as stored) and its PDF."""

    row: dict
    pdf: bytes
    verify_url: str
    title: str


class NoRecord(LookupError):
    """The registry holds nothing of this kind for this holder (or the name differs)."""


class Issuer:
    """Finds records in the (sample) registry by the holder's HMAC and renders them. Any thread."""

    def __init__(self, data_dir: Path) -> None:
        self._key, _ = load_or_create_key(Path(data_dir) / KEY_FILE)
        self._records: dict[str, tuple[str, dict[str, Record]]] = {
            self.holder_key(number): entry for number, entry in sample_records().items()
        }

    def holder_key(self, id_number: str) -> str:
        """The holder's index: HMAC-SHA256 of the upper-cased ID number, hex."""
        return hmac.new(self._key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def kind_of(item_code: str) -> Kind | None:
        return KIND_OF_ITEM.get(item_code)

    def issue(
        self,
        kind: Kind,
        *,
        id_number: str,
        name: str,
        verify_base: str,
        hall_code: str,
        device_code: str,
        today: dt.date | None = None,
    ) -> Issued:
        """The holder's certificate of ``kind`` (NoRecord when there is none)."""
        holder = self.holder_key(id_number)
        entry = self._records.get(holder)
        if entry is None or kind.kind not in entry[1] or entry[0] != name.strip():
            raise NoRecord(kind.kind)
        record = entry[1][kind.kind]
        today = today or dt.date.today()
        until = today + dt.timedelta(days=kind.valid_days)
        code = new_code()
        verify_url = f"{verify_base.rstrip('/')}/verify/{code}"
        content = {
            "title": kind.title,
            "issuer": kind.issuer,
            "name": mask_name(record.name),
            "id_number": mask_id_number(id_number),
            "lines": list(record.lines),
            "table": [list(r) for r in record.table],
            "note": SAMPLE_NOTE,
        }
        pdf = certificate_pdf(
            title=kind.title,
            name=record.name,
            masked_id=mask_id_number(id_number),
            lines=record.lines,
            table=record.table,
            issuer=kind.issuer,
            issued=f"{today:%Y年%m月%d日}",
            valid_until=f"{until:%Y年%m月%d日}",
            code=code,
            verify_url=verify_url,
        )
        text = json.dumps(content, ensure_ascii=False, sort_keys=True)
        row = {
            "code": code,
            "kind": kind.kind,
            "item_code": kind.item_code,
            "holder_hmac": holder,
            "issued_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "valid_until": until.isoformat(),
            "content_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "content": text,
            "hall_code": hall_code,
            "device_code": device_code,
        }
        return Issued(row, pdf, verify_url, kind.title)
