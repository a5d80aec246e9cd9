"""Staff accounts and tokens for the back-office tests (issue 11 items 1, 3, 7).

``staff_token`` makes an account in the store and signs it in over HTTP, as a
window would; ``device_token`` enrols a device the way `sync enroll` does.
"""

from __future__ import annotations

import requests

from backoffice.server import BackgroundBackoffice

PASSWORD = "correct horse battery staple"


def staff_token(
    bo: BackgroundBackoffice, login: str, role: str, hall: str = "", department: str | None = None
) -> str:
    """A new account ``login`` with ``role`` (and hall, department), signed in: its token.
    A reviewer is of the test catalog's department unless told otherwise."""
    if department is None:
        department = "测试局" if role == "reviewer" else ""
    bo.store.add_staff(login, f"测试{role}", role, PASSWORD, hall, department=department)
    r = requests.post(
        f"{bo.url}/api/v1/staff/sign-in", json={"login": login, "password": PASSWORD}, timeout=5
    )
    assert r.status_code == 200, r.text
    return r.json()["token"]


def signed_in_pages(url: str, login: str, password: str = PASSWORD) -> tuple[requests.Session, str]:
    """(requests.Session, CSRF token) of ``login`` signed in to the staff pages over plain
    HTTP, through the sign-in form and its own CSRF token, as a browser would."""
    import re

    http = requests.Session()
    form = http.get(f"{url}/staff/sign-in", timeout=5)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    r = http.post(
        f"{url}/staff/sign-in",
        data={"login": login, "password": password, "csrf": token[1]},
        allow_redirects=False,
        timeout=5,
    )
    assert r.status_code == 303, r.text
    page = http.get(f"{url}/staff/", timeout=5)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None
    return http, found[1]


def device_token(bo: BackgroundBackoffice, hall: str, device: str) -> str:
    return bo.store.enrol(bo.store.create_enrolment(hall, device), hall, device)["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
