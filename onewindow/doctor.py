"""`onewindow doctor`: what this device has and what is wrong with it."""

from __future__ import annotations

import time

from core.config import Config
from onewindow import messages_cli


def _serial_ports() -> list[str]:
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    return [f"{p.device} ({p.description})" for p in list_ports.comports()]


def _pcsc_readers() -> tuple[list[str], str]:
    """PC/SC readers with their state (card and ATR, empty, in use), or why there are none."""
    try:
        from smartcard import scard as sc
    except ImportError:
        return [], "PC/SC 不可用：未安装 pyscard"
    hr, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
    if hr != sc.SCARD_S_SUCCESS:
        return (
            [],
            f"PC/SC 不可用：{sc.SCardGetErrorMessage(hr)}"
            "（检查 pcscd 是否运行：systemctl status pcscd）",
        )
    try:
        hr, names = sc.SCardListReaders(ctx, [])
        if hr != sc.SCARD_S_SUCCESS or not names:
            return [], ""
        hr, states = sc.SCardGetStatusChange(ctx, 0, [(n, sc.SCARD_STATE_UNAWARE) for n in names])
        if hr != sc.SCARD_S_SUCCESS:
            return [str(n) for n in names], ""
        out = []
        for name, event, atr in states:
            if event & sc.SCARD_STATE_PRESENT:
                state = "有卡 card present, ATR " + bytes(atr).hex(" ").upper()
                if event & sc.SCARD_STATE_INUSE:
                    state += ", 使用中 in use"
            elif event & sc.SCARD_STATE_EMPTY:
                state = "无卡 empty"
            else:
                state = "不可用 unavailable"
            out.append(f"{name} [{state}]")
        return out, ""
    finally:
        sc.SCardReleaseContext(ctx)


def _doctor_voice(config: Config) -> int:
    """The kiosk's voice: its health in one line; 1 when configured but absent."""
    from core.config import Role
    from drivers.voice.device import VoiceDevice

    if config.role is Role.COUNTER or config.devices.voice.backend == "none":
        print("voice: 未配置 not configured")
        return 0
    got: list = []
    dev = VoiceDevice(config.devices, data_dir=config.data_path, on_status=got.append)
    dev.start()
    try:
        end = time.monotonic() + 5
        while not got and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        dev.close()
    if not got:
        print("voice: 无响应 no answer")
        return 1
    st = got[-1]
    print(f"voice: {st.health.value} {st.backend} {messages_cli.tr(st.message)}")
    return 1 if st.health.value == "absent" else 0


def run_doctor(config: Config, *, test_read: bool = False) -> int:
    from drivers.manager import DeviceManager
    from sync.client import BackofficeClient

    problems = 0
    print(
        f"角色 role: {config.role.value}  大厅 hall: {config.hall_code}  "
        f"设备 device: {config.device_code}"
    )
    print(f"数据目录 data: {config.data_path}")
    ports = _serial_ports()
    print("串口 serial ports:", ", ".join(ports) if ports else "无 none")
    readers, err = _pcsc_readers()
    print("PC/SC 读卡器 readers:", ", ".join(readers) if readers else (err or "无 none"))

    client = BackofficeClient(
        config.backoffice.url,
        token=config.backoffice.token,
        ca_file=config.backoffice.ca_file,
        timeout_s=min(config.backoffice.timeout_s, 3.0),
        proxy=config.backoffice.proxy,
        allow_plain_http=config.backoffice.allow_plain_http,
    )
    if client.health():
        print(f"后台 back office: {config.backoffice.url} 可连接 reachable")
    else:
        problems += 1
        print(
            f"后台 back office: {config.backoffice.url} 无法连接 unreachable — "
            "检查网络和 backoffice.url"
        )

    statuses: dict[str, object] = {}
    cards: list[str] = []
    mgr = DeviceManager(
        config.devices,
        data_dir=config.data_path,
        on_status=lambda st: statuses.__setitem__(st.device, st),
        on_card=lambda ident, warns: cards.append(ident.masked_id),
        on_card_error=lambda exc: cards.append(f"错误 error: {messages_cli.error_text(exc)}"),
    )
    mgr.start()
    try:
        end = time.monotonic() + 5
        while len(statuses) < 3 and time.monotonic() < end:
            time.sleep(0.05)
        for name in ("id_reader", "camera", "printer"):
            st = statuses.get(name)
            if st is None:
                problems += 1
                print(f"{name}: 无响应 no answer")
                continue
            print(f"{name}: {st.health.value} {st.backend} {messages_cli.tr(st.message)}")
            if st.health.value == "absent":
                problems += 1
        if test_read:
            if mgr.virtual_reader is not None:
                mgr.virtual_reader.present()
            mgr.set_card_polling(True)
            print("请放置证件 place a card (20 s)…")
            end = time.monotonic() + 20
            while not cards and time.monotonic() < end:
                time.sleep(0.1)
            print("读卡 read:", cards[0] if cards else "超时 timed out")
    finally:
        mgr.stop()
    problems += _doctor_voice(config)
    print("结论 result:", "正常 all good" if problems == 0 else f"{problems} 个问题 problem(s)")
    return 0 if problems == 0 else 1
