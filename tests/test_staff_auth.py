"""Who may do what at the back office (issue 11 items 1, 3 and 7's 401-before-body).

Staff decisions need a staff token with a role allowed to make them, checked
before the case is looked up; devices read only their own cases; another
hall's case is found only through the look-up, with the receipt number and
its check code or the holder's ID number; everything is in the audit log.
Over real HTTP, enrolled devices, a back office that refuses strangers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from core.case import Case, CaseState
from core.ids import check_code
from sync.client import BackofficeClient
from sync.store import LocalStore
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import APPLICANT_ID, APPLICANT_NAME, make_submitted_case
from tests._staff_fixture import PASSWORD, bearer, device_token, staff_token

catalog_file = fx.catalog_file
MISSING = "01900000-0000-7000-8000-00000000abcd"


@pytest.fixture
def closed_bo(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as bo:
        yield bo


@pytest.fixture
def device_store(tmp_path: Path) -> Iterator[LocalStore]:
    store = LocalStore(tmp_path / "dev")
    yield store
    store.close()


def file_case(bo: BackgroundBackoffice, store: LocalStore, token: str, hall: str, dev: str) -> Case:
    """A case of hall/dev, its files and body sent with that device's token."""
    case = make_submitted_case(store, hall_code=hall, device_code=dev)
    client = BackofficeClient(bo.url, token=token)
    for m in case.materials:
        for ref in m.files:
            client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
    client.put_case(case.id, case.body())
    client.close()
    return case


def move(bo: BackgroundBackoffice, case_id: str, headers: dict[str, str], **body: str):
    return requests.post(
        f"{bo.url}/api/v1/cases/{case_id}/status", json=body, headers=headers, timeout=5
    )


# ------------------------------------------------------------------ item 1: decisions


def test_a_device_or_nobody_cannot_decide_whether_or_not_the_case_exists(
    tmp_path: Path, catalog_file: Path, device_store: LocalStore
) -> None:
    # even an open (demo) back office takes decisions from staff only
    with BackgroundBackoffice(tmp_path / "open", catalog_path=catalog_file) as bo:
        k01 = device_token(bo, "FS01", "K01")
        case = file_case(bo, device_store, k01, "FS01", "K01")
        for target in (case.id, MISSING):
            r = move(bo, target, {}, state="accepted")
            assert r.status_code == 401, r.text
            assert r.headers["WWW-Authenticate"].startswith("Bearer")
            assert move(bo, target, bearer(k01), state="accepted").status_code == 403
            assert move(bo, target, bearer("st_forged"), state="accepted").status_code == 401
        assert bo.store.case_status(case.id)["state"] == "synced"


def test_roles_decide_only_what_they_may_and_the_login_is_the_actor(
    closed_bo: BackgroundBackoffice, device_store: LocalStore
) -> None:
    bo = closed_bo
    k01 = device_token(bo, "FS01", "K01")
    case = file_case(bo, device_store, k01, "FS01", "K01")
    clerk = bearer(staff_token(bo, "clerk1", "clerk"))
    reviewer = bearer(staff_token(bo, "rev1", "reviewer"))
    admin = bearer(staff_token(bo, "admin1", "admin"))
    other_hall = bearer(staff_token(bo, "rev2", "reviewer", hall="GZ01"))

    assert move(bo, case.id, clerk, state="accepted").status_code == 403
    assert move(bo, case.id, admin, state="accepted").status_code == 403  # separation of duties
    assert move(bo, MISSING, clerk, state="accepted").status_code == 403  # role before look-up
    assert move(bo, case.id, other_hall, state="accepted").status_code == 404
    r = move(bo, case.id, reviewer, state="accepted", actor="someone-else")
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    assert move(bo, case.id, reviewer, state="ready").status_code == 200
    assert move(bo, case.id, reviewer, state="delivered").status_code == 403
    assert move(bo, case.id, clerk, state="delivered").status_code == 200
    held = bo.store.get_case(case.id)
    assert held is not None and held.verify_trail()
    assert [e.actor for e in held.events[-3:]] == ["rev1", "rev1", "clerk1"]
    decisions = bo.store.audit_entries(action="case.decision")
    assert [(e["actor"], e["outcome"]) for e in decisions] == [
        ("staff:clerk1", "forbidden"),
        ("staff:admin1", "forbidden"),
        ("staff:clerk1", "forbidden"),
        ("staff:rev2", "not_found"),
        ("staff:rev1", "ok"),
        ("staff:rev1", "ok"),
        ("staff:rev1", "forbidden"),
        ("staff:clerk1", "ok"),
    ]


