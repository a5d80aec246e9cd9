"""What an administrator publishes as a catalog, checked field by field.

``check_publication`` takes ``{"note": ..., "catalog": {...}}`` and checks the
catalog with its own model (core.catalog.Catalog, the check a device makes
too); each bad field is named by its path in the body (``catalog.items[0].code``)
with pydantic's code and short Chinese words, never its value. Used by
``POST /api/v1/catalog`` and ``onewindow backoffice catalog publish``. Plain
functions; any thread.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from core.catalog import Catalog

NOTE_MAX = 500
"""The longest change note (characters)."""

# The catalogue's words for pydantic's most common complaints; others keep pydantic's.
_PROBLEM_WORDS = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的字段",
    "string_too_short": "不能为空",
    "too_short": "项数太少",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为 true 或 false",
    "tuple_type": "应为列表",
    "model_type": "应为对象",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "string_pattern_mismatch": "格式不对",
    "enum": "不是可选的值",
}


def field_path(loc: tuple[Any, ...], root: str = "catalog") -> str:
    """``("items", 0, "code")`` → ``catalog.items[0].code``."""
    out = root
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _problem(field: str, code: str, words: str) -> dict[str, str]:
    return {"field": field, "code": code, "error": f"{field}: {words}"}


def catalog_problems(exc: ValidationError, root: str = "catalog") -> list[dict[str, str]]:
    """Each bad field of a catalog: its path, pydantic's code and the words (never the value)."""
    out = []
    for err in exc.errors():
        kind = err["type"]
        words = _PROBLEM_WORDS.get(kind) or err["msg"].removeprefix("Value error, ")
        out.append(_problem(field_path(tuple(err["loc"]), root), kind, words))
    return out


def self_print_problems(catalog: Catalog) -> list[dict[str, str]]:
    """证明打印: a self-print item is done on the spot (promised_days 0) and asks for
    nothing but what the card read gives (reusable materials: the ID card)."""
    out = []
    for i, item in enumerate(catalog.items):
        if not item.self_print:
            continue
        field = f"catalog.items[{i}].self_print"
        if item.promised_days != 0:
            out.append(_problem(field, "self_print_not_on_the_spot", "自助打印的事项应为即办件"))
        if any(not m.reusable for m in item.materials if m.required):
            out.append(
                _problem(field, "self_print_needs_materials", "自助打印的事项不能要求扫描材料")
            )
    return out


def check_publication(data: Any) -> tuple[Catalog | None, bytes, str, list[dict[str, str]]]:
    """What an administrator publishes, ``{"note": ..., "catalog": {...}}``, checked.

    (the catalog, its bytes as devices get them, the note, []) when it is
    good; (None, b"", "", problems) otherwise, one problem per bad field in
    the 422 answer's form (field, code, error). The bytes are the JSON as
    sent with its keys sorted, so the same catalog sent again is the same.
    """
    if not isinstance(data, dict):
        return None, b"", "", [_problem("(body)", "not_an_object", "应为 JSON 对象")]
    problems = []
    for key in sorted(set(data) - {"note", "catalog"}):
        problems.append(_problem(key, "extra_forbidden", _PROBLEM_WORDS["extra_forbidden"]))
    note = data.get("note")
    if not isinstance(note, str) or not note.strip():
        problems.append(_problem("note", "missing", "请写明本次变更的说明"))
    elif len(note) > NOTE_MAX:
        problems.append(_problem("note", "too_long", f"说明最长 {NOTE_MAX} 字"))
    raw = data.get("catalog")
    catalog = None
    if not isinstance(raw, dict):
        problems.append(_problem("catalog", "model_type", _PROBLEM_WORDS["model_type"]))
    else:
        try:
            catalog = Catalog.model_validate(raw)
        except ValidationError as exc:
            problems.extend(catalog_problems(exc))
        if catalog is not None:
            problems.extend(self_print_problems(catalog))
        if not str(raw.get("version", "")).strip():
            problems.append(_problem("catalog.version", "missing", "请写明目录的版本号"))
    if problems or catalog is None:
        return None, b"", "", problems
    body = json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return catalog, body, str(note).strip(), []
