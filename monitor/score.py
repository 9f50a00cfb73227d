"""The trust index: 0–100 and a grade A–E per service, explained item by item.

`compute_score` is a pure function of what the store knows at a date: the harmful terms in
force (`TermFinding`) and the service's history of assessed changes (`ChangeEvent`). The
parameters live in ``data/scoring.toml``; ``docs/scoring.md`` says the same in plain words.

>>> params = load_params()
>>> terms = [TermFinding("arbitration", 3, "Terms of Service", "Disputes go to arbitration.")]
>>> result = compute_score(terms, [], at="2024-06-01T00:00:00Z", params=params,
...                        weights={"arbitration": 0.8})
>>> result.score, result.grade
(98, 'A')
>>> result.items[0].points, result.items[0].text
(-2.4, 'arbitration in the Terms of Service (plain)')
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .clock import parse_iso
from .paths import data_dir

DAY = 86400.0


@dataclass(frozen=True)
class TermFinding:
    """A term in force: a clause of a current document showing a harm category (or, when
    ``protection``, protecting users against it: "you can opt out of ...")."""

    category: str
    severity: int
    document: str                   # terms type, e.g. "Privacy Policy"
    text: str                       # the clause
    version_id: int | None = None
    clause: int | None = None       # position of the clause in the version
    protection: bool = False        # the clause protects users against the category's harm


@dataclass(frozen=True)
class ChangeEvent:
    """An assessed substantive change of one of the service's documents."""

    change_id: int | None
    at: str                         # when the new version was recorded
    document: str
    direction: str                  # worse | better | neutral
    severity: int
    categories: tuple[str, ...] = ()
    notice_days: int | None = None
    consent_by_use: bool = False


@dataclass
class ScoreItem:
    points: float                   # negative takes away, positive gives back
    kind: str                       # term | change | reversal | frequency | credit
    text: str                       # one line for people
    category: str | None = None
    link: dict = field(default_factory=dict)   # {"version_id", "clause"} or {"change_id"}


_ITEM_FIELDS = tuple(f.name for f in fields(ScoreItem))


@dataclass
class Score:
    at: str
    score: int
    grade: str
    items: list[ScoreItem]

    def to_json(self) -> dict:
        return {"at": self.at, "score": self.score, "grade": self.grade,
                "reasons": [_item_json(item) for item in self.items]}


def _item_json(item: ScoreItem) -> dict:
    """``asdict(item)`` without its generic deep copy (a score history makes millions of
    these): the fields in order, the link copied (its values are plain numbers and strings)."""
    row = {name: getattr(item, name) for name in _ITEM_FIELDS}
    row["link"] = dict(item.link)
    return row


def load_params(path: str | Path | None = None) -> dict:
    path = Path(path or data_dir() / "scoring.toml")
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def grade_for(score: float, params: dict) -> str:
    for grade, floor in sorted(params["grades"].items(), key=lambda kv: -kv[1]):
        if score >= floor:
            return grade
    return "E"


def compute_score(terms: list[TermFinding], changes: list[ChangeEvent], *, at: str, params: dict,
                  weights: dict[str, float], names: dict[str, str] | None = None,
                  protections: list[TermFinding] = (), breadths: dict | None = None) -> Score:
    """The score of one service at ``at`` from its terms in force and its changes until then.

    ``protections`` are the clauses in force that protect users ("you can opt out of ..."),
    as findings of their category: they limit how broad a harm of the same category is.
    ``breadths``: a dict the caller keeps across calls with the same ``params`` (the score
    after every version of a service), in which the breadth of each category is kept with the
    findings it was measured from (`_term_items`)."""
    names = names or {}
    moment = parse_iso(at)
    items: list[ScoreItem] = []
    items += _term_items(terms, protections, params["terms"], weights, names, breadths)
    past = [c for c in changes if parse_iso(c.at) <= moment]
    items += _conduct_items(past, moment, params["conduct"], weights, names)
    items += _frequency_items(past, moment, params["frequency"])
    items += _credit_items(past, moment, params["credit"], params["conduct"]["half_life_days"], names)
    total = 100.0 + sum(item.points for item in items)
    score = int(round(min(100.0, max(0.0, total))))
    items.sort(key=lambda item: (item.points, item.kind, item.text))
    return Score(at=at, score=score, grade=grade_for(score, params), items=items)


