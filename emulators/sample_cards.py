"""Fictitious sample cards of every kind the readers handle.

Used by the GA/T 467 emulator, the virtual social security card, the demo
and the tests. Every person is invented; their numbers are valid (GB 11643
check digits computed here) but belong to no one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from core.identity import CardType, Gender, Identity, check_digit
from emulators.virtual_reader import expired_identity, make_id_number, sample_identities


@dataclass(frozen=True)
class SampleCard:
    """An identity plus the card-only fields (pass number, card version...)."""

    identity: Identity
    extras: dict[str, str] = field(default_factory=dict)


def fake_wlt(identity: Identity) -> bytes:
    """1024 bytes standing in for a WLT photo (real WLT needs the vendor encoder)."""
    seed = hashlib.sha256(identity.id_number.encode()).digest()
    return (b"WLT\x00" + seed * 32)[:1024]


def hmt_permit() -> SampleCard:
    """港澳台居民居住证 (type J) of a fictitious Hong Kong resident."""
    birth = dt.date(1992, 4, 18)
    ident = Identity(
        card_type=CardType.PERMIT_HMT,
        name="陈示例",
        gender=Gender.MALE,
        birth=birth,
        address="广东省深圳市福田区示例路9号",
        id_number=make_id_number("810000", birth, "213"),
        authority="深圳市公安局福田分局",
        valid_from=dt.date(2024, 9, 1),
        valid_to=dt.date(2029, 9, 1),
    )
    return SampleCard(ident, {"pass_number": "H90000001", "issue_count": "01"})


def foreign_old() -> SampleCard:
    """外国人永久居留身份证, old layout (type I): a 15-character number."""
    birth = dt.date(1978, 12, 1)
    ident = Identity(
        card_type=CardType.FOREIGN_OLD,
        name="亚历克斯",
        english_name="SAMPLE, ALEX",
        gender=Gender.MALE,
        nation="USA",
        birth=birth,
        id_number=f"USA44{birth:%y%m%d}0017",
        authority="4400",
        valid_from=dt.date(2019, 6, 1),
        valid_to=dt.date(2029, 6, 1),
    )
    return SampleCard(ident, {"card_version": "01"})


def foreign_2023() -> SampleCard:
    """外国人永久居留身份证, 2023 layout (type Y): an 18-digit number starting with 9."""
    birth = dt.date(1985, 7, 20)
    first17 = f"944826{birth:%Y%m%d}042"
    ident = Identity(
        card_type=CardType.FOREIGN_2023,
        name="贝蒂",
        english_name="SAMPLE, BETTY EXAMPLE",
        gender=Gender.FEMALE,
        nation="GBR",
        birth=birth,
        id_number=first17 + check_digit(first17),
        valid_from=dt.date(2023, 12, 1),
        valid_to=dt.date(2033, 11, 30),
    )
    return SampleCard(ident, {"renewal_count": "00"})


def resident_cards() -> list[SampleCard]:
    return [SampleCard(i) for i in sample_identities()]


def all_card_kinds() -> list[SampleCard]:
    """One card of each kind a GA/T 467 reader reads, resident first."""
    return [resident_cards()[0], hmt_permit(), foreign_old(), foreign_2023()]


def expired_card() -> SampleCard:
    return SampleCard(expired_identity())


def social_security_card_number(identity: Identity) -> str:
    """A fictitious 9-character social security card number derived from the person."""
    digits = int(hashlib.sha256(identity.id_number.encode()).hexdigest(), 16) % 10**8
    return f"Y{digits:08d}"


def social_security_identities() -> list[Identity]:
    """The sample people as their social security cards describe them."""
    out = []
    for i, ident in enumerate(sample_identities()):
        out.append(
            ident.model_copy(
                update={
                    "card_type": CardType.SOCIAL_SECURITY,
                    "address": "",
                    "authority": "",
                    "card_number": social_security_card_number(ident),
                    "valid_from": dt.date(2021, 3, 1 + i),
                    "valid_to": dt.date(2031, 3, 1 + i),
                }
            )
        )
    return out