def test_no_token_is_401_before_the_body_is_parsed(closed_bo: BackgroundBackoffice) -> None:
    bad = b'{"state": "accep'
    json_type = {"Content-Type": "application/json"}
    for method, path in (
        ("PUT", f"/api/v1/cases/{MISSING}"),
        ("POST", f"/api/v1/cases/{MISSING}/status"),
        ("PUT", f"/api/v1/evaluations/{MISSING}"),
        ("POST", "/api/v1/lookup"),
    ):
        r = requests.request(method, closed_bo.url + path, data=bad, headers=json_type, timeout=5)
        assert r.status_code == 401, (path, r.status_code, r.text)
    k01 = device_token(closed_bo, "FS01", "K01")
    r = requests.post(
        f"{closed_bo.url}/api/v1/cases/{MISSING}/status",
        data=bad,
        headers={**json_type, **bearer(k01)},
        timeout=5,
    )
    assert r.status_code == 403
    # the enrolment and sign-in routes take no token and parse as before
    for path in ("/api/v1/enrol", "/api/v1/staff/sign-in"):
        r = requests.post(closed_bo.url + path, data=bad, headers=json_type, timeout=5)
        assert r.status_code == 422


# ------------------------------------------------------------------ sign-in


def test_sign_in_tokens_are_staff_only_and_end(closed_bo: BackgroundBackoffice) -> None:
    bo = closed_bo
    url = f"{bo.url}/api/v1/staff"
    token = staff_token(bo, "sup1", "supervisor")
    assert token.startswith("st_")
    me = requests.get(f"{url}/me", headers=bearer(token), timeout=5).json()
    assert me["login"] == "sup1" and me["role"] == "supervisor" and me["expires_at"]
    # a staff token is no device token: it files nothing
    r = requests.get(f"{bo.url}/api/v1/cases", headers=bearer(token), timeout=5)
    assert r.status_code == 200
    r = requests.put(f"{bo.url}/api/v1/cases/{MISSING}", json={}, headers=bearer(token), timeout=5)
    assert r.status_code == 403
    # and a device token is no staff token
    k01 = device_token(bo, "FS01", "K01")
    assert requests.get(f"{url}/me", headers=bearer(k01), timeout=5).status_code == 403
    assert bo.store.staff_for_token(k01) is None and bo.store.device_for_token(token) is None

    assert requests.post(f"{url}/sign-out", headers=bearer(token), timeout=5).status_code == 204
    assert requests.get(f"{url}/me", headers=bearer(token), timeout=5).status_code == 401

    wrong = requests.post(f"{url}/sign-in", json={"login": "sup1", "password": "x"}, timeout=5)
    assert wrong.status_code == 401
    bo.store.set_staff_disabled("sup1")
    right = {"login": "sup1", "password": PASSWORD}
    assert requests.post(f"{url}/sign-in", json=right, timeout=5).status_code == 401
    bo.store.set_staff_disabled("sup1", False)
    assert requests.post(f"{url}/sign-in", json=right, timeout=5).status_code == 200
    outcomes = [(e["target"], e["outcome"]) for e in bo.store.audit_entries()]
    assert ("sup1", "refused") in outcomes and outcomes[-1] == ("sup1", "ok")
    assert PASSWORD not in str(bo.store.audit_entries())


def test_refused_sign_ins_are_limited_per_address(closed_bo: BackgroundBackoffice) -> None:
    staff_token(closed_bo, "rev1", "reviewer")
    url = f"{closed_bo.url}/api/v1/staff/sign-in"
    for _ in range(10):
        r = requests.post(url, json={"login": "rev1", "password": "guess"}, timeout=5)
        assert r.status_code == 401
    r = requests.post(url, json={"login": "rev1", "password": PASSWORD}, timeout=5)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_a_disabled_account_loses_its_tokens(closed_bo: BackgroundBackoffice) -> None:
    token = staff_token(closed_bo, "rev1", "reviewer")
    closed_bo.store.set_staff_disabled("rev1")
    r = requests.get(f"{closed_bo.url}/api/v1/staff/me", headers=bearer(token), timeout=5)
    assert r.status_code == 401


