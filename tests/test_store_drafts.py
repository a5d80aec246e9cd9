"""The local store's drafts (sync.store.drafts) and a scanned page kept as bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from core.errors import StorageError
from drivers.camera.page import Mode, Page, PageKind
from drivers.camera.quality import Issue, IssueCode
from drivers.camera.session import ScannedPage
from services.drafts import page_bytes, page_from_bytes
from sync.store import LocalStore

LATER = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)


@pytest.fixture
def store(tmp_path: Path):
    s = LocalStore(tmp_path / "data")
    yield s
    s.close()


def test_a_draft_keeps_its_files_from_the_sweep_until_it_goes(store: LocalStore) -> None:
    held = store.save_file(b"page one", "m1.page", "application/x-onewindow-page")
    loose = store.save_file(b"abandoned", "m2.pdf", "application/pdf")
    draft_id = "0190a0b0-0000-7000-8000-000000000001"
    store.save_draft(draft_id, "counter", "C0012", b'{"secret": "\xe5"}', [held.id])
    row = store.drafts("counter")[0]
    assert row.id == draft_id and row.body == b'{"secret": "\xe5"}' and row.file_ids == (held.id,)
    raw = store.db_path.read_bytes() + b"".join(p.read_bytes() for p in store.files_dir.iterdir())
    assert b"secret" not in raw and b"page one" not in raw  # sealed at rest
    store.sweep_unattached(dt.timedelta(hours=12), now=LATER)
    assert store.read_file(held.id) == b"page one"
    with pytest.raises(StorageError):
        store.read_file(loose.id)
    # Older than the keep: the draft goes, and its file with the next sweep.
    assert store.sweep_drafts(dt.timedelta(days=1), now=LATER) == 1
    assert store.drafts("counter") == []
    store.sweep_unattached(dt.timedelta(hours=12), now=LATER)
    with pytest.raises(StorageError):
        store.read_file(held.id)


def test_saving_again_replaces_the_files_and_delete_names_them(store: LocalStore) -> None:
    a = store.save_file(b"a", "a.page", "application/x-onewindow-page")
    b = store.save_file(b"b", "b.page", "application/x-onewindow-page")
    draft_id = "0190a0b0-0000-7000-8000-000000000002"
    store.save_draft(draft_id, "counter", "C0012", b"{}", [a.id])
    store.save_draft(draft_id, "counter", "C0013", b"{}", [b.id, b.id])
    assert store.drafts("counter")[0].file_ids == (b.id,)
    assert store.drafts("counter")[0].actor == "C0013"
    assert store.delete_draft(draft_id) == [b.id]
    assert store.delete_draft(draft_id) == []  # twice is fine
    with pytest.raises(ValueError):
        store.save_draft("not an id!", "counter", "C0012", b"{}", [])


def test_a_scanned_page_round_trips_through_bytes() -> None:
    page = Page(b"\xff\xd8data", "image/jpeg", 1654, 2339, 200, PageKind.A4, Mode.COLOUR, b"th")
    quad = np.array([[1, 2], [3, 4], [5, 6], [7, 8]], dtype=np.float32)
    sp = ScannedPage(
        page, b"\xff\xd8frame", quad, (Issue(IssueCode.GLARE, 0.25),), PageKind.AUTO, 1
    )
    back = page_from_bytes(page_bytes(sp))
    assert back.page == page and back.source_jpeg == sp.source_jpeg and back.id == sp.id
    assert np.array_equal(back.quad, quad) and back.issues == sp.issues
    assert back.quarter_turns == 1 and back.kind is PageKind.AUTO
    with pytest.raises(ValueError):
        page_from_bytes(page_bytes(sp)[:-1])
