"""The one place that turns typed errors into words on screen."""

from __future__ import annotations

from core.errors import OneWindowError
from widgets.i18n import tr


def user_text(exc: BaseException) -> str:
    """Words for a citizen or clerk: what happened and what to do."""
    if isinstance(exc, OneWindowError):
        text = tr(exc.message) if exc.message else tr("操作未能完成")
        if exc.hint:
            text += "\n" + tr(exc.hint)
        return text
    return tr("发生意外错误，已记录日志。请重试，或联系工作人员。")
