"""A counter's intake kept in the store as it grows, and offered back after a crash (Qt-free).

A long intake (a 一件事 with twenty pages, a station on a flickering supply) must
survive a power cut. The window hands ``keep_draft`` what it holds — the case
so far (its materials' PDFs are already in the store), the form as typed, the
checklist's 容缺 marks, the scenario answers, the card reads and every scanned
page with what is needed to redo it (the captured frame and the corners) — and
the lane writes it: each page once, as its own sealed file, then the draft's
sealed body naming them (sync.store.drafts). After a restart the signed-in clerk
is offered the kept drafts (``kept_drafts``); ``resume_pages`` reads the pages
back for the scan panel. Submitting or abandoning the case drops the draft and
the pages only it held (``drop_draft``).

The kiosk keeps no draft: the next person at a kiosk must never be offered the
last citizen's papers.

Every function here runs on the background lane (it touches the disk).
"""

from __future__ import annotations

import base64
import json
import logging
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from core.case import Case
from core.catalog import Item
from core.errors import CaseError, CatalogError, StorageError
from core.identity import Identity
from services.runtime import Runtime

if TYPE_CHECKING:  # numpy and OpenCV load with the first page kept or read back
    from drivers.camera.session import ScannedPage

log = logging.getLogger(__name__)

KIND = "counter"
PAGE_MEDIA = "application/x-onewindow-page"  # a scanned page with its frame (page_bytes)


class DraftBody(BaseModel):
    """What a kept draft holds besides its pages' bytes. Immutable by use; any thread."""

    version: int = 1
    case: Case
    answers: dict[str, int] = Field(default_factory=dict)
    deferred: list[str] = Field(default_factory=list)
    form: dict[str, str] = Field(default_factory=dict)
    applicant: dict = Field(default_factory=dict)  # Identity, the photo in base64 (to_json)
    agent: dict | None = None
    pages: dict[str, list[str]] = Field(default_factory=dict)  # material → page file ids
    started_by: str = ""  # 经办人 label of the clerk who began it


def identity_json(ident: Identity | None) -> dict | None:
    """An identity as JSON-safe data (the photo's bytes in base64)."""
    if ident is None:
        return None
    data = ident.model_dump(mode="json", exclude={"photo"})
    data["photo_b64"] = base64.b64encode(ident.photo).decode()
    return data


def identity_from(data: Mapping | None) -> Identity | None:
    if not data:
        return None
    rest = dict(data)
    photo = base64.b64decode(rest.pop("photo_b64", ""))
    return Identity.model_validate({**rest, "photo": photo})


# ---- one scanned page as bytes ------------------------------------------------------------
def page_bytes(sp: ScannedPage) -> bytes:
    """A scanned page with what redoing it needs: a JSON head, then the three images."""
    import numpy as np

    p = sp.page
    head = {
        "id": sp.id,
        "media_type": p.media_type,
        "width": p.width,
        "height": p.height,
        "dpi": p.dpi,
        "page_kind": p.kind.value,
        "mode": p.mode.value,
        "kind": sp.kind.value,
        "quarter_turns": sp.quarter_turns,
        "expect": sp.sizing.expect,
        "field_mm": sp.sizing.field_mm,
        "quad": np.asarray(sp.quad, dtype=float).tolist(),
        "issues": [[i.code.value, i.value] for i in sp.issues],
        "lens": [len(p.data), len(sp.source_jpeg), len(p.thumbnail)],
    }
    raw = json.dumps(head).encode()
    return struct.pack(">I", len(raw)) + raw + p.data + sp.source_jpeg + p.thumbnail


