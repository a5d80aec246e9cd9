"""告知承诺 at the back office: the credit list over real HTTP (SQLite and PostgreSQL).

Eligibility answers allowed, or refused with the row's reason; the table keeps the
holder's HMAC only; supervisors add and remove rows, clerks may not; the sample row
(样例数据) is seeded at start.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from tests._staff_fixture import bearer, device_token, staff_token

SAMPLE_REFUSED = "330106200102284283"  # the sample card 欧阳明华, on the sample list
CLEAN = "440604198806153716"  # the sample card 张小三


@pytest.fixture
def bo(tmp_path: Path, bo_engine: str):
    with BackgroundBackoffice(tmp_path / "bo") as server:
        yield server


def ask(bo: BackgroundBackoffice, number: str, headers: dict | None = None) -> requests.Response:
    return requests.post(
        f"{bo.url}/api/v1/commitment/eligibility",
        json={"id_number": number},
        headers=headers or {},
        timeout=10,
    )


def test_a_listed_holder_is_refused_with_the_reason_and_others_are_allowed(bo) -> None:
    token = device_token(bo, "FS01", "C01")
    r = ask(bo, SAMPLE_REFUSED, bearer(token))
    assert r.status_code == 200, r.text
    assert r.json() == {"allowed": False, "reason": "dishonest"}
    assert ask(bo, CLEAN, bearer(token)).json() == {"allowed": True, "reason": ""}
    assert ask(bo, "not a number!").status_code == 422


def test_the_table_keeps_no_id_number(bo) -> None:
    rows = bo.store._db.execute("SELECT holder, note, sample FROM commitment_credit").fetchall()
    assert rows and all(SAMPLE_REFUSED not in str(r) for r in rows)
    assert rows[0][1] == "样例数据" and rows[0][2] == 1


def test_a_supervisor_adds_and_removes_rows_and_a_clerk_may_not(bo) -> None:
    sup = bearer(staff_token(bo, "s1", "supervisor"))
    clerk = bearer(staff_token(bo, "c1", "clerk"))
    url = f"{bo.url}/api/v1/commitment/credit-list"
    body = {"id_number": CLEAN, "reason": "false_commitment", "note": "测试"}
    assert requests.post(url, json=body, headers=clerk, timeout=10).status_code == 403
    r = requests.post(url, json=body, headers=sup, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["reason"] == "false_commitment" and r.json()["sample"] is False
    assert ask(bo, CLEAN).json() == {"allowed": False, "reason": "false_commitment"}
    listed = requests.get(url, headers=sup, timeout=10).json()["entries"]
    assert {e["reason"] for e in listed} == {"dishonest", "false_commitment"}
    gone = requests.post(f"{url}/remove", json={"id_number": CLEAN}, headers=sup, timeout=10)
    assert gone.status_code == 204
    assert ask(bo, CLEAN).json()["allowed"] is True
    again = requests.post(f"{url}/remove", json={"id_number": CLEAN}, headers=sup, timeout=10)
    assert again.status_code == 404
    assert again.json()["code"] == "bo.no_credit_entry"
    assert requests.get(url, timeout=10).status_code == 401
