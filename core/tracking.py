"""The public tracking address a receipt's QR carries, and reading it back.

A receipt's QR is a web address a phone opens (外网跟踪查询): the back
office's public page ``/track/{receipt}?c={check}``, made from the device's
template ``backoffice.public_url`` with the receipt number and the case's
check code (core.ids.check_code: derived from the random case id, so it
cannot be worked out from the receipt number). The check code is printed
under the QR as well, so a citizen without a phone can type both.

``parse_lookup`` reads what a scanner gun or a keyboard gives back: such an
address (of any host: a scanner cannot know the template), a receipt
number with or without its check code, or the older receipts' JSON payload
``{"t":"onewindow-case","r":…,"id":…}``. Pure functions; any thread.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from core.ids import check_code, normalise_check_code, parse_receipt_number

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8765/track/{receipt}?c={check}"
"""The demo's template: the reference back office on this machine (its default port)."""

_PATH_RE = re.compile(r"/track/(?P<receipt>[A-Za-z0-9-]{1,40})/?$")


def check_template(template: str) -> str:
    """``template`` when it is an http(s) address naming ``{receipt}`` and ``{check}``
    once each and no other placeholder; ValueError (English, for the config check)."""
    if not template.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    names = re.findall(r"{([^{}]*)}", template)
    if sorted(names) != ["check", "receipt"]:
        raise ValueError("must name {receipt} and {check} once each, and nothing else")
    if any(ch.isspace() for ch in template):
        raise ValueError("must not contain spaces")
    return template


def tracking_url(template: str, receipt_no: str, case_id: str) -> str:
    """The public address of one case: ``template`` with its receipt number and check code."""
    return template.replace("{receipt}", quote(receipt_no, safe="-")).replace(
        "{check}", check_code(case_id)
    )


@dataclass(frozen=True)
class Lookup:
    """A receipt number and, when given, its check code (normalised), as read or typed."""

    receipt_no: str
    check_code: str = ""


def parse_lookup(text: str) -> Lookup | None:
    """What a scanned or typed text names, or None when it names no case.

    Accepts a tracking address (``…/track/FS01-K01-20261124-0007?c=7K3M9QXD``),
    ``FS01-K01-20261124-0007``, ``FS01-K01-20261124-0007 7K3M9QXD`` and the
    older QR's JSON. A check code that is there but malformed makes it None.
    """
    raw = text.strip()
    if not raw:
        return None
    if raw.startswith("{"):
        return _from_json(raw)
    if raw.lower().startswith(("http://", "https://")):
        return _from_url(raw)
    parts = raw.replace("，", " ").replace(",", " ").split()
    if len(parts) not in (1, 2):
        return None
    receipt = parts[0].upper()
    if parse_receipt_number(receipt) is None:
        return None
    if len(parts) == 1:
        return Lookup(receipt)
    code = normalise_check_code(parts[1])
    return Lookup(receipt, code) if code else None


def _from_url(raw: str) -> Lookup | None:
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    m = _PATH_RE.search(parts.path)
    if m is None:
        return None
    receipt = m.group("receipt").upper()
    if parse_receipt_number(receipt) is None:
        return None
    given = parse_qs(parts.query).get("c", [""])
    if len(given) != 1:
        return None
    if not given[0]:
        return Lookup(receipt)
    code = normalise_check_code(given[0])
    return Lookup(receipt, code) if code else None


def _from_json(raw: str) -> Lookup | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("t") != "onewindow-case":
        return None
    receipt, case_id = data.get("r"), data.get("id")
    if not isinstance(receipt, str) or parse_receipt_number(receipt) is None:
        return None
    if not isinstance(case_id, str) or not re.fullmatch(r"[0-9a-fA-F-]{36}", case_id):
        return Lookup(receipt.upper())
    return Lookup(receipt.upper(), check_code(case_id))
