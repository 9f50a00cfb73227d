"""The harm taxonomy (``data/taxonomy.toml``): which harms exist, how much each weighs.

>>> taxonomy = load_taxonomy()
>>> taxonomy.get("arbitration").name
'Arbitration'
>>> taxonomy.by_name("Choice of law").id
'choice_of_law'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import data_dir

SOURCES = ("model", "rules", "model+rules")
KINDS = ("harm", "protection")


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    weight: float
    explanation: str
    source: str
    kind: str = "harm"
    unfair_tos: bool = False
    tosdr_cases: tuple[str, ...] = field(default=(), compare=False)

    @property
    def unfair_tos_name(self) -> str | None:
        """The UNFAIR-ToS label (equal to ``name``) for the 8 model categories, else None."""
        return self.name if self.unfair_tos else None

    @property
    def protective(self) -> bool:
        return self.kind == "protection"


class Taxonomy:
    def __init__(self, categories: list[Category]):
        self.categories = list(categories)
        self._by_id = {c.id: c for c in self.categories}
        self._by_name = {c.name: c for c in self.categories}
        self._order = {c.id: i for i, c in enumerate(self.categories)}

    def get(self, category_id: str) -> Category:
        return self._by_id[category_id]

    def by_name(self, name: str) -> Category:
        return self._by_name[name]

    def __contains__(self, category_id: str) -> bool:
        return category_id in self._by_id

    def __iter__(self):
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.categories]

    def ordered(self, ids) -> list[str]:
        """``ids`` without duplicates, in taxonomy order."""
        return sorted(set(ids), key=self._order.__getitem__)


def parse_taxonomy(path: Path) -> Taxonomy:
    with path.open("rb") as f:
        raw = tomllib.load(f)
    categories = []
    for entry in raw["category"]:
        category = Category(
            id=entry["id"], name=entry["name"], weight=float(entry["weight"]),
            explanation=entry["explanation"], source=entry["source"],
            kind=entry.get("kind", "harm"), unfair_tos=bool(entry.get("unfair_tos", False)),
            tosdr_cases=tuple(entry.get("tosdr_cases", ())),
        )
        if category.source not in SOURCES or category.kind not in KINDS:
            raise ValueError(f"{path}: category {category.id}: bad source or kind")
        if not 0 <= category.weight <= 1:
            raise ValueError(f"{path}: category {category.id}: weight must be within 0-1")
        categories.append(category)
    ids = [c.id for c in categories]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate category ids")
    return Taxonomy(categories)


@lru_cache(maxsize=4)
def _load(path: str) -> Taxonomy:
    return parse_taxonomy(Path(path))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy shipped in ``data/taxonomy.toml`` (or ``path``), parsed once."""
    return _load(str(path or data_dir() / "taxonomy.toml"))
