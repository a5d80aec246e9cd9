"""Helpers for the 材料复用 tests: 张小三's earlier case, filed and accepted over HTTP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import requests

import assets
from backoffice.server import BackgroundBackoffice
from core.case import Case
from core.catalog import Catalog, FieldType, FormField
from core.intake import start_case, submit_case
from drivers.camera.codes import Mode, PageKind
from drivers.camera.page import Page
from drivers.camera.pdf import assemble_pdf
from emulators.virtual_reader import sample_identities
from sync.client import BackofficeClient
from sync.store import LocalStore
from tests._staff_fixture import bearer, staff_token

HOLDER = sample_identities()[0]  # 张小三, 440604198806153716
EARLIER_DEVICE = "C09"  # another window of the hall (its own receipt numbers)
EARLIER_ITEM = "440604-MS-0009"  # 内地居民结婚登记: M-ID-001 and M-HK-001 are reusable


def example_value(f: FormField) -> str:
    examples = {
        FieldType.PHONE: "13800138000",
        FieldType.ID_NUMBER: "420106196211030533",  # another sample card's number
        FieldType.DATE: "2026-12-01",
        FieldType.CHOICE: f.choices[0] if f.choices else "",
    }
    return examples.get(f.type, "示例")


def page_pdf(tag: str) -> bytes:
    """A one-page scan of ``tag`` as the device keeps it (a PDF)."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (827, 1169), "white")
    ImageDraw.Draw(img).text((80, 80), tag, fill="black")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    page = Page(out.getvalue(), "image/jpeg", 827, 1169, 100, PageKind.A4, Mode.COLOUR)
    return assemble_pdf([page], title=tag)


def file_case(
    bo: BackgroundBackoffice, tmp_path: Path, token: str | None, *, bundle: str = ""
) -> Case:
    """张小三's 结婚登记 (or the 一件事 ``bundle``) at window C09, every material scanned,
    filed at the back office (not decided yet)."""
    catalog = Catalog.from_json(assets.sample_catalog().read_bytes())
    item = catalog.bundle_item(bundle) if bundle else catalog.item(EARLIER_ITEM)
    store = LocalStore(tmp_path / "dev")
    try:
        case = start_case(
            item,
            HOLDER,
            hall_code="FS01",
            device_code=EARLIER_DEVICE,
            channel="counter",
            actor="c0012",
            catalog_version=catalog.version,
            bundle=(catalog, bundle) if bundle else None,
        )
        for f in item.form:  # the form filled in as the clerk would
            if f.required and not case.form.get(f.key):
                case.form[f.key] = example_value(f)
        for m in case.materials:
            ref = store.save_file(page_pdf(m.code), f"{m.code}.pdf", "application/pdf")
            case.add_file(m.code, ref)
        receipt = store.next_receipt_no("FS01", EARLIER_DEVICE, dt.date.today())
        case = submit_case(case, item, receipt_no=receipt, actor="c0012")
        client = BackofficeClient(bo.url, token=token)
        for m in case.materials:
            for ref in m.files:
                client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
        client.put_case(case.id, case.body())
    finally:
        store.close()
    return case


def file_earlier_case(bo: BackgroundBackoffice, tmp_path: Path, token: str | None) -> Case:
    """张小三's 结婚登记 at window C09, its materials scanned, filed and accepted."""
    case = file_case(bo, tmp_path, token)
    item = Catalog.from_json(assets.sample_catalog().read_bytes()).item(EARLIER_ITEM)
    reviewer = staff_token(bo, "rev1", "reviewer", department=item.department)
    r = requests.post(
        f"{bo.url}/api/v1/cases/{case.id}/status",
        json={"state": "accepted"},
        headers=bearer(reviewer),
        timeout=10,
    )
    assert r.status_code == 200, r.text
    return case
