"""Printers from config: devices.printer.uri → a Printer (and the virtual server)."""

from __future__ import annotations

from pathlib import Path

from core.config import PrinterConfig
from core.errors import DeviceError
from drivers.base import Printer
from drivers.printer.file import FilePrinter
from drivers.printer.network import NetworkPrinter
from drivers.printer.virtual_server import VirtualPrinterServer


def create_printer(
    cfg: PrinterConfig, *, virtual_dir: Path
) -> tuple[Printer | None, VirtualPrinterServer | None]:
    """The printer for ``cfg.uri`` (None for "none").

    For "virtual" a VirtualPrinterServer is started on loopback writing into
    ``virtual_dir`` and a NetworkPrinter talks to it, so the demo exercises
    the same code as a real network printer. usb:// and serial:// raise
    DeviceError until their backends exist. Call from the thread that owns
    the devices; starting the server binds a loopback socket.
    """
    uri = cfg.uri
    if uri == "none":
        return None, None
    if uri == "virtual":
        server = VirtualPrinterServer(virtual_dir, paper_mm=cfg.paper_mm).start()
        printer = NetworkPrinter("127.0.0.1", server.port, paper_mm=cfg.paper_mm, mode=cfg.mode)
        printer.backend = "virtual"
        return printer, server
    if uri.startswith("tcp://"):
        return NetworkPrinter.from_uri(uri, paper_mm=cfg.paper_mm, mode=cfg.mode), None
    if uri.startswith("file://"):
        return FilePrinter(uri.removeprefix("file://"), paper_mm=cfg.paper_mm, mode=cfg.mode), None
    scheme = uri.split(":", 1)[0]
    raise DeviceError(
        f"打印机接口 {scheme} 暂不支持（backend not available yet）",
        hint="请改用 tcp:// 网络打印机或 file:// 设备文件",
        device="printer",
    )
