"""The rule that a device is driven from one thread, asserted at run time.

Device libraries (pyserial, pyscard, OpenCV capture, python-escpos) are not
thread-safe, so the device manager gives each device one I/O thread (Electrum
runs all hardware traffic on one thread and asserts it: ``runs_in_hwd_thread``).
Backends subclass ``drivers.base.IdReader``/``Camera``/``Printer``; their I/O
methods are wrapped when the class is defined, so that between ``open`` (or
the first I/O call) and ``close`` every call comes from the thread that made
the first one. A call from another thread raises ``WrongThread`` before it
touches the device. The check is on unless ``ONEWINDOW_THREAD_CHECKS=0``; the
tests run with it on. Any thread may call these functions.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

CHECKS = os.environ.get("ONEWINDOW_THREAD_CHECKS", "1") != "0"
_OWNER = "_io_thread_owner"


class WrongThread(AssertionError):
    """A device method was called from a thread that does not own the device."""


def _wrap(name: str, method: Callable[..., Any], *, releases: bool) -> Callable[..., Any]:
    @functools.wraps(method)
    def io_method(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not CHECKS:
            return method(self, *args, **kwargs)
        me = threading.current_thread()
        owner = self.__dict__.get(_OWNER)
        if owner is None:
            self.__dict__[_OWNER] = me
        elif owner is not me and owner.is_alive():
            raise WrongThread(
                f"{type(self).__name__}.{name} called on thread {me.name!r}; "
                f"the device belongs to {owner.name!r}"
            )
        else:
            self.__dict__[_OWNER] = me  # the owner is gone (executor replaced): take over
        try:
            return method(self, *args, **kwargs)
        finally:
            if releases:
                self.__dict__.pop(_OWNER, None)

    io_method.__io_thread__ = True  # type: ignore[attr-defined]
    return io_method


def bind_io_methods(cls: type, names: Iterable[str], *, release: str = "close") -> None:
    """Wrap the I/O methods ``cls`` itself defines (called from ``__init_subclass__``)."""
    for name in names:
        method = cls.__dict__.get(name)
        if method is None or getattr(method, "__io_thread__", False):
            continue
        setattr(cls, name, _wrap(name, method, releases=name == release))
