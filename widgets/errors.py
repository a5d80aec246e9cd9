"""The one place that turns typed errors into words on screen."""

from __future__ import annotations

from core.errors import OneWindowError
from core.messages import render
from widgets.i18n import tr


def user_text(exc: BaseException) -> str:
    """Words for a citizen or clerk, in the UI's language: what happened and what to do."""
    if isinstance(exc, OneWindowError):
        text, hint = exc.words(tr)
    else:
        text, hint = render("unexpected", {}, tr)
    return f"{text}\n{hint}" if hint else text
