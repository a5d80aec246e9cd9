"""The service catalog (实施清单): items, materials, forms, scenarios, bundles.

The catalog is data (assets/catalog/catalog.json, or the back office's copy
cached by sync/). These models validate it and answer the questions the
screens ask: which materials apply after the scenario questions, what one
merged form and material list a bundle (一件事) needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.errors import CatalogError

WINDOW_CLASSES = ("民生", "公安", "注册登记", "许可经营", "投资建设", "税务")
TAGS = ("马上办", "网上办", "一次办", "零跑动")  # 零跑动 is also implied by onsite_visits == 0
ITEM_TYPES = ("行政许可", "行政确认", "行政给付", "公共服务", "其他行政权力", "行政征收")


class FieldType(StrEnum):
    """Types of electronic form (电子表单) fields."""

    TEXT = "text"
    ID_NUMBER = "id_number"
    DATE = "date"
    PHONE = "phone"
    CHOICE = "choice"
    ADDRESS = "address"
    CREDIT_CODE = "credit_code"  # 统一社会信用代码, checked by GB 32100 (core.credit_code)


# Identity attributes a form field may prefill from (一证通办).
PREFILL_SOURCES = ("name", "id_number", "gender", "nation", "birth", "address")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Material(_Model):
    """A standard material (标准要件) an item may ask for."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    originals: int = Field(default=1, ge=0)
    copies: int = Field(default=0, ge=0)
    electronic: bool = True
    required: bool = True
    deficiency_allowed: bool = False  # 容缺: may be supplied later
    # 补正 deadline of this material when accepted as missing (容缺后补), in working days.
    supplement_days: int = Field(default=5, ge=1, le=60)
    reusable: bool = False  # kept in the material library for later cases
    # 电子证照: the licence type the e-licence registry holds for it ("household",
    # "marriage", "property", "birth", "business"); "" when none is connected.
    e_licence: str = Field(default="", pattern=r"^[a-z_]{0,24}$")
    commitment_allowed: bool = False  # 告知承诺 may replace this proof
    note: str = ""
    sample: str = ""  # where a filled-in sample (示例样本) can be seen, if there is one


class FormField(_Model):
    """One field of an item's electronic form."""

    key: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    type: FieldType = FieldType.TEXT
    required: bool = True
    choices: tuple[str, ...] = ()
    prefill: str | None = None  # one of PREFILL_SOURCES

    @model_validator(mode="after")
    def _check(self) -> FormField:
        if self.type is FieldType.CHOICE and not self.choices:
            raise ValueError(f"choice field {self.key} needs choices")
        if self.prefill is not None and self.prefill not in PREFILL_SOURCES:
            raise ValueError(f"field {self.key}: prefill must be one of {PREFILL_SOURCES}")
        return self


class ScenarioOption(_Model):
    """An answer to a scenario question and what it brings in."""

    label: str
    sub_item: str = ""  # the 业务办理项 this answer selects, if any
    adds: tuple[str, ...] = ()  # material codes this answer adds
    removes: tuple[str, ...] = ()  # material codes this answer makes unnecessary


class ScenarioCondition(_Model):
    """When a question is asked: after one of these answers to an earlier question."""

    question: str  # the key of an earlier question
    options: tuple[int, ...] = Field(min_length=1)  # its option indexes that bring this one in


class ScenarioQuestion(_Model):
    """A choice question of 情景式引导, asked always or only after a given answer."""

    key: str
    text: str
    options: tuple[ScenarioOption, ...] = Field(min_length=2)
    show_if: ScenarioCondition | None = None

    def asked(self, answers: dict[str, int]) -> bool:
        """Whether this question applies, given the answers so far."""
        c = self.show_if
        return c is None or answers.get(c.question) in c.options


class LifeEvent(_Model):
    """人生事件: a moment of a life (出生, 结婚, 退休…) and the items it usually needs."""

    code: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    items: tuple[str, ...] = Field(min_length=1)
    description: str = ""


