"""A case queued offline is never refused for a catalog change (issue 11 item 15).

A case carries the catalog version it was made under; the back office keeps
every version it published (under its data folder, across restarts) and
takes the case in when its item was in that version. A version it never
published falls back to the current catalog; an item its own version never
had is still 422.
"""

from __future__ import annotations

import hashlib
import json
import types
from pathlib import Path

from backoffice.catalog import CatalogFile
from backoffice.server import BackgroundBackoffice
from core.case import Case, CaseState
from core.catalog import Catalog
from core.intake import start_case
from services.submission import submit
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests._backoffice_fixture import (
    ITEM_CODE,
    WITHDRAWN_ITEM,
    catalog_item,
    fake_jpeg,
    sample_identity,
    write_catalog,
)

OLD, NEW = "2026.1", "2026.2"
UNKNOWN_ITEM = "T999"  # on the device's copy of OLD only: the back office never had it


def _runtime(store: LocalStore, catalog: Catalog) -> types.SimpleNamespace:
    # submit() needs the runtime's config codes, catalog, store and sync trigger.
    return types.SimpleNamespace(
        config=types.SimpleNamespace(hall_code="FS01", device_code="K01"),
        catalog=catalog,
        store=store,
        sync=types.SimpleNamespace(sync_now=lambda: None),
    )


def _queue(rt: types.SimpleNamespace, item_code: str, version: str = "") -> Case:
    item = rt.catalog.item(item_code)
    draft = start_case(
        item, sample_identity(), hall_code="FS01", device_code="K01", channel="kiosk",
        actor="citizen",
    )  # fmt: skip
    draft.catalog_version = version
    draft.add_file("M01", rt.store.save_file(fake_jpeg(), "M01.jpg", "image/jpeg"))
    return submit(rt, draft, item, "citizen")


def test_case_queued_offline_is_taken_in_under_its_catalog_version(tmp_path: Path) -> None:
    bo_catalog = write_catalog(
        tmp_path / "bo-catalog.json",
        {
            "version": OLD,
            "items": [catalog_item(ITEM_CODE, "测试事项"), catalog_item(WITHDRAWN_ITEM, "旧事项")],
        },
    )
    device_catalog = Catalog.model_validate(
        {
            "version": OLD,
            "items": [
                catalog_item(ITEM_CODE, "测试事项"),
                catalog_item(WITHDRAWN_ITEM, "旧事项"),
                catalog_item(UNKNOWN_ITEM, "本机多出的事项"),
            ],
        }
    )
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=bo_catalog):
        pass  # the back office ran with OLD: it published it

    store = LocalStore(tmp_path / "device")
    try:
        rt = _runtime(store, device_catalog)
        # Offline: queued under OLD.
        kept = _queue(rt, WITHDRAWN_ITEM)
        unknown = _queue(rt, UNKNOWN_ITEM)
        foreign = _queue(rt, WITHDRAWN_ITEM, version="1999.9")  # never published there
        assert kept.catalog_version == OLD and unknown.catalog_version == OLD
        assert store.get_case(kept.id).catalog_version == OLD

        # Meanwhile the back office publishes NEW, without the item.
        write_catalog(bo_catalog, {"version": NEW, "items": [catalog_item(ITEM_CODE, "测试事项")]})
        with BackgroundBackoffice(tmp_path / "bo", catalog_path=bo_catalog) as bo:
            st = SyncWorker(store, BackofficeClient(bo.url)).drain_once()
            assert bo.store.case_status(kept.id) is not None
            assert bo.store.case_status(unknown.id) is None
            assert bo.store.case_status(foreign.id) is None
        assert st.queued == 0 and st.quarantined == 2
        assert store.get_case(kept.id).state is CaseState.SYNCED
        reasons = {e.case_id: e.reason for e in store.entries(("quarantined",))}
        assert set(reasons) == {unknown.id, foreign.id}
        assert UNKNOWN_ITEM in reasons[unknown.id] and WITHDRAWN_ITEM in reasons[foreign.id]
    finally:
        store.close()


def test_versions_are_kept_beside_the_data_and_merged(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "c.json", {"version": OLD, "items": [catalog_item("A1", "甲")]})
    versions = tmp_path / "bo" / "catalog_versions"
    cat = CatalogFile(path, versions_dir=versions)
    # republished as OLD
    write_catalog(path, {"version": OLD, "items": [catalog_item("B22", "乙")]})
    assert cat.knows_item("B22", OLD)
    write_catalog(path, {"version": NEW, "items": [catalog_item("C333", "丙")]})
    assert cat.knows_item("C333", NEW) and cat.knows_item("C333")
    assert not cat.knows_item("A1") and not cat.knows_item("A1", "never")

    again = CatalogFile(path, versions_dir=versions)  # another worker, or after a restart
    assert again.knows_item("A1", OLD) and again.knows_item("B22", OLD)
    assert not again.knows_item("C333", OLD)
    assert len(list(versions.iterdir())) == 2


def test_a_case_saved_before_the_field_keeps_its_digest() -> None:
    rt_catalog = Catalog.model_validate(
        {"version": OLD, "items": [catalog_item(ITEM_CODE, "测试事项")]}
    )
    case = start_case(
        rt_catalog.item(ITEM_CODE), sample_identity(), hall_code="FS01", device_code="K01",
        channel="kiosk", actor="citizen",
    )  # fmt: skip
    old = json.loads(case.model_dump_json())
    for later in (
        "catalog_version",
        "applied_by",
        "consent",
        "seal",
        "bundle_items",
        "queue",
        "company",
        "reuse_consent",
        "assisted_by",
        "commitment",
    ):
        del old[later]  # what an older version of the program saved
    body = {k: v for k, v in old.items() if k not in ("state", "state_reason", "events")}
    raw = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    loaded = Case.model_validate(old)
    assert loaded.body_digest() == hashlib.sha256(raw.encode()).hexdigest()
    assert loaded.verify_trail()
    loaded.catalog_version = OLD  # a new case: the version is part of what was submitted
    assert loaded.body_digest() != hashlib.sha256(raw.encode()).hexdigest()