def test_staff_accounts_keep_only_a_salted_scrypt_hash(tmp_path: Path) -> None:
    from backoffice.store import BackofficeStore, ConflictError, InvalidError

    store = BackofficeStore(tmp_path / "bo")
    try:
        with pytest.raises(InvalidError, match="至少"):
            store.add_staff("ann", "Ann", "reviewer", "short")
        with pytest.raises(InvalidError, match="角色"):
            store.add_staff("ann", "Ann", "boss", PASSWORD)
        store.add_staff("ann", "Ann", "reviewer", PASSWORD)
        store.add_staff("bob", "Bob", "reviewer", PASSWORD)
        with pytest.raises(ConflictError):
            store.add_staff("ann", "Ann", "clerk", PASSWORD)
        rows = store._db.execute("SELECT pw_salt, pw_hash FROM staff").fetchall()
        assert rows[0][0] != rows[1][0] and rows[0][1] != rows[1][1]  # per-account salt
        kept = store._db.execute("SELECT * FROM staff").fetchall()
        assert not any(PASSWORD.encode() in repr(row).encode() for row in kept)
        if store.dialect == "sqlite":  # nor anywhere in the file (free pages included)
            assert PASSWORD.encode() not in (tmp_path / "bo" / "backoffice.db").read_bytes()
        store.set_staff_password("ann", "another long password")
        assert store.sign_in("ann", PASSWORD) is None
        assert store.sign_in("ann", "another long password") is not None
    finally:
        store.close()


# ------------------------------------------------------------------ item 3: reads


def test_a_device_reads_only_its_own_cases(
    closed_bo: BackgroundBackoffice, device_store: LocalStore
) -> None:
    bo = closed_bo
    k01, k02 = device_token(bo, "FS01", "K01"), device_token(bo, "FS01", "K02")
    g01 = device_token(bo, "GZ01", "K01")
    mine = file_case(bo, device_store, k01, "FS01", "K01")
    theirs = file_case(bo, device_store, k02, "FS01", "K02")
    far = file_case(bo, device_store, g01, "GZ01", "K01")

    def listed(token: str) -> set[str]:
        r = requests.get(f"{bo.url}/api/v1/cases", headers=bearer(token), timeout=5)
        assert r.status_code == 200
        return {c["id"] for c in r.json()}

    assert listed(k01) == {mine.id}
    assert listed(g01) == {far.id}
    client = BackofficeClient(bo.url, token=k01)
    assert client.case_status(mine.id)["state"] == "synced"
    for other in (theirs.id, far.id, MISSING):
        r = requests.get(f"{bo.url}/api/v1/cases/{other}", headers=bearer(k01), timeout=5)
        assert r.status_code == 404 and r.json()["detail"] == {"case_id": other}
    # the status feed: its own cases' changes only, whatever it asks for
    reviewer = bearer(staff_token(bo, "rev1", "reviewer"))
    assert move(bo, theirs.id, reviewer, state="accepted").status_code == 200
    feed = client.status_changes(0, device="K02")
    assert {c["case_id"] for c in feed["changes"]} == {mine.id}
    # staff read by hall; the administrator reads no cases
    assert listed(staff_token(bo, "clerk-fs", "clerk", hall="FS01")) == {mine.id, theirs.id}
    assert listed(staff_token(bo, "sup1", "supervisor")) == {mine.id, theirs.id, far.id}
    fs_clerk = staff_token(bo, "clerk-fs2", "clerk", hall="FS01")
    r = requests.get(f"{bo.url}/api/v1/cases/{far.id}", headers=bearer(fs_clerk), timeout=5)
    assert r.status_code == 404
    admin = bearer(staff_token(bo, "admin1", "admin"))
    assert requests.get(f"{bo.url}/api/v1/cases", headers=admin, timeout=5).status_code == 403


def test_the_cross_hall_look_up_needs_a_proof_and_is_audited(
    closed_bo: BackgroundBackoffice, device_store: LocalStore
) -> None:
    bo = closed_bo
    k01, g01 = device_token(bo, "FS01", "K01"), device_token(bo, "GZ01", "K01")
    case = file_case(bo, device_store, k01, "FS01", "K01")
    url = f"{bo.url}/api/v1/lookup"

    def look(token: str, **body: str) -> requests.Response:
        return requests.post(url, json={"receipt_no": case.receipt_no, **body},
                             headers=bearer(token), timeout=5)  # fmt: skip

    code = check_code(case.id)
    r = look(g01, check_code=code.lower()[:4] + "-" + code[4:])
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["state"] == "synced" and answer["hall_code"] == "FS01"
    assert "id" not in answer and APPLICANT_NAME not in r.text and APPLICANT_ID not in r.text
    assert look(g01, id_number=APPLICANT_ID).status_code == 200
    wrong = look(g01, check_code="00000000")
    assert wrong.status_code == 404
    missing = requests.post(
        url,
        json={"receipt_no": "FS01-K01-20000101-0001", "check_code": code},
        headers=bearer(g01),
        timeout=5,
    )
    assert missing.status_code == 404 and missing.json()["error"] == wrong.json()["error"]
    assert look(g01).status_code == 422  # a proof is needed
    assert look(g01, check_code=code, id_number=APPLICANT_ID).status_code == 422

    entries = bo.store.audit_entries(action="case.lookup")
    assert [(e["actor"], e["outcome"]) for e in entries] == [
        ("device:GZ01/K01", "found"),
        ("device:GZ01/K01", "found"),
        ("device:GZ01/K01", "not_found"),
        ("device:GZ01/K01", "not_found"),
    ]
    assert APPLICANT_ID not in str(bo.store.audit_entries())
    for _ in range(8):
        assert look(g01, check_code="00000000").status_code == 404
    limited = look(g01, check_code=code)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert look(k01, check_code=code).status_code == 200  # another caller is not held up


