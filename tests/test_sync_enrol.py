"""Enrolment and the ``onewindow sync`` / ``onewindow backoffice enroll`` commands.

A real back office over HTTP that accepts enrolled devices only; the
commands run as real subprocesses, as a technician types them.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from backoffice.store import BackofficeStore
from core.case import CaseState
from sync.client import BackofficeClient
from sync.enrol import TOKEN_NAME, enrol, load_token
from sync.errors import Unauthorized
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import WITHDRAWN_ITEM, submit_sample_case

catalog_file = fx.catalog_file
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def closed_bo(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    """A back office that refuses every device that has not enrolled."""
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as bo:
        yield bo


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "onewindow", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


def test_enrolment_gives_a_token_that_every_request_carries(
    closed_bo: BackgroundBackoffice, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    data = tmp_path / "device"
    store = LocalStore(data)
    case = submit_sample_case(store)
    anonymous = SyncWorker(store, BackofficeClient(closed_bo.url))
    st = anonymous.drain_once()
    assert st.unauthorized and st.queued == 1  # refused, nothing lost
    assert requests.get(f"{closed_bo.url}/api/v1/catalog", timeout=5).status_code == 401
    assert requests.options(f"{closed_bo.url}/api/v1/uploads", timeout=5).status_code == 204

    code = closed_bo.store.create_enrolment("FS01", "K01")
    with pytest.raises(Unauthorized, match="登记码"):
        enrol(BackofficeClient(closed_bo.url), data, code, "FS01", "K99")  # bound to K01
    answer = enrol(BackofficeClient(closed_bo.url), data, code.lower(), "FS01", "K01")
    assert answer["device_code"] == "K01" and "token" not in answer
    token_file = data / TOKEN_NAME
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = load_token(data)
    assert len(token) >= 40
    with pytest.raises(Unauthorized):  # one time only
        enrol(BackofficeClient(closed_bo.url), data, code, "FS01", "K01")

    worker = SyncWorker(store, BackofficeClient(closed_bo.url, token=token))
    st = worker.drain_once()
    assert not st.unauthorized and st.queued == 0
    assert closed_bo.store.case_status(case.id) is not None
    # The token never reaches a log line, nor does the code.
    assert token not in caplog.text and code not in caplog.text

    # A code never takes over an enrolled device; after an administrator's revoke,
    # re-enrolling replaces its token and the old one is refused.
    code2 = closed_bo.store.create_enrolment(unbound=True)
    with pytest.raises(Unauthorized):
        enrol(BackofficeClient(closed_bo.url), data, code2, "FS01", "K01")
    assert BackofficeClient(closed_bo.url, token=token).get_catalog(None)[0]  # still works
    assert closed_bo.store.revoke_named("FS01", "K01") == 1
    code2 = closed_bo.store.create_enrolment("FS01", "K01")
    enrol(BackofficeClient(closed_bo.url), data, code2, "FS01", "K01")
    assert load_token(data) != token
    with pytest.raises(Unauthorized):
        BackofficeClient(closed_bo.url, token=token).get_catalog(None)
    assert BackofficeClient(closed_bo.url, token=load_token(data)).get_catalog(None)[0]
    store.close()


def test_expired_code_is_refused(closed_bo: BackgroundBackoffice, tmp_path: Path) -> None:
    code = closed_bo.store.create_enrolment("FS01", "K01", ttl_s=-1)
    with pytest.raises(Unauthorized):
        enrol(BackofficeClient(closed_bo.url), tmp_path / "d", code, "FS01", "K01")
    assert not (tmp_path / "d" / TOKEN_NAME).exists()


def test_status_feed_is_limited_to_the_enrolled_device(
    closed_bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    tokens = {}
    for dev in ("K01", "K02"):
        code = closed_bo.store.create_enrolment(unbound=True)
        tokens[dev] = closed_bo.store.enrol(code, "FS01", dev)["token"]
    stores = {dev: LocalStore(tmp_path / dev) for dev in tokens}
    try:
        cases = {dev: submit_sample_case(stores[dev], device_code=dev) for dev in tokens}
        for dev, store in stores.items():
            SyncWorker(store, BackofficeClient(closed_bo.url, token=tokens[dev])).drain_once()
        closed_bo.store.set_state(cases["K01"].id, CaseState.ACCEPTED)
        # K02 asks for everything; it gets its own case's changes only.
        feed = BackofficeClient(closed_bo.url, token=tokens["K02"]).status_changes(0, "K01")
        assert {c["case_id"] for c in feed["changes"]} == {cases["K02"].id}
        w1 = SyncWorker(
            stores["K01"],
            BackofficeClient(closed_bo.url, token=tokens["K01"]),
            hall_code="FS01",
            device_code="K01",
        )
        assert w1.pull_status() == 1
        assert stores["K01"].get_case(cases["K01"].id).state is CaseState.ACCEPTED
    finally:
        for s in stores.values():
            s.close()


def test_cli_enroll_status_list_retry_now(closed_bo: BackgroundBackoffice, tmp_path: Path) -> None:
    data = tmp_path / "device"
    cfg = tmp_path / "device.toml"
    cfg.write_text(
        f'data_dir = "{data}"\ndevice_code = "K07"\n[backoffice]\nurl = "{closed_bo.url}"\n',
        encoding="utf-8",
    )
    store = LocalStore(data)
    good = submit_sample_case(store, device_code="K07")
    bad = submit_sample_case(store, device_code="K07", item_code=WITHDRAWN_ITEM)
    store.close()

    r = run("--config", str(cfg), "sync", "now")
    assert r.returncode == 3 and "未获授权" in r.stderr  # not enrolled yet

    r = run(
        "backoffice",
        "enroll",
        "--data",
        str(closed_bo.data_dir),
        "--hall",
        "fs01",
        "--device",
        "k07",
    )
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    assert len(code) == 14 and "sync enroll" in r.stderr
    # The running back office sees codes made by the command (same store).
    r = run("--config", str(cfg), "sync", "enroll", code)
    assert r.returncode == 0, r.stderr
    assert "FS01/K07" in r.stdout and load_token(data) not in r.stdout + r.stderr

    r = run("--config", str(cfg), "sync", "now")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "需处理 1 件" in r.stdout
    assert closed_bo.store.case_status(good.id) is not None

    r = run("--config", str(cfg), "sync", "status", "--json")
    st = json.loads(r.stdout)
    assert st["counts"]["done"] == 1 and st["counts"]["quarantined"] == 1
    assert WITHDRAWN_ITEM in st["last_error"]
    r = run("--config", str(cfg), "sync", "status")
    assert "需处理 quarantined: 1" in r.stdout

    r = run("--config", str(cfg), "sync", "list", "--state", "quarantined", "--json")
    (line,) = r.stdout.splitlines()
    entry = json.loads(line)
    assert entry["case_id"] == bad.id and entry["receipt_no"] == bad.receipt_no
    assert WITHDRAWN_ITEM in entry["reason"]

    # The back office adds the item to its catalog; staff retry the entry.
    catalog = json.loads(Path(closed_bo.catalog_path).read_text(encoding="utf-8"))
    catalog["items"].append(dict(catalog["items"][0], code=WITHDRAWN_ITEM))
    Path(closed_bo.catalog_path).write_text(json.dumps(catalog, ensure_ascii=False), "utf-8")
    r = run("--config", str(cfg), "sync", "retry", str(entry["id"]))
    assert r.returncode == 0 and "需处理" in r.stdout
    r = run("--config", str(cfg), "sync", "now")
    assert r.returncode == 0 and "需处理 0 件" in r.stdout
    assert closed_bo.store.case_status(bad.id) is not None
    r = run("--config", str(cfg), "sync", "retry", "99")
    assert r.returncode == 1 and "99" in r.stderr

    devices = run("backoffice", "devices", "--data", str(closed_bo.data_dir))
    assert '"device_code": "K07"' in devices.stdout
    assert load_token(data) not in devices.stdout


def test_backoffice_store_and_running_server_share_enrolments(tmp_path: Path) -> None:
    # `onewindow backoffice enroll` writes to the same database the server reads.
    bo_dir = tmp_path / "bo"
    BackofficeStore(bo_dir).close()
    with BackgroundBackoffice(bo_dir, open_access=False) as bo:
        side = BackofficeStore(bo_dir)
        code = side.create_enrolment("FS01", "C01")
        side.close()
        token = BackofficeClient(bo.url).enrol(code, "FS01", "C01")["token"]
        assert BackofficeClient(bo.url, token=token).get_catalog(None)[0]
    again = BackofficeStore(bo_dir)
    assert [d["device_code"] for d in again.list_devices()] == ["C01"]
    again.close()


def test_demo_enrols_its_devices(tmp_path: Path) -> None:
    from onewindow.demo import demo_configs, enrol_devices

    with BackgroundBackoffice(tmp_path / "bo", open_access=False) as bo:
        configs = demo_configs(tmp_path, bo.url)
        enrol_devices(bo, configs)
        for cfg in configs:
            token = load_token(cfg.data_path)
            assert BackofficeClient(bo.url, token=token).get_catalog(None)[0]
        assert {d["device_code"] for d in bo.store.list_devices()} == {"K01", "C01"}


def test_enrolment_codes_are_bound_unless_asked_otherwise(tmp_path: Path) -> None:
    from backoffice.store import InvalidError

    store = BackofficeStore(tmp_path / "bo")
    try:
        with pytest.raises(InvalidError):
            store.create_enrolment()
        with pytest.raises(InvalidError):
            store.create_enrolment("FS01")
        assert store.create_enrolment(unbound=True)
    finally:
        store.close()
    r = run("backoffice", "enroll", "--data", str(tmp_path / "bo"))
    assert r.returncode == 2 and "--unbound" in r.stderr
    r = run(
        "backoffice", "enroll", "--hall", "fs01", "--device", "k09", "--data", str(tmp_path / "bo")
    )
    assert r.returncode == 0 and r.stdout.strip()


def test_guessing_enrolment_codes_is_slowed_per_address(closed_bo: BackgroundBackoffice) -> None:
    url = f"{closed_bo.url}/api/v1/enrol"
    body = {"code": "AAAA-BBBB-CCCC", "hall_code": "FS01", "device_code": "K01"}
    answers = [requests.post(url, json=body, timeout=5) for _ in range(12)]
    assert [a.status_code for a in answers[:10]] == [403] * 10
    assert answers[10].status_code == 429 and int(answers[10].headers["Retry-After"]) >= 1
    # even a good code waits while the address is over the limit
    good = closed_bo.store.create_enrolment("FS01", "K01")
    late = requests.post(url, json={**body, "code": good}, timeout=5)
    assert late.status_code == 429