class Item(_Model):
    """A service item (事项) with its full guide (办事指南)."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    type: str = "行政许可"
    department: str
    window_class: str
    tags: tuple[str, ...] = ()
    onsite_visits: int = Field(default=1, ge=0, le=1)
    statutory_days: int = Field(default=20, ge=0)
    promised_days: int = Field(default=5, ge=0)  # 0 means 即办件 (done on the spot)
    fee: str = "不收费"
    legal_basis: str = ""
    conditions: tuple[str, ...] = ()
    process: tuple[str, ...] = ()
    commitment_allowed: bool = False  # 告知承诺
    place: str = ""
    hours: str = ""
    consult_phone: str = "12345"
    keywords: tuple[str, ...] = ()
    # 证明打印: the kiosk fetches the card holder's certificate from the back office and
    # prints it on A4 (kiosk/pages/certs.py); a 即办件 whose only materials the card read is.
    self_print: bool = False
    materials: tuple[Material, ...] = ()
    # Materials listed in the catalog but applying only after a scenario answer.
    optional_materials: tuple[Material, ...] = ()
    form: tuple[FormField, ...] = ()
    scenario: tuple[ScenarioQuestion, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Item:
        if self.window_class not in WINDOW_CLASSES:
            raise ValueError(f"item {self.code}: window_class must be one of {WINDOW_CLASSES}")
        for tag in self.tags:
            if tag not in TAGS:
                raise ValueError(f"item {self.code}: unknown tag {tag}")
        if self.promised_days > self.statutory_days:
            raise ValueError(f"item {self.code}: promised_days exceeds statutory_days")
        codes = [m.code for m in (*self.materials, *self.optional_materials)]
        if len(codes) != len(set(codes)):
            raise ValueError(f"item {self.code}: duplicate material code")
        keys = [f.key for f in self.form]
        if len(keys) != len(set(keys)):
            raise ValueError(f"item {self.code}: duplicate form field")
        known = set(codes)
        earlier: dict[str, ScenarioQuestion] = {}
        for q in self.scenario:
            if q.key in earlier:
                raise ValueError(f"item {self.code}: duplicate scenario question {q.key}")
            if q.show_if is not None:
                parent = earlier.get(q.show_if.question)
                if parent is None:
                    raise ValueError(
                        f"item {self.code}: question {q.key} depends on no earlier question"
                    )
                if any(not 0 <= i < len(parent.options) for i in q.show_if.options):
                    raise ValueError(f"item {self.code}: question {q.key}: no such option")
            earlier[q.key] = q
            for o in q.options:
                for c in (*o.adds, *o.removes):
                    if c not in known:
                        raise ValueError(f"item {self.code}: scenario names unknown material {c}")
        return self

    @property
    def on_the_spot(self) -> bool:
        return self.promised_days == 0

    @property
    def for_company(self) -> bool:
        """A legal person applies (单位办理): the form asks for a 统一社会信用代码."""
        return any(f.type is FieldType.CREDIT_CODE for f in self.form)

    def material(self, code: str) -> Material:
        for m in (*self.materials, *self.optional_materials):
            if m.code == code:
                return m
        raise CatalogError("catalog.no_material", item=self.code, material=code)

    def asked_questions(self, answers: dict[str, int] | None = None) -> list[ScenarioQuestion]:
        """The scenario questions that apply given ``answers`` (conditional ones after theirs)."""
        answers = answers or {}
        return [q for q in self.scenario if q.asked(answers)]

    def select(self, answers: dict[str, int] | None = None) -> tuple[str, list[Material]]:
        """Apply scenario answers (question key → option index).

        Returns the selected sub-item label ("" when none) and exactly the
        materials that apply, in catalog order. A conditional question whose
        answer was not given is skipped, and its answer ignored if given.
        """
        answers = answers or {}
        chosen = [m.code for m in self.materials]
        sub_item = ""
        for q in self.scenario:
            if not q.asked(answers):
                continue
            if q.key not in answers:
                raise CatalogError("catalog.unanswered", question=q.key, text=q.text)
            idx = answers[q.key]
            if not 0 <= idx < len(q.options):
                raise CatalogError("catalog.bad_answer", question=q.key)
            opt = q.options[idx]
            sub_item = opt.sub_item or sub_item
            chosen = [c for c in chosen if c not in opt.removes]
            chosen += [c for c in opt.adds if c not in chosen]
        order = [m.code for m in (*self.materials, *self.optional_materials)]
        return sub_item, [self.material(c) for c in sorted(chosen, key=order.index)]


class Bundle(_Model):
    """一件事: one application spanning several linked items."""

    code: str
    name: str
    items: tuple[str, ...] = Field(min_length=2)
    description: str = ""


class Catalog(_Model):
    """The whole catalog as one validated value. Any thread may read it."""

    version: str = "1"
    items: tuple[Item, ...]
    bundles: tuple[Bundle, ...] = ()
    life_events: tuple[LifeEvent, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Catalog:
        codes = [i.code for i in self.items]
        if len(codes) != len(set(codes)):
            raise ValueError("duplicate item code")
        for b in self.bundles:
            for c in b.items:
                if c not in codes:
                    raise ValueError(f"bundle {b.code} names unknown item {c}")
        for e in self.life_events:
            for c in e.items:
                if c not in codes:
                    raise ValueError(f"life event {e.code} names unknown item {c}")
        return self

    def item(self, code: str) -> Item:
        for i in self.items:
            if i.code == code:
                return i
        raise CatalogError("catalog.no_item", item=code)

    def bundle(self, code: str) -> Bundle:
        for b in self.bundles:
            if b.code == code:
                return b
        raise CatalogError("catalog.no_bundle", bundle=code)

    # ---- 一件事 (bundles): one application for several items ------------------

    def bundle_item(self, code: str) -> Item:
        """The bundle ``code`` as one item to apply for (一件事, 一表通): the merged form and
        material list of its items, the longest time limits, its name and description.

        Its ``code`` is the bundle's first item's (the lead item, which the back office
        takes the case in under); its items' own codes travel on the case
        (``Case.bundle_items``). No scenario questions: each item's usual answer holds.
        CatalogError when there is no such bundle.
        """
        b = self.bundle(code)
        items = [self.item(c) for c in b.items]
        lead = items[0]
        return Item(
            code=lead.code,
            name=b.name,
            type=lead.type,
            department="、".join(dict.fromkeys(i.department for i in items)),
            window_class=lead.window_class,
            tags=tuple(t for t in lead.tags if all(t in i.tags for i in items)),
            onsite_visits=max(i.onsite_visits for i in items),
            statutory_days=max(i.statutory_days for i in items),
            promised_days=max(i.promised_days for i in items),
            fee="；".join(dict.fromkeys(i.fee for i in items)),
            conditions=tuple(dict.fromkeys(c for i in items for c in i.conditions)),
            process=(b.description,) if b.description else (),
            commitment_allowed=all(i.commitment_allowed for i in items),
            place=lead.place,
            hours=lead.hours,
            consult_phone=lead.consult_phone,
            materials=tuple(self.merged_materials(b.items)),
            form=tuple(self.merged_form(b.items)),
        )

    def bundles_of(self, codes: Iterable[str]) -> list[Bundle]:
        """The bundles holding any of the items ``codes`` (search and guides offer them)."""
        wanted = set(codes)
        return [b for b in self.bundles if wanted.intersection(b.items)]

    def search_bundles(self, text: str, through_items: bool = True) -> list[Bundle]:
        """Bundles whose name or description holds ``text``, then (``through_items``)
        those holding an item the search finds (Chinese words or pinyin, as for items)."""
        text = text.strip()
        if not text:
            return list(self.bundles)
        direct = [b for b in self.bundles if text in b.name or text in b.description]
        if not through_items:
            return direct
        found = {i.code for i in self.search(text)}
        by_item = [b for b in self.bundles if found.intersection(b.items) and b not in direct]
        return direct + by_item

    def by_window_class(self, window_class: str) -> list[Item]:
        return [i for i in self.items if i.window_class == window_class]

    def by_tag(self, tag: str) -> list[Item]:
        """Items with ``tag`` as citizens see it (零跑动 also when no visit is needed)."""
        from core.search import item_tags

        return [i for i in self.items if tag in item_tags(i)]

    def by_life_event(self, code: str) -> list[Item]:
        """The items of one life event, in the event's order."""
        for e in self.life_events:
            if e.code == code:
                return [self.item(c) for c in e.items]
        raise CatalogError("catalog.no_life_event", event=code)

    def search(self, text: str, tag: str | None = None) -> list[Item]:
        """Items found by Chinese words or pinyin (initials or syllables): see core.search."""
        from core.search import index_for, item_tags

        if not text.strip():  # the whole list: no pinyin needed
            return [i for i in self.items if not tag or tag in item_tags(i)]
        return index_for(self, self.items).search(text, tag)

    def merged_form(self, codes: Iterable[str]) -> list[FormField]:
        """一表通: the union of the items' form fields, first definition wins."""
        seen: dict[str, FormField] = {}
        for code in codes:
            for f in self.item(code).form:
                seen.setdefault(f.key, f)
        return list(seen.values())

    def merged_materials(self, codes: Iterable[str]) -> list[Material]:
        """One material list for several items, without duplicates (by code).

        Where two items ask for the same material the larger original/copy
        counts win and it is required if either item requires it.
        """
        merged: dict[str, Material] = {}
        for code in codes:
            for m in self.item(code).materials:
                if m.code in merged:
                    prev = merged[m.code]
                    m = prev.model_copy(
                        update={
                            "originals": max(prev.originals, m.originals),
                            "copies": max(prev.copies, m.copies),
                            "required": prev.required or m.required,
                            "deficiency_allowed": prev.deficiency_allowed and m.deficiency_allowed,
                        }
                    )
                merged[m.code] = m
        return list(merged.values())

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)

    @classmethod
    def from_json(cls, text: str | bytes) -> Catalog:
        try:
            return cls.model_validate(json.loads(text))
        except (ValueError, ValidationError) as exc:
            raise CatalogError("catalog.malformed", detail=str(exc)) from exc

    @classmethod
    def load(cls, path: Path) -> Catalog:
        """The catalog in a JSON file; CatalogError with the path and the cause if unreadable."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            raise CatalogError("catalog.file_unreadable", path=str(path), why=why) from None
        return cls.from_json(data)
