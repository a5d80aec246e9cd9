"""How bytes reach a printer, chosen by one URI in config (devices.printer.uri).

==============================================  ==================================
``tcp://host[:port]``                           network printer, raw port 9100
``usb://VID:PID[?in_ep=0x82&out_ep=0x01]``      USB printer through libusb (pyusb)
``serial:///dev/ttyUSB0?baud=115200&flow=...``  RS-232 or USB-serial; flow is
                                                ``none``, ``rtscts``, ``dsrdtr``
                                                or ``xonxoff`` (default none)
``file:///dev/usb/lp0``                         a device file (Linux usblp,
                                                parallel port) or a plain file
==============================================  ==================================

Every URI may end with ``status=off`` for printers (or print servers) that
never answer status queries; they are then assumed ready.

python-escpos does the talking (``escpos.printer.Network``, ``Usb``,
``Serial``, ``File``); this module adds what a status poller needs and
python-escpos leaves out: reads with a short timeout, discarding stale
input, and a "did the printer go away" signal (OSError). A transport is
not thread-safe: only the printer's I/O thread uses it.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import stat
import tty
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from core.errors import ConfigError
from core.i18n import N_
from core.messages import Term
from drivers.printer.escpos_lib import DeviceNotFoundError, File, Network, Serial

KEY = "devices.printer.uri"
FLOWS = ("none", "rtscts", "dsrdtr", "xonxoff")


class TransportError(OSError):
    """The printer cannot be reached; ``message`` says why in words for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PrinterAddress:
    """A parsed devices.printer.uri. Plain data."""

    scheme: str  # tcp | usb | serial | file
    uri: str
    host: str = ""
    port: int = 9100
    vid: int = 0
    pid: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    path: str = ""
    baud: int = 9600
    flow: str = "none"
    query_status: bool = True

    @property
    def label(self) -> str:
        """Where the printer is, for messages (no secrets in printer URIs)."""
        if self.scheme == "tcp":
            return f"{self.host}:{self.port}"
        if self.scheme == "usb":
            return f"USB {self.vid:04X}:{self.pid:04X}"
        return self.path


def _bad(uri: str, code: str, **params: Any) -> ConfigError:
    """ConfigError for devices.printer.uri; the hint gives examples (see the catalogue)."""
    return ConfigError(KEY, code, uri=uri, **params)


def _int(value: str, uri: str, what: str, base: int = 10) -> int:
    try:
        return int(value, base)
    except ValueError:
        raise _bad(uri, "config.printer_uri.not_number", field=what) from None


def parse_printer_uri(uri: str) -> PrinterAddress:
    """Parse a printer URI; raises ConfigError naming the key and an example."""
    parts = urlsplit(uri.strip())
    q = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    status = q.pop("status", "on").lower() not in ("off", "0", "no", "false")
    scheme = parts.scheme.lower()
    if scheme == "tcp":
        if not parts.hostname:
            raise _bad(uri, "config.printer_uri.no_host")
        try:
            port = parts.port or 9100
        except ValueError:
            raise _bad(uri, "config.printer_uri.bad_port") from None
        return PrinterAddress("tcp", uri, host=parts.hostname, port=port, query_status=status)
    if scheme == "usb":
        ids = parts.netloc.split(":")
        if len(ids) != 2 or not all(ids):
            raise _bad(uri, "config.printer_uri.usb_ids")
        return PrinterAddress(
            "usb",
            uri,
            vid=_int(ids[0], uri, Term(N_("厂商ID")), 16),
            pid=_int(ids[1], uri, Term(N_("产品ID")), 16),
            in_ep=_int(q.get("in_ep", "0x82"), uri, "in_ep", 0),
            out_ep=_int(q.get("out_ep", "0x01"), uri, "out_ep", 0),
            query_status=status,
        )
    if scheme in ("serial", "file"):
        path = unquote(parts.path or parts.netloc)
        if parts.netloc and parts.path:  # serial://COM3/ or a host part by mistake
            path = unquote(parts.netloc + parts.path)
        if not path:
            raise _bad(uri, "config.printer_uri.no_path")
        if scheme == "file":
            return PrinterAddress("file", uri, path=path, query_status=status)
        baud = _int(q.get("baud", "9600"), uri, "baud")
        if baud not in (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400):
            raise _bad(uri, "config.printer_uri.baud", baud=baud)
        flow = q.get("flow", "none").lower()
        if flow not in FLOWS:
            raise _bad(uri, "config.printer_uri.flow", flows=", ".join(FLOWS))
        return PrinterAddress("serial", uri, path=path, baud=baud, flow=flow, query_status=status)
    raise _bad(uri, "config.printer_uri.scheme", scheme=parts.scheme or "-")