def _term_items(terms, protections, p, weights, names, breadths: dict | None = None) -> list[ScoreItem]:
    """One item per harm category in force, charged by how broad it is (``score_terms``).

    With ``breadths``, a category whose findings and protections are the very objects it was
    last measured from (a new version of another document of the service) keeps its breadth:
    `category_breadth` is a pure function of them and ``p``. The entry holds those objects, so
    their ids cannot pass to others while it stands."""
    from .score_terms import category_breadth

    by_category: dict[str, list[TermFinding]] = {}
    for finding in terms:
        if weights.get(finding.category, 0) > 0:
            by_category.setdefault(finding.category, []).append(finding)
    protected: dict[str, list[TermFinding]] = {}
    for protection in protections:
        protected.setdefault(protection.category, []).append(protection)
    items = []
    for category, findings in sorted(by_category.items()):
        protecting = protected.get(category, [])
        if breadths is None:
            breadth = category_breadth(findings, protecting, p)
        else:
            key = (tuple(map(id, findings)), tuple(map(id, protecting)))
            kept = breadths.get(category)
            if kept is not None and kept[0] == key:
                breadth = kept[2]
            else:
                breadth = category_breadth(findings, protecting, p)
                breadths[category] = (key, (findings, protecting), breadth)
        worst = breadth.worst
        points = weights[category] * p["points_per_weight"] * p["breadth_factor"][breadth.level]
        items.append(ScoreItem(-round(points, 2), "term",
                               f"{names.get(category, category)} in the {worst.document} ({breadth.describe()})",
                               category,
                               {"version_id": worst.version_id, "clause": worst.clause,
                                "document": worst.document, "quote": worst.text[:300]}))
    return _capped(items, p["max_points"], "terms in force")


def _decay(moment, at: str, half_life_days: float) -> float:
    age = max(0.0, (moment - parse_iso(at)).total_seconds() / DAY)
    return math.pow(0.5, age / half_life_days)


def _conduct_items(changes, moment, p, weights, names) -> list[ScoreItem]:
    items = []
    for index, change in enumerate(changes):
        if change.direction != "worse":
            continue
        heaviest = max((weights.get(c, 0) for c in change.categories), default=0) or p["weight_reference"]
        points = (p["change_points"][change.severity] * heaviest / p["weight_reference"]
                  * _decay(moment, change.at, p["half_life_days"]))
        how = []
        if change.notice_days is None or change.notice_days < p["min_notice_days"]:
            points *= p["no_notice_factor"]
            how.append("without notice")
        if change.consent_by_use:
            points *= p["consent_by_use_factor"]
            how.append("accepted by continued use")
        label = ", ".join(names.get(c, c) for c in change.categories) or "terms"
        text = f"{change.document} made worse on {change.at[:10]} ({label})" + (f", {' and '.join(how)}" if how else "")
        reversal = _reversed_by(change, changes[index + 1:], p["reversal_window_days"])
        if reversal is not None:
            points *= 1 - p["reversal_credit"]
            text += f"; undone on {reversal.at[:10]}"
        items.append(ScoreItem(-round(points, 2), "change", text,
                               change.categories[0] if change.categories else None,
                               {"change_id": change.change_id}))
    return _capped(items, p["max_points"], "conduct")


def _reversed_by(change: ChangeEvent, later: list[ChangeEvent], window_days: float) -> ChangeEvent | None:
    """A later better change to the same document, within the window, easing one of its harms."""
    start = parse_iso(change.at)
    for candidate in later:
        if candidate.direction != "better" or candidate.document != change.document:
            continue
        if (parse_iso(candidate.at) - start).total_seconds() / DAY > window_days:
            break
        if set(candidate.categories) & set(change.categories):
            return candidate
    return None


def _frequency_items(changes, moment, p) -> list[ScoreItem]:
    recent = [c for c in changes if c.direction != "better"
              and (moment - parse_iso(c.at)).total_seconds() / DAY <= 365]
    extra = len(recent) - p["free_per_year"]
    if extra <= 0:
        return []
    points = min(p["max_points"], extra * p["points_each"])
    return [ScoreItem(-round(points, 2), "frequency",
                      f"{len(recent)} substantive changes in the last 12 months (more than {p['free_per_year']})")]


def _credit_items(changes, moment, p, half_life_days, names) -> list[ScoreItem]:
    items = []
    for change in changes:
        if change.direction != "better":
            continue
        points = p["better_points"][change.severity] * _decay(moment, change.at, half_life_days)
        label = ", ".join(names.get(c, c) for c in change.categories) or "terms"
        items.append(ScoreItem(round(points, 2), "credit",
                               f"{change.document} improved on {change.at[:10]} ({label})",
                               change.categories[0] if change.categories else None,
                               {"change_id": change.change_id}))
    return _capped(items, p["max_points"], "credits")


def _capped(items: list[ScoreItem], cap: float, what: str) -> list[ScoreItem]:
    """Scale a group of items down so their total stays within ``cap`` points."""
    total = sum(abs(i.points) for i in items)
    if total <= cap or total == 0:
        return items
    factor = cap / total
    for item in items:
        item.points = round(item.points * factor, 2)
    items.append(ScoreItem(0.0, "cap", f"{what} capped at {cap:g} points (scaled by {factor:.2f})"))
    return items
