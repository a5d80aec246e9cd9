"""systemd service notifications (sd_notify) without libsystemd or Qt.

The Debian package runs the kiosk as a ``Type=notify`` unit with a watchdog:
the app says ``READY=1`` once its windows are up and ``WATCHDOG=1`` from a
timer on the GUI thread, so a frozen event loop stops the pings and systemd
restarts the kiosk. Outside systemd ($NOTIFY_SOCKET unset) every call is a
no-op. Any thread may call these functions.
"""

from __future__ import annotations

import os


def notify(state: str) -> bool:
    """Send ``state`` (e.g. ``"READY=1"``) to the service manager; False when there is none."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract socket namespace
    elif not address.startswith("/"):
        return False  # vsock addresses are for VMs, not for a kiosk
    import socket  # here: not on the way to the first paint outside systemd

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as s:
            s.connect(address)
            s.sendall(state.encode())
    except OSError:
        return False
    return True


def watchdog_interval_s() -> float | None:
    """How often to send ``WATCHDOG=1`` (half of WatchdogSec), or None when not asked to.

    systemd names the process it watches in $WATCHDOG_PID. The kiosk runs
    inside cage, so that is cage (our parent), which passes the variables on
    and does not ping itself; the unit sets NotifyAccess=all so our pings count.
    """
    try:
        usec = int(os.environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = os.environ.get("WATCHDOG_PID", "")
    if usec <= 0 or (pid and pid not in (str(os.getpid()), str(os.getppid()))):
        return None
    return usec / 2_000_000
