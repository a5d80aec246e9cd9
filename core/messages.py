"""The one message catalogue: error code → Simplified Chinese words.

Errors carry a ``code`` and parameters, never prose (core.errors); this module
holds the words for every code: a message and, where there is something to do,
a hint, both with ``{named}`` placeholders. The strings are marked with ``N_``
so scripts/update_translations.py collects them into the Qt translation file;
English comes from Qt's translation system, so the kiosk, the counter and the
CLI (``--lang``) read an error the same way. Qt-free; any thread.

Adding an error: add its code here with its words, raise it with the code and
the parameters, run ``python scripts/update_translations.py`` and write the
English in assets/i18n/onewindow_en.ts. tests/test_messages.py checks that
every code raised anywhere is here and translated.

Long because it is data: one entry per code, grouped by area; the code below
the table (rendering, stored words) is short.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.i18n import N_


@dataclass(frozen=True)
class Message:
    """The words of one code: what happened and (optionally) what to do."""

    text: str
    hint: str = ""


def _m(text: str, hint: str = "") -> Message:
    return Message(text, hint)


MESSAGES: dict[str, Message] = {
    # -- generic ---------------------------------------------------------------
    "error": _m(N_("操作未能完成"), N_("请重试，或联系工作人员。")),
    "unexpected": _m(N_("发生意外错误，已记录日志。"), N_("请重试，或联系工作人员。")),
    # -- working-day calendar (core.deadlines, backoffice calendar import) --------
    "calendar.not_an_object": _m(
        N_("工作日历须是一个 JSON 对象"), N_("参照 assets/calendar/2027.json")
    ),
    "calendar.unknown_field": _m(
        N_("工作日历没有字段 {field}"), N_("只可有 year、days_off、workdays、source、note")
    ),
    "calendar.missing": _m(N_("工作日历缺少字段 {field}")),
    "calendar.bad_year": _m(N_("{field}: 年份须是 2000 至 2100 的整数")),
    "calendar.not_a_list": _m(N_("{field}: 须是日期的列表")),
    "calendar.bad_date": _m(N_("{field}: 日期须写成 YYYY-MM-DD")),
    "calendar.wrong_year": _m(N_("{field}: 日期不在 {year} 年")),
    "calendar.duplicate": _m(N_("{field}: 日期 {date} 重复")),
    "calendar.workday_not_weekend": _m(N_("{field}: {date} 不是周末，不能作调休上班日")),
    "calendar.both": _m(N_("{field}: {date} 既是放假日又是上班日")),
    "calendar.bad_source": _m(N_("{field}: 须是 official（官方发布）或 manual（手工录入）")),
    "calendar.bad_note": _m(N_("{field}: 说明须是文字，至多 {most} 字")),
    "calendar.bad_document": _m(N_("后台下发的工作日历格式错误（{field}），仍用原有日历")),
    "calendar.not_admin": _m(N_("只有系统管理员可以导入工作日历")),
    "calendar.invalid": _m(N_("工作日历有误，未导入")),
    # -- config ----------------------------------------------------------------
    "config.invalid": _m(N_("配置项 {key}: {detail}"), N_("{fix}")),
    "config.unknown_backend": _m(
        N_("配置项 {key}: 没有名为 {name} 的设备后端"), N_("可用的有：{known}")
    ),
    # -- store (sync.store) ------------------------------------------------------
    "store.full": _m(N_("磁盘空间不足，{what}未能{action}，请联系工作人员；已保存的办件不受影响")),
    "store.io": _m(
        N_("存储设备读写出错，{what}未能{action}，请联系工作人员；已保存的办件不受影响")
    ),
    "store.busy": _m(N_("本地数据库正忙，{what}未能{action}，请稍后再试")),
    "store.corrupt": _m(
        N_("本地数据库已损坏，{what}未能{action}，请联系工作人员（重启程序会自动修复）")
    ),
    "store.readonly": _m(N_("本地数据库只读，{what}未能{action}，请联系工作人员检查磁盘")),
    "store.other": _m(N_("本地存储出错，{what}未能{action}，请联系工作人员")),
    "store.closed": _m(N_("本地存储已关闭"), N_("请重启程序")),
    "store.newer_schema": _m(N_("本地数据库来自更新版本的程序"), N_("请安装最新版本的一窗通")),
    "store.file_id_invalid": _m(N_("材料文件编号无效")),
    "store.file_unknown": _m(N_("找不到材料文件")),
    "store.file_lost": _m(N_("材料文件已丢失"), N_("请重新扫描该材料")),
    "store.file_altered": _m(N_("材料文件校验失败，可能已损坏")),
    "store.case_not_submitted": _m(N_("只有已提交的办件才能保存待上报")),
    "store.case_no_receipt": _m(N_("办件缺少受理编号")),
    "store.case_differs": _m(N_("该办件已保存过，内容不同，不能覆盖")),
    "store.receipt_taken": _m(N_("受理编号 {receipt} 已被另一办件使用")),
    "store.case_file_missing": _m(
        N_("办件引用的材料文件不在本机存储中"), N_("请重新扫描该材料后再提交")
    ),
    "store.case_unknown": _m(N_("本机没有这个办件")),
    "store.entry_unknown": _m(N_("没有编号为 {entry} 的待上报记录")),
    "store.entry_done": _m(N_("记录 {entry} 已上报，无需重试")),
    "store.record_kind_unknown": _m(N_("不认识的记录类型 {kind}")),
    "store.handover_elsewhere": _m(
        N_("出件记录只能通过出件操作保存"), N_("请在“出件”页面确认出件")
    ),
    "store.record_differs": _m(N_("该记录已保存过，内容不同，不能覆盖")),
    "store.record_unknown": _m(N_("本机没有这条记录")),
    "store.supplement_no_case": _m(N_("本机没有这个办件，无法补正")),
    "store.supplement_file_missing": _m(
        N_("补正引用的材料文件不在本机存储中"), N_("请重新扫描该材料后再提交")
    ),
    "store.case_delivered": _m(
        N_("该办件已出件，不能重复出件"), N_("请核对受理编号；如有疑问请查看办件留痕或联系后台")
    ),
    "store.case_not_ready": _m(
        N_("该办件还没有办结，暂不能出件"), N_("请等后台办结（办件列表中为“待取件”）后再出件")
    ),
    # -- sync reasons (stored in the outbox and print jobs, shown to staff) ------
    # -- the USB bundle of a station offline for days (core.bundle) ---------------
    "bundle.not_a_bundle": _m(N_("这不是一窗通的离线数据包"), N_("请选择 .owbundle 文件")),
    "bundle.not_an_answer": _m(N_("这不是后台的回执文件"), N_("请选择 .owanswer 文件")),
    "bundle.damaged": _m(N_("离线数据包已损坏或被改动"), N_("请在设备上重新导出")),
    "bundle.unknown_device": _m(
        N_("数据包来自未登记的设备 {device}"), N_("请先登记该设备，再导入")
    ),
    "bundle.bad_signature": _m(
        N_("设备 {device} 的数据包签名不符，未导入任何内容"), N_("请在设备上重新导出")
    ),
    "bundle.other_recipient": _m(N_("数据包不是为本后台加密的")),
    "bundle.file_hash": _m(N_("数据包中的材料文件 {file_id} 校验不符")),
    "bundle.no_key": _m(
        N_("本设备没有后台的密钥，无法导出或读取回执"),
        N_("请重新登记本设备（onewindow sync enroll）"),
    ),
    "bundle.answer_signature": _m(
        N_("回执的签名不是本后台的，未作任何改动"), N_("请使用后台导入时生成的回执文件")
    ),
    "bundle.other_device": _m(N_("回执是给设备 {device} 的，不是本设备的")),
    "sync.failed": _m(N_("同步出错")),
    "sync.unreachable": _m(N_("后台无法连接")),
    "sync.local_record_unreadable": _m(N_("本机记录无法读取：{detail}")),
    "sync.local_file_unreadable": _m(N_("本机材料文件无法读取：{detail}")),
    "print.cancelled_by_staff": _m(N_("工作人员取消")),
    "print.expired_unprinted": _m(N_("超时未打印，未发出")),
    "print.job_damaged": _m(N_("打印记录已损坏")),
    "print.interrupted": _m(N_("程序重启前未打印完成")),
    "store.damaged.key_mismatch": _m(N_("数据库与设备密钥不匹配")),
    "store.damaged.unreadable": _m(N_("数据库无法读取（{error}）")),
    "store.damaged.integrity": _m(N_("完整性检查未通过（{count} 处错误）")),
    "store.damaged.empty": _m(N_("数据库文件是空的（0 字节）")),
    "store.unsalvaged.unreadable": _m(
        N_("损坏的数据库完全无法读取，其中的办件不明"), N_("请核对纸质受理回执，送交后台")
    ),
    "store.unsalvaged.case_unreadable": _m(N_("办件记录已损坏，无法恢复")),
    "store.unsalvaged.other_key": _m(
        N_("办件由另一把设备密钥加密，本机无法读取"),
        N_("如能找回原来的 device.key，请联系管理员恢复"),
    ),
    "store.unsalvaged.files_lost": _m(N_("办件的材料文件已丢失，无法恢复")),
    "store.unsalvaged.record_unreadable": _m(N_("补正、评价或出件记录已损坏，无法恢复")),
    "store.unsalvaged.receipt_only": _m(N_("只找到受理编号，办件内容无法恢复")),
    "store.unsalvaged.no_receipt": _m(N_("编号不明")),
    "store.unsalvaged.banner": _m(
        N_("有 {count} 件办件未能从损坏的数据库中恢复（受理编号：{receipts}）"),
        N_("请把纸质材料送交后台，再由工作人员确认（onewindow sync acknowledge）"),
    ),
    "store.unsalvaged.banner_some": _m(
        N_(
            "有 {count} 件办件未能从损坏的数据库中恢复（受理编号：{receipts}；另有 {unknown} 件编号不明）"  # noqa: E501
        ),
        N_("请把纸质材料送交后台，再由工作人员确认（onewindow sync acknowledge）"),
    ),
    "store.unsalvaged.banner_none": _m(
        N_("有 {count} 项未能从损坏的数据库中恢复，受理编号不明"),
        N_("请核对纸质受理回执并送交后台，再由工作人员确认（onewindow sync acknowledge）"),
    ),
    # -- identity checks (core.identity) ---------------------------------------
    "identity.birth_mismatch": _m(N_("证件出生日期与身份证号码不一致"), N_("请到人工窗口核验证件")),
    "identity.expired": _m(
        N_("证件已于{valid_to:%Y年%m月%d日}过期"), N_("请先办理证件换领，或到人工窗口咨询")
    ),
    "identity.gender_mismatch": _m(N_("证件性别与身份证号码不一致"), N_("请到人工窗口核验证件")),
    "identity.id_number_birth_implausible": _m(
        N_("身份证号码中的出生日期不合理"), N_("请核对证件")
    ),
    "identity.id_number_birth_invalid": _m(
        N_("身份证号码中的出生日期无效"), N_("请核对证件，或到人工窗口办理")
    ),
    "identity.id_number_check": _m(N_("身份证号码校验位不正确"), N_("请核对号码是否输错")),
    "identity.id_number_format": _m(
        N_("身份证号码格式不正确，应为18位"), N_("请核对号码，最后一位可以是数字或X")
    ),
    "identity.permit_number_format": _m(
        N_("永久居留证号码格式不正确"), N_("请核对证件，或到人工窗口办理")
    ),
    # -- unified social credit code (core.credit_code, GB 32100) -----------------
    "credit_code.empty": _m(N_("请填写统一社会信用代码"), N_("见营业执照上的18位代码")),
    "credit_code.length": _m(
        N_("统一社会信用代码应为18位，现为{length}位"), N_("请对照营业执照核对代码")
    ),
    "credit_code.char": _m(
        N_("统一社会信用代码第{position}位的“{char}”不是允许的字符"),
        N_("代码只含数字和大写字母（没有 I、O、S、V、Z），第3至8位是数字"),
    ),
    "credit_code.check": _m(
        N_("统一社会信用代码第{position}位（校验码）“{char}”不正确"),
        N_("前17位中可能有一位输错，请对照营业执照逐位核对"),
    ),
    # -- card contents: PC/SC profiles, social security cards, GA/T 467 text ---
    "card_access": _m(N_("此社会保障卡需要密码或专用设备才能读取"), N_("请到人工窗口办理")),
    "card_command.read": _m(N_("读取社会保障卡失败"), N_("请重新插卡；仍不行请到人工窗口办理")),
    "card_command.select": _m(
        N_("社会保障卡文件无法选取"), N_("请重新插卡；仍不行请到人工窗口办理")
    ),
    "card_data.date_format": _m(N_("证件中的日期格式错误"), N_("请将证件移开后重新放置")),
    "card_data.date_invalid": _m(N_("证件中的日期无效"), N_("请将证件移开后重新放置")),
    "card_data.encoding": _m(N_("证件信息编码错误，无法读取"), N_("请将证件移开后重新放置")),
    "card_data.gender": _m(N_("证件中的性别代码无效"), N_("请将证件移开后重新放置")),
    "card_data.no_birth": _m(N_("证件中没有出生日期"), N_("请将证件移开后重新放置")),
    "card_data.no_name": _m(N_("证件中没有姓名"), N_("请将证件移开后重新放置")),
    "card_data.no_number": _m(N_("证件中没有证件号码"), N_("请将证件移开后重新放置")),
    "card_data.text_length": _m(N_("证件文字信息长度不是256字节"), N_("请将证件移开后重新放置")),
    "card_data.unknown_type": _m(
        N_("无法识别的证件类型标识"), N_("请放置居民身份证或居住证、永久居留身份证")
    ),
    "card_removed": _m(N_("读卡过程中卡片被拔出"), N_("请重新插入卡片，读完前不要拔卡")),
    "card_unreadable": _m(N_("卡片无响应"), N_("请确认卡片芯片朝向正确，重新插卡")),
    "card_unsupported": _m(N_("此卡片暂不支持"), N_("请使用社会保障卡，或到人工窗口办理")),
    "ssse_data.date_format": _m(N_("社会保障卡中的日期格式错误"), N_("请重新插卡")),
    "ssse_data.date_invalid": _m(N_("社会保障卡中的日期无效"), N_("请重新插卡")),
    "ssse_data.digits": _m(
        N_("社会保障卡中的数字格式错误"), N_("请重新插卡；仍不行请到人工窗口办理")
    ),
    "ssse_data.encoding": _m(N_("社会保障卡中的文字编码错误"), N_("请重新插卡")),
    "ssse_data.gender": _m(N_("社会保障卡中的性别代码无效"), N_("请重新插卡")),
    "ssse_data.length": _m(N_("社会保障卡数据长度错误"), N_("请重新插卡；仍不行请到人工窗口办理")),
    "ssse_data.no_holder": _m(N_("社会保障卡中没有姓名或社会保障号码"), N_("请到人工窗口办理")),
    "ssse_data.number_format": _m(N_("社会保障卡中的号码格式错误"), N_("请重新插卡")),
    # -- GA/T 467 frames and SAM status words (class codes, kept for the CLI JSON) ---
    "ga467_frame_checksum": _m(
        N_("读卡器返回的数据校验错误"), N_("请将证件移开后重新平放在读卡区")
    ),
    "ga467_frame_header": _m(N_("读卡器返回的数据格式错误"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_frame_length": _m(N_("读卡器返回的数据长度错误"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_frame_length_card_data": _m(
        N_("读卡器返回的证件数据不完整"), N_("请将证件移开后重新平放在读卡区")
    ),
    "ga467_frame_length_command": _m(N_("读卡器收到的命令长度错误"), N_("请重试")),
    "ga467_frame_length_mismatch": _m(
        N_("读卡器返回的证件数据长度不一致"), N_("请将证件移开后重新平放在读卡区")
    ),
    "ga467_frame_length_sam_id": _m(N_("读卡器返回的安全模块编号不完整"), N_("请重试")),
    "ga467_frame_length_text": _m(
        N_("证件文字信息长度不是256字节"), N_("请将证件移开后重新平放在读卡区")
    ),
    "ga467_frame_truncated": _m(N_("读卡器返回的数据不完整"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_frame_truncated_read": _m(
        N_("读卡中断，证件数据没有读完"), N_("请将证件移开后重新平放在读卡区")
    ),
    "ga467_no_response": _m(N_("读卡器无响应"), N_("请检查读卡器的电源和连接线")),
    "ga467_sw3_10": _m(N_("读卡器收到的命令校验和错误"), N_("请重试；反复出现请检查读卡器连接线")),
    "ga467_sw3_11": _m(N_("读卡器收到的命令长度错误"), N_("请重试；反复出现请检查读卡器连接线")),
    "ga467_sw3_21": _m(N_("读卡器不支持该命令"), N_("请联系管理员检查读卡器型号")),
    "ga467_sw3_23": _m(N_("读卡器拒绝了该操作"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_sw3_24": _m(N_("读卡器报告未知错误"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_sw3_33": _m(N_("证件信息校验失败"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_sw3_3x": _m(N_("证件认证失败"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_sw3_40": _m(N_("无法识别的证件类型"), N_("请放置居民身份证或居住证、永久居留身份证")),
    "ga467_sw3_41": _m(N_("读取证件失败"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_sw3_47": _m(N_("读卡器取随机数失败"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_sw3_60": _m(N_("读卡器安全模块自检失败"), N_("读卡器需要维修，请到人工窗口办理")),
    "ga467_sw3_66": _m(N_("读卡器安全模块未经授权"), N_("请联系管理员更换经授权的读卡器")),
    "ga467_sw3_80": _m(N_("未找到证件"), N_("请将证件平放在读卡区")),
    "ga467_sw3_81": _m(N_("选取证件失败"), N_("请将证件移开后重新平放在读卡区")),
    "ga467_sw3_91": _m(N_("证件中没有该项内容"), N_("请到人工窗口办理")),
    "ga467_sw3_unknown": _m(N_("读卡器返回了未知状态"), N_("请将证件移开后重新平放在读卡区")),
    # -- ID card reader devices ------------------------------------------------
    "id_reader.not_started": _m(N_("读卡器未启动")),
    "id_reader.stopped": _m(N_("读卡器已停止")),
    "id_reader.disconnected": _m(N_("读卡器已断开"), N_("请检查读卡器连接")),
    "id_reader.no_pcsc": _m(N_("PC/SC 支持未安装"), N_("请安装 pcscd 和 pyscard")),
    "id_reader.no_pyserial": _m(N_("串口支持未安装"), N_("请安装 pyserial")),
    "id_reader.no_response": _m(N_("读卡器无响应"), N_("请检查读卡器的电源和连接线")),
    "id_reader.no_serial_ports": _m(
        N_("没有找到串口设备"), N_("请插好身份证读卡器，或在配置中填写 devices.id_reader.port")
    ),
    "id_reader.not_found": _m(
        N_("未找到身份证读卡器"), N_("请检查读卡器电源和连接线，或核对端口和波特率设置")
    ),
    "id_reader.not_open": _m(N_("读卡器未打开")),
    "id_reader.port_missing": _m(
        N_("找不到读卡器串口"), N_("请检查读卡器连接线和 devices.id_reader.port")
    ),
    "id_reader.serial_io": _m(N_("读卡器串口读写失败"), N_("请检查读卡器的连接线")),
    "id_reader.unplugged": _m(N_("读卡器已拔出"), N_("请插好读卡器")),
    "id_reader.virtual_unplugged": _m(N_("虚拟读卡器未连接"), N_("模拟拔出状态")),
    "id_reader.wlt_missing": _m(
        N_("照片解码库文件不存在"), N_("请检查 devices.id_reader.wlt_library 的路径")
    ),
    "id_reader.wlt_unloadable": _m(
        N_("照片解码库无法加载"), N_("请检查 devices.id_reader.wlt_library 的路径")
    ),
    # -- camera devices --------------------------------------------------------
    "camera.not_started": _m(N_("高拍仪未启动")),
    "camera.stopped": _m(N_("高拍仪已停止")),
    "camera.disconnected": _m(N_("高拍仪已断开")),
    "camera.folder_empty": _m(N_("目录 {folder} 中没有图片")),
    "camera.folder_gone": _m(N_("图片目录不见了"), N_("请检查配置的图片目录")),
    "camera.folder_missing": _m(N_("找不到样例图片目录 {folder}")),
    "camera.image_unreadable": _m(N_("无法读取图片 {file}")),
    "camera.no_frame": _m(N_("摄像头没有画面"), N_("请检查高拍仪连接")),
    "camera.not_open": _m(N_("摄像头未打开")),
    "camera.open_failed": _m(N_("无法打开摄像头"), N_("请检查高拍仪连接或配置的 source")),
    "camera.unavailable": _m(N_("高拍仪不可用"), N_("请检查高拍仪连接")),
    # -- voice -----------------------------------------------------------------
    "voice.no_server": _m(
        N_("连接不上语音服务 {address}：{why}"),
        N_("请检查 speech-dispatcher 是否已安装并在运行（spd-say 测试）"),
    ),
    "voice.lost": _m(N_("语音服务连接已断开"), N_("会自动重连；持续出现请重启 speech-dispatcher")),
    "voice.refused": _m(N_("语音服务拒绝了命令：{reply}"), N_("请检查 speech-dispatcher 的配置")),
    "voice.no_voice": _m(
        N_("语音服务没有 {language} 语言的声音"), N_("请安装 espeak-ng（含普通话 cmn 声音）")
    ),
    # -- page scanning ---------------------------------------------------------
    "scan.photo_unreadable": _m(N_("无法读取图片 {path}"), N_("请给出一张 JPEG、PNG 或 BMP 照片")),
    "scan.photo_too_small": _m(
        N_("图片 {path} 只有 {width}×{height} 像素，看不出材料"), N_("请用高拍仪或手机重新拍一张")
    ),
    "scan.photo_too_large": _m(
        N_("图片 {path} 有 {pixels} 像素，超过上限 {limit} 像素"),
        N_("请把照片缩小后再试"),
    ),
    "scan.bad_corners": _m(N_("材料的四个角不对"), N_("请拖动四个角对准材料边缘，或重新拍摄")),
    "scan.encode_failed": _m(N_("页面编码失败"), N_("请重新拍摄")),
    "scan.frame_damaged": _m(N_("原始画面已损坏"), N_("请重新拍摄这一页")),
    "scan.frame_encode_failed": _m(N_("画面编码失败"), N_("请重新拍摄")),
    "scan.no_image": _m(N_("没有画面"), N_("请检查高拍仪后重新拍摄")),
    "scan.no_pages": _m(N_("没有可以保存的页面"), N_("请先拍摄至少一页")),
    "scan.page_failed": _m(N_("处理页面时出错"), N_("请重新拍摄")),
    "scan.pdf_failed": _m(N_("页面无法合成为PDF"), N_("请删除有问题的页面后重新拍摄")),
    # -- other devices ---------------------------------------------------------
    "device.no_cjk_font": _m(
        N_("找不到中文字体"), N_("请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）")
    ),
    "keyboard.no_pinyin": _m(
        N_("拼音输入暂不可用（缺少 libgooglepinyin）"),
        N_("请改用手写或其他键盘，或请工作人员协助"),
    ),
    "keyboard.no_handwriting": _m(
        N_("手写输入暂不可用（缺少 Zinnia 手写识别）"),
        N_("请改用拼音或其他键盘，或请工作人员协助"),
    ),
    # -- printer ---------------------------------------------------------------
    "printer.cover_open": _m(N_("打印机盖未关好"), N_("请合上打印机盖后重试")),
    "printer.fault": _m(N_("打印机故障（切刀卡纸或过热）"), N_("请打开打印机盖清除卡纸，稍候再试")),
    "printer.job_pending": _m(N_("该单据正在等待打印"), N_("打印机恢复后会自动打印，无需补打")),
    "printer.not_configured": _m(N_("未配置打印机"), N_("请到人工窗口打印")),
    "printer.not_printed_before_exit": _m(N_("程序退出前未打印"), N_("下次启动后会自动打印")),
    "printer.not_started": _m(N_("打印机未启动")),
    "printer.stopped": _m(N_("打印机已停止")),
    "printer.offline": _m(N_("打印机未连接或未就绪"), N_("请检查打印机电源和连接线")),
    "printer.paper_out": _m(N_("打印机缺纸"), N_("请更换打印纸后重试")),
    # -- service catalog -------------------------------------------------------
    "catalog.bad_answer": _m(N_("问题 {question} 的选项无效")),
    "catalog.file_unreadable": _m(
        N_("无法读取事项目录文件 {path}（{why}）"),
        N_("请检查配置项 catalog_file，或把它留空以使用后台下发的目录"),
    ),
    "catalog.malformed": _m(N_("事项目录格式错误：{detail}"), N_("请联系管理员更新目录")),
    "catalog.no_bundle": _m(N_("目录中没有“一件事” {bundle}")),
    "catalog.no_life_event": _m(N_("目录中没有人生事件 {event}")),
    "catalog.no_item": _m(N_("目录中没有事项 {item}"), N_("请刷新事项目录或咨询工作人员")),
    "catalog.no_material": _m(N_("事项 {item} 没有材料 {material}")),
    "catalog.unanswered": _m(N_("请先回答：{text}")),
    # -- cases -----------------------------------------------------------------
    "case.bad_transition": _m(N_("办件状态不能从“{from_label}”变为“{to_label}”")),
    "case.frozen": _m(N_("办件已提交，不能再修改"), N_("如需补充材料，请办理补正")),
    "case.material_missing": _m(
        N_("缺少必须提交的材料：{material_name}"), N_("请扫描该材料后再提交")
    ),
    "case.no_deficiency": _m(N_("该办件没有待补正的材料"), N_("无需打印补正材料通知书")),
    "case.no_material": _m(N_("办件没有材料 {material}")),
    "draft.item_gone": _m(
        N_("未完成的受理“{item}”无法继续：目录中已没有这个事项"),
        N_("请放弃这份草稿，重新选择事项受理"),
    ),
    # -- form fields (core.intake.check_form; words, not errors) ---------------
    "form.choice": _m(N_("请从选项中选择{label}")),
    "form.date": _m(N_("日期格式应为 年-月-日，例如 2026-01-31")),
    "form.phone": _m(N_("手机号码应为11位数字，以1开头")),
    "form.required": _m(N_("请填写{label}")),
    # -- result pickup ---------------------------------------------------------
    "pickup.already_delivered": _m(
        N_("该办件已出件，不能重复出件"), N_("请核对受理编号；如有疑问请查看办件留痕或联系后台")
    ),
    "pickup.bad_receipt_no": _m(
        N_("受理编号格式不正确"), N_("请按回执上的受理编号完整输入，或扫描回执二维码")
    ),
    "pickup.not_collector": _m(
        N_("领取人不是该办件的申请人或登记的代办人，不能出件"),
        N_("请申请人本人持身份证领取；由他人代领的，须是受理时登记的代办人并出示其身份证"),
    ),
    "pickup.not_here": _m(
        N_("本窗口没有这个受理编号的办件"),
        N_("请核对受理编号；其他窗口或网上受理的办件请到受理处领取"),
    ),
    # -- 补正: materials handed in later (issue 14, item 3; core.supplements) --------
    "pickup.materials_outstanding": _m(
        N_("办件还有待补正的材料：{materials}，不能出件"),
        N_("请申请人先补交这些材料（窗口或自助终端“补交材料”），或由审核人员决定免于补正"),
    ),
    "supplement.none_owed": _m(
        N_("这份办件没有待补交的材料"), N_("材料已齐全，无需补交；可凭受理回执查询进度")
    ),
    "supplement.not_found": _m(
        N_("没有找到需要补交材料的办件"),
        N_("请核对受理编号和校验码（见受理回执二维码下方），或刷身份证查找"),
    ),
    "supplement.bad_receipt": _m(
        N_("受理编号或校验码格式不正确"),
        N_("受理编号形如 FS01-K01-20261124-0007，校验码是8位字母和数字"),
    ),
    "supplement.nothing_scanned": _m(
        N_("还没有拍摄要补交的材料"), N_("请选择材料，放到镜头下拍摄后再提交")
    ),
    "supplement.not_owed": _m(N_("材料 {material} 不在待补正清单中")),
    "supplement.needs_network": _m(
        N_("这份办件不是本机受理的，查找需要连接后台"),
        N_("请稍后再试，或到人工窗口补交"),
    ),
    # -- 网上预审件 at the window (issue 16, item 6) ------------------------------
    "online.bad_number": _m(
        N_("网上申报号格式不正确"), N_("网上申报号形如 WS202612030001（WS、8位日期、4位序号）")
    ),
    "online.not_found": _m(N_("没有找到这份网上申报"), N_("请核对申报号，或请申请人刷身份证查找")),
    "online.needs_network": _m(N_("调取网上申报需要连接后台"), N_("网络恢复后再试")),
    "online.needs_clerk": _m(N_("请先用工作人员账号在线登录"), N_("离线登录不能调取网上申报")),
    "online.submitted": _m(
        N_("这份网上申报还在等待预审，不能当场受理"), N_("请申请人等待预审结果")
    ),
    "online.returned": _m(
        N_("这份网上申报已被退回补正：{reason}"), N_("请申请人按退回理由补正后重新申报")
    ),
    "online.taken": _m(N_("这份网上申报已当场受理过（受理编号 {receipt_no}）")),
    "online.unchecked": _m(
        N_("还有材料没有核验原件：{material_name}"), N_("逐项核对原件与网上材料后再受理")
    ),
    "online.rescan": _m(
        N_("“{material_name}”原件与网上材料不一致，请在高拍仪上重新拍摄原件"),
    ),
    "online.bad_file": _m(N_("网上申报的材料文件与后台记录不符"), N_("请稍后重试")),
    # -- 通办出件 and 进度查询 (issue 14 items 1, 2) --------------
    "pickup.need_check_code": _m(
        N_("本窗口没有这个办件，需要回执上的校验码才能向后台查询"),
        N_("请扫描受理回执上的二维码，或输入受理编号和二维码下方的校验码；也可读取申请人身份证"),
    ),
    "pickup.not_found_anywhere": _m(
        N_("后台没有与受理编号和校验码相符的办件"),
        N_("请核对受理编号和校验码；刚受理的办件可能还在上传中，请稍后再试"),
    ),
    "pickup.needs_network": _m(
        N_("其他窗口或大厅受理的办件需要联网才能查询和出件"),
        N_("请检查网络连接后重试；本窗口受理的办件不受影响"),
    ),
    "pickup.not_ready": _m(N_("该办件还没有办结，暂不能出件"), N_("请等待审批结果后再来领取")),
    # -- 邮寄送达: the address, the recipient's mobile, the waybill (issue 16, item 8) --
    "delivery": _m(N_("邮寄信息不完整"), N_("请核对收件地址、收件人和手机号码")),
    "delivery.no_province": _m(N_("请选择收件地址所在的省份")),
    "delivery.no_city": _m(
        N_("请选择或填写收件地址所在的城市"), N_("省份下没有城市可选时，请直接输入城市名称")
    ),
    "delivery.no_district": _m(
        N_("请选择或填写收件地址所在的区县"), N_("城市下没有区县可选时，请直接输入区县名称")
    ),
    "delivery.no_detail": _m(
        N_("请填写详细地址（街道、门牌号）"), N_("至少4个字，例如 体育西路1号2栋301")
    ),
    "delivery.detail_too_long": _m(N_("详细地址太长"), N_("最多 {limit} 个字")),
    "delivery.no_recipient": _m(N_("请填写收件人姓名"), N_("最多40个字")),
    "delivery.phone_length": _m(
        N_("手机号码应为11位数字，现在是{count}位"),
        N_("只填数字，不要空格或横线，例如 13812341234"),
    ),
    "delivery.phone_not_mobile": _m(
        N_("这不是手机号码：应以13至19开头"), N_("邮寄送达需要收件人的手机号码，用于快递通知")
    ),
    "delivery.bad_waybill": _m(
        N_("运单号格式不正确：应为8至20位字母和数字"),
        N_("请扫描快递面单上的条码，或照面单核对后重新输入"),
    ),
    "delivery.bad_carrier": _m(N_("请选择快递公司")),
    "delivery.not_express": _m(
        N_("该办件选择的是窗口自取，不能按邮寄出件"), N_("请读取领取人身份证后出件")
    ),
    "delivery.no_waybill": _m(
        N_("邮寄送达的办件需要先录入运单号"),
        N_("请把快递面单的条码放到高拍仪下，或用扫码枪扫描面单条码"),
    ),
    "progress.bad_input": _m(
        N_("没有认出受理编号"),
        N_("请扫描受理回执上的二维码，或输入受理编号（如 FS01-K01-20261124-0007）"),
    ),
    "progress.need_check_code": _m(N_("请输入校验码"), N_("校验码印在受理回执二维码的下方，共8位")),
    "progress.not_found": _m(
        N_("尚未收到受理编号为 {receipt_no} 的办件，设备联网后会上传"),
        N_("请稍后再查；如一天后仍查不到，请核对受理编号和校验码，或到综合窗口咨询"),
    ),
    "progress.offline_not_here": _m(
        N_("暂时无法连接后台，本机没有这个办件"),
        N_("请稍后再查，或到综合窗口咨询"),
    ),
    # -- evaluations -----------------------------------------------------------
    "evaluation.invalid": _m(N_("评价内容不符合要求"), N_("请重新选择评价等级和原因后再提交")),
    # -- local storage ---------------------------------------------------------
    "storage.crypt_format": _m(N_("加密数据格式不正确，可能已损坏")),
    "storage.crypt_mismatch": _m(N_("加密数据校验失败，可能已损坏或密钥不符")),
    "storage.data_dir_not_dir": _m(
        N_("数据目录 {path} 不是文件夹"), N_("请检查配置项 data_dir：它应当是一个文件夹的路径")
    ),
    "storage.data_dir_readonly": _m(
        N_("数据目录 {path} 无法写入（{why}）"),
        N_("请让运行本程序的用户可以写入该文件夹，或在 data_dir 中换一个文件夹"),
    ),
    "storage.key_missing": _m(
        N_("找不到设备密钥文件 {path}，已保存的办件无法读取"),
        N_("请从备份恢复 device.key 后重启；确定放弃本机未上报的办件时，先移走 {db}"),
    ),
    "storage.key_damaged": _m(
        N_("设备密钥文件已损坏，无法读取已保存的办件"), N_("请联系管理员从备份恢复 device.key")
    ),
    "storage.print_job_damaged": _m(N_("打印记录已损坏，无法补打")),
    "storage.print_job_missing": _m(N_("找不到这条打印记录"), N_("请刷新打印记录列表")),
    "storage.token_unreadable": _m(
        N_("设备令牌文件无法读取"), N_("请重新登记本设备（onewindow sync enroll 登记码）")
    ),
    # -- back office conversation (sync_* are class codes) ---------------------
    "sync.bad_reply": _m(N_("后台的答复无法理解（{status}）：{reason}")),
    "sync.bad_status_reply": _m(N_("后台的状态答复格式不正确"), N_("稍后自动重试")),
    "sync.foreign_url": _m(N_("后台给出的地址不在本后台"), N_("请管理员检查 backoffice.url")),
    "sync.no_token": _m(N_("后台没有给出设备令牌"), N_("请检查后台版本")),
    "sync.not_json": _m(N_("后台的答复不是有效的 JSON"), N_("稍后自动重试")),
    "sync.request_failed": _m(N_("请求后台失败"), N_("请管理员检查 backoffice.url")),
    "sync.upload_checksum": _m(N_("上传的数据块多次校验失败"), N_("稍后自动重试")),
    "sync.upload_no_location": _m(N_("后台没有给出上传地址（Location）"), N_("稍后自动重试")),
    "sync.upload_no_offset": _m(N_("后台的上传答复缺少 Upload-Offset"), N_("稍后自动重试")),
    "sync.upload_no_offset_head": _m(
        N_("后台没有给出上传位置（Upload-Offset）"), N_("稍后自动重试")
    ),
    "sync_busy": _m(N_("后台暂时无法处理（{status}）：{reason}"), N_("稍后自动重试")),
    "sync_certificate": _m(
        N_("无法验证后台服务器的证书"), N_("请管理员检查 backoffice.url 与 backoffice.ca_file")
    ),
    "sync_conflict": _m(N_("后台已有不同内容的同号记录：{reason}")),
    "sync_not_found": _m(N_("后台没有找到：{reason}")),
    "sync_offline": _m(N_("无法连接后台"), N_("网络恢复后会自动上报")),
    "sync_rejected": _m(N_("后台拒收：{reason}")),
    "sync_unauthorized": _m(N_("本设备未获授权连接后台"), N_("请管理员重新登记本设备")),
    "sync_unauthorized.enrol_code": _m(
        N_("登记码无效、已使用或已过期"),
        N_("请后台管理员重新生成登记码（onewindow backoffice enroll）"),
    ),
    # -- configuration (more) --------------------------------------------------
    "config.backoffice_url": _m(
        N_("配置项 {key}: 地址无效：{url}"), N_("例如 https://backoffice.example:8443")
    ),
    "config.bad_toml": _m(N_("配置项 {key}: TOML 格式错误：{detail}"), N_("检查引号和括号")),
    "config.bad_value": _m(N_("配置项 {key}: {detail}"), N_("请按 README 的配置项表修改")),
    "config.bad_value.device_code": _m(
        N_("配置项 {key}: {detail}"), N_("2–8位大写字母或数字，例如 K01")
    ),
    "config.bad_value.hall_code": _m(
        N_("配置项 {key}: {detail}"), N_("2–12位大写字母或数字，例如 FS01")
    ),
    "config.bad_value.idle_timeout_s": _m(
        N_("配置项 {key}: {detail}"), N_("15 到 3600 之间的秒数")
    ),
    "config.bad_value.language": _m(N_("配置项 {key}: {detail}"), N_("写 zh_CN 或 en")),
    "config.bad_value.role": _m(N_("配置项 {key}: {detail}"), N_("写 kiosk、counter 或 station")),
    "config.bad_value.devices.voice.volume": _m(
        N_("配置项 {key}: {detail}"), N_("音量写 0 到 100 之间的整数，例如 80")
    ),
    "config.bad_value.kiosk.voice_guidance": _m(
        N_("配置项 {key}: {detail}"), N_("写 true（开启语音引导）或 false（关闭）")
    ),
    "config.bad_value.sync.catalog_poll_s": _m(
        N_("配置项 {key}: {detail}"),
        N_("事项目录的查询间隔：大于 0、不超过 86400 的秒数，默认 300"),
    ),
    "config.bad_value.sync.stale_after_h": _m(
        N_("配置项 {key}: {detail}"),
        N_("多久未更新就提示：0 到 8760 之间的小时数，0 为不提示，默认 24"),
    ),
    "config.ca_file_missing": _m(
        N_("配置项 {key}: 找不到证书文件 {path}"), N_("写 PEM 格式 CA 证书的路径")
    ),
    "config.file_missing": _m(N_("配置项 {key}: 找不到配置文件 {path}"), N_("检查路径")),
    "config.plain_http": _m(
        N_("配置项 {key}: {url} 是未加密的 http 地址，且不在本机"),
        N_(
            "请改用 https://；确需明文（仅限隔离的测试网）时设置 backoffice.allow_plain_http = true"
        ),
    ),
    "config.proxy_url": _m(
        N_("配置项 {key}: 代理地址 {url} 无效"), N_("例如 http://10.0.0.1:3128，不用代理请留空")
    ),
    "config.catalog_file_bad": _m(
        N_("配置项 {key}: 事项目录文件无法使用：{detail}"),
        N_("请改正该文件，或把 catalog_file 留空以使用后台下发的目录"),
    ),
    "config.file_is_dir": _m(
        N_("配置项 {key}: {path} 是一个文件夹，不是配置文件"), N_("请写出 .toml 文件本身的路径")
    ),
    "config.file_unreadable": _m(
        N_("配置项 {key}: 无法读取配置文件 {path}（{why}）"),
        N_("请检查文件权限：运行本程序的用户需要能读取它"),
    ),
    "config.file_not_utf8": _m(
        N_("配置项 {key}: 配置文件 {path} 不是 UTF-8 编码"), N_("请用 UTF-8 编码重新保存该文件")
    ),
    "config.paper_width": _m(N_("配置项 {key}: 不支持 {paper_mm} mm 纸宽"), N_("请设为 58 或 80")),
    "config.printer_uri": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}"), N_("例如 tcp://10.0.0.5:9100")
    ),
    "config.printer_uri.bad_port": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}：端口无效"),
        N_("例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200"),
    ),
    "config.printer_uri.baud": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}：不支持的波特率 {baud}"),
        N_("例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200"),
    ),
    "config.printer_uri.flow": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}：flow 应为 {flows} 之一"),
        N_("例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200"),
    ),
    "config.printer_uri.no_host": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}：缺少主机名"),
        N_("例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200"),
    ),
    "config.printer_uri.no_path": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}：缺少设备路径"),
        N_("例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200"),
    ),
    "config.printer_uri.not_number": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}：{field} 应为数字"),
        N_("例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200"),
    ),
    "config.printer_uri.scheme": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}：不支持的接口 {scheme}"),
        N_("例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200"),
    ),
    "config.printer_uri.usb_ids": _m(
        N_("配置项 {key}: 无效的打印机地址 {uri}：应为 usb://厂商ID:产品ID（十六进制）"),
        N_("例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200"),
    ),
    "config.unknown_key": _m(
        N_("配置项 {key}: 不认识的配置项"), N_("请删除或检查拼写（见 README 的配置项表）")
    ),
    # -- words for the citizen at the kiosk when a device or a step fails (issue 12
    #    item 9): what to do now; the technical words go to the status bar and the log
    "citizen.id_reader": _m(
        N_("暂时读不了身份证"), N_("请把身份证拿开后重新放好；仍不行请到人工窗口办理")
    ),
    "citizen.id_reader_down": _m(N_("读卡器暂时不能使用"), N_("请到人工窗口办理，工作人员会帮您")),
    "citizen.camera": _m(
        N_("扫描设备暂时不能使用"), N_("请到人工窗口办理，工作人员会帮您扫描材料")
    ),
    "citizen.material": _m(N_("这份材料没能保存"), N_("请重新拍摄；仍不行请到人工窗口办理")),
    "citizen.printer": _m(
        N_("回执暂时不能打印"),
        N_("办件已保存，打印机恢复后回执会自动打印；也可以凭受理编号到人工窗口领取"),
    ),
    "citizen.submit": _m(
        N_("办件暂时没能保存"), N_("请稍后再点“确认提交”；仍不行请到人工窗口办理")
    ),
    "citizen.other": _m(N_("这一步暂时没能完成"), N_("请再试一次；仍不行请到人工窗口办理")),
    # ---- help requests, the card read and materials (issue 12, items 7 and 8) ----
    "help.invalid": _m(N_("呼叫未能记录"), N_("请到人工窗口，或请身边的工作人员帮助")),
    # ---- 12345 咨询投诉 (issue 14, item 4) ----
    "hotline.text_missing": _m(
        N_("请写下您要咨询或反映的内容"), N_("点一下输入框，用拼音键盘或手写输入")
    ),
    "hotline.text_long": _m(N_("内容太长了"), N_("请写在 {max} 字以内")),
    "hotline.phone_invalid": _m(
        N_("回电号码不正确"), N_("请输入11位手机号码，或带区号的固定电话；不需回电请清空")
    ),
    "hotline.phone_consent": _m(
        N_("留下回电号码，需要您同意工作人员回电"), N_("请点“同意回电”，或清空号码")
    ),
    "hotline.invalid": _m(N_("诉求未能记录"), N_("请检查内容后再提交，或到人工窗口反映")),
    "hotline.ticket_format": _m(
        N_("工单编号格式不对"), N_("请照工单回执输入，例如 FS01-K01-20261202-H0007")
    ),
    "hotline.code_format": _m(N_("校验码应为8位字母或数字"), N_("请照工单回执上的校验码输入")),
    "hotline.not_found": _m(
        N_("没有查到这个工单"), N_("请核对工单编号和校验码；刚提交的工单稍后才能查到")
    ),
    "hotline.offline": _m(N_("查看答复需要联网，网络暂时不通"), N_("请稍后再试，或拨打12345查询")),
    # ---- 证明打印: the A4 printer and certificates (issue 14, item 5) ----------
    "a4.not_configured": _m(N_("未配置A4打印机"), N_("请到人工窗口打印证明")),
    "a4.not_started": _m(N_("A4打印机未启动")),
    "a4.offline": _m(
        N_("A4打印机 {queue} 未连接或未就绪"), N_("请检查打印机电源、网络和 CUPS 服务（lpstat -p）")
    ),
    "a4.refused": _m(
        N_("A4打印机 {queue} 未接受打印任务：{why}"), N_("请检查 CUPS 队列（lpstat -p）")
    ),
    "a4.timeout": _m(N_("打印命令 {tool} 没有按时返回"), N_("请检查 CUPS 服务是否在运行")),
    "a4.command_failed": _m(N_("打印命令 {tool} 无法运行：{why}"), N_("请安装 cups-client")),
    "a4.no_cups_client": _m(
        N_("找不到打印命令 {tool}"), N_("请安装 cups-client（apt-get install cups-client）")
    ),
    "config.a4_uri": _m(
        N_("A4打印机地址 {uri} 无法识别"),
        N_("请写成 cups://队列名 或 ipp://主机[:端口]/printers/队列名"),
    ),
    # ---- 材料复用 and 电子证照 at the window (issue 16 item 5) --------------------
    "reuse.no_consent": _m(N_("申请人尚未同意复用材料"), N_("请先记录申请人的同意")),
    "reuse.bad_reply": _m(N_("后台返回的材料无法使用"), N_("请改为扫描纸质材料")),
    "certificate.none": _m(N_("没有查到您的这项证明"), N_("请到人工窗口咨询，或拨打 12345")),
    "certificate.not_self_print": _m(N_("这个事项不能自助打印证明"), N_("请到人工窗口办理")),
    "certificate.bad_reply": _m(N_("后台返回的证明无法使用"), N_("请稍后再试，或到人工窗口办理")),
    "citizen.certificate": _m(N_("证明暂时不能打印"), N_("请稍后再试；仍不行请到人工窗口办理")),
    # -- 告知承诺 (core.commitment, services.commitment) ----------------------------
    "commitment.refused.dishonest": _m(
        N_("信用记录显示申请人已被列入失信名单，不能以告知承诺代替证明"),
        N_("请提交证明材料；其他已办的内容不受影响"),
    ),
    "commitment.refused.false_commitment": _m(
        N_("信用记录显示申请人曾有不实承诺，不能以告知承诺代替证明"),
        N_("请提交证明材料；其他已办的内容不受影响"),
    ),
    "commitment.refused.offline": _m(
        N_("暂时无法查询信用记录，本机按规定不能办理告知承诺"),
        N_("请提交证明材料，或稍后再试"),
    ),
    "commitment.no_signature": _m(N_("请先在签名框内签名")),
    "commitment.nothing_to_replace": _m(N_("没有可以用承诺代替的材料")),
    "bo.role_cannot_edit_credit": _m(N_("此角色不能修改信用记录")),
    "bo.no_credit_entry": _m(N_("信用名单中没有这条记录")),
    # -- the reference back office's refusals (backoffice.api.errors.ApiError) -------
    "bo.lookup_limited": _m(N_("查询失败次数过多，请稍后再试")),
    "bo.no_case": _m(N_("没有办件 {case_id}")),
    "bo.reject_needs_reason": _m(N_("不予受理必须写明理由")),
    "bo.file_too_large": _m(N_("文件过大")),
    "bo.role_cannot_read_cases": _m(N_("此角色不能查看办件")),
    "bo.sign_in_needs_both": _m(N_("请输入登录名和密码")),
    "bo.unknown_action": _m(N_("未知的操作")),
    "bo.waybill_needed": _m(N_("邮寄须填写运单号（8-20 位字母或数字）")),
    "bo.ready_how": _m(N_("请选择办结结果：窗口取件或邮寄")),
    "bo.role_cannot_request_supplement": _m(N_("此角色不能要求补正")),
    "bo.supplement_due_needed": _m(N_("请填写补正截止日期")),
    "bo.role_cannot_waive": _m(N_("此角色不能决定免于补正")),
    "bo.no_such_item": _m(N_("这个办件没有该事项")),
    "bo.staff_only": _m(N_("此操作只限员工，设备令牌不能使用")),
    "bo.devices_only": _m(N_("员工令牌不能用于设备接口")),
    "bo.sender_mismatch": _m(N_("内容中的大厅或设备与发送设备的登记不符")),
    "bo.receipt_not_senders": _m(N_("受理编号不是发送设备的编号")),
    "bo.record_id_mismatch": _m(N_("路径中的记录编号与内容中的不一致")),
    "bo.enrol_limited": _m(N_("登记码错误次数过多，请稍后再试")),
    "bo.role_cannot_look_up": _m(N_("此角色不能查询办件")),
    "bo.lookup_one_proof": _m(N_("请给出校验码或身份证号码之一")),
    "bo.role_cannot_look_up_tickets": _m(N_("此角色不能查询工单")),
    "bo.sign_in_limited": _m(N_("登录失败次数过多，请稍后再试")),
    "bo.sign_in_refused": _m(N_("登录名或密码不对，或账号已停用")),
    "bo.staff_sign_in_needed": _m(N_("需要员工登录（staff sign-in required）")),
    "bo.role_cannot_decide_items": _m(N_("此角色不能审批事项")),
    "bo.bad_content_hash": _m(N_("X-Content-SHA256 应为 64 位十六进制 sha256")),
    "bo.hash_mismatch": _m(N_("文件 {file_id} 的内容与 X-Content-SHA256 不符（hash mismatch）")),
    "bo.admin_only_remote": _m(N_("只有系统管理员能远程管理设备")),
    "bo.role_cannot_read_devices": _m(N_("此角色不能查看设备")),
    "bo.own_hall_devices_only": _m(N_("只能查看本大厅的设备")),
    "bo.enrolled_devices_only": _m(N_("只有已登记的设备能使用此接口")),
    "bo.no_remote_config": _m(N_("此设备没有远程配置")),
    "bo.role_cannot_read_logs": _m(N_("此角色不能查看设备日志")),
    "bo.log_too_large": _m(N_("日志过大")),
    "bo.log_not_utf8": _m(N_("日志应为 UTF-8 文本")),
    "bo.role_cannot_read_help": _m(N_("此角色不能查看呼叫")),
    "bo.no_help_request": _m(N_("没有这条呼叫")),
    "bo.help_other_hall": _m(N_("这条呼叫不属于本大厅")),
    "bo.admin_only_catalog": _m(N_("只有系统管理员可以发布事项目录")),
    "bo.catalog_invalid": _m(N_("事项目录有误，未发布")),
    "bo.catalog_unavailable": _m(N_("事项目录暂不可用")),
    "bo.case_id_mismatch": _m(N_("路径中的办件编号与内容中的不一致")),
    "bo.only_submitted": _m(N_("只接收已提交的办件")),
    "bo.bad_receipt_no": _m(N_("受理编号格式不正确")),
    "bo.trail_broken": _m(N_("办件留痕校验失败：事件记录被改动过")),
    "bo.seal_broken": _m(N_("办件签名校验失败：不是本设备签署的内容，或签署后被改动过")),
    "bo.unknown_item": _m(N_("事项 {item} 不在事项目录中")),
    "bo.bundle_needs_items": _m(N_("一件事办件须写明一件事编码和其中的各事项")),
    "bo.bundle_item_twice": _m(N_("一件事办件的事项重复")),
    "bo.bad_state": _m(N_("只能改为 accepted、rejected、ready 或 delivered")),
    "bo.role_cannot_decide": _m(N_("此角色不能作出这项决定")),
    "bo.not_self_print": _m(N_("这个事项不能自助打印证明")),
    "bo.no_certificate": _m(N_("没有查到这项证明")),
    # -- 网上申报 and 网上预审 (issue 16, item 6) ----------------------------------
    "bo.no_online_application": _m(N_("没有这个网上申报件")),
    "bo.online_clerk_needed": _m(N_("网上预审件只能由本大厅已登录的窗口人员调取")),
    "bo.online_taken": _m(N_("这份网上申报已当场受理过（受理编号 {receipt_no}）")),
    "bo.online_not_approved": _m(N_("这份网上申报还没有预审通过，不能当场受理")),
    "bo.online_bad_decision": _m(N_("预审结论只能是预审通过或退回补正")),
    "bo.online_reason": _m(N_("退回补正必须写明理由（不超过500字）")),
    "bo.online_day_full": _m(N_("今天的网上申报编号已用完，请明天再试")),
    "bo.online_busy": _m(N_("网上申报暂时繁忙，请稍后再试")),
    "bo.reuse_no_consent": _m(N_("申请人未同意复用材料，不能查询")),
    "bo.reuse_not_found": _m(N_("没有查到这份可复用的材料或电子证照")),
    "bo.supervisor_only_audit": _m(N_("只有值班长能查看审计日志")),
    "bo.enrolled_only_heartbeat": _m(N_("只有已登记的设备能发送心跳")),
    "bo.role_cannot_read_fleet": _m(N_("此角色不能查看设备列表")),
    "bo.device_unauthorized": _m(N_("设备未授权（unauthorized）")),
    "bo.bundle_decide_items": _m(N_("一件事办件请逐项审批（各事项由其部门决定）")),
    "bo.bundle_not_all_approved": _m(N_("一件事办件须各事项均已办结方可待取件")),
    "bo.no_case_for_check": _m(N_("没有与受理编号和校验码相符的办件")),
    "bo.no_case_for_proof": _m(N_("没有与受理编号和校验信息相符的办件")),
    "bo.no_ticket_for_check": _m(N_("没有与工单编号和校验码相符的工单")),
    "bo.tus_version": _m(N_("不支持的 tus 协议版本（需要 Tus-Resumable: 1.0.0）")),
    "bo.upload_length": _m(N_("缺少或错误的 Upload-Length")),
    "bo.metadata_base64": _m(N_("Upload-Metadata 中的 {key} 不是有效的 base64")),
    "bo.metadata_needed": _m(N_("Upload-Metadata 需要 id（文件编号）和 sha256（64 位十六进制）")),
    "bo.upload_content_type": _m(N_("Content-Type 应为 application/offset+octet-stream")),
    "bo.upload_offset": _m(N_("缺少或错误的 Upload-Offset")),
    "bo.no_upload": _m(N_("没有上传 {file_id}")),
    "bo.checksum_algorithm": _m(N_("不支持的校验算法 {name}")),
    "bo.checksum_base64": _m(N_("Upload-Checksum 的值不是有效的 base64")),
    "bo.upload_too_long": _m(N_("上传的数据超过了声明的文件长度")),
    "bo.checksum_mismatch": _m(N_("数据块校验失败（checksum mismatch），请重发")),
    # -- 预约 and the halls' queue events at the back office (backoffice.api.routes.queue)
    "bo.slot_times": _m(N_("预约时段的结束时间须晚于开始时间")),
    "bo.slot_exists": _m(N_("这个开始时间已有预约时段 {slot_id}（结束时间或名额不同）")),
    "bo.no_slot": _m(N_("本大厅没有这个预约时段")),
    "bo.slot_full": _m(N_("预约时段 {slot_id} 已约满")),
    "bo.event_time": _m(N_("排队事件的时间应为带时区的 ISO 8601 时间")),
    "bo.role_cannot_make_slots": _m(N_("只有值班长和系统管理员能安排预约时段")),
    "bo.role_cannot_book": _m(N_("此角色不能登记预约")),
    "bo.role_cannot_read_queue": _m(N_("只有值班长和系统管理员能查看排队统计")),
    "bo.other_hall": _m(N_("只能办理本大厅的事务，不能办理大厅 {hall} 的")),
    "bo.events_other_hall": _m(N_("排队事件的大厅与发送设备的登记不符")),
    "bo.bad_day": _m(N_("日期不正确（应为 YYYY-MM-DD）")),
    # -- staff sign-in at a window or station (services.staff_session) ----------------
    "staff.refused": _m(N_("登录未成功"), N_("请重试，或联系管理员")),
    "staff.fields_missing": _m(N_("请填写登录名和密码")),
    "staff.wrong_password": _m(N_("登录名或密码不对"), N_("还可以再试 {left} 次")),
    "staff.locked": _m(
        N_("该账号在本机已暂时锁定"), N_("请 {minutes} 分钟后再试，或请管理员重设密码")
    ),
    "staff.limited_at_backoffice": _m(N_("登录失败次数太多，后台暂时不接受登录"), N_("请稍后再试")),
    "staff.not_window_role": _m(
        N_("该账号（{role}）不是窗口人员的账号"), N_("请用窗口人员或值班长的账号登录")
    ),
    "staff.other_hall": _m(N_("该账号属于其他大厅（{hall}）"), N_("请用本大厅的账号登录")),
    "staff.offline_unknown": _m(
        N_("后台连不上，该账号没有在本机登录过"), N_("请联网后登录一次，之后才能离线登录")
    ),
    "staff.offline_expired": _m(
        N_("后台连不上，且该账号已超过 {days} 天没有联网登录"), N_("请联网后再登录")
    ),
    "staff.needs_supervisor": _m(N_("需要值班长确认"), N_("请值班长输入自己的登录名和密码")),
    # -- 取号 / 叫号: the hall server's answers (hall.store, hall.app) -----------------
    "queue.unknown_category": _m(N_("没有业务类别 {category}"), N_("请从取号页面列出的类别中选择")),
    "queue.unknown_window": _m(
        N_("没有 {window} 号窗口"), N_("请检查本机配置 [hall] window 是否与大厅的窗口编号一致")
    ),
    "queue.priority_not_honoured": _m(
        N_("本大厅不提供这种优先取号"), N_("请选择普通取号，或向工作人员咨询")
    ),
    "queue.numbers_used_up": _m(
        N_("今天 {category} 类的号码已取完"), N_("请向大厅工作人员咨询，或改日再来")
    ),
    "queue.no_ticket": _m(N_("没有这个号码"), N_("请核对号码，或重新取号")),
    "queue.not_issued": _m(N_("号码 {number} 已在排队，不能作废"), N_("如需取消，请联系工作人员")),
    "queue.bad_number": _m(N_("号码 {number} 格式不正确"), N_("号码是一个字母加三位数字，如 A012")),
    "queue.not_your_block": _m(
        N_("号码 {number} 不在本机预留的号段内"), N_("请检查本机的离线取号记录，并联系管理员")
    ),
    "queue.window_paused": _m(N_("本窗口已暂停叫号"), N_("请先点“恢复叫号”")),
    "queue.still_called": _m(
        N_("{number} 号已叫，尚未开始办理"), N_("请点“开始办理”、“重呼”或“过号”后再叫下一位")
    ),
    "queue.nobody_called": _m(N_("本窗口当前没有叫到的号"), N_("请先点“叫号”")),
    "queue.nobody_served": _m(N_("本窗口当前没有在办理的号"), N_("请先叫号或点“直接办理”")),
    "queue.not_started": _m(N_("{number} 号还没有开始办理"), N_("请先点“开始办理”")),
    "queue.recall_first": _m(
        N_("已重呼 {recalls} 次，重呼 {need} 次后才能过号"), N_("请再点“重呼”，等候办事人前来")
    ),
    "queue.transfer_where": _m(N_("请选择转到哪个类别或哪个窗口"), N_("二者选其一")),
    "queue.window_busy": _m(N_("本窗口正在办理"), N_("请先结束当前办理")),
    "queue.bad_day": _m(N_("日期格式不正确"), N_("请写成 YYYY-MM-DD")),
    "queue.category_missing": _m(N_("取号需要选择业务类别"), N_("请从取号页面列出的类别中选择")),
    "queue.bad_request": _m(N_("请求的内容不正确"), N_("请检查填写的内容后重试")),
    "queue.token_missing": _m(
        N_("大厅服务器需要本机的令牌"), N_("请在本机配置 [hall] token 中填写大厅管理员给出的令牌")
    ),
    "queue.token_unknown": _m(
        N_("大厅服务器不认识本机的令牌"),
        N_("请向大厅管理员重新领取令牌（onewindow hall token add）"),
    ),
    "queue.device_unnamed": _m(
        N_("演示大厅需要设备编号"), N_("请在请求中带上 X-OneWindow-Device 设备编号")
    ),
    "queue.open_hall_loopback_only": _m(
        N_("未配置令牌的大厅服务器只接受本机设备"), N_("请为每台设备添加令牌后再接入其他机器")
    ),
    "queue.not_your_window": _m(
        N_("本机不是 {window} 号窗口的电脑"), N_("请检查本机配置 [hall] window")
    ),
    "queue.appointment_needs_check_in": _m(
        N_("预约优先号需要预约签到"), N_("请刷身份证或扫描预约二维码签到")
    ),
    "queue.offline": _m(
        N_("暂时连不上大厅叫号服务器"), N_("本机会用预留号段继续取号；叫号请稍后再试")
    ),
    "queue.window_offline": _m(
        N_("暂时连不上大厅叫号服务器"), N_("可以先点“新的受理”直接受理；叫号稍后自动重试")
    ),
    "queue.no_block_left": _m(
        N_("大厅叫号服务器连不上，本机预留的号码也已用完"), N_("请到服务台人工取号")
    ),
    "queue.bad_reply": _m(N_("大厅服务器的回答无法识别"), N_("请稍后再试，或联系管理员")),
    "queue.not_configured": _m(
        N_("本机没有配置大厅叫号服务器"), N_("请在本机配置 [hall] url 中填写大厅服务器的地址")
    ),
    # -- 预约签到 (core.appointments) ------------------------------------------------
    "appointment.too_early": _m(
        N_("还没到您预约的时间，先给您普通号"), N_("预约时段开始前30分钟内签到可优先叫号")
    ),
    "appointment.too_late": _m(
        N_("已过您预约的时间，先给您普通号"), N_("如需优先办理，请重新预约")
    ),
    "appointment.other_category": _m(
        N_("您的预约不是这个业务类别，先给您普通号"), N_("请选择预约时的业务类别")
    ),
    "appointment.none_found": _m(N_("没有找到您今天的预约"), N_("已为您取普通号")),
    # the kiosk's 预约签到 (no category named): nothing found, so nothing issued yet
    "appointment.not_found": _m(
        N_("没有找到您今天的预约"), N_("请选择业务类别取普通号，或到服务台咨询")
    ),
    "appointment.offline": _m(
        N_("大厅叫号服务器暂时连不上，现在不能预约签到"),
        N_("请选择业务类别取普通号（离线号码有效），或到服务台咨询"),
    ),
    # said after appointment.too_early when the hall told the time
    "appointment.come_back": _m(
        N_("{time} 以后再来签到可优先叫号"), N_("现在也可以用这张普通号排队")
    ),
    # -- 长辈模式 (elder mode) ---------------------------------------------------
    "config.bad_value.kiosk.elder_idle_timeout_s": _m(
        N_("配置项 {key}: {detail}"),
        N_("长辈模式的无操作超时：15 到 3600 之间的秒数，不短于 idle_timeout_s；不写则是它的 3 倍"),
    ),
}

Translate = Callable[[str], str]


def _identity(text: str) -> str:
    return text


def message_for(code: str) -> Message | None:
    """The catalogue entry for ``code`` (None when the code is unknown)."""
    return MESSAGES.get(code)


def _fill(template: str, params: Mapping[str, Any]) -> str:
    try:
        return template.format_map(dict(params))
    except (KeyError, IndexError, ValueError):
        # A translation that lost a placeholder must still say something.
        return template


class Term(str):
    """A parameter value that is itself a translatable source string (a state's label).

    ``render`` passes it through the translator with the message; elsewhere
    it is the plain Chinese string. Immutable; any thread.
    """

    __slots__ = ()


class Words(str):
    """Catalogue words carried as a string: the Chinese text, plus code and params.

    For results that are words rather than errors (a form field's problem, a
    device status): code that only knows strings sees the Chinese; a screen
    renders ``text(tr)`` in its language. Immutable; any thread.
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> Words:
        self = super().__new__(cls, render(code, params)[0])
        self.code, self.params = code, params
        return self

    def text(self, tr: Translate = _identity) -> str:
        """The message through translator ``tr``."""
        return render(self.code, self.params, tr)[0]


def translated(text: str, tr: Translate) -> str:
    """``text`` in the language of ``tr``: Words render, other strings are looked up."""
    return text.text(tr) if isinstance(text, Words) else tr(text)


def render(code: str, params: Mapping[str, Any], tr: Translate = _identity) -> tuple[str, str]:
    """(message, hint) for ``code`` with ``params``, through translator ``tr``.

    Parameter values are shown as they are, except ``Term`` and ``Words``
    values, which are translated too (a state's label, a nested message).
    """
    entry = MESSAGES.get(code) or MESSAGES["error"]
    if tr is not _identity:
        params = {
            k: v.text(tr) if isinstance(v, Words) else tr(v) if isinstance(v, Term) else v
            for k, v in params.items()
        }
    text = _fill(tr(entry.text), params)
    hint = _fill(tr(entry.hint), params) if entry.hint else ""
    return text, hint


# -- words kept in a text column ------------------------------------------------
# A reason stored for later (an outbox entry set aside, a print job held) is
# kept as ``code|{"param": ...}`` so each screen renders it in its own
# language; rows written before that hold Chinese prose and read back as it.

_STORED = re.compile(r"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\|(\{.*\})", re.DOTALL)


def _pack(value: Any) -> Any:
    if isinstance(value, Words):
        return {"$words": value.code, "params": {k: _pack(v) for k, v in value.params.items()}}
    if isinstance(value, Term):
        return {"$term": str(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _unpack(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "$words" in value:
        params = value.get("params")
        params = params if isinstance(params, dict) else {}
        return Words(str(value["$words"]), **{k: _unpack(v) for k, v in params.items()})
    if "$term" in value:
        return Term(str(value["$term"]))
    if "$datetime" in value:
        return dt.datetime.fromisoformat(str(value["$datetime"]))
    if "$date" in value:
        return dt.date.fromisoformat(str(value["$date"]))
    return value


def to_stored(text: str) -> str:
    """``text`` for a text column: ``code|{json}`` for ``Words``, any other string as it is."""
    if not isinstance(text, Words):
        return text
    params = {k: _pack(v) for k, v in text.params.items()}
    return f"{text.code}|{json.dumps(params, ensure_ascii=False, sort_keys=True)}"


def from_stored(text: str | None) -> str:
    """A text column read back: ``Words`` for a stored code, other text (old prose) as it is."""
    if not text:
        return ""
    m = _STORED.fullmatch(text)
    if m is None:
        return text
    try:
        params = json.loads(m.group(2))
        if not isinstance(params, dict):
            return text
        return Words(m.group(1), **{k: _unpack(v) for k, v in params.items()})
    except (ValueError, TypeError):
        return text
