"""网上申报 on the wire: what a counter asks for when it pulls an online application.

A counter pulls a pre-reviewed online application (网上预审件) by its number or by
the applicant's card (``OnlinePull``), fetches each uploaded scan, and takes the
application in as a case of its own (``OnlineTake``) exactly once. The answer
carries what the applicant wrote, because the window makes the case from it.
Plain pydantic data, shared by the device and the back office; any thread.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

NUMBER = r"^WS[0-9]{12}$"
ID_NUMBER = r"^[0-9]{17}[0-9X]$"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class OnlinePull(BaseModel):
    """POST /api/v1/online/pull: the application ``number``, or the card holder's
    (``id_number``, read from the card at the window), one of the two."""

    model_config = ConfigDict(extra="forbid")

    number: str = Field(default="", pattern=rf"^$|{NUMBER}")
    id_number: str = Field(default="", pattern=rf"^$|{ID_NUMBER}")

    @model_validator(mode="after")
    def _one_way(self) -> OnlinePull:
        if bool(self.number) == bool(self.id_number):
            raise ValueError("give number or id_number")
        return self


class OnlineFile(BaseModel):
    """One uploaded scan: its place (``seq``, for GET …/files/{seq}) and material."""

    seq: int = Field(ge=0)
    material_code: str
    material_name: str
    media_type: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class OnlineApplicant(BaseModel):
    """Who applied online (personal data: never logged)."""

    name: str = Field(min_length=1, max_length=40)
    id_number: str = Field(pattern=ID_NUMBER)
    phone: str = ""

    def __repr__(self) -> str:
        return "OnlineApplicant(…)"

    __str__ = __repr__


class OnlineApplication(BaseModel):
    """An online application as the window sees it. ``state``: submitted (待预审) |
    approved (预审通过) | returned (退回补正, ``reason`` says why) | taken (当场受理 as
    ``taken_receipt_no``)."""

    number: str = Field(pattern=NUMBER)
    item_code: str
    item_name: str
    state: str = Field(pattern=r"^(submitted|approved|returned|taken)$")
    reason: str = ""
    created_at: str
    taken_receipt_no: str = ""
    applicant: OnlineApplicant
    form: dict[str, str] = Field(default_factory=dict)
    files: list[OnlineFile] = Field(default_factory=list)


class OnlineAnswer(BaseModel):
    """The applications found, newest first."""

    applications: list[OnlineApplication]


class OnlineTake(BaseModel):
    """POST /api/v1/online/{number}/take: the application becomes this case (once)."""

    model_config = ConfigDict(extra="forbid")

    case_id: str = Field(pattern=UUID)
    receipt_no: str = Field(default="", max_length=40)


class OnlineTaken(BaseModel):
    """The application taken in: the case it became (``taken`` false when it was this
    same case already)."""

    number: str
    case_id: str
    receipt_no: str
    taken: bool
