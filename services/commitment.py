"""告知承诺 on a device: ask whether the applicant may sign, keep the signed 承诺书, print it.

``eligibility`` asks the back office (its credit list) and, when it cannot be asked,
follows ``[commitment] offline`` (core.commitment.offline_eligibility). ``sign`` renders
the 承诺书 (the text of core.commitment.letter, the applicant, the date and the
signature image) as one A4 PDF, keeps it and the signature PNG sealed in the store like
scans, and makes each material it replaces a COMMITMENT material whose files are those
two; the case records a ``Commitment`` (when, the text's version and hash, the files) and
its trail says so (hashes only). Both files travel with the case like any scan (sync).
``print_letter`` prints it on the A4 printer (the PDF) or, without one, on the receipt
printer (a Document carrying the signature as a picture). All of it blocks: run it on
the background lane (widgets.background); any thread.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import TYPE_CHECKING

from core.case import Case, Commitment, FileRef, MaterialStatus
from core.catalog import Item
from core.commitment import (
    TEXT_VERSION,
    TITLE,
    Eligibility,
    letter,
    offline_eligibility,
    replaceable,
    signed_line,
    text_sha256,
)
from core.document import Cut, Document, KeyValue, Picture, Rule, Text, Title
from core.errors import CaseError, StorageError
from sync.errors import NotFound, SyncError

if TYPE_CHECKING:
    from services.printing import PrintJob
    from services.runtime import Runtime

log = logging.getLogger(__name__)

PRINT_WAIT_S = 60.0
_SC_INDEX = 2  # "Noto Sans CJK SC" in the collection
KNOWN_REASONS = ("dishonest", "false_commitment")


def eligibility(rt: Runtime, id_number: str) -> Eligibility:
    """May the card's holder sign a 承诺书 (the back office's credit list); the offline
    rule when it cannot answer (offline, busy, an older back office without the route)."""
    try:
        answer = rt.client.commitment_eligibility(id_number)
    except (NotFound, SyncError) as exc:
        log.info("commitment eligibility not answered (%s): the offline rule", exc.code)
        return offline_eligibility(rt.config.commitment.offline)
    if answer.get("allowed") is True:
        return Eligibility(True)
    reason = str(answer.get("reason") or "")
    return Eligibility(False, reason if reason in KNOWN_REASONS else "dishonest")


def letter_pdf(
    paragraphs: list[str], signature_png: bytes, *, hall_name: str, signer: str, at: dt.datetime
) -> bytes:
    """The 承诺书 on one A4 page: title, text, the signature image, the signer and date."""
    from fpdf import FPDF  # loaded with the first letter, not at start

    from drivers.fonts import cjk_font_path

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creator("OneWindow")
    pdf.set_title(TITLE)
    pdf.add_font("cjk", "", str(cjk_font_path()), collection_font_number=_SC_INDEX)
    pdf.add_font("cjk", "B", str(cjk_font_path(bold=True)), collection_font_number=_SC_INDEX)
    pdf.add_page()
    pdf.set_font("cjk", "B", 20)
    pdf.cell(0, 14, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 11)
    pdf.cell(0, 7, hall_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", "", 12)
    for p in paragraphs:
        pdf.multi_cell(0, 8, p, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", "B", 12)
    pdf.cell(40, 10, "承诺人（签名）：", new_x="RIGHT", new_y="TOP")
    pdf.image(io.BytesIO(signature_png), x=pdf.get_x() + 4, y=pdf.get_y() - 4, h=24)
    pdf.ln(26)
    pdf.set_font("cjk", "", 12)
    pdf.cell(0, 8, f"承诺人：{signer}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, signed_line(at), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def sign(
    rt: Runtime,
    case: Case,
    item: Item,
    signature_png: bytes,
    allowed: Eligibility,
    actor: str,
    *,
    at: dt.datetime | None = None,
) -> Commitment:
    """Keep the signed 承诺书 on the draft: the files sealed in the store, each material
    it replaces COMMITMENT with them, ``case.commitment`` set. Signing again replaces the
    earlier 承诺书 (its files are deleted). CaseError when nothing may be replaced, no
    signature was drawn or the applicant may not (``allowed``); StorageError: not saved."""
    case.ensure_editable()
    if not allowed.allowed:
        raise CaseError(allowed.words_code)
    if not signature_png:
        raise CaseError("commitment.no_signature")
    targets = replaceable(case, item)
    if not targets:
        raise CaseError("commitment.nothing_to_replace")
    at = at or dt.datetime.now().astimezone()
    paragraphs = letter(case, item, [m.name for m in targets])
    pdf = letter_pdf(
        paragraphs, signature_png, hall_name=rt.config.hall_name, signer=case.applicant.name, at=at
    )
    before = case.commitment
    doc = rt.store.save_file(pdf, "commitment.pdf", "application/pdf")
    sig = rt.store.save_file(signature_png, "signature.png", "image/png")
    for m in targets:
        m.files, m.pages, m.status = [doc, sig], 1, MaterialStatus.COMMITMENT
        m.source, m.check = "", ""
    commitment = Commitment(
        signed_at=at,
        text_version=TEXT_VERSION,
        text_sha256=text_sha256(paragraphs),
        materials=[m.code for m in targets],
        file_id=doc.id,
        signature_file_id=sig.id,
        eligibility="offline" if allowed.offline else "allowed",
    )
    case.commitment = commitment
    case.commitment_signed = True
    case.log(
        "commitment_signed",
        actor,
        {
            "materials": commitment.materials,
            "text_version": TEXT_VERSION,
            "text_sha256": commitment.text_sha256,
            "file": doc.id,
            "sha256": doc.sha256,
            "signature": sig.id,
            "signature_sha256": sig.sha256,
            "eligibility": commitment.eligibility,
        },
    )
    if before is not None:
        _discard(rt, case, [before.file_id, before.signature_file_id])
    return commitment


def withdraw(rt: Runtime, case: Case, actor: str) -> None:
    """不用告知承诺: the replaced materials are missing again, the 承诺书's files deleted."""
    case.ensure_editable()
    before = case.commitment
    if before is None:
        return
    for m in case.materials:
        if m.status is MaterialStatus.COMMITMENT and m.code in before.materials:
            m.files, m.pages, m.status = [], 0, MaterialStatus.DEFICIENT
    case.commitment, case.commitment_signed = None, False
    case.log("commitment_withdrawn", actor, {"materials": before.materials})
    _discard(rt, case, [before.file_id, before.signature_file_id])


