"""Printers from config: devices.printer.uri → a Printer (and the virtual server)."""

from __future__ import annotations

from pathlib import Path

from core.config import PrinterConfig
from drivers.base import Printer
from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.network import NetworkPrinter
from drivers.printer.profiles import profile_for
from drivers.printer.transport import parse_printer_uri
from drivers.printer.virtual_server import VirtualPrinterServer


def create_printer(
    cfg: PrinterConfig, *, virtual_dir: Path
) -> tuple[Printer | None, VirtualPrinterServer | None]:
    """The printer for ``cfg.uri`` (None for "none").

    For "virtual" a VirtualPrinterServer is started on loopback writing into
    ``virtual_dir`` and a NetworkPrinter talks to it, so the demo exercises
    the same code as a real network printer. tcp://, usb://, serial:// and
    file:// make an EscposPrinter over that transport; nothing is opened
    yet (the first status poll does it, on the printer thread). A malformed
    URI raises ConfigError. Call from the thread that owns the devices.
    """
    uri = cfg.uri
    profile_for(cfg.paper_mm)  # validates the paper width
    if uri == "none":
        return None, None
    if uri == "virtual":
        server = VirtualPrinterServer(virtual_dir, paper_mm=cfg.paper_mm).start()
        printer = NetworkPrinter("127.0.0.1", server.port, paper_mm=cfg.paper_mm, mode=cfg.mode)
        printer.backend = "virtual"
        return printer, server
    address = parse_printer_uri(uri)
    return EscposPrinter.from_address(address, paper_mm=cfg.paper_mm, mode=cfg.mode), None
