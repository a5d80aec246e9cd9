"""Card reading benchmark: `python -m bench.card` prints one JSON line.

- ``ga467_read_ms_p50``: GA/T 467 reader emulated on a pty at 115200 baud,
  bytes paced like a real UART, read by the serial backend (pyserial): from
  the card presented to the identity, i.e. one find → select → read cycle
  started at once (in the apps a cycle starts every 300 ms at most, so a
  card waits up to 300 ms more for its cycle).
- ``ga467_wire_ms``: the time the cycle's bytes alone need at that baud rate
  (10 bits a byte); ``ga467_read_ms_p50 - ga467_wire_ms`` is the software
  overhead (goal <= 30 ms).
- ``pcsc_read_ms_p50``: the virtual social security card through the real
  pcscd and vpcd: from the card-inserted event pcscd reports to the
  identity (connect, SELECT SSSE, EF05/EF06 records, parse). Goal <= 50.
- ``pcsc_detect_ms_p50``: from the card connecting to vpcd until pcscd
  reports it inserted; pcscd polls vpcd's slot about every 400 ms, which no
  client can shorten (a real USB CCID reader interrupts at once).
- ``reads``: identities read in all.

pcscd runs privately (emulators.pcscd_service); where it cannot run,
the PC/SC figures are null and ``pcsc_note`` says why.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from drivers.idcard.ga467_serial import Ga467SerialReader, wire_seconds
from emulators.ga467_emulator import Ga467Emulator
from emulators.pcscd_service import PcscdUnavailable, PrivatePcscd
from emulators.sample_cards import all_card_kinds, social_security_identities

GA467_RUNS = 20
PCSC_RUNS = 10
BAUD = 115200


def _p50(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def bench_ga467() -> tuple[list[float], float]:
    kinds = [s.identity for s in all_card_kinds()]
    times: list[float] = []
    wire: list[int] = []
    with Ga467Emulator(baud=BAUD, pace=True) as emu:
        reader = Ga467SerialReader(emu.port, BAUD, poll_interval_s=0.0)
        reader.open()
        try:
            for i in range(GA467_RUNS + 2):
                emu.present(kinds[i % len(kinds)])
                before = emu.bytes_in + emu.bytes_out
                t0 = time.perf_counter()
                ident = reader.poll()
                took = (time.perf_counter() - t0) * 1000
                if ident is None:
                    raise RuntimeError("the emulated card was not read")
                wire.append(emu.bytes_in + emu.bytes_out - before)
                if i >= 2:  # the first cycles warm up imports and caches
                    times.append(took)
                emu.remove()
                reader.poll()  # sees the empty field
        finally:
            reader.close()
    return times, wire_seconds(statistics.median(wire), BAUD) * 1000


def bench_pcsc(root: Path) -> tuple[list[float], list[float], str]:
    pcscd = PrivatePcscd(root / "pcscd")
    try:
        pcscd.start()
    except PcscdUnavailable as exc:
        return [], [], str(exc)
    pcscd.use_in_this_process()
    from drivers.idcard.pcsc_reader import PcscIdReader
    from emulators.virtual_sscard import VirtualSocialSecurityCard

    reads: list[float] = []
    detects: list[float] = []
    reader = PcscIdReader(pcscd.reader_name)
    card = VirtualSocialSecurityCard(port=pcscd.vicc_port)
    people = social_security_identities()
    try:
        reader.open()
        sup = reader.supervisor
        for i in range(PCSC_RUNS + 1):
            card.insert(people[i % len(people)])
            st = sup.wait_for(lambda s: bool(s.cards), timeout=5)
            if st is None:
                raise RuntimeError("pcscd did not report the card")
            presence = next(iter(st.cards.values()))
            ident = reader.poll()
            done = time.monotonic()
            if ident is None:
                raise RuntimeError("the virtual card was not read")
            if i:
                reads.append((done - presence.since) * 1000)
                detects.append((presence.since - card.connected_at) * 1000)
            card.remove()
            sup.wait_for(lambda s: not s.cards, timeout=5)
    finally:
        card.remove()
        reader.close()
        pcscd.stop()
    return reads, detects, ""


def main() -> None:
    ga_times, wire_ms = bench_ga467()
    with tempfile.TemporaryDirectory(prefix="ow-bench-card-") as tmp:
        pc_reads, pc_detects, note = bench_pcsc(Path(tmp))
    out = {
        "ga467_read_ms_p50": _p50(ga_times),
        "ga467_wire_ms": round(wire_ms, 2),
        "pcsc_read_ms_p50": _p50(pc_reads),
        "pcsc_detect_ms_p50": _p50(pc_detects),
        "reads": len(ga_times) + len(pc_reads),
    }
    if note:
        out["pcsc_note"] = note
    print(json.dumps(out))


if __name__ == "__main__":
    main()