def _discard(rt: Runtime, case: Case, file_ids: list[str]) -> None:
    used = {f.id for m in case.materials for f in m.files}
    for file_id in file_ids:
        if file_id in used:
            continue
        try:
            rt.store.discard_file(file_id)
        except StorageError:
            log.warning("an earlier 承诺书 file was not deleted now; a later start sweeps it")


def _file(case: Case, file_id: str) -> FileRef:
    ref = next((f for m in case.materials for f in m.files if f.id == file_id), None)
    if ref is None:
        raise CaseError("commitment.nothing_to_replace")
    return ref


def letter_document(case: Case, paragraphs: list[str], signature_png: bytes) -> Document:
    """The 承诺书 for the receipt printer: the text, the signature picture, signer, date."""
    assert case.commitment is not None
    d = Document("commitment", ref=case.receipt_no)
    d.add(Title(TITLE))
    if case.receipt_no:
        d.add(KeyValue("受理编号", case.receipt_no))
    d.add(Rule())
    for p in paragraphs:
        for line in p.split("\n"):
            d.add(Text(line))
    d.add(Rule(), Text("承诺人（签名）：", bold=True), Picture.from_png(signature_png, 0.6))
    d.add(KeyValue("承诺人", case.applicant.name), Text(signed_line(case.commitment.signed_at)))
    d.add(Cut())
    return d


def print_letter(rt: Runtime, case: Case, item: Item, actor: str) -> str | PrintJob:
    """Print the case's 承诺书: on the A4 printer when there is one (the A4 job id), else
    on the receipt printer (its print job). CaseError when the case has none."""
    c = case.commitment
    if c is None:
        raise CaseError("commitment.nothing_to_replace")
    if rt.a4.available:
        pdf = rt.store.read_file(_file(case, c.file_id).id)
        title = f"{TITLE} {case.receipt_no}".strip()
        return rt.a4.print_pdf(pdf, title).result(timeout=PRINT_WAIT_S)
    signature = rt.store.read_file(_file(case, c.signature_file_id).id)
    names = [m.name for m in case.materials if m.code in c.materials]
    doc = letter_document(case, letter(case, item, names), signature)
    return rt.printing.print(doc, case_id=case.id, actor=actor)