def page_from_bytes(data: bytes) -> ScannedPage:
    """The page ``page_bytes`` wrote. ValueError when the bytes are not one."""
    import numpy as np

    from drivers.camera.codes import Sizing
    from drivers.camera.page import Mode, Page, PageKind
    from drivers.camera.quality import Issue, IssueCode
    from drivers.camera.session import ScannedPage

    try:
        (n,) = struct.unpack(">I", data[:4])
        head = json.loads(data[4 : 4 + n])
        a, b, c = (int(x) for x in head["lens"])
        start = 4 + n
        if start + a + b + c != len(data):
            raise ValueError("page bytes of the wrong length")
        page = Page(
            data=data[start : start + a],
            media_type=str(head["media_type"]),
            width=int(head["width"]),
            height=int(head["height"]),
            dpi=int(head["dpi"]),
            kind=PageKind(head["page_kind"]),
            mode=Mode(head["mode"]),
            thumbnail=data[start + a + b :],
        )
        return ScannedPage(
            page=page,
            source_jpeg=data[start + a : start + a + b],
            quad=np.asarray(head["quad"], dtype=np.float32),
            issues=tuple(Issue(IssueCode(code), float(v)) for code, v in head["issues"]),
            kind=PageKind(head["kind"]),
            quarter_turns=int(head["quarter_turns"]),
            # pages kept before the material's kind was recorded: nothing known
            sizing=Sizing(str(head.get("expect", "")), float(head.get("field_mm", 0.0))),
            id=str(head["id"]),
        )
    except (struct.error, KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError("not a kept page") from exc


# ---- keeping, offering, dropping ------------------------------------------------------------
@dataclass
class PageFiles:
    """Which scanned page (ScannedPage.id) is kept as which store file. The window owns
    one per draft; only the lane's ``keep_draft`` changes it (calls are in order)."""

    by_page: dict[str, str]

    @classmethod
    def empty(cls) -> PageFiles:
        return cls({})


def keep_draft(
    runtime: Runtime,
    body: DraftBody,
    pages: Mapping[str, list[ScannedPage]],
    files: PageFiles,
    actor: str,
) -> None:
    """Write the draft: new pages once each, then the body naming every file it holds.

    Pages no longer in the session (deleted, retaken, turned) lose their file.
    StorageError when the disk refuses (the draft on disk stays the last one kept).
    """
    store = runtime.store
    current: dict[str, list[str]] = {}
    for code, sps in pages.items():
        ids = []
        for sp in sps:
            file_id = files.by_page.get(sp.id)
            if file_id is None:
                ref = store.save_file(page_bytes(sp), f"{code}.page", PAGE_MEDIA)
                file_id = files.by_page[sp.id] = ref.id
            ids.append(file_id)
        if ids:
            current[code] = ids
    body.pages = current
    held = [f for ids in current.values() for f in ids]
    held += [f.id for m in body.case.materials for f in m.files]
    store.save_draft(body.case.id, KIND, actor, body.model_dump_json().encode(), held)
    kept = set(held)
    for page_id, file_id in list(files.by_page.items()):
        if file_id not in kept:
            del files.by_page[page_id]
            _discard(runtime, file_id)


@dataclass(frozen=True)
class KeptDraft:
    """A draft offered back: its body and when it was last kept. Immutable; any thread."""

    body: DraftBody
    updated_at: str

    @property
    def case(self) -> Case:
        return self.body.case

    @property
    def page_count(self) -> int:
        return sum(len(v) for v in self.body.pages.values())


def kept_drafts(runtime: Runtime) -> list[KeptDraft]:
    """The counter drafts this device kept, the latest first (a damaged one is dropped)."""
    out = []
    for row in runtime.store.drafts(KIND):
        try:
            body = DraftBody.model_validate_json(row.body)
        except ValueError:
            log.warning("drafts: draft %s no longer reads; dropped", row.id)
            drop_draft(runtime, row.id)
            continue
        out.append(KeptDraft(body, row.updated_at))
    return out


def draft_item(runtime: Runtime, body: DraftBody) -> Item:
    """The draft's item as its catalog had it (a 一件事 as its merged item).

    CaseError when the catalog no longer has it (the draft cannot go on).
    """
    case = body.case
    if case.bundle_code:
        try:
            return runtime.catalog.bundle_item(case.bundle_code)
        except CatalogError as exc:
            raise CaseError("draft.item_gone", item=case.item_name) from exc
    item = runtime.item_for(case.item_code, case.catalog_version)
    if item is None:
        raise CaseError("draft.item_gone", item=case.item_name)
    return item


def resume_pages(
    runtime: Runtime, body: DraftBody
) -> tuple[dict[str, list[ScannedPage]], PageFiles]:
    """The draft's scanned pages read back, per material, and which file is which page.

    A page that no longer reads is left out (logged by material code only).
    """
    pages: dict[str, list[ScannedPage]] = {}
    files = PageFiles.empty()
    for code, ids in body.pages.items():
        for file_id in ids:
            try:
                sp = page_from_bytes(runtime.store.read_file(file_id))
            except (StorageError, ValueError):
                log.warning("drafts: a page of material %s does not read; left out", code)
                continue
            pages.setdefault(code, []).append(sp)
            files.by_page[sp.id] = file_id
    return pages, files


def drop_draft(runtime: Runtime, draft_id: str) -> None:
    """The draft is done with (submitted or abandoned): forget it and the files it alone
    held (a submitted case's files are attached to it and stay). Never raises."""
    try:
        ids = runtime.store.delete_draft(draft_id)
    except StorageError:
        log.warning("drafts: a draft was not forgotten now; the start's sweep does it")
        return
    for file_id in ids:
        _discard(runtime, file_id)


def _discard(runtime: Runtime, file_id: str) -> None:
    try:
        runtime.store.discard_file(file_id)
    except StorageError:
        log.warning("drafts: a kept page was not deleted now; a later start sweeps it")
