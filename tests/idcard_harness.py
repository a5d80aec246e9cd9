"""Shared parts for the ID card tests: one private pcscd per test process, waiting, events.

The pcscd is started once, on first use, in its own mount namespace with a
vpcd reader on a free port (emulators.pcscd_service), and this process's
PC/SC library is pointed at it. Tests that need PC/SC take the ``pcscd``
fixture; when pcscd truly cannot run here they are skipped with the reason.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from core.identity import Identity
from emulators.pcscd_service import PcscdUnavailable, PrivatePcscd
from tests.device_events import Events, wait_until  # noqa: F401  (re-exported for the card tests)

_pcscd: PrivatePcscd | None = None
_why_not = ""
# The PC/SC client library reads PCSCLITE_CSOCK_NAME once, at its first call in the
# process; this module is imported while tests are collected, before any test runs.
_ROOT = Path(tempfile.mkdtemp(prefix="ow-pcscd-"))
os.environ["PCSCLITE_CSOCK_NAME"] = str(_ROOT / "run" / "pcscd.comm")
atexit.register(shutil.rmtree, _ROOT, True)  # runs after pcscd is stopped (atexit is LIFO)


def shared_pcscd() -> PrivatePcscd:
    """The process's pcscd, started with its reader; skips the test if it cannot run."""
    global _pcscd, _why_not
    if _why_not:
        pytest.skip(f"pcscd cannot run here: {_why_not}")
    if _pcscd is None:
        d = PrivatePcscd(_ROOT)
        try:
            d.start()
        except PcscdUnavailable as exc:
            _why_not = str(exc)
            pytest.skip(f"pcscd cannot run here: {exc}")
        atexit.register(d.stop)
        _pcscd = d
        from smartcard import scard as sc

        hr, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
        if hr != sc.SCARD_S_SUCCESS:
            pytest.fail(
                "the test pcscd runs but this process cannot reach it: its PC/SC library was "
                "used before PCSCLITE_CSOCK_NAME was set (tests/idcard_harness.py)"
            )
        sc.SCardReleaseContext(ctx)
    if not _pcscd.running or not _pcscd.with_reader:
        _pcscd.restart(with_reader=True)
    return _pcscd


def wait_reader_empty(reader: str, timeout: float = 5.0) -> None:
    """Wait until pcscd itself has seen ``reader`` without a card.

    pcscd looks at a vpcd slot about every 400 ms: a card taken out and
    another put in faster than that would look like one card never removed,
    which no real card swap can do.
    """
    wait_reader_state(reader, present=False, timeout=timeout)


def wait_reader_state(reader: str, *, present: bool, timeout: float = 5.0) -> None:
    """Wait until pcscd reports a card in ``reader`` (or none, or no such reader)."""
    from smartcard import scard as sc

    hr, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
    if hr != sc.SCARD_S_SUCCESS:
        if present:
            raise AssertionError("pcscd is not running")
        return  # nothing holds a card
    want = sc.SCARD_STATE_PRESENT if present else sc.SCARD_STATE_EMPTY | sc.SCARD_STATE_UNKNOWN
    try:
        deadline = time.monotonic() + timeout
        state = sc.SCARD_STATE_UNAWARE
        while time.monotonic() < deadline:
            hr, res = sc.SCardGetStatusChange(ctx, 200, [(reader, state)])
            if hr == sc.SCARD_S_SUCCESS and res:
                state = res[0][1] & ~sc.SCARD_STATE_CHANGED
                if state & want:
                    return
            elif hr & 0xFFFFFFFF != sc.SCARD_E_TIMEOUT & 0xFFFFFFFF and not present:
                return  # no such reader (unplugged): empty by definition
    finally:
        sc.SCardReleaseContext(ctx)
    raise AssertionError(f"{reader}: card {'present' if present else 'absent'} not seen")


def no_photo(identity: Identity) -> Identity:
    return identity.model_copy(update={"photo": b""})
