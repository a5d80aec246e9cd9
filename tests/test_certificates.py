"""证明打印 at the back office: issuing over real HTTP, the verification page, the table.

A real back office on loopback (tests._backoffice_fixture) with the shipped
catalog, on SQLite and PostgreSQL; the certificate's QR is decoded from the
PDF's first page (poppler's pdftoppm, then zxing-cpp) and opened.
"""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest
import requests

import assets
from backoffice.server import BackgroundBackoffice
from wire.certificates import CertificateAnswer

HOLDER = {"id_number": "440604198806153716", "name": "张小三"}  # the sample card 张小三
BODY = {"item_code": "440604-MS-0001", "hall_code": "FS01", "device_code": "K01", **HOLDER}


@pytest.fixture
def bo(tmp_path: Path, bo_engine: str):
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=assets.sample_catalog()) as server:
        yield server


def qr_of_pdf(pdf: Path) -> str:
    """The text of the QR on the PDF's first page (rendered at 150 dpi, decoded by zxing-cpp)."""
    import zxingcpp
    from PIL import Image

    prefix = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True
    )
    page = next(pdf.parent.glob(f"{prefix.name}*.png"))
    found = [r.text for r in zxingcpp.read_barcodes(Image.open(page)) if r.text]
    assert len(found) == 1, found
    return found[0]


def issue(bo: BackgroundBackoffice, **changes: str) -> requests.Response:
    return requests.post(f"{bo.url}/api/v1/certificates", json={**BODY, **changes}, timeout=30)


def test_a_certificate_is_issued_and_its_code_opens_the_verification_page(
    bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    resp = issue(bo)
    assert resp.status_code == 200, resp.text
    answer = CertificateAnswer.model_validate(resp.json())
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(answer.pdf())
    assert answer.pdf().startswith(b"%PDF") and answer.title == "社会保险参保缴费证明"
    url = qr_of_pdf(pdf)
    assert url == answer.verify_url == f"{bo.url}/verify/{answer.code}"
    page = requests.get(url, timeout=10)
    assert page.status_code == 200
    assert "有效" in page.text and "张*三" in page.text and "样例数据" in page.text
    assert "185" in page.text  # what the certificate says
    assert HOLDER["id_number"] not in page.text and "张小三" not in page.text
    # typed by hand: lower case, without the dashes
    typed = answer.code.replace("-", "").lower()
    assert requests.get(f"{bo.url}/verify/{typed}", timeout=10).status_code == 200


def test_the_table_keeps_no_id_number_and_the_content_hash(bo: BackgroundBackoffice) -> None:
    import hashlib

    code = issue(bo).json()["code"]
    row = bo.app.state.store.certificate(code)
    assert row is not None and row["kind"] == "social_insurance"
    assert HOLDER["id_number"] not in str(row) and "张小三" not in str(row)
    assert row["content_sha256"] == hashlib.sha256(row["content"].encode()).hexdigest()
    assert len(row["holder_hmac"]) == 64
    again = issue(bo).json()["code"]
    assert again != code  # every print has its own code
    assert len(bo.app.state.store.certificates_of(row["holder_hmac"])) == 2


def test_a_holder_without_a_record_a_wrong_name_and_other_items_get_404(
    bo: BackgroundBackoffice,
) -> None:
    # 欧阳明华 has a 无犯罪记录证明 in the sample registry but no social insurance
    assert issue(bo, id_number="330106200102284283", name="欧阳明华").status_code == 404
    assert issue(bo, name="张小四").status_code == 404
    assert issue(bo, item_code="440604-GA-0001").status_code == 404  # not self-print
    ok = issue(bo, item_code="440604-GA-0009", id_number="330106200102284283", name="欧阳明华")
    assert ok.status_code == 200 and ok.json()["kind"] == "no_crime"
    assert issue(bo, id_number="44060419880615371").status_code == 422  # strict pattern


def test_an_unknown_code_says_so(bo: BackgroundBackoffice) -> None:
    page = requests.get(f"{bo.url}/verify/2222-3333-4444-5555", timeout=10)
    assert page.status_code == 404 and "没有这个验证码" in page.text
    assert requests.get(f"{bo.url}/verify/not-a-code-at-all-x", timeout=10).status_code == 404


def test_guessing_codes_is_stopped(bo: BackgroundBackoffice) -> None:
    ok = issue(bo)
    assert ok.status_code == 200
    code = ok.json()["code"]
    for n in range(10):  # the look-ups' limit: 10 wrong codes per address in 10 minutes
        wrong = requests.get(f"{bo.url}/verify/2222-3333-4444-{5550 + n}", timeout=10)
        assert wrong.status_code == 404
    limited = requests.get(f"{bo.url}/verify/{code}", timeout=10)  # even the right one, now
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "查询过于频繁" in limited.text


def test_only_a_device_may_ask(tmp_path: Path, bo_engine: str) -> None:
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=assets.sample_catalog(), tokens=["device-token"]
    ) as server:
        assert issue(server).status_code == 401
        resp = requests.post(
            f"{server.url}/api/v1/certificates",
            json=BODY,
            headers={"Authorization": "Bearer device-token"},
            timeout=30,
        )
        assert resp.status_code == 200
        assert base64.b64decode(resp.json()["pdf_base64"]).startswith(b"%PDF")
        # the public page needs no token
        code = resp.json()["code"]
        assert requests.get(f"{server.url}/verify/{code}", timeout=10).status_code == 200