class Transport(ABC):
    """A byte pipe to one printer. Printer I/O thread only.

    ``open`` and ``write`` raise TransportError (an OSError) when the printer
    is not there; ``read`` returns b"" when nothing came within the timeout.
    """

    scheme = "abstract"
    can_read = True

    def __init__(self, address: PrinterAddress) -> None:
        self.address = address
        self.is_open = False

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def write(self, data: bytes) -> None: ...

    @abstractmethod
    def read(self, n: int, timeout: float) -> bytes: ...

    def discard_input(self) -> None:
        """Drop late answers to earlier queries so answers stay paired with questions."""
        while self.read(64, 0.0):
            pass

    @abstractmethod
    def close(self) -> None: ...


class TcpTransport(Transport):
    """tcp://: python-escpos ``Network``; one connection kept open between jobs."""

    scheme = "tcp"

    def __init__(
        self, address: PrinterAddress, *, connect_timeout: float = 1.5, send_timeout: float = 15.0
    ) -> None:
        super().__init__(address)
        self.connect_timeout = connect_timeout
        self.send_timeout = send_timeout
        self._dev: Network | None = None
        self._sock: socket.socket | None = None

    def open(self) -> None:
        dev = Network(self.address.host, self.address.port, timeout=self.connect_timeout)
        try:
            dev.open()
        except DeviceNotFoundError:
            raise TransportError(f"连接不上网络打印机 {self.address.label}") from None
        sock: socket.socket = dev.device  # type: ignore[assignment]
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._dev, self._sock, self.is_open = dev, sock, True

    def write(self, data: bytes) -> None:
        assert self._dev is not None and self._sock is not None
        self._sock.settimeout(self.send_timeout)
        self._dev._raw(data)

    def read(self, n: int, timeout: float) -> bytes:
        assert self._sock is not None
        if timeout <= 0:
            ready, _, _ = select.select([self._sock], [], [], 0)
            if not ready:
                return b""
        self._sock.settimeout(max(timeout, 0.001))
        try:
            data = self._sock.recv(n)
        except TimeoutError:
            return b""
        if not data:
            raise ConnectionError("printer closed the connection")
        return data

    def close(self) -> None:
        if self._dev is not None:
            with contextlib.suppress(OSError):
                self._dev.close()
        self._dev = self._sock = None
        self.is_open = False


class SerialTransport(Transport):
    """serial://: python-escpos ``Serial`` (pyserial), 8N1 at the URI's baud rate."""

    scheme = "serial"

    def __init__(self, address: PrinterAddress, *, send_timeout: float = 30.0) -> None:
        super().__init__(address)
        self.send_timeout = send_timeout
        self._dev: Serial | None = None

    def open(self) -> None:
        a = self.address
        dev = Serial(
            devfile=a.path,
            baudrate=a.baud,
            timeout=0.5,
            xonxoff=a.flow == "xonxoff",
            dsrdtr=a.flow == "dsrdtr",
        )
        try:
            dev.open()
        except DeviceNotFoundError:
            raise TransportError(f"打不开串口 {a.path}") from None
        port = dev.device
        port.rtscts = a.flow == "rtscts"  # type: ignore[union-attr]
        # A printer holding the line busy must not hang the printer thread forever.
        port.write_timeout = self.send_timeout  # type: ignore[union-attr]
        port.reset_input_buffer()  # type: ignore[union-attr]
        self._dev, self.is_open = dev, True

    def write(self, data: bytes) -> None:
        assert self._dev is not None
        import serial

        try:
            self._dev._raw(data)
            self._dev.device.flush()  # type: ignore[union-attr]  # until the bytes left the port
        except serial.SerialTimeoutException:
            raise TransportError("串口打印机长时间不接收数据") from None
        except serial.SerialException as exc:
            raise TransportError(f"串口写入失败：{exc}") from None

    def read(self, n: int, timeout: float) -> bytes:
        assert self._dev is not None
        import serial

        port = self._dev.device
        try:
            port.timeout = max(0.0, timeout)  # type: ignore[union-attr]
            return port.read(n)  # type: ignore[union-attr]
        except serial.SerialException as exc:
            raise TransportError(f"串口读取失败：{exc}") from None

    def discard_input(self) -> None:
        assert self._dev is not None
        self._dev.device.reset_input_buffer()  # type: ignore[union-attr]

    def close(self) -> None:
        if self._dev is not None:
            with contextlib.suppress(Exception):
                self._dev.close()
        self._dev = None
        self.is_open = False


