"""网上申报 and 网上预审 at the reference back office, over real HTTP (issue 16, item 6).

A citizen applies on the public page with uploads (multipart, checked by
type and size, the ID number by GB 11643), gets a WS number and follows the
state on the status page; a reviewer of the item's department pre-reviews it
on the staff pages (退回补正 with a reason, then 预审通过); a window's device
with its signed-in clerk pulls it by number and by card, fetches the scans
byte for byte, and takes it in exactly once; an application not pre-reviewed
is refused with why. The personal data is sealed at rest.
"""

from __future__ import annotations

import hashlib

import requests

from tests._online_fixture import (
    INSTANT_ITEM,
    StaffPages,
    apply_online,
    number_of,
    pre_review,
    sample_jpeg,
)
from tests._staff_fixture import PASSWORD, bearer, device_token, staff_token
from tests.factories import id_number

NAME = "网申甲"
ID = id_number(seq="457")


def _status(url: str, number: str, last4: str) -> requests.Response:
    return requests.get(f"{url}/online/status", params={"n": number, "k": last4}, timeout=5)


def test_apply_with_uploads_pre_review_and_follow_the_state(backoffice) -> None:
    url = backoffice.url
    listing = requests.get(f"{url}/online", timeout=5)
    assert listing.status_code == 200 and INSTANT_ITEM in listing.text and "即办" in listing.text

    bad = apply_online(url, NAME, ID[:-1] + ("0" if ID[-1] != "0" else "1"))
    assert bad.status_code == 422 and "校验" in bad.text
    not_image = apply_online(url, NAME, ID, **{"M-ID-001": b"GIF89a not a scan"})
    assert not_image.status_code == 422 and "只能是 JPG、PNG 图片或 PDF 文件" in not_image.text
    assert backoffice.store.online_applications() == []

    made = apply_online(url, NAME, ID)
    assert made.status_code == 201
    number = number_of(made)
    assert number.startswith("WS") and len(number) == 14
    # sealed at rest: neither the name nor the ID number is in the row (either engine)
    store = backoffice.store
    with store._lock:
        row = store._db.execute(
            "SELECT body, holder FROM online_applications WHERE number = ?", (number,)
        ).fetchone()
    body, holder = bytes(row[0]), row[1]
    assert NAME.encode() not in body and ID.encode() not in body and ID not in holder

    assert _status(url, number, "0000").status_code == 404
    page = _status(url, number, ID[-4:])
    assert page.status_code == 200 and 'data-state="submitted"' in page.text
    assert NAME not in page.text and "网*甲" in page.text

    backoffice.store.add_staff("rev_other", "别的部门", "reviewer", PASSWORD, "", "别的局")
    other = StaffPages(url, "rev_other")
    assert number not in other.http.get(f"{url}/staff/online", timeout=5).text
    assert other.http.get(f"{url}/staff/online/{number}", timeout=5).status_code == 404

    pre_review(backoffice, number, "returned", "解除劳动关系证明不清晰")
    page = _status(url, number, ID[-4:])
    assert 'data-state="returned"' in page.text and "解除劳动关系证明不清晰" in page.text
    pre_review(backoffice, number, "approved")
    assert 'data-state="approved"' in _status(url, number, ID[-4:]).text

    reviewer = StaffPages(url, "rev_online")
    detail = reviewer.http.get(f"{url}/staff/online/{number}", timeout=5)
    assert detail.status_code == 200 and ID not in detail.text and NAME not in detail.text
    scan = reviewer.http.get(f"{url}/staff/online/{number}/files/0", timeout=5)
    assert scan.content == sample_jpeg() and scan.headers["cache-control"] == "no-store"
    no_csrf = reviewer.http.post(
        f"{url}/staff/online/{number}/review", data={"decision": "approved"}, timeout=5
    )
    assert no_csrf.status_code == 403


def test_the_window_pulls_by_number_and_card_and_takes_it_in_once(backoffice) -> None:
    url = backoffice.url
    number = number_of(apply_online(url, NAME, ID))
    device = bearer(device_token(backoffice, "FS01", "C01"))
    clerk = {**device, "X-Staff-Token": staff_token(backoffice, "c0101", "clerk", hall="FS01")}

    def pull(headers: dict[str, str], **body: str) -> requests.Response:
        return requests.post(f"{url}/api/v1/online/pull", json=body, headers=headers, timeout=5)

    assert pull(device, number=number).status_code == 403  # no clerk named
    reviewer = staff_token(backoffice, "r0101", "reviewer")
    assert pull({**device, "X-Staff-Token": reviewer}, number=number).status_code == 403
    assert pull(bearer(reviewer), number=number).status_code in (401, 403)  # not a device

    found = pull(clerk, number=number)
    assert found.status_code == 200, found.text
    (app,) = found.json()["applications"]
    assert app["state"] == "submitted" and app["applicant"]["id_number"] == ID
    assert app["form"]["education"] == "本科" and len(app["files"]) == 2
    (by_card,) = pull(clerk, id_number=ID).json()["applications"]
    assert by_card["number"] == number
    assert pull(clerk, id_number=id_number(seq="999")).json()["applications"] == []
    assert pull(clerk, number="WS209901010001").status_code == 404

    f = app["files"][1]
    scan = requests.get(f"{url}/api/v1/online/{number}/files/1", headers=clerk, timeout=5)
    assert hashlib.sha256(scan.content).hexdigest() == f["sha256"]

    case_id = "01930000-0000-7000-8000-000000000001"
    take = {"case_id": case_id, "receipt_no": "FS01-C01-20261203-0001"}

    def take_it(body: dict[str, str]) -> requests.Response:
        return requests.post(
            f"{url}/api/v1/online/{number}/take", json=body, headers=clerk, timeout=5
        )

    refused = take_it(take)
    assert refused.status_code == 409 and refused.json()["code"] == "bo.online_not_approved"
    pre_review(backoffice, number)
    first = take_it(take)
    assert first.status_code == 200 and first.json()["taken"] is True
    again = take_it(take)  # the same case again: the same answer
    assert again.status_code == 200 and again.json()["taken"] is False
    other = take_it({**take, "case_id": "01930000-0000-7000-8000-000000000002"})
    assert other.status_code == 409 and other.json()["code"] == "bo.online_taken"
    assert "FS01-C01-20261203-0001" in other.json()["error"]
    (taken,) = pull(clerk, number=number).json()["applications"]
    assert taken["state"] == "taken" and taken["taken_receipt_no"] == take["receipt_no"]
    actions = [e["action"] for e in backoffice.store.audit_entries(limit=500)]
    assert actions.count("online.take") == 3 and "online.pull" in actions
