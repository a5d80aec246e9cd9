"""材料复用 and 电子证照 on the wire: what a window asks the back office and gets.

A device, for the card just read at its window and with the citizen's
consent (core.case ``ReuseConsent``), asks what can be reused
(``POST /api/v1/reuse/offer``): the holder's materials kept from accepted
cases (电子材料库) and their e-licences (电子证照库, sample data). It then
fetches one (``POST /api/v1/reuse/fetch``) as a PDF, which it attaches to the
new case like a scan (a file of its own, uploaded with the case: exactly once
through the outbox). The card proof is the ID number and the name as read;
the answers carry no ID number and the receipt numbers masked. Plain
pydantic data; any thread.
"""

from __future__ import annotations

import base64

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.case import ReuseConsent

ID_NUMBER = r"^[0-9]{17}[0-9X]$"
CREDIT_CODE = r"^$|^[0-9A-HJ-NPQRTUWXY]{18}$"


class ReuseQuery(BaseModel):
    """The card read at the window (ID number and name) and the citizen's consent;
    a company's credit code when the case is for one (its 营业执照)."""

    model_config = ConfigDict(extra="forbid")

    hall_code: str = Field(pattern=r"^[A-Z0-9]{2,12}$")
    device_code: str = Field(pattern=r"^[A-Z0-9]{2,8}$")
    id_number: str = Field(pattern=ID_NUMBER)
    name: str = Field(min_length=1, max_length=40)
    consent: ReuseConsent | None = None
    credit_code: str = Field(default="", pattern=CREDIT_CODE)

    def __repr__(self) -> str:  # never the ID number or the name
        return f"ReuseQuery(hall={self.hall_code}, device={self.device_code})"

    __str__ = __repr__


class KeptMaterial(BaseModel):
    """One material of the 电子材料库: which, from which (masked) case, when, pages."""

    entry_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    code: str
    name: str
    kept_on: str  # YYYY-MM-DD (the earlier case's 受理)
    receipt_no: str  # masked: 4406…0012
    item_name: str
    pages: int = Field(ge=1)


class Licence(BaseModel):
    """One e-licence of the registry (样例数据): its type, title, date and reference."""

    reference: str = Field(pattern=r"^[a-z_]{1,24}:[0-9a-f]{16}$")
    kind: str = Field(pattern=r"^[a-z_]{1,24}$")
    title: str
    issuer: str
    issued_on: str
    sample: bool = True


class ReuseOffer(BaseModel):
    """What can be reused for the holder (either list may be empty)."""

    materials: list[KeptMaterial]
    licences: list[Licence]
    sample_note: str = ""


class ReuseFetch(ReuseQuery):
    """One thing to fetch: a kept material (``entry_id``) or a licence (``reference``)."""

    entry_id: str = Field(default="", pattern=r"^$|^[0-9a-f-]{36}$")
    reference: str = Field(default="", pattern=r"^$|^[a-z_]{1,24}:[0-9a-f]{16}$")

    @model_validator(mode="after")
    def _one(self) -> ReuseFetch:
        if bool(self.entry_id) == bool(self.reference):
            raise ValueError("give entry_id or reference")
        return self


class ReusedDocument(BaseModel):
    """The fetched document: a PDF (base64), its pages, and what the case records."""

    source: str = Field(pattern=r"^(reuse|elicence)$")
    reference: str
    title: str
    pages: int = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    pdf_base64: str
    from_receipt: str = ""  # masked, for a kept material

    def pdf(self) -> bytes:
        return base64.b64decode(self.pdf_base64, validate=True)
