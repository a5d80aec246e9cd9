"""Finding catalog items by what a citizen or a clerk types: Chinese words or pinyin.

One search for both apps (the kiosk's guide search and the counter's item
list). A query matches an item when it is contained in the item's name, code,
department or keywords, or, for a query of Latin letters, spells their
pinyin from a syllable on, each syllable in full or by its first letters
("hj", "huji" and "huj" find 户籍…, "sfz" 身份证). Names rank before the
rest, the catalog's order within a rank.

pypinyin's dictionary loads once, on the first index built (about a tenth of
a second); an index is kept per catalog value, so a refreshed catalog gets a
new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.catalog import Item

_LATIN = re.compile(r"^[a-z]+$")
_SPACES = re.compile(r"[\s'’·]+")


def syllables(text: str) -> tuple[str, ...]:
    """The toneless pinyin syllables of ``text`` ("户籍" → ("hu", "ji")).

    Runs of other characters are kept as they are, lower case, one "syllable"
    each ("EMS寄递" → ("ems", "ji", "di")).
    """
    from pypinyin import Style, lazy_pinyin  # its dictionary loads on first use

    out = lazy_pinyin(text, style=Style.NORMAL, errors="default", strict=False)
    return tuple(t for t in (_SPACES.sub("", s).lower() for s in out) if t)


def pinyin_match(q: str, syl: Sequence[str]) -> bool:
    """Whether ``q`` spells consecutive syllables of ``syl``, from any syllable on.

    Each syllable is spelled in full or by its initial (zh, ch and sh may be
    one letter or two); the last one may be cut anywhere, as while typing.
    "hj", "huji", "huj" and "hji" spell 户籍; "huji" does not spell 环境
    (huan jing), and a match never starts inside a syllable.
    """
    return bool(q) and any(_spells(q, syl, i) for i in range(len(syl)))


def _spells(q: str, syl: Sequence[str], i: int) -> bool:
    if not q:
        return True
    if i == len(syl):
        return False
    s = syl[i]
    if s.startswith(q):  # the last syllable, cut anywhere
        return True
    heads = {len(s), 1}
    if s[:2] in ("zh", "ch", "sh"):
        heads.add(2)
    return any(
        q.startswith(s[:k]) and _spells(q[k:], syl, i + 1) for k in sorted(heads, reverse=True)
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    """What one item is found by; ``name_*`` rank first."""

    item: Item
    name_text: str
    name_pinyin: tuple[str, ...]
    other_text: str
    other_pinyin: tuple[tuple[str, ...], ...]


class SearchIndex:
    """The searchable forms of a list of items. Immutable once built: any thread may read it."""

    def __init__(self, items: Iterable[Item]) -> None:
        entries = []
        for it in items:
            others = (it.code, it.department, *it.keywords)
            entries.append(
                _Entry(
                    item=it,
                    name_text=it.name.lower(),
                    name_pinyin=syllables(it.name),
                    other_text=" ".join(others).lower(),
                    other_pinyin=tuple(syllables(w) for w in (it.department, *it.keywords)),
                )
            )
        self._entries: tuple[_Entry, ...] = tuple(entries)

    def search(self, text: str, tag: str | None = None) -> list[Item]:
        """Items matching ``text`` (all when empty), names first; only those with ``tag``."""
        q = _SPACES.sub("", text.strip().lower())
        latin = bool(_LATIN.match(q))
        first: list[Item] = []
        rest: list[Item] = []
        for e in self._entries:
            if tag and tag not in item_tags(e.item):
                continue
            if not q or q in e.name_text or (latin and pinyin_match(q, e.name_pinyin)):
                first.append(e.item)
            elif q in e.other_text or (latin and any(pinyin_match(q, w) for w in e.other_pinyin)):
                rest.append(e.item)
        return first + rest


def item_tags(item: Item) -> tuple[str, ...]:
    """The item's tags as shown to citizens: the catalog's, and 零跑动 when no visit is needed."""
    if item.onsite_visits == 0 and "零跑动" not in item.tags:
        return (*item.tags, "零跑动")
    return item.tags


_CACHE: list[tuple[object, SearchIndex]] = []  # the last few catalogs' indexes, newest last
_CACHE_SIZE = 4


def index_for(key: object, items: Iterable[Item]) -> SearchIndex:
    """The index of ``items`` for the owner ``key`` (a catalog), built on first use."""
    for k, idx in _CACHE:
        if k is key:
            return idx
    idx = SearchIndex(items)
    _CACHE.append((key, idx))
    del _CACHE[:-_CACHE_SIZE]
    return idx
