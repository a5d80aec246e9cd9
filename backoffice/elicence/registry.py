"""The e-licence registry: licences found by the holder's HMAC, drawn as an A4 PDF.

The holder is indexed by HMAC-SHA256 of the upper-cased ID number under the
back office's ``elicences.key`` (data folder, mode 0600), so nothing here is
looked up by a plain number once the sample is loaded; a licence is answered
only when the name read from the card is the name on record. A company's
营业执照 is answered by its 统一社会信用代码 to the card of its 法定代表人.
Any thread.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from dataclasses import dataclass
from pathlib import Path

from backoffice.elicence.sample import COMPANIES, PERSONS, SAMPLE_NOTE, TYPES, Licence
from core.crypto import load_or_create_key

KEY_FILE = "elicences.key"


@dataclass(frozen=True)
class Found:
    """A licence found for a holder: the licence, its title and issuer."""

    licence: Licence
    title: str
    issuer: str

    @property
    def reference(self) -> str:
        """The licence's reference on a case (type and a digest of the number)."""
        digest = hashlib.sha256(self.licence.number.encode()).hexdigest()[:16]
        return f"{self.licence.kind}:{digest}"


class Registry:
    """The (sample) 电子证照库, indexed by the holder's HMAC. Any thread."""

    def __init__(self, data_dir: Path) -> None:
        self._key, _ = load_or_create_key(Path(data_dir) / KEY_FILE)
        self._persons = {self.holder_key(n): ls for n, ls in PERSONS.items()}
        self._companies = {
            code: (self.holder_key(rep), lic) for code, (rep, lic) in COMPANIES.items()
        }

    def holder_key(self, id_number: str) -> str:
        return hmac.new(self._key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()

    def licences_of(self, id_number: str, name: str, credit_code: str = "") -> list[Found]:
        """The holder's licences (none when the name is not the one on record), and the
        company's 营业执照 when ``credit_code`` names one they represent."""
        holder = self.holder_key(id_number)
        found = [
            _found(lic)
            for lic in self._persons.get(holder, ())
            if hmac.compare_digest(lic.name.encode(), name.strip().encode())
        ]
        company = self._companies.get(credit_code.strip().upper()) if credit_code else None
        if company is not None and hmac.compare_digest(company[0], holder) and found:
            found.append(_found(company[1]))
        return found

    def find(
        self, id_number: str, name: str, reference: str, credit_code: str = ""
    ) -> Found | None:
        """The holder's licence with this ``reference``, or None."""
        for one in self.licences_of(id_number, name, credit_code):
            if hmac.compare_digest(one.reference, reference):
                return one
        return None


def _found(lic: Licence) -> Found:
    title, issuer = TYPES[lic.kind]
    return Found(lic, title, issuer)


def licence_pdf(found: Found, masked_id: str) -> bytes:
    """The licence drawn on one A4 page, 样例数据 at its head and foot. Any thread."""
    from backoffice.certificates.render import RED, sample_page, seal_png

    lic = found.licence
    pdf = sample_page(f"{found.title} {SAMPLE_NOTE}", "电子证照（演示），不作正式证照使用")
    pdf.set_font("cjk", "B", 26)
    pdf.set_xy(20, 32)
    pdf.cell(170, 14, found.title, align="C")
    pdf.set_font("cjk", "", 12)
    pdf.set_xy(20, 50)
    pdf.cell(170, 7, f"证照编号：{lic.number}", align="C")
    pdf.set_font("cjk", "", 14)
    y = 70.0
    rows = [f"持证主体：{lic.name}"]
    if lic.kind != "business":
        rows.append(f"证件号码：{masked_id}")
    rows += [*lic.lines, f"发证日期：{lic.issued_on}", f"发证机关：{found.issuer}"]
    for line in rows:
        pdf.set_xy(30, y)
        pdf.multi_cell(150, 10, line)
        y = pdf.get_y() + 2
    pdf.image(io.BytesIO(seal_png(found.issuer)), x=130, y=max(y, 150), w=46, h=46)
    pdf.set_text_color(*RED)
    pdf.set_xy(20, 280)
    pdf.set_font("cjk", "", 9)
    pdf.cell(170, 6, f"{SAMPLE_NOTE}：本页内容为演示用样例，与真实人员无关。", align="C")
    return bytes(pdf.output())
