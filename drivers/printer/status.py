"""Real-time printer status: DLE EOT 1, 2, 3 and 4, and what staff are told.

Each query is three bytes (``10 04 n``) answered by one byte whose bits 1
and 4 are set and bits 0 and 7 clear (``b & 0x93 == 0x12``); anything else
is not a status byte. Epson's bit meanings, which Chinese-market printers
follow:

====  ============================================================
n=1   printer: bit 3 offline
n=2   offline cause: bit 2 cover open, bit 3 paper fed by the FEED
      button, bit 5 printing stopped at paper end, bit 6 error
n=3   error cause: bit 3 autocutter error, bit 5 unrecoverable
      error, bit 6 auto-recoverable error (e.g. head too hot)
n=4   roll paper sensor: bits 2-3 paper near end, bits 5-6 paper end
====  ============================================================

python-escpos only asks 1 and 4, so the queries are sent here. Pure
functions; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.base import PrinterError, PrinterState

DLE_EOT = b"\x10\x04"
QUERIES = (1, 2, 3, 4)


def printer_error(state: PrinterState, detail: str = "") -> PrinterError:
    """The error for a state that refuses a job: what happened and what to do.

    The message and hint are constant (translated in one place); ``detail``
    (e.g. which USB device was not found) goes into ``params["detail"]``
    for logs and the command line.
    """
    if state is PrinterState.PAPER_OUT:
        err = PrinterError("printer.paper_out", state)
    elif state is PrinterState.COVER_OPEN:
        err = PrinterError("printer.cover_open", state)
    elif state is PrinterState.ERROR:
        err = PrinterError("printer.fault", state)
    else:
        err = PrinterError("printer.offline", PrinterState.OFFLINE)
    if detail:
        err.params["detail"] = detail
    return err


# The words staff and citizens see for each state that refuses a job (what
# happened, what to do).
STATE_TEXT: dict[PrinterState, tuple[str, str]] = {
    s: (printer_error(s).message, printer_error(s).hint)
    for s in (
        PrinterState.PAPER_OUT,
        PrinterState.COVER_OPEN,
        PrinterState.OFFLINE,
        PrinterState.ERROR,
    )
}
PRINTABLE = (PrinterState.OK, PrinterState.PAPER_NEAR_END)


def is_status_byte(b: int | None) -> bool:
    return b is not None and (b & 0x93) == 0x12


@dataclass(frozen=True)
class PrinterStatus:
    """One reading of the four status bytes (None where the printer did not answer)."""

    state: PrinterState
    bytes_: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None)
    offline: bool = False
    cover_open: bool = False
    paper_near_end: bool = False
    paper_out: bool = False
    feed_button: bool = False
    cutter_error: bool = False
    unrecoverable: bool = False
    auto_recoverable: bool = False
    answered: bool = False  # the printer answered at all

    @property
    def printable(self) -> bool:
        return self.state in PRINTABLE

    def describe(self) -> str:
        """One line for staff (Chinese), e.g. 缺纸；纸将用尽."""
        if not self.answered:
            return "打印机无应答"
        flags = [
            (self.offline, "脱机"),
            (self.cover_open, "机盖打开"),
            (self.paper_out, "缺纸"),
            (self.paper_near_end and not self.paper_out, "纸将用尽"),
            (self.feed_button, "正在走纸"),
            (self.cutter_error, "切刀错误"),
            (self.unrecoverable, "不可恢复错误"),
            (self.auto_recoverable, "可自动恢复的错误（如打印头过热）"),
        ]
        words = [w for on, w in flags if on]
        return "；".join(words) if words else "正常"

    def to_dict(self) -> dict[str, object]:
        return {
            "state": self.state.value,
            "answered": self.answered,
            "bytes": [f"{b:02X}" if b is not None else None for b in self.bytes_],
            "offline": self.offline,
            "cover_open": self.cover_open,
            "paper_near_end": self.paper_near_end,
            "paper_out": self.paper_out,
            "cutter_error": self.cutter_error,
            "unrecoverable": self.unrecoverable,
            "auto_recoverable": self.auto_recoverable,
            "text": self.describe(),
        }


NOT_ANSWERING = PrinterStatus(PrinterState.OFFLINE)


def parse_status(
    b1: int | None, b2: int | None = None, b3: int | None = None, b4: int | None = None
) -> PrinterStatus:
    """The printer's state from the DLE EOT 1-4 answers (missing ones as None).

    A printer that does not answer n=1, or answers with something that is
    not a status byte, is OFFLINE. Missing answers to 2-4 are ignored (some
    printers only implement 1 and 4).
    """
    raw = (b1, b2, b3, b4)
    if not is_status_byte(b1) or any(b is not None and not is_status_byte(b) for b in raw[1:]):
        return PrinterStatus(PrinterState.OFFLINE, raw)
    s1, s2, s3, s4 = (b or 0x12 for b in raw)
    flags = dict(
        offline=bool(s1 & 0x08),
        cover_open=bool(s2 & 0x04),
        feed_button=bool(s2 & 0x08),
        paper_out=bool(s2 & 0x20 or s4 & 0x60),
        paper_near_end=bool(s4 & 0x0C),
        cutter_error=bool(s3 & 0x08),
        unrecoverable=bool(s3 & 0x20),
        auto_recoverable=bool(s3 & 0x40),
    )
    error = flags["cutter_error"] or flags["unrecoverable"] or flags["auto_recoverable"]
    if flags["cover_open"]:
        state = PrinterState.COVER_OPEN
    elif flags["paper_out"]:
        state = PrinterState.PAPER_OUT
    elif error or s2 & 0x40:
        state = PrinterState.ERROR
    elif flags["offline"]:
        state = PrinterState.OFFLINE
    elif flags["paper_near_end"]:
        state = PrinterState.PAPER_NEAR_END
    else:
        state = PrinterState.OK
    return PrinterStatus(state, raw, answered=True, **flags)


def state_from_status(b1: int, b2: int, b4: int) -> PrinterState:
    """Printer state from the DLE EOT 1, 2 and 4 answers (Epson bit meanings)."""
    return parse_status(b1, b2, None, b4).state
