"""Records are bound to the device that sends them (issue 11 item 2).

The token fixes hall and device: a body that claims another is 403, and a
receipt number must carry the sender's prefix. Over real HTTP, enrolled devices.
"""

from __future__ import annotations

from pathlib import Path

import requests

from backoffice.server import BackgroundBackoffice
from sync.client import BackofficeClient
from sync.store import LocalStore
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import make_submitted_case
from wire.records import Evaluation

catalog_file = fx.catalog_file  # the test catalog, as a fixture


def _token(bo: BackgroundBackoffice, device: str) -> str:
    return bo.store.enrol(bo.store.create_enrolment("FS01", device), "FS01", device)["token"]


def _upload(client: BackofficeClient, store: LocalStore, case) -> None:
    for m in case.materials:
        for ref in m.files:
            client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)


def test_a_device_cannot_file_a_case_or_record_as_another(
    tmp_path: Path, catalog_file: Path
) -> None:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as bo:
        k01, k02 = _token(bo, "K01"), _token(bo, "K02")
        store = LocalStore(tmp_path / "dev")
        try:
            forged = make_submitted_case(store, device_code="K01")  # K01's name, K01's number
            # The files are there (uploaded by their owner, K01: a file counts only for
            # its sender's case), so the refusals below are about the sender alone.
            client01 = BackofficeClient(bo.url, token=k01)
            _upload(client01, store, forged)
            url = f"{bo.url}/api/v1/cases/{forged.id}"
            as_k02 = {"Authorization": f"Bearer {k02}"}
            r = requests.put(url, json=forged.body(), headers=as_k02, timeout=5)
            assert r.status_code == 403 and r.json()["detail"]["claimed"] == "FS01/K01"
            # its own device code, but K01's receipt number
            other = forged.model_copy(update={"device_code": "K02"})
            r = requests.put(url, json=other.body(), headers=as_k02, timeout=5)
            assert r.status_code == 403
            assert bo.store.get_case(forged.id) is None
            # the genuine device is not harmed
            r = requests.put(
                url, json=forged.body(), headers={"Authorization": f"Bearer {k01}"}, timeout=5
            )
            assert r.status_code == 201, r.text
            ev = Evaluation(hall_code="FS01", device_code="K01", channel="kiosk", level=5)
            r = requests.put(
                f"{bo.url}/api/v1/evaluations/{ev.id}",
                json=ev.model_dump(mode="json"),
                headers=as_k02,
                timeout=5,
            )
            assert r.status_code == 403
        finally:
            store.close()
