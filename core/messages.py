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
"""

from __future__ import annotations

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
    # -- config ----------------------------------------------------------------
    "config.invalid": _m(N_("配置项 {key}: {detail}"), N_("{fix}")),
    "config.unknown_backend": _m(
        N_("配置项 {key}: 没有名为 {name} 的设备后端"), N_("可用的有：{known}")
    ),
    # -- apps ------------------------------------------------------------------
    "scan.processing_failed": _m(N_("处理页面时出错"), N_("请重新拍摄")),
    "intake.no_such_material": _m(N_("办件没有材料 {material}")),
    "evaluation.invalid": _m(N_("评价内容不符合要求"), N_("请重新选择评价等级和原因后再提交")),
    "print.job_waiting": _m(N_("该单据正在等待打印"), N_("打印机恢复后会自动打印，无需补打")),
    "pickup.bad_receipt_no": _m(
        N_("受理编号格式不正确"), N_("请按回执上的受理编号完整输入，或扫描回执二维码")
    ),
    "pickup.unknown_receipt": _m(
        N_("本窗口没有这个受理编号的办件"),
        N_("请核对受理编号；其他窗口或网上受理的办件请到受理处领取"),
    ),
    "pickup.already_delivered": _m(
        N_("该办件已出件，不能重复出件"),
        N_("请核对受理编号；如有疑问请查看办件留痕或联系后台"),
    ),
    "pickup.not_collector": _m(
        N_("领取人不是该办件的申请人或登记的代办人，不能出件"),
        N_("请申请人本人持身份证领取；由他人代领的，须是受理时登记的代办人并出示其身份证"),
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


def render(code: str, params: Mapping[str, Any], tr: Translate = _identity) -> tuple[str, str]:
    """(message, hint) for ``code`` with ``params``, through translator ``tr``.

    Parameter values are shown as they are; ones that are themselves words of
    the catalogue (a ``Message``'s code passed as ``params['reason_code']``,
    say) are the caller's to render first.
    """
    entry = MESSAGES.get(code) or MESSAGES["error"]
    text = _fill(tr(entry.text), params)
    hint = _fill(tr(entry.hint), params) if entry.hint else ""
    return text, hint
