"""Online applications (网上申报) for the tests: made through the public page over HTTP.

``apply_online`` fills the public form of a 网上办 item the way a citizen's browser
posts it (multipart, one upload per material); ``pre_review`` signs a reviewer of the
item's department in to the staff pages and gives the decision. Both go over real
HTTP to a running back office.
"""

from __future__ import annotations

import re
from pathlib import Path

import requests

import assets
from tests._staff_fixture import PASSWORD, signed_in_pages

INSTANT_ITEM = "440604-MS-0004"  # 失业登记: 即办, 网上办, ID card + 解除劳动关系证明
INSTANT_DEPT = "佛山市禅城区人力资源和社会保障局"
FORM = {
    "f_phone": "13800138000",
    "f_residence_address": "广东省佛山市禅城区测试路1号",
    "f_education": "本科",
    "f_job_wanted": "软件测试",
}


def sample_jpeg(name: str = "03_id_card.jpg") -> bytes:
    return (Path(assets.path("samples")) / "documents" / name).read_bytes()


def apply_online(
    url: str, name: str, id_number: str, item: str = INSTANT_ITEM, **files: bytes
) -> requests.Response:
    """POST the public form; ``files`` by material code (default: both of 失业登记's)."""
    uploads = files or {
        "M-ID-001": sample_jpeg(),
        "M-LAB-002": sample_jpeg("01_application_form.jpg"),
    }
    return requests.post(
        f"{url}/online/apply",
        data={"item": item, "name": name, "id_number": id_number, **FORM},
        files={f"m_{code}": (f"{code}.jpg", data, "image/jpeg") for code, data in uploads.items()},
        timeout=10,
    )


def number_of(resp: requests.Response) -> str:
    found = re.search(r'id="number">(WS\d{12})<', resp.text)
    assert found is not None, resp.text[:2000]
    return found[1]


class StaffPages:
    """A reviewer signed in to the staff pages over plain HTTP (tests._staff_fixture)."""

    def __init__(self, url: str, login: str, password: str = PASSWORD) -> None:
        self.url = url
        self.http, self.csrf = signed_in_pages(url, login, password)

    def review(self, number: str, decision: str, reason: str = "") -> requests.Response:
        return self.http.post(
            f"{self.url}/staff/online/{number}/review",
            data={"csrf": self.csrf, "decision": decision, "reason": reason},
            timeout=5,
        )


def pre_review(bo, number: str, decision: str = "approved", reason: str = "") -> None:
    """A reviewer of 失业登记's department gives ``decision`` on the staff page."""
    if bo.store.staff("rev_online") is None:
        bo.store.add_staff("rev_online", "预审员", "reviewer", PASSWORD, "", INSTANT_DEPT)
    r = StaffPages(bo.url, "rev_online").review(number, decision, reason)
    assert r.status_code == 200 and f'data-state="{decision}"' in r.text, r.text[:2000]
