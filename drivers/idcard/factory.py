"""ID card readers from config (devices.id_reader.backend)."""

from __future__ import annotations

from core.config import IdReaderConfig
from core.errors import DeviceError
from drivers.base import IdReader
from drivers.idcard.virtual import VirtualIdReader


def create_id_reader(
    cfg: IdReaderConfig, *, auto_present_s: float | None = None
) -> IdReader | None:
    """The reader for ``cfg.backend`` (None for "none"); no I/O happens here.

    serial (GA/T 467) and pcsc (social security cards) raise DeviceError
    until their backends exist, so health shows the reader as absent.
    """
    if cfg.backend == "none":
        return None
    if cfg.backend == "virtual":
        return VirtualIdReader(auto_present_s=auto_present_s)
    raise DeviceError(
        f"读卡器类型 {cfg.backend} 暂不可用（backend not available yet）",
        hint="请暂时使用 virtual，或联系管理员",
        device="id_reader",
    )
