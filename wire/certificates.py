"""证明打印 on the wire: what a kiosk asks for and the certificate it gets back.

The kiosk sends the item (a self-print item of the catalog) and the card
holder as the card read them; the back office answers with the PDF (base64),
its verification code and the public address that verifies it. Plain
pydantic data, shared by the device and the back office; any thread.
"""

from __future__ import annotations

import base64

from pydantic import BaseModel, ConfigDict, Field

ITEM_CODE = r"^[0-9]{6}-[A-Z]{2}-[0-9]{4}$"
ID_NUMBER = r"^[0-9]{17}[0-9X]$"  # GB 11643 (the checksum is the device's card check)
VERIFY_CODE = r"^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$"


class CertificateRequest(BaseModel):
    """POST /api/v1/certificates: the certificate of ``item_code`` for the card holder."""

    model_config = ConfigDict(extra="forbid")

    item_code: str = Field(pattern=ITEM_CODE)
    hall_code: str = Field(pattern=r"^[A-Z0-9]{2,12}$")
    device_code: str = Field(pattern=r"^[A-Z0-9]{2,8}$")
    id_number: str = Field(pattern=ID_NUMBER)
    name: str = Field(min_length=1, max_length=40)


class CertificateAnswer(BaseModel):
    """The certificate: its PDF (base64), verification code, kind, title and where it verifies."""

    code: str = Field(pattern=VERIFY_CODE)
    kind: str = Field(pattern=r"^[a-z_]{1,32}$")
    item_code: str = Field(pattern=ITEM_CODE)
    title: str
    issued_at: str
    valid_until: str
    verify_url: str
    pdf_base64: str

    def pdf(self) -> bytes:
        return base64.b64decode(self.pdf_base64, validate=True)