class UsbTransport(Transport):
    """usb://VID:PID: python-escpos ``Usb`` (pyusb on libusb-1.0), bulk endpoints.

    Reading status needs the printer's IN endpoint (``in_ep``). On Linux the
    user needs access to the device node (a udev rule); the usblp kernel
    driver is detached while we hold the device.
    """

    scheme = "usb"

    def __init__(self, address: PrinterAddress, *, send_timeout: float = 15.0) -> None:
        super().__init__(address)
        self.send_timeout = send_timeout
        self._dev = None

    def open(self) -> None:
        a = self.address
        try:
            import usb.core  # noqa: F401  (pyusb)
            from escpos.printer import Usb  # after escpos_lib (imported above) set its cache
        except ImportError:
            raise TransportError("未安装 pyusb，无法使用 USB 打印机") from None
        dev = Usb(
            a.vid, a.pid, timeout=int(self.send_timeout * 1000), in_ep=a.in_ep, out_ep=a.out_ep
        )
        try:
            dev.open()
        except DeviceNotFoundError:
            raise TransportError(f"未找到 USB 打印机 {a.vid:04X}:{a.pid:04X}") from None
        except ValueError as exc:  # usb.core.NoBackendError: libusb missing
            raise TransportError(f"无法访问 USB（{exc}），请安装 libusb-1.0") from None
        self._dev, self.is_open = dev, True

    def write(self, data: bytes) -> None:
        import usb.core

        assert self._dev is not None
        try:
            self._dev._raw(data)
        except usb.core.USBError as exc:
            raise TransportError(f"USB 写入失败：{exc}") from None

    def read(self, n: int, timeout: float) -> bytes:
        import usb.core

        assert self._dev is not None
        try:
            got = self._dev.device.read(self.address.in_ep, max(n, 64), int(timeout * 1000) or 1)
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise TransportError(f"USB 读取失败：{exc}") from None
        return bytes(got)[:n]

    def close(self) -> None:
        if self._dev is not None:
            with contextlib.suppress(Exception):
                self._dev.close()
        self._dev = None
        self.is_open = False


class _AppendFile(File):
    """python-escpos ``File`` that appends to plain files instead of truncating them."""

    def open(self, raise_not_found: bool = True) -> None:
        try:
            regular = stat.S_ISREG(os.stat(self.devfile).st_mode)
        except OSError:
            regular = False
        if not regular:
            super().open(raise_not_found)
            return
        try:
            self.device = open(self.devfile, "ab")  # noqa: SIM115 (closed by close())
        except OSError as e:
            self.device = None
            raise DeviceNotFoundError(f"Could not open {self.devfile}: {e}") from e


class FileTransport(Transport):
    """file://: python-escpos ``File`` for writing; status read back from character devices.

    A bidirectional character device (usblp's /dev/usb/lp0, a tty) answers
    status queries through the same node; a plain file never answers, so its
    status is only "can be written".
    """

    scheme = "file"

    def __init__(self, address: PrinterAddress) -> None:
        super().__init__(address)
        self._dev: _AppendFile | None = None
        self._rfd: int | None = None
        try:
            self.can_read = stat.S_ISCHR(os.stat(address.path).st_mode)
        except OSError:
            self.can_read = False

    def open(self) -> None:
        path = self.address.path
        dev = _AppendFile(path)
        try:
            dev.open()
        except DeviceNotFoundError:
            raise TransportError(f"打不开打印机设备 {path}") from None
        fd = dev.device.fileno()  # type: ignore[union-attr]
        self.can_read = stat.S_ISCHR(os.fstat(fd).st_mode)
        if os.isatty(fd):
            tty.setraw(fd)  # no echo, no newline translation: the bytes go as they are
        if self.can_read:
            try:
                self._rfd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
            except OSError:
                self.can_read = False
        self._dev, self.is_open = dev, True

    def write(self, data: bytes) -> None:
        assert self._dev is not None
        self._dev._raw(data)

    def read(self, n: int, timeout: float) -> bytes:
        if self._rfd is None:
            return b""
        ready, _, _ = select.select([self._rfd], [], [], max(0.0, timeout))
        if not ready:
            return b""
        try:
            return os.read(self._rfd, n)
        except BlockingIOError:
            return b""

    def close(self) -> None:
        if self._rfd is not None:
            with contextlib.suppress(OSError):
                os.close(self._rfd)
            self._rfd = None
        if self._dev is not None:
            with contextlib.suppress(Exception):
                self._dev.close()
        self._dev = None
        self.is_open = False


def make_transport(
    address: PrinterAddress, *, connect_timeout: float = 1.5, send_timeout: float = 15.0
) -> Transport:
    """The transport for a parsed address (not opened yet)."""
    if address.scheme == "tcp":
        return TcpTransport(address, connect_timeout=connect_timeout, send_timeout=send_timeout)
    if address.scheme == "serial":
        return SerialTransport(address, send_timeout=max(send_timeout, 30.0))
    if address.scheme == "usb":
        return UsbTransport(address, send_timeout=send_timeout)
    return FileTransport(address)
