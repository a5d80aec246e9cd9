"""Contact cards (social security cards) through PC/SC, with pyscard.

The supervisor (drivers.idcard.pcsc_supervisor) watches pcscd on its own
thread and survives pcscd restarts and readers coming and going; this
backend reads each newly inserted card once, on the reader's I/O thread,
with the card profile that fits (drivers.idcard.card_profiles).

Health comes from the supervisor's state: PC/SC service down, or no reader
matching ``devices.id_reader.reader``, shows the reader as absent while the
supervisor keeps trying; it turns OK again on its own, without the device
manager having to re-open anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from core.config import IdReaderConfig
from core.errors import DeviceError
from core.i18n import N_
from core.identity import Identity
from drivers.base import Health, IdReader
from drivers.idcard.card_profiles import CardProfile, read_card
from drivers.idcard.pcsc_supervisor import CardPresence, PcscSupervisor
from drivers.registry import BackendContext

log = logging.getLogger(__name__)


class CardRemovedError(DeviceError):
    """The card left the reader while it was being read."""

    code = "card_removed"


class CardUnreadableError(DeviceError):
    """The card is in the reader but does not answer (wrong way round, dirty contacts)."""

    code = "card_unreadable"


class _ServiceGone(Exception):
    """pcscd went away in the middle of a read: not the card's fault."""


class PcscIdReader(IdReader):
    """Social security (and other profiled) cards in PC/SC readers.

    ``open``, ``poll``, ``check`` and ``close`` run on the reader's I/O
    thread only; ``supervisor`` may be inspected from any thread.
    """

    backend = "pcsc"

    def __init__(
        self,
        reader_filter: str = "",
        *,
        profiles: Sequence[CardProfile] | None = None,
        backoff_min_s: float = 0.1,
        backoff_max_s: float = 5.0,
    ) -> None:
        self.reader_filter = reader_filter
        self.profiles = profiles
        self._wakeup: Callable[[], None] | None = None
        self.supervisor = PcscSupervisor(
            reader_filter,
            backoff_min_s=backoff_min_s,
            backoff_max_s=backoff_max_s,
            on_card=self._on_card,
            on_removed=self._on_removed,
        )
        self._removed: Callable[[], None] | None = None
        self._handled: set[int] = set()

    def set_wakeup(self, callback: Callable[[], None] | None) -> None:
        """Called on the supervisor thread when a card arrives (the manager polls at once)."""
        self._wakeup = callback

    def _on_card(self) -> None:
        if self._wakeup is not None:
            self._wakeup()

    def set_removal(self, callback: Callable[[], None] | None) -> None:
        """Called on the supervisor thread when a card is taken out of the slot."""
        self._removed = callback

    def _on_removed(self) -> None:
        if self._removed is not None:
            self._removed()

    # ---- IdReader ---------------------------------------------------------------------------
    def open(self) -> None:
        try:
            self.supervisor.start()
        except ImportError as exc:
            raise DeviceError("id_reader.no_pcsc", device="id_reader") from exc
        # a moment for the first look, so the first health shown is the real one
        self.supervisor.wait_for(lambda s: s.phase != "starting", timeout=2.0)

    def close(self) -> None:
        self.supervisor.stop()

    def check(self) -> tuple[Health, str] | None:
        if not self.supervisor.alive:
            self.supervisor.start()  # its thread ended on a bug (logged there): start it again
        st = self.supervisor.snapshot()
        if st.phase == "starting":
            return Health.ABSENT, N_("正在连接 PC/SC 服务")
        if st.phase == "down":
            return Health.ABSENT, N_("PC/SC 服务未运行，正在重连")
        if not st.readers:
            return Health.ABSENT, N_("未找到 PC/SC 读卡器，请插好读卡器")
        return None

    def poll(self) -> Identity | None:
        st = self.supervisor.snapshot()
        present = {c.seq for c in st.cards.values()}
        self._handled &= present  # forget cards that have left
        fresh = [c for c in st.cards.values() if c.seq not in self._handled]
        if not fresh:
            return None
        card = min(fresh, key=lambda c: c.seq)
        self._handled.add(card.seq)  # one attempt per insertion: after an error, re-insert
        try:
            return self._read(card)
        except _ServiceGone:
            log.info("PC/SC service went away during a read")
            return None

    # ---- one card -----------------------------------------------------------------------------
    def _read(self, card: CardPresence) -> Identity | None:
        from smartcard import scard as sc

        service_gone = {
            sc.SCARD_E_NO_SERVICE & 0xFFFFFFFF,
            sc.SCARD_E_SERVICE_STOPPED & 0xFFFFFFFF,
            sc.SCARD_F_COMM_ERROR & 0xFFFFFFFF,
            sc.SCARD_E_INVALID_HANDLE & 0xFFFFFFFF,
        }
        removed = {
            sc.SCARD_W_REMOVED_CARD & 0xFFFFFFFF,
            sc.SCARD_E_NO_SMARTCARD & 0xFFFFFFFF,
            sc.SCARD_W_RESET_CARD & 0xFFFFFFFF,
            sc.SCARD_E_UNKNOWN_READER & 0xFFFFFFFF,
            sc.SCARD_E_READER_UNAVAILABLE & 0xFFFFFFFF,
        }
        hr, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
        if hr & 0xFFFFFFFF != sc.SCARD_S_SUCCESS:
            raise _ServiceGone
        hcard = None
        try:
            hr, hcard, proto = sc.SCardConnect(
                ctx, card.reader, sc.SCARD_SHARE_SHARED, sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1
            )
            hr &= 0xFFFFFFFF
            if hr in service_gone:
                raise _ServiceGone
            if hr in removed:
                log.info("card left %s before it could be read", card.reader)
                return None
            if hr != sc.SCARD_S_SUCCESS:
                hcard = None
                raise CardUnreadableError("card_unreadable", error=f"{hr:08X}")
            pci = sc.SCARD_PCI_T0 if proto == sc.SCARD_PROTOCOL_T0 else sc.SCARD_PCI_T1
            hr, _reader, _state, _proto, atr = sc.SCardStatus(hcard)
            atr_bytes = bytes(atr) if hr & 0xFFFFFFFF == sc.SCARD_S_SUCCESS else card.atr

            def transmit(apdu: bytes) -> tuple[bytes, int]:
                thr, resp = sc.SCardTransmit(hcard, pci, list(apdu))
                thr &= 0xFFFFFFFF
                if thr in service_gone:
                    raise _ServiceGone
                if thr in removed or thr != sc.SCARD_S_SUCCESS or len(resp) < 2:
                    raise CardRemovedError("card_removed")
                return bytes(resp[:-2]), (resp[-2] << 8) | resp[-1]

            return read_card(atr_bytes, transmit, self.profiles)
        finally:
            if hcard is not None:
                sc.SCardDisconnect(hcard, sc.SCARD_LEAVE_CARD)
            sc.SCardReleaseContext(ctx)


def create(cfg: IdReaderConfig, ctx: BackendContext) -> PcscIdReader:
    """The ``pcsc`` backend (registered in pyproject): social security cards through pcscd."""
    try:
        import smartcard.scard  # noqa: F401
    except ImportError as exc:
        raise DeviceError("id_reader.no_pcsc", device="id_reader") from exc
    return PcscIdReader(cfg.reader)
