"""告知承诺 on the device side (Qt-free): eligibility from a real back office and the
offline rule, the signed 承诺书 kept as the materials it replaces, uploaded, printed.

A real back office over HTTP with the shipped catalog; the device's runtime with the
virtual A4 and receipt printers. The printed PDF's image is taken out with poppler's
pdfimages and compared with the signature drawn.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

import assets
from backoffice.server import BackgroundBackoffice
from core.case import CaseState, MaterialStatus
from core.commitment import letter, replaceable
from core.config import load_config
from core.errors import CaseError, StorageError
from core.intake import prefill, start_case
from emulators.virtual_reader import sample_identities
from services import commitment as svc
from services.runtime import Runtime
from services.submission import submit

ITEM = "440604-GA-0005"  # 居住证申领: 居住证明 may be replaced by a 承诺书


def signature_png() -> bytes:
    img = Image.new("RGB", (240, 90), "white")
    d = ImageDraw.Draw(img)
    d.line([(10, 60), (60, 20), (110, 70), (170, 15), (230, 55)], fill=(10, 20, 60), width=5)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def person(name: str):
    return next(i for i in sample_identities() if i.name == name)


@pytest.fixture
def bo(tmp_path: Path):
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=assets.sample_catalog()) as server:
        yield server


def runtime(tmp_path: Path, url: str, **extra) -> Runtime:
    cfg = load_config(
        None,
        {
            "role": "counter",
            "device_code": "C01",
            "data_dir": str(tmp_path / "dev"),
            "backoffice.url": url,
            "sync.interval_s": 0.2,
            **extra,
        },
    )
    rt = Runtime(cfg)
    rt.start()
    return rt


def draft(rt: Runtime, identity):
    item = rt.catalog.item(ITEM)
    case = start_case(
        item,
        identity,
        hall_code=rt.config.hall_code,
        device_code="C01",
        channel="counter",
        actor="c0012",
    )
    case.form = prefill(item.form, identity)
    for f in item.form:
        if not case.form.get(f.key):
            case.form[f.key] = (
                f.choices[0]
                if f.choices
                else "13800138000"
                if "phone" in f.key
                else "佛山市禅城区示例路2号"
            )
    return case, item


def wait(cond, what: str) -> None:
    from tests._backoffice_fixture import wait_until

    wait_until(cond, 20.0, what)


def test_a_signed_commitment_replaces_the_proof_reaches_the_back_office_and_prints(
    tmp_path: Path, bo: BackgroundBackoffice
) -> None:
    rt = runtime(tmp_path, bo.url)
    try:
        who = person("张小三")
        case, item = draft(rt, who)
        assert [m.code for m in replaceable(case, item)] == ["M-JZ-001"]
        ok = svc.eligibility(rt, who.id_number)
        assert ok.allowed and not ok.offline
        png = signature_png()
        c = svc.sign(rt, case, item, png, ok, "c0012")
        m = next(m for m in case.materials if m.code == "M-JZ-001")
        assert m.status is MaterialStatus.COMMITMENT
        assert [f.media_type for f in m.files] == ["application/pdf", "image/png"]
        assert rt.store.read_file(c.signature_file_id) == png
        # the other required materials are scanned (a page each, no camera here)
        for other in case.materials:
            if other.code in ("M-ID-001", "M-PH-001"):
                ref = rt.store.save_file(b"\xff\xd8page", f"{other.code}.jpg", "image/jpeg")
                case.add_file(other.code, ref)
        done = submit(rt, case, item, actor="c0012")
        assert done.commitment == c and done.commitment_signed
        assert any(e.kind == "commitment_signed" for e in done.events)
        # the back office has the case and both files
        wait(lambda: bo.store.get_case(done.id) is not None, "the case at the back office")
        there = bo.store.get_case(done.id)
        assert there.commitment is not None and there.commitment.file_id == c.file_id
        assert bo.store.read_file(c.signature_file_id) == png
        assert bo.store.read_file(c.file_id).startswith(b"%PDF")
        # printed on the A4 printer: the PDF carries the signature image and the text
        svc.print_letter(rt, done, item, "c0012")
        (_job, path) = rt.a4.virtual.jobs[-1]
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        words = text.stdout.decode()
        assert "告知承诺书" in words and "居住证明" in words and "张小三" in words
        assert who.id_number not in words  # masked on paper
        out = tmp_path / "img"
        subprocess.run(["pdfimages", "-png", str(path), str(out)], check=True)
        (image,) = sorted(tmp_path.glob("img-*.png"))
        assert Image.open(image).size == Image.open(io.BytesIO(png)).size
        assert done.state is CaseState.SUBMITTED
    finally:
        rt.close()


def test_a_listed_applicant_is_refused_with_the_reason(tmp_path: Path, bo) -> None:
    rt = runtime(tmp_path, bo.url)
    try:
        who = person("欧阳明华")  # the sample credit list's row (样例数据)
        refused = svc.eligibility(rt, who.id_number)
        assert not refused.allowed and refused.reason == "dishonest" and not refused.offline
        assert refused.words_code == "commitment.refused.dishonest"
        case, item = draft(rt, who)
        with pytest.raises(CaseError) as err:
            svc.sign(rt, case, item, signature_png(), refused, "c0012")
        assert err.value.code == "commitment.refused.dishonest"
        assert case.commitment is None
        # nothing else lost: the proof is simply still owed
        assert next(m for m in case.materials if m.code == "M-JZ-001").status is (
            MaterialStatus.DEFICIENT
        )
    finally:
        rt.close()


@pytest.mark.parametrize("rule", ["allow", "refuse"])
def test_the_offline_rule_decides_without_the_back_office(tmp_path: Path, rule: str) -> None:
    rt = runtime(tmp_path, "http://127.0.0.1:9", **{"commitment.offline": rule})
    try:
        who = person("张小三")
        got = svc.eligibility(rt, who.id_number)
        assert got.offline and got.allowed is (rule == "allow")
        case, item = draft(rt, who)
        if rule == "allow":
            c = svc.sign(rt, case, item, signature_png(), got, "c0012")
            assert c.eligibility == "offline"
        else:
            assert got.words_code == "commitment.refused.offline"
    finally:
        rt.close()


def test_signing_again_replaces_and_withdrawing_deletes_the_files(tmp_path: Path, bo) -> None:
    rt = runtime(tmp_path, bo.url)
    try:
        who = person("张小三")
        case, item = draft(rt, who)
        ok = svc.eligibility(rt, who.id_number)
        first = svc.sign(rt, case, item, signature_png(), ok, "c0012")
        second = svc.sign(rt, case, item, signature_png(), ok, "c0012")
        assert first.file_id != second.file_id
        with pytest.raises(StorageError):
            rt.store.read_file(first.file_id)
        svc.withdraw(rt, case, "c0012")
        assert case.commitment is None and not case.commitment_signed
        assert next(m for m in case.materials if m.code == "M-JZ-001").files == []
        with pytest.raises(CaseError):
            svc.sign(rt, case, item, b"", ok, "c0012")
    finally:
        rt.close()


def test_the_letter_names_the_item_the_materials_and_masks_the_number() -> None:
    from core.catalog import Catalog

    cat = Catalog.load(assets.sample_catalog())
    who = person("张小三")
    item = cat.item(ITEM)
    case = start_case(
        item, who, hall_code="FS01", device_code="K01", channel="kiosk", actor="citizen"
    )
    words = "\n".join(letter(case, item, ["居住证明"]))
    assert "居住证申领" in words and "1. 居住证明" in words and who.id_number not in words


def test_without_an_a4_printer_the_letter_goes_to_the_receipt_printer(tmp_path: Path, bo) -> None:
    rt = runtime(tmp_path, bo.url, **{"devices.a4.uri": "none"})
    try:
        who = person("张小三")
        case, item = draft(rt, who)
        svc.sign(rt, case, item, signature_png(), svc.eligibility(rt, who.id_number), "c0012")
        job = svc.print_letter(rt, case, item, "c0012")
        assert not isinstance(job, str)  # a receipt printer's job, not an A4 job id
        (paper,) = rt.devices.virtual_printer.wait_jobs(1)
        assert "证明事项告知承诺书" in paper.transcript and "居住证明" in paper.transcript
        assert who.id_number not in paper.transcript
    finally:
        rt.close()
