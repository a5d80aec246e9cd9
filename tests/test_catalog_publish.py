"""Publishing the catalog at the back office (issue 13 item 6), over real HTTP.

An administrator publishes a new version with a change note: devices get it
with a new strong ETag, the version list shows it with its note, and it is
in the audit log. A bad catalog is 422 naming each bad field by its path; a
clerk's or a device's token is 403; a known version with other content is
409 and the same content again is the same answer. Several processes over
one data folder serve the same newest version, and a case queued under a
version published this way is taken in after the item left the catalog.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from backoffice.store import BackofficeStore
from tests._backoffice_fixture import BACKOFFICE_CATALOG, ITEM_CODE, catalog_item, write_catalog
from tests._staff_fixture import bearer, device_token, staff_token

NEW_ITEM = "T002"


def catalog_v(version: str, *codes: str) -> dict[str, Any]:
    return {"version": version, "items": [catalog_item(c, f"事项{c}") for c in codes]}


@pytest.fixture
def bo(tmp_path: Path):
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=write_catalog(tmp_path / "c.json")
    ) as b:
        yield b


def _publish(bo: BackgroundBackoffice, token: str, catalog: Any, note: Any = "新增事项") -> Any:
    body = {"note": note, "catalog": catalog}
    return requests.post(f"{bo.url}/api/v1/catalog", json=body, headers=bearer(token), timeout=5)


def test_a_published_catalog_is_served_with_a_new_etag_and_listed(bo):
    first = requests.get(f"{bo.url}/api/v1/catalog", timeout=5)
    assert first.status_code == 200 and first.json()["version"] == BACKOFFICE_CATALOG["version"]
    old_etag = first.headers["ETag"]

    admin = staff_token(bo, "admin1", "admin")
    r = _publish(bo, admin, catalog_v("2026.2", ITEM_CODE, NEW_ITEM), note="新增 T002")
    assert r.status_code == 201, r.text
    row = r.json()
    assert row["version"] == "2026.2" and row["published_by"] == "staff:admin1" and row["new"]

    url = f"{bo.url}/api/v1/catalog"
    served = requests.get(url, headers={"If-None-Match": old_etag}, timeout=5)
    assert served.status_code == 200
    assert served.headers["ETag"] == f'"{row["sha256"]}"' != old_etag
    assert [i["code"] for i in served.json()["items"]] == [ITEM_CODE, NEW_ITEM]
    again = requests.get(
        f"{bo.url}/api/v1/catalog", headers={"If-None-Match": served.headers["ETag"]}, timeout=5
    )
    assert again.status_code == 304 and again.content == b""

    clerk = staff_token(bo, "clerk1", "clerk")
    listed = requests.get(f"{bo.url}/api/v1/catalog/versions", headers=bearer(clerk), timeout=5)
    assert listed.status_code == 200
    versions = listed.json()["versions"]
    assert [(v["version"], v["note"]) for v in versions] == [("2026.2", "新增 T002")]
    assert requests.get(f"{bo.url}/api/v1/catalog/versions", timeout=5).status_code == 401

    entries = bo.store.audit_entries(action="catalog.publish")
    assert [(e["actor"], e["target"], e["outcome"]) for e in entries] == [
        ("staff:admin1", "2026.2", "ok")
    ]
    assert entries[0]["detail"] == {"sha256": row["sha256"], "items": 2}


def test_a_bad_catalog_is_refused_naming_each_field(bo):
    admin = staff_token(bo, "admin1", "admin")
    bad = catalog_v("2026.3", ITEM_CODE, NEW_ITEM)
    bad["items"][0]["code"] = ""
    bad["items"][1]["colour"] = "red"
    bad["items"][1]["materials"][0]["copies"] = -1
    r = _publish(bo, admin, bad, note="")
    assert r.status_code == 422
    assert r.json()["error"] == "事项目录有误，未发布"
    problems = {p["field"]: p for p in r.json()["detail"]}
    assert set(problems) == {
        "note",
        "catalog.items[0].code",
        "catalog.items[1].colour",
        "catalog.items[1].materials[0].copies",
    }
    assert problems["catalog.items[1].colour"]["code"] == "extra_forbidden"
    assert problems["catalog.items[0].code"]["error"] == "catalog.items[0].code: 不能为空"

    # A rule between fields (the model's own check) names the item it is about.
    late = catalog_v("2026.3", ITEM_CODE)
    late["items"][0]["promised_days"] = 99
    r = _publish(bo, admin, late)
    assert r.status_code == 422
    (problem,) = r.json()["detail"]
    assert problem["field"] == "catalog.items[0]" and "promised_days" in problem["error"]

    not_json = requests.post(
        f"{bo.url}/api/v1/catalog", data=b"{", headers=bearer(admin), timeout=5
    )
    assert not_json.status_code == 422 and not_json.json()["detail"][0]["code"] == "not_an_object"

    assert bo.store.catalog_versions() == []
    served = requests.get(f"{bo.url}/api/v1/catalog", timeout=5).json()
    assert served["version"] == BACKOFFICE_CATALOG["version"]  # nothing changed
    outcomes = [e["outcome"] for e in bo.store.audit_entries(action="catalog.publish")]
    assert outcomes == ["refused"] * 3


def test_only_an_administrator_publishes(bo):
    url = f"{bo.url}/api/v1/catalog"
    body = json.dumps({"note": "x", "catalog": catalog_v("9", ITEM_CODE)}).encode()
    for token in (
        device_token(bo, "FS01", "K01"),
        staff_token(bo, "clerk1", "clerk"),
        staff_token(bo, "sup1", "supervisor"),
    ):
        for data in (body, b"{"):  # refused before the body is read
            r = requests.post(url, data=data, headers=bearer(token), timeout=5)
            assert r.status_code == 403, r.text
    assert requests.post(url, data=body, timeout=5).status_code == 401
    assert bo.store.catalog_versions() == []
    assert bo.store.audit_entries(action="catalog.publish") == []


def test_a_version_is_published_once(bo):
    admin = staff_token(bo, "admin1", "admin")
    v2 = catalog_v("2026.2", ITEM_CODE, NEW_ITEM)
    assert _publish(bo, admin, v2).status_code == 201
    # The same content again (keys in another order): the same answer, nothing new.
    reordered = {"items": v2["items"], "version": "2026.2"}
    same = _publish(bo, admin, reordered, note="再发一次")
    assert same.status_code == 200 and same.json()["new"] is False
    assert same.json()["note"] == "新增事项"
    # Other content under that version: a conflict.
    other = _publish(bo, admin, catalog_v("2026.2", ITEM_CODE))
    assert other.status_code == 409, other.text
    assert other.json()["detail"]["version"] == "2026.2"
    # The version the catalog file was served as: devices have it under that number.
    file_version = BACKOFFICE_CATALOG["version"]
    reused = _publish(bo, admin, catalog_v(file_version, ITEM_CODE, NEW_ITEM))
    assert reused.status_code == 409 and reused.json()["detail"]["published_by"] == "file"
    assert len(bo.store.catalog_versions()) == 1
    outcomes = [e["outcome"] for e in bo.store.audit_entries(action="catalog.publish")]
    assert outcomes == ["ok", "conflict", "conflict"]

    # The newest is served, and the list says which came when.
    assert _publish(bo, admin, catalog_v("2026.3", NEW_ITEM), note="撤销 T001").status_code == 201
    served = requests.get(f"{bo.url}/api/v1/catalog", timeout=5).json()
    assert served["version"] == "2026.3"
    assert [v["version"] for v in bo.store.catalog_versions()] == ["2026.3", "2026.2"]
    # A case made under 2026.2 for the withdrawn T001 is still known; under 2026.3 it is not.
    catalog = bo.app.state.catalog
    assert catalog.knows_item(ITEM_CODE, "2026.2") and not catalog.knows_item(ITEM_CODE, "2026.3")
    assert not catalog.knows_item(ITEM_CODE)  # no version: the catalog served now
    assert catalog.knows_item(ITEM_CODE, BACKOFFICE_CATALOG["version"])  # the file's, kept


def test_every_process_serves_the_newest_publication(tmp_path: Path):
    """Two back offices over one data folder (two workers): a publication through one
    is what the other serves at once (read from the database, not remembered)."""
    data, path = tmp_path / "bo", write_catalog(tmp_path / "c.json")
    with (
        BackgroundBackoffice(data, catalog_path=path) as one,
        BackgroundBackoffice(data, catalog_path=path) as two,
    ):
        before = requests.get(f"{two.url}/api/v1/catalog", timeout=5)
        admin = staff_token(one, "admin1", "admin")
        assert _publish(one, admin, catalog_v("2026.2", ITEM_CODE, NEW_ITEM)).status_code == 201
        after = requests.get(f"{two.url}/api/v1/catalog", timeout=5)
        assert after.json()["version"] == "2026.2"
        assert after.headers["ETag"] != before.headers["ETag"]
        assert two.app.state.catalog.knows_item(NEW_ITEM)


def test_the_cli_publishes_and_lists(tmp_path, capsys):
    from onewindow.cli import main

    data = tmp_path / "bo"
    good = tmp_path / "v2.json"
    good.write_text(json.dumps(catalog_v("2026.2", ITEM_CODE, NEW_ITEM)), encoding="utf-8")
    argv = ["backoffice", "catalog", "publish", str(good), "--data", str(data)]
    assert main([*argv, "--note", "新增 T002"]) == 0
    other = tmp_path / "other.json"
    other.write_text(json.dumps(catalog_v("2026.2", ITEM_CODE)), encoding="utf-8")
    other_argv = ["backoffice", "catalog", "publish", str(other), "--data", str(data)]
    assert main([*other_argv, "--note", "同号不同内容"]) == 1  # 409: a new number, please
    assert main(argv) == 2  # no note: the usage
    assert main(["backoffice", "catalog", "versions", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "2026.2" in out and "新增 T002" in out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": "2026.3", "items": [{"code": "X"}]}), encoding="utf-8")
    assert main(["backoffice", "catalog", "publish", str(bad), "--data", str(data),
                 "--note", "坏的"]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "catalog.items[0].name" in err and "catalog.items[0].department" in err
    store = BackofficeStore(data)
    try:
        assert [v["version"] for v in store.catalog_versions()] == ["2026.2"]
        actors = {e["actor"] for e in store.audit_entries(action="catalog.publish")}
        assert all(a.startswith("cli") for a in actors)
    finally:
        store.close()
