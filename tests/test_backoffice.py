"""The reference back office over real HTTP on loopback, and the client's error typing."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import requests
import trustme

from backoffice.openapi import OPENAPI_PATH, generate
from backoffice.server import BackgroundBackoffice
from core.case import Case
from core.errors import ConfigError
from sync.client import BackofficeClient, parse_retry_after
from sync.errors import (
    CertificateError,
    Conflict,
    NotFound,
    Offline,
    Rejected,
    ServerBusy,
    SyncError,
    Unauthorized,
)
from sync.store import LocalStore
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import (
    APPLICANT_ID,
    APPLICANT_NAME,
    BACKOFFICE_CATALOG,
    StaticReplyServer,
    free_port,
    make_submitted_case,
)
from tests._staff_fixture import bearer, staff_token

# Fixtures shared by the sync and back-office tests (a conftest may import them later).
bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store

REPO = Path(__file__).resolve().parent.parent


def _upload_files(client: BackofficeClient, store: LocalStore, case: Case) -> None:
    for m in case.materials:
        for ref in m.files:
            client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)


# ------------------------------------------------------------------ health, catalog


def test_health_and_catalog_etag(bo_server: BackgroundBackoffice) -> None:
    client = BackofficeClient(bo_server.url)
    assert client.health()
    assert requests.get(bo_server.url + "/health", timeout=5).json() == {"ok": True}

    body, etag = client.get_catalog(None)
    assert body is not None and json.loads(body)["items"][0]["code"] == "T001"
    assert etag == f'"{hashlib.sha256(body).hexdigest()}"'
    assert client.get_catalog(etag) == (None, etag)  # 304
    raw = requests.get(
        bo_server.url + "/api/v1/catalog", headers={"If-None-Match": f"W/{etag}"}, timeout=5
    )
    assert raw.status_code == 304 and raw.content == b""

    # The catalog file changes: a new body and a new ETag.
    assert bo_server.catalog_path is not None
    changed = dict(BACKOFFICE_CATALOG, version="test-2")
    bo_server.catalog_path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    body2, etag2 = client.get_catalog(etag)
    assert body2 is not None and etag2 != etag and json.loads(body2)["version"] == "test-2"


def test_missing_catalog_is_503_not_an_empty_catalog(tmp_path: Path) -> None:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=tmp_path / "nope.json") as bo:
        with pytest.raises(ServerBusy) as err:
            BackofficeClient(bo.url).get_catalog(None)
        assert err.value.status == 503 and err.value.retry_after == 60


# ------------------------------------------------------------------ files


def test_file_upload_is_hash_checked_and_idempotent(bo_server: BackgroundBackoffice) -> None:
    client = BackofficeClient(bo_server.url)
    data = b"\xff\xd8 page one"
    sha = hashlib.sha256(data).hexdigest()
    fid = "01900000-0000-7000-8000-000000000001"
    url = f"{bo_server.url}/api/v1/files/{fid}"

    bad = requests.put(url, data=data, headers={"X-Content-SHA256": "0" * 64}, timeout=5)
    assert bad.status_code == 422
    assert "hash mismatch" in bad.json()["error"] and bad.json()["detail"]["actual"] == sha
    with pytest.raises(Rejected, match="hash mismatch"):
        client.upload_file(fid, data, "0" * 64)
    assert bo_server.store.file_info(fid) is None

    first = requests.put(url, data=data, headers={"X-Content-SHA256": sha}, timeout=5)
    assert first.status_code == 201 and first.json() == {
        "id": fid,
        "sha256": sha,
        "size": len(data),
    }
    again = requests.put(url, data=data, headers={"X-Content-SHA256": sha}, timeout=5)
    assert again.status_code == 200 and again.json() == first.json()
    client.upload_file(fid, data, sha)  # idempotent through the client too

    other = b"another page"
    with pytest.raises(Conflict):
        client.upload_file(fid, other, hashlib.sha256(other).hexdigest())
    assert bo_server.store.read_file(fid) == data

    traversal = requests.put(
        f"{bo_server.url}/api/v1/files/..%2F..%2Fx", data=data, headers={"X-Content-SHA256": sha}
    )
    assert traversal.status_code in (404, 422) and "error" in traversal.json()


# ------------------------------------------------------------------ cases


def test_case_put_is_idempotent_by_id(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    client = BackofficeClient(bo_server.url)
    case = make_submitted_case(local_store)
    url = f"{bo_server.url}/api/v1/cases/{case.id}"

    missing = requests.put(url, json=case.body(), timeout=5)
    assert missing.status_code == 422
    ref = case.materials[0].files[0]
    assert missing.json()["detail"] == {"missing_files": [ref.id]}
    assert "file missing/hash mismatch" in missing.json()["error"]

    _upload_files(client, local_store, case)
    first = requests.put(url, json=case.body(), timeout=5)
    assert first.status_code == 201
    answer = first.json()
    assert answer["id"] == case.id and answer["receipt_no"] == case.receipt_no
    assert answer["state"] == "synced" and answer["received_at"]

    second = requests.put(url, json=case.body(), timeout=5)
    assert second.status_code == 200 and second.json() == answer
    assert client.put_case(case.id, case.body()) == answer

    changed = case.model_copy(deep=True)
    changed.form["name"] = "改过的名字"
    conflict = requests.put(url, json=changed.body(), timeout=5)
    assert conflict.status_code == 409 and "不同" in conflict.json()["error"]
    with pytest.raises(Conflict):
        client.put_case(case.id, changed.body())

    held = bo_server.store.get_case(case.id)
    assert held is not None and held.body_digest() == case.body_digest()
    assert held.verify_trail() and held.events[-1].actor == "backoffice"
    assert len(bo_server.store.list_cases()) == 1  # never stored twice


def test_invalid_cases_get_clear_422_without_personal_data(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case = make_submitted_case(local_store)
    url = f"{bo_server.url}/api/v1/cases/{case.id}"

    body = case.body()
    del body["applicant"]["id_number"]
    r = requests.put(url, json=body, timeout=5)
    assert r.status_code == 422
    assert "applicant.id_number" in r.json()["error"]
    assert APPLICANT_NAME not in r.text and APPLICANT_ID not in r.text

    body = case.body()
    body["events"][0]["actor"] = "someone-else"  # an edited trail
    r = requests.put(url, json=body, timeout=5)
    assert r.status_code == 422 and "留痕" in r.json()["error"]

    other_id = "01900000-0000-7000-8000-000000000099"
    r = requests.put(f"{bo_server.url}/api/v1/cases/{other_id}", json=case.body(), timeout=5)
    assert r.status_code == 422 and "不一致" in r.json()["error"]

    r = requests.put(url, data=b"<html>not json</html>", timeout=5)
    assert r.status_code == 422 and r.json()["error"]

    with pytest.raises(Rejected) as err:
        BackofficeClient(bo_server.url).put_case(case.id, {"id": case.id})
    assert err.value.status == 422 and "请求数据不合格" in err.value.reason


def test_receipt_number_belongs_to_one_case(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    client = BackofficeClient(bo_server.url)
    a = make_submitted_case(local_store)
    b = make_submitted_case(local_store).model_copy(update={"receipt_no": a.receipt_no})
    _upload_files(client, local_store, a)
    _upload_files(client, local_store, b)
    client.put_case(a.id, a.body())
    with pytest.raises(Conflict, match=re.escape(a.receipt_no)):
        client.put_case(b.id, b.body())


def test_status_changes_and_feed(bo_server: BackgroundBackoffice, local_store: LocalStore) -> None:
    client = BackofficeClient(bo_server.url)
    cases = [make_submitted_case(local_store) for _ in range(2)]
    for c in cases:
        _upload_files(client, local_store, c)
        client.put_case(c.id, c.body())
    a, b = cases
    base = f"{bo_server.url}/api/v1/cases"
    # decisions need a staff token whose role may make them (issue 11 item 1)
    reviewer = bearer(staff_token(bo_server, "reviewer-3", "reviewer"))

    def move(case_id: str, **body: str) -> requests.Response:
        return requests.post(f"{base}/{case_id}/status", json=body, headers=reviewer, timeout=5)

    assert move(a.id, state="accepted").json() == {
        "id": a.id,
        "receipt_no": a.receipt_no,
        "state": "accepted",
        "reason": "",
    }
    assert move(a.id, state="ready", actor="someone-else").status_code == 200
    assert move(b.id, state="rejected").status_code == 422  # a reason is required
    assert move(b.id, state="rejected", reason="不属于本中心受理范围").status_code == 200
    r = move(b.id, state="accepted")
    assert r.status_code == 409 and "不能" in r.json()["error"]
    assert move(a.id, state="synced").status_code == 422
    assert move("01900000-0000-7000-8000-00000000abcd", state="accepted").status_code == 404

    assert client.case_status(b.id) == {
        "id": b.id,
        "receipt_no": b.receipt_no,
        "state": "rejected",
        "reason": "不属于本中心受理范围",
    }
    with pytest.raises(NotFound):
        client.case_status("01900000-0000-7000-8000-00000000abcd")

    listed = requests.get(base, timeout=5).json()
    assert {r["receipt_no"] for r in listed} == {a.receipt_no, b.receipt_no}
    assert set(listed[0]) == {"id", "receipt_no", "item_code", "item_name", "state", "received_at"}
    assert APPLICANT_NAME not in json.dumps(listed, ensure_ascii=False)

    feed = client.status_changes(0)
    states = [(c["case_id"], c["state"]) for c in feed["changes"]]
    assert states == [
        (a.id, "synced"),
        (b.id, "synced"),
        (a.id, "accepted"),
        (a.id, "ready"),
        (b.id, "rejected"),
    ]
    assert client.status_changes(feed["cursor"]) == {"changes": [], "cursor": feed["cursor"]}
    tail = client.status_changes(feed["changes"][2]["seq"])
    assert [c["state"] for c in tail["changes"]] == ["ready", "rejected"]
    assert client.status_changes(0, device="K99")["changes"] == []
    held = bo_server.store.get_case(a.id)
    assert held is not None and held.verify_trail() and held.events[-1].actor == "reviewer-3"


# ------------------------------------------------------------------ auth, TLS, errors


def test_tokens_are_enforced(tmp_path: Path, catalog_file: Path) -> None:
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=catalog_file, tokens={"device-token-1"}
    ) as bo:
        assert BackofficeClient(bo.url).health()  # the probe needs no token
        with pytest.raises(Unauthorized):
            BackofficeClient(bo.url).get_catalog(None)
        with pytest.raises(Unauthorized):
            BackofficeClient(bo.url, token="wrong").get_catalog(None)
        body, _ = BackofficeClient(bo.url, token="device-token-1").get_catalog(None)
        assert body


def test_tls_is_verified_against_the_configured_ca(tmp_path: Path, catalog_file: Path) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    pem = tmp_path / "server.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(pem))
    ca_pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=catalog_file, ssl_certfile=str(pem), ssl_keyfile=str(pem)
    ) as bo:
        assert bo.url.startswith("https://")
        good = BackofficeClient(bo.url, ca_file=str(ca_pem))
        assert good.health()
        assert good.get_catalog(None)[0]
        good.close()  # an idle TLS keep-alive connection would delay the server's stop
        untrusting = BackofficeClient(bo.url)  # system CAs only: must refuse
        assert not untrusting.health()
        with pytest.raises(CertificateError) as err:
            untrusting.get_catalog(None)
        assert isinstance(err.value, Offline)


def test_proxy_html_error_pages_are_typed() -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>"
    with StaticReplyServer(502, page, {"Content-Type": "text/html", "Retry-After": "7"}) as srv:
        client = BackofficeClient(srv.url)
        with pytest.raises(ServerBusy) as busy:
            client.put_case("01900000-0000-7000-8000-000000000001", {"id": "x"})
        assert "502 Bad Gateway" in busy.value.message and busy.value.retry_after == 7

        srv.reply = (413, b"<html><title>413 Request Entity Too Large</title></html>", {})
        with pytest.raises(Rejected) as rejected:
            client.upload_file("01900000-0000-7000-8000-000000000001", b"x" * 10, "0" * 64)
        assert rejected.value.reason == "413 Request Entity Too Large"

        srv.reply = (200, b"<html>Welcome to the hotel wifi</html>", {"Content-Type": "text/html"})
        with pytest.raises(SyncError, match="JSON"):
            client.case_status("01900000-0000-7000-8000-000000000001")

        srv.reply = (403, b"Forbidden", {"Content-Type": "text/plain"})
        with pytest.raises(Unauthorized):
            client.put_case("01900000-0000-7000-8000-000000000001", {})

        srv.reply = (302, b"", {"Location": "http://127.0.0.1:1/login"})
        with pytest.raises(SyncError):
            client.put_case("01900000-0000-7000-8000-000000000001", {})


def test_unreachable_back_office_is_offline() -> None:
    client = BackofficeClient(f"http://127.0.0.1:{free_port()}", timeout_s=2)
    assert not client.health()
    with pytest.raises(Offline):
        client.put_case("01900000-0000-7000-8000-000000000001", {})


def test_client_config_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"backoffice\.url"):
        BackofficeClient("ftp://example.org")
    with pytest.raises(ConfigError, match=r"backoffice\.ca_file"):
        BackofficeClient("https://example.org", ca_file=str(tmp_path / "none.pem"))


def test_retry_after_parsing() -> None:
    import datetime as dt

    now = dt.datetime(2026, 11, 24, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Tue, 24 Nov 2026 12:01:30 GMT", now=now) == 90
    assert parse_retry_after("Tue, 24 Nov 2026 11:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("99999999") == 24 * 3600


# ------------------------------------------------------------------ the contract


def test_openapi_json_is_up_to_date() -> None:
    committed = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    assert committed == generate(), "run: .venv/bin/python -m backoffice.openapi"
    paths = committed["paths"]
    for path in (
        "/health",
        "/api/v1/catalog",
        "/api/v1/files/{file_id}",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}/status",
        "/api/v1/status",
        "/api/v1/devices/self/feed",
    ):
        assert path in paths


def test_tls_verification_is_never_disabled() -> None:
    offenders = [
        str(p.relative_to(REPO))
        for folder in ("sync", "backoffice")
        for p in (REPO / folder).rglob("*.py")
        if re.search(r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False", p.read_text())
    ]
    assert offenders == []
