"""ID card readers from config (devices.id_reader.backend)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from core.config import IdReaderConfig
from core.errors import DeviceError
from drivers.base import IdReader
from drivers.idcard.virtual import VirtualIdReader

log = logging.getLogger(__name__)


def create_id_reader(
    cfg: IdReaderConfig,
    *,
    auto_present_s: float | None = None,
    exclude_ports: Sequence[str] = (),
) -> IdReader | None:
    """The reader for ``cfg.backend`` (None for "none"); no device I/O happens here.

    ``exclude_ports`` are serial ports other devices use (a serial receipt
    printer): auto-detection never sends GA/T 467 bytes to them.
    """
    if cfg.backend == "none":
        return None
    if cfg.backend == "virtual":
        return VirtualIdReader(auto_present_s=auto_present_s)
    if cfg.backend == "serial":
        try:
            import serial  # noqa: F401
        except ImportError as exc:
            raise DeviceError("串口支持未安装", hint="请安装 pyserial", device="id_reader") from exc
        from drivers.idcard.ga467_serial import Ga467SerialReader
        from drivers.idcard.wlt_photo import load_decoder

        wlt, problem = None, ""
        try:
            wlt = load_decoder(cfg.wlt_library)
        except DeviceError as exc:
            log.warning("WLT photo library not loaded: %s", cfg.wlt_library)
            problem = exc.message
        return Ga467SerialReader(
            cfg.port, cfg.baud, exclude_ports=exclude_ports, wlt=wlt, wlt_problem=problem
        )
    if cfg.backend == "pcsc":
        try:
            import smartcard.scard  # noqa: F401
        except ImportError as exc:
            raise DeviceError(
                "PC/SC 支持未安装", hint="请安装 pcscd 和 pyscard", device="id_reader"
            ) from exc
        from drivers.idcard.pcsc_reader import PcscIdReader

        return PcscIdReader(cfg.reader)
    raise DeviceError(
        "不认识的读卡器类型", hint="devices.id_reader.backend 请写 virtual、serial、pcsc 或 none"
    )
