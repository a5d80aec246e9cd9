"""The tracking address a receipt's QR carries, and reading it back (core.tracking)."""

from __future__ import annotations

import json

import pytest

from core.config import parse_config
from core.errors import ConfigError
from core.ids import check_code, uuid7
from core.tracking import DEFAULT_PUBLIC_URL, Lookup, parse_lookup, tracking_url

RECEIPT = "FS01-K01-20261124-0007"


def test_the_address_carries_the_receipt_and_the_check_code() -> None:
    case_id = uuid7()
    url = tracking_url(DEFAULT_PUBLIC_URL, RECEIPT, case_id)
    assert url == f"http://127.0.0.1:8765/track/{RECEIPT}?c={check_code(case_id)}"
    assert parse_lookup(url) == Lookup(RECEIPT, check_code(case_id))
    other = tracking_url("https://zwfw.example.gov.cn/t/{receipt}/?code={check}", RECEIPT, case_id)
    assert other.startswith("https://zwfw.example.gov.cn/t/FS01-")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RECEIPT, Lookup(RECEIPT)),
        (f"  {RECEIPT.lower()} ", Lookup(RECEIPT)),
        (f"{RECEIPT} 7k3m-9qxd", Lookup(RECEIPT, "7K3M9QXD")),
        (f"https://any.host/x/track/{RECEIPT}?c=7K3M9QXD", Lookup(RECEIPT, "7K3M9QXD")),
        (f"http://h/track/{RECEIPT}", Lookup(RECEIPT)),
        (f"http://h/track/{RECEIPT}?c=bad!", None),
        (f"http://h/track/{RECEIPT}?c=7K3M9QXD&c=7K3M9QXD", None),
        ("http://h/track/not-a-receipt?c=7K3M9QXD", None),
        ("http://h/elsewhere", None),
        ("FS01-K01-2026", None),
        ("", None),
        ('{"t":"other"}', None),
        ("{not json", None),
    ],
)
def test_what_a_scanner_or_a_keyboard_gives_is_read(text: str, expected: Lookup | None) -> None:
    assert parse_lookup(text) == expected


def test_the_older_receipts_json_still_reads() -> None:
    case_id = uuid7()
    old = json.dumps({"t": "onewindow-case", "r": RECEIPT, "id": case_id})
    assert parse_lookup(old) == Lookup(RECEIPT, check_code(case_id))


@pytest.mark.parametrize(
    "bad",
    ["ftp://h/{receipt}/{check}", "http://h/{receipt}", "http://h/{receipt}?c={check}&x={id}"],
)
def test_a_template_without_both_placeholders_is_refused(bad: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config({"backoffice": {"public_url": bad}})
    assert err.value.key == "backoffice.public_url"
