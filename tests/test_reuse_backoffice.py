"""材料复用 and 电子证照 at the back office (issue 16 item 5), over real HTTP.

An earlier case of the sample card 张小三 is filed by an enrolled window and
accepted by a reviewer through the status route: its reusable materials go
to the 电子材料库 under the holder's HMAC. The window then asks, with the
citizen's consent, what can be reused and fetches it; without a consent the
route refuses, and a device without the card (the name as read) finds nothing.
SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

import assets
from backoffice.server import BackgroundBackoffice
from core.catalog import Catalog
from tests._reuse_fixture import EARLIER_DEVICE, HOLDER, file_case, file_earlier_case
from tests._staff_fixture import bearer, device_token, staff_token
from wire.reuse import ReusedDocument, ReuseOffer

NEWBORN = "440604-YJS-002"  # 一件事 出生: 出生登记, 医保参保, 社保卡 (three departments)
CONSENT = {"at": "2026-12-03T10:00:00+08:00", "scope": ["library", "elicence"], "how": "oral"}


@pytest.fixture
def bo(tmp_path: Path, bo_engine: str):
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=assets.sample_catalog(), open_access=False
    ) as server:
        yield server


def ask(bo: BackgroundBackoffice, token: str, what: str = "offer", **body) -> requests.Response:
    base = {
        "hall_code": "FS01",
        "device_code": "C01",
        "id_number": HOLDER.id_number,
        "name": HOLDER.name,
        "consent": CONSENT,
    }
    return requests.post(
        f"{bo.url}/api/v1/reuse/{what}",
        json={**base, **body},
        headers=bearer(token),
        timeout=60,
    )


def test_an_accepted_case_is_kept_and_fetched_again(bo: BackgroundBackoffice, tmp_path: Path):
    c01 = device_token(bo, "FS01", "C01")
    earlier = file_earlier_case(bo, tmp_path, device_token(bo, "FS01", EARLIER_DEVICE))
    offer = ReuseOffer.model_validate(ask(bo, c01).json())
    kept = {m.code: m for m in offer.materials}
    assert set(kept) == {"M-ID-001", "M-HK-001"}  # the reusable ones, not the others
    hk = kept["M-HK-001"]
    assert hk.receipt_no != earlier.receipt_no and hk.receipt_no.endswith(earlier.receipt_no[-4:])
    assert hk.pages == 1 and hk.item_name == earlier.item_name
    kinds = {lic.kind for lic in offer.licences}
    assert kinds == {"household", "marriage", "property"} and offer.sample_note == "样例数据"
    # the table holds no plain number or name
    rows = bo.store._db.execute("SELECT * FROM material_library").fetchall()
    assert len(rows) == 2 and HOLDER.id_number not in str(rows) and HOLDER.name not in str(rows)
    # fetched: the very file the earlier case brought
    doc = ReusedDocument.model_validate(ask(bo, c01, "fetch", entry_id=hk.entry_id).json())
    original = next(m for m in earlier.materials if m.code == "M-HK-001").files[0]
    assert doc.source == "reuse" and doc.sha256 == original.sha256 and doc.pdf()[:4] == b"%PDF"
    lic = next(lic for lic in offer.licences if lic.kind == "marriage")
    doc = ReusedDocument.model_validate(ask(bo, c01, "fetch", reference=lic.reference).json())
    assert doc.source == "elicence" and doc.title == "结婚证" and doc.pdf()[:4] == b"%PDF"
    actions = [(e["action"], e["outcome"]) for e in bo.store.audit_entries()]
    assert ("reuse.offer", "found") in actions and ("reuse.fetch", "ok") in actions
    assert HOLDER.id_number not in str(bo.store.audit_entries())


def test_no_consent_no_lookup(bo: BackgroundBackoffice, tmp_path: Path):
    c01 = device_token(bo, "FS01", "C01")
    file_earlier_case(bo, tmp_path, device_token(bo, "FS01", EARLIER_DEVICE))
    r = ask(bo, c01, consent=None)
    assert r.status_code == 403 and r.json()["code"] == "bo.reuse_no_consent"
    r = ask(bo, c01, "fetch", consent=None, reference="marriage:0123456789abcdef")
    assert r.status_code == 403
    # consent to the library only: no licences are looked up
    only = {**CONSENT, "scope": ["library"]}
    offer = ask(bo, c01, consent=only).json()
    assert offer["licences"] == [] and len(offer["materials"]) == 2
    outcomes = [e["outcome"] for e in bo.store.audit_entries() if e["action"] == "reuse.offer"]
    assert "no_consent" in outcomes


def test_another_device_without_the_card_finds_nothing(bo: BackgroundBackoffice, tmp_path: Path):
    c01 = device_token(bo, "FS01", "C01")
    earlier = file_earlier_case(bo, tmp_path, device_token(bo, "FS01", EARLIER_DEVICE))
    k02 = device_token(bo, "FS01", "K02")
    entry = ask(bo, c01).json()["materials"][0]["entry_id"]
    # the number alone (a name that is not the card's): nothing listed, nothing fetched
    offer = ask(bo, k02, device_code="K02", name="张小四").json()
    assert offer == {"materials": [], "licences": [], "sample_note": "样例数据"}
    r = ask(bo, k02, "fetch", device_code="K02", name="张小四", entry_id=entry)
    assert r.status_code == 404
    # nor as another device, nor without a token
    assert ask(bo, k02).status_code == 403  # the body claims C01
    r = requests.post(f"{bo.url}/api/v1/reuse/offer", json={}, timeout=10)
    assert r.status_code == 401
    # a staff token is not a device
    sup = staff_token(bo, "sup1", "supervisor")
    assert ask(bo, sup).status_code == 403
    assert earlier.id  # the earlier case stays where it was


def test_a_bundle_case_is_kept_at_its_first_item_decision(
    bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    catalog = Catalog.from_json(assets.sample_catalog().read_bytes())
    case = file_case(bo, tmp_path, device_token(bo, "FS01", EARLIER_DEVICE), bundle=NEWBORN)
    c01 = device_token(bo, "FS01", "C01")
    assert ask(bo, c01).json()["materials"] == []  # filed, not yet accepted
    first = catalog.bundle(NEWBORN).items[0]
    reviewer = staff_token(bo, "rev9", "reviewer", department=catalog.item(first).department)
    r = requests.post(
        f"{bo.url}/api/v1/cases/{case.id}/items/{first}/decision",
        json={"decision": "approved"},
        headers=bearer(reviewer),
        timeout=10,
    )
    assert r.status_code == 200 and r.json()["state"] == "accepted", r.text
    reusable = {m.code for m in catalog.bundle_item(NEWBORN).materials if m.reusable}
    kept = {m["code"] for m in ask(bo, c01).json()["materials"]}
    assert kept == reusable and kept
