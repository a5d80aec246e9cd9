"""Administrative divisions (GB/T 2260 codes) for the structured delivery address.

A compact table shipped as package data (assets/divisions/gb2260.json): every
province-level division of the country, and Guangdong's prefecture-level cities and
county-level districts in full (东莞市 and 中山市 have none: their towns sit directly
under the city). A province the table does not break down takes the city and
district as typed words, without codes. No maintained PyPI package fits (the address
parsers are unmaintained or pull pandas), so the table is small data of our own.

core finds no files of its own: ``load_divisions(path)`` reads the table the layer
above located (``assets.path("divisions/gb2260.json")``). Plain data; any thread.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import DeliveryError

CODE_RE = re.compile(r"^[1-8][0-9]{5}$")


@dataclass(frozen=True)
class Division:
    """One division: its six-digit code and its name (简体中文)."""

    code: str
    name: str


@dataclass(frozen=True)
class Divisions:
    """The provinces and, for the divisions it breaks down, their children."""

    provinces: tuple[Division, ...]
    children: dict[str, tuple[Division, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = {d.code: d for d in self.provinces}
        for kids in self.children.values():
            names.update({d.code: d for d in kids})
        object.__setattr__(self, "_by_code", names)

    def of(self, code: str) -> Division | None:
        """The division with this code, or None."""
        return self._by_code.get(code)  # type: ignore[attr-defined]

    def below(self, code: str) -> tuple[Division, ...]:
        """The children of ``code`` the table holds (empty: none, or not broken down)."""
        return self.children.get(code, ())

    def broken_down(self, code: str) -> bool:
        """True when the table lists the children of ``code`` (a Guangdong city without
        districts counts as broken down: its province is)."""
        return code in self.children

    def check(
        self, province: str, city: str, district: str, city_name: str, district_name: str
    ) -> None:
        """A structured address's codes agree with the table (DeliveryError when not):
        the province is known; below a broken-down province the city is its child, and
        below a city with districts the district is one of them. Where the table stops,
        the names must be given instead (typed), and the codes left empty."""
        prov = self.of(province)
        if prov is None or prov not in self.provinces:
            raise DeliveryError("delivery.no_province")
        if self.broken_down(province):
            if city not in {d.code for d in self.below(province)}:
                raise DeliveryError("delivery.no_city")
            districts = self.below(city)
            if districts and district not in {d.code for d in districts}:
                raise DeliveryError("delivery.no_district")
            if not districts and district:
                raise DeliveryError("delivery.no_district")
            return
        if city or district:  # no codes where the table has none
            raise DeliveryError("delivery.no_city")
        if not city_name.strip():
            raise DeliveryError("delivery.no_city")
        if not district_name.strip():
            raise DeliveryError("delivery.no_district")


def _divisions(rows: list) -> tuple[Division, ...]:
    out = []
    for code, name in rows:
        if not CODE_RE.match(str(code)) or not str(name):
            raise ValueError(f"bad division row {code!r}")
        out.append(Division(str(code), str(name)))
    return tuple(out)


def load_divisions(path: Path) -> Divisions:
    """The table at ``path`` (the shipped gb2260.json's shape)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Divisions(
        provinces=_divisions(data["provinces"]),
        children={str(k): _divisions(v) for k, v in data.get("children", {}).items()},
    )
