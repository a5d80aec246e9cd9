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