def test_supervisors_read_the_audit_log(closed_bo: BackgroundBackoffice) -> None:
    bo = closed_bo
    sup = bearer(staff_token(bo, "sup1", "supervisor"))
    rev = bearer(staff_token(bo, "rev1", "reviewer"))
    url = f"{bo.url}/api/v1/audit"
    assert requests.get(url, headers=rev, timeout=5).status_code == 403
    assert requests.get(url, timeout=5).status_code == 401
    page = requests.get(url, params={"limit": 1}, headers=sup, timeout=5).json()
    assert [e["action"] for e in page["entries"]] == ["staff.sign_in"]
    rest = requests.get(url, params={"after": page["cursor"]}, headers=sup, timeout=5).json()
    assert [e["target"] for e in rest["entries"]] == ["rev1"]
    for params in ({"after": 2**63}, {"limit": 0}, {"limit": 1001}, {"action": "nope"}):
        assert requests.get(url, params=params, headers=sup, timeout=5).status_code == 422
    with pytest.raises(Exception, match="append-only"):
        bo.store._db.execute("UPDATE audit SET actor = 'x'")


def test_check_codes_are_typable_and_stable() -> None:
    from core.ids import CHECK_ALPHABET, normalise_check_code, uuid7

    ids = [uuid7() for _ in range(200)]
    codes = [check_code(i) for i in ids]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 8 and set(c) <= set(CHECK_ALPHABET) for c in codes)
    assert check_code(ids[0].upper()) == codes[0]
    assert normalise_check_code(codes[0].lower()) == codes[0]
    assert normalise_check_code("0O1I-LL00") == "00111100"
    assert normalise_check_code("ABC") is None and normalise_check_code("ABCD\nEFGH") is None
    assert check_code("01900000-0000-7000-8000-000000000001") == check_code(
        "01900000-0000-7000-8000-000000000001"
    )


def test_a_device_token_that_happens_to_start_like_a_staff_token_is_still_a_device(
    closed_bo: BackgroundBackoffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backoffice.store.devices as devices

    monkeypatch.setattr(devices.secrets, "token_urlsafe", lambda n: "st_" + "d" * 40)
    token = device_token(closed_bo, "FS01", "K01")
    assert token.startswith("st_")
    headers = bearer(token)
    assert requests.get(f"{closed_bo.url}/api/v1/cases", headers=headers, timeout=5).ok
    r = requests.get(f"{closed_bo.url}/api/v1/staff/me", headers=headers, timeout=5)
    assert r.status_code == 403  # a device, never staff


def test_serve_says_when_no_staff_account_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import backoffice.server as server

    monkeypatch.setattr(server.uvicorn, "run", lambda app, **kw: app.state.store.close())
    caplog.set_level("WARNING", logger="backoffice.server")
    server.serve("127.0.0.1", 0, tmp_path / "bo")
    assert "no staff account yet" in caplog.text and "staff add" in caplog.text


def test_a_decision_and_its_audit_entry_are_one_transaction(
    closed_bo: BackgroundBackoffice, device_store: LocalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backoffice.store.cases as cases

    bo = closed_bo
    case = file_case(bo, device_store, device_token(bo, "FS01", "K01"), "FS01", "K01")
    events = bo.store.changes(0)["changes"]

    def broken(*_args: object, **_kwargs: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(cases, "append_audit", broken)
    with pytest.raises(OSError):
        bo.store.set_state(case.id, CaseState.ACCEPTED, actor="rev1", audit_as="staff:rev1")
    assert bo.store.case_status(case.id)["state"] == "synced"
    assert bo.store.changes(0)["changes"] == events
    monkeypatch.undo()
    bo.store.set_state(case.id, CaseState.ACCEPTED, actor="rev1", audit_as="staff:rev1")
    [entry] = bo.store.audit_entries(action="case.decision")
    assert (entry["actor"], entry["target"], entry["outcome"]) == ("staff:rev1", case.id, "ok")
