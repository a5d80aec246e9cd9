"""The device's catalog poll (issue 13 item 6): new catalogs saved and used, bad ones refused.

Against a real back office on loopback: a published catalog is pulled, kept
in the data folder (a restart with the back office gone starts with it) and
announced to the screens; an unchanged one is a 304. A catalog this device
cannot use (a newer back office's, with a field it does not know) is refused
and logged without leaving the old one, and not downloaded again. The poller
runs on its own thread at the configured interval; the interval is checked
like every other key.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest

from backoffice.server import BackgroundBackoffice
from core.catalog import Catalog
from core.config import load_config
from core.errors import ConfigError
from services.catalog_poller import CatalogPoller
from services.runtime import Runtime
from tests._backoffice_fixture import ITEM_CODE, catalog_item, free_port, write_catalog


def _runtime(tmp_path: Path, url: str, **extra) -> Runtime:
    cfg = load_config(None, {"data_dir": str(tmp_path / "device"), "backoffice.url": url, **extra})
    return Runtime(cfg)


def _publish(bo: BackgroundBackoffice, version: str, body: bytes) -> None:
    # Straight into the store: the route would refuse what this test needs (a
    # catalog of a newer back office); test_catalog_publish covers the route.
    bo.store.publish_catalog(version, body, "测试", "staff:admin1")


def test_a_new_catalog_is_used_and_kept_and_a_bad_one_refused(tmp_path, caplog):
    bo_dir, path = tmp_path / "bo", write_catalog(tmp_path / "c.json")
    with BackgroundBackoffice(bo_dir, catalog_path=path) as bo:
        seen: list[Catalog] = []
        rt = _runtime(tmp_path, bo.url)
        rt.on_catalog = seen.append
        try:
            assert rt.refresh_catalog() is True  # the back office's own, not the sample
            assert rt.catalog.version == "test-1" and len(seen) == 1
            assert rt.refresh_catalog() is False  # 304

            good = {
                "version": "test-2",
                "items": [catalog_item(ITEM_CODE, "甲"), catalog_item("T002", "乙")],
            }
            _publish(bo, "test-2", json.dumps(good, ensure_ascii=False).encode())
            assert rt.refresh_catalog() is True
            assert [i.code for i in rt.catalog.items] == [ITEM_CODE, "T002"]
            assert seen[-1] is rt.catalog
            # A session begun under test-1 still finds its item as test-1 had it.
            assert rt.item_for(ITEM_CODE, "test-1").name == "测试事项"
            assert rt.item_for(ITEM_CODE).name == rt.item_for(ITEM_CODE, "test-2").name == "甲"
            assert rt.item_for("T900", "test-1") is None
            saved = rt.catalog_cache.read_bytes()
            assert Catalog.from_json(saved).version == "test-2"
            assert not list(rt.data_dir.glob("*.tmp"))

            newer = {**good, "version": "test-3", "items": [{**good["items"][0], "colour": 1}]}
            _publish(bo, "test-3", json.dumps(newer).encode())
            caplog.set_level(logging.INFO, logger="services.runtime")
            assert rt.refresh_catalog() is False
            assert rt.catalog.version == "test-2" and len(seen) == 2  # the old one stays
            assert rt.catalog_cache.read_bytes() == saved
            refused = [r for r in caplog.records if "refused" in r.getMessage()]
            assert refused and "catalog.malformed" in refused[0].getMessage()
            assert "colour" not in refused[0].getMessage()  # the code, not the content
            # Not fetched again: its ETag is in If-None-Match, the answer a 304.
            assert rt.refresh_catalog() is False
            assert len([r for r in caplog.records if "refused" in r.getMessage()]) == 1
        finally:
            rt.close()

    # A restart with the back office gone: the catalog pulled last is the one in use.
    offline = _runtime(tmp_path, f"http://127.0.0.1:{free_port()}")
    try:
        assert offline.catalog.version == "test-2" and offline.catalog_note == ""
        assert offline.refresh_catalog() is False
    finally:
        offline.close()


def test_the_poller_asks_at_the_interval_on_its_own_thread():
    threads: list[str] = []
    done = threading.Event()

    def refresh() -> bool:
        threads.append(threading.current_thread().name)
        if len(threads) >= 3:
            done.set()
        if len(threads) == 2:
            raise RuntimeError("a poll that fails does not stop the next")
        return False

    poller = CatalogPoller(refresh, 0.05, at_start=lambda: threads.append("calendar"))
    poller.start()
    try:
        assert done.wait(5)
    finally:
        poller.stop()
    assert threads[:2] == ["ow-catalog", "calendar"]
    assert set(threads) == {"ow-catalog", "calendar"}
    assert poller.stopped


@pytest.mark.parametrize("bad", [0, -5, 100000, "often"])
def test_the_poll_interval_is_checked(bad):
    with pytest.raises(ConfigError) as err:
        load_config(None, {"sync.catalog_poll_s": bad})
    assert err.value.key == "sync.catalog_poll_s"
    assert err.value.code == "config.bad_value.sync.catalog_poll_s"
    assert "86400" in err.value.hint
    assert load_config(None, {}).sync.catalog_poll_s == 300


def test_the_timed_poll_is_spared_while_the_feed_says_ours_is_served():
    """An idle device asks nothing for the catalog: the long poll's answers name the one
    served; a different one is asked for at once."""
    import time

    mine = {"etag": '"a"'}
    polls: list[str] = []
    first = threading.Event()

    def refresh() -> None:
        polls.append(mine["etag"])
        first.set()

    poller = CatalogPoller(refresh, 0.2, is_current=lambda etag: etag == mine["etag"])
    poller.start()
    try:
        assert first.wait(5)
        deadline = time.monotonic() + 1.0  # five intervals, the feed answering every 50 ms
        while time.monotonic() < deadline:
            poller.served('"a"')
            time.sleep(0.05)
        assert len(polls) == 1  # only the poll at start
        poller.served('"b"')  # published elsewhere: asked for at once, not at the interval
        end = time.monotonic() + 5
        while len(polls) < 2 and time.monotonic() < end:
            time.sleep(0.01)
        assert len(polls) == 2
    finally:
        poller.stop()
