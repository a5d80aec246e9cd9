"""Error words on a terminal, in the ``--lang`` language, from the one catalogue.

The CLI renders errors like the apps do: code and parameters through
core.messages, translated by Qt's translation file. It reads the .ts that
ships as package data (assets/i18n) with ElementTree rather than the compiled
.qm: no Qt is loaded for a one-line error, and a checkout whose .qm is older
than its .ts (not rebuilt since) still prints the current English. Main
thread of the CLI (``use`` once after parsing the arguments, then any read).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the catalogue loads with the first error, not with every start
    from core.errors import OneWindowError
    from core.messages import Translate

_lang = "zh_CN"


def use(lang: str | None) -> None:
    """Speak ``lang`` (zh_CN or en; None keeps Chinese) from now on."""
    global _lang
    _lang = lang or "zh_CN"


def _identity(text: str) -> str:
    return text


def ts_translator(lang: str) -> Translate:
    """Look strings up in the shipped .ts of ``lang`` (untranslated ones stay Chinese)."""
    import xml.etree.ElementTree as ET  # here: an app's start needs none of it

    import assets

    ts = assets.path(f"i18n/onewindow_{lang}.ts")
    table: dict[str, str] = {}
    if ts.exists():
        for msg in ET.parse(ts).getroot().iter("message"):
            t = msg.find("translation")
            if t is not None and t.get("type") != "unfinished" and t.text:
                table[msg.findtext("source") or ""] = t.text
    return lambda text: table.get(text, text)


@cache
def translator(lang: str) -> Translate:
    """The translator for ``lang`` (identity for Chinese)."""
    if lang == "zh_CN":
        return _identity
    return ts_translator(lang)


def tr(text: str) -> str:
    """A catalogue source string (or ``Words``) in the current language."""
    from core.messages import translated

    return translated(text, translator(_lang))


def message_and_hint(words: str) -> tuple[str, str]:
    """(message, hint) of ``core.messages.Words`` in the current language."""
    from core.messages import render

    code, params = getattr(words, "code", "error"), getattr(words, "params", {})
    return render(code, params, translator(_lang))


def words(exc: BaseException) -> tuple[str, str]:
    """(message, hint) of an error in the current language."""
    from core.errors import OneWindowError
    from core.messages import render

    t = translator(_lang)
    if isinstance(exc, OneWindowError):
        return exc.words(t)
    return render("unexpected", {}, t)


def error_text(exc: BaseException) -> str:
    """One line: the message, and the hint in brackets when there is one."""
    text, hint = words(exc)
    if not hint:
        return text
    return f"{text}（{hint}）" if _lang == "zh_CN" else f"{text} ({hint})"


def error_json(exc: OneWindowError) -> dict[str, Any]:
    """An error as a JSON object: its code, words in the current language, parameters."""
    text, hint = words(exc)
    return {"error": exc.code, "message": text, "hint": hint, **exc.params}
