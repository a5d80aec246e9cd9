"""Card profiles: which contact card is in the PC/SC reader, and how to read it.

A profile is chosen by the card's ATR when one of its known ATRs matches,
else by trying each profile's SELECT until one answers. The social security
card (SSSE application) is the first profile; more can be appended to
``PROFILES``. A card no profile accepts is "not supported": the error says
so and the log names its ATR (an ATR is not personal data).

``transmit`` is a function from a command APDU to (response data, SW); the
PC/SC backend supplies it on the reader's I/O thread.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

from core.errors import DeviceError
from core.identity import Identity
from drivers.idcard.ssse import (
    EF_CARD,
    EF_HOLDER,
    READ_CARD,
    READ_HOLDER,
    SSSE_AID,
    parse_records,
)

log = logging.getLogger(__name__)

Transmit = Callable[[bytes], tuple[bytes, int]]

SW_OK = 0x9000


class UnsupportedCardError(DeviceError):
    """No profile knows this card."""

    code = "card_unsupported"


class CardAccessError(DeviceError):
    """The card wants a PIN or a PSAM before it shows its data."""

    code = "card_access"


class CardCommandError(DeviceError):
    """The card answered a command with an unexpected status word."""

    code = "card_command"


def transmit_full(transmit: Transmit, apdu: bytes) -> tuple[bytes, int]:
    """Send ``apdu``, following T=0 chaining: 61xx (GET RESPONSE) and 6Cxx (resend with Le)."""
    data, sw = transmit(apdu)
    if sw >> 8 == 0x6C and len(apdu) >= 4:
        data, sw = transmit(apdu[:4] + bytes([sw & 0xFF]) if len(apdu) <= 5 else apdu)
    out = data
    rounds = 0
    while sw >> 8 == 0x61 and rounds < 32:
        more, sw = transmit(bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
        out += more
        rounds += 1
    return out, sw


def select_by_name(aid: bytes) -> bytes:
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid


def select_file(fid: bytes) -> bytes:
    return bytes([0x00, 0xA4, 0x02, 0x00, len(fid)]) + fid


def read_record(number: int) -> bytes:
    return bytes([0x00, 0xB2, number, 0x04, 0x00])


def atr_matches(atr: bytes, pattern: bytes, mask: bytes | None = None) -> bool:
    if len(atr) != len(pattern):
        return False
    mask = mask or b"\xff" * len(pattern)
    return all((a & m) == (p & m) for a, p, m in zip(atr, pattern, mask, strict=True))


class CardProfile(ABC):
    """How to recognise and read one kind of card. Stateless; any thread."""

    name = "abstract"
    #: (ATR, mask) pairs of cards known to be this kind
    atrs: tuple[tuple[bytes, bytes | None], ...] = ()

    def matches_atr(self, atr: bytes) -> bool:
        return any(atr_matches(atr, p, m) for p, m in self.atrs)

    @abstractmethod
    def select(self, transmit: Transmit) -> bool:
        """Select the card's application; True when the card answers it."""

    @abstractmethod
    def read(self, transmit: Transmit) -> Identity:
        """Read the holder's identity (after ``select`` answered)."""


class SocialSecurityProfile(CardProfile):
    """The social security card (社会保障卡): SSSE, EF05 and EF06, no PSAM."""

    name = "ssse"
    atrs = (
        # OneWindow's virtual social security card (emulators.virtual_sscard)
        (bytes.fromhex("3B8A014F5753535345332E303098"), None),
    )

    def select(self, transmit: Transmit) -> bool:
        _data, sw = transmit_full(transmit, select_by_name(SSSE_AID))
        return sw == SW_OK

    def _read_file(self, transmit: Transmit, fid: bytes, numbers: Sequence[int]) -> dict:
        _data, sw = transmit_full(transmit, select_file(fid))
        if sw != SW_OK:
            raise CardCommandError("card_command.select", sw=f"{sw:04X}")
        out: dict[int, bytes] = {}
        for n in numbers:
            data, sw = transmit_full(transmit, read_record(n))
            if sw in (0x6982, 0x6983) or sw >> 8 == 0x63:
                raise CardAccessError("card_access")
            if sw == 0x6A83:
                continue  # record not on this card: leave the field empty
            if sw != SW_OK:
                raise CardCommandError("card_command.read", sw=f"{sw:04X}")
            out[n] = data
        return out

    def read(self, transmit: Transmit) -> Identity:
        records = self._read_file(transmit, EF_CARD, READ_CARD)
        records |= self._read_file(transmit, EF_HOLDER, READ_HOLDER)
        return parse_records(records)


PROFILES: list[CardProfile] = [SocialSecurityProfile()]


def read_card(
    atr: bytes, transmit: Transmit, profiles: Sequence[CardProfile] | None = None
) -> Identity:
    """Choose the profile (ATR first, then SELECT) and read the card."""
    profiles = list(PROFILES if profiles is None else profiles)
    by_atr = [p for p in profiles if p.matches_atr(atr)]
    for profile in by_atr + [p for p in profiles if p not in by_atr]:
        if profile.select(transmit):
            log.info("card profile %s (%s)", profile.name, "ATR" if profile in by_atr else "SELECT")
            return profile.read(transmit)
    log.warning("unsupported card, ATR %s", atr.hex(" ").upper())
    raise UnsupportedCardError("card_unsupported", atr=atr.hex().upper())
