"""The verdict of a change from its hunks' decisions (see :mod:`.assess`): the net of their
severities, with the weights a consumer lawyer gives them — a harm that only shrank weighs
half, a new protection counts once per category, and what only accompanies a new practice
(a promise of its own category weighing less, a right to opt out of or object to
processing) counts as no gain; and a change whose only gains are harms leaving the text, all
of the lowest severity or gone with weightier promises, or cuts of no grave kind (what the change
took then decides it), is no better for users. A gain that counted as none is marked so in its hunk's assessment
(``"counted": false``): what the verdict outweighed (`monitor.views.outweighed`) leaves it out.
"""

from __future__ import annotations

from .rights import right_kinds

WORSE, BETTER, NEUTRAL = "worse", "better", "neutral"


# A harm clause that only lost content words ("shrank": no scope word, condition or period
# moved, but it stopped naming a recipient, kind of data or purpose) may still have lost a
# limit as easily as an item of a list: it weighs half its severity in the balance of a change.
_WEIGHT = {"shrank": 0.5}
# A right given only to the residents of named places ("If you are a resident of Nevada, you have
# the right to opt out ...", "China Residents Only: ...") restates a local law for some users: it
# weighs half beside what the change does to every user.
_LOCAL = 0.5


def _weight(decision: dict) -> float:
    return _WEIGHT.get(decision["why"], 1) * (_LOCAL if decision.get("for some places") else 1)
# Rights to refuse a practice: added by a change that introduces a new practice, such a
# right is the way out of that practice, not a gain that outweighs it.
_REFUSALS = frozenset({"opt_out", "object"})


def _accompanies(decision: dict, category_id: str, new_practices: dict[str, int]) -> bool:
    """Whether a new protection only accompanies a new practice of the same change
    (``new_practices``: category -> the practice's severity): a promise of the practice's own
    category that weighs less than the practice ("your private data is not used to train our
    models" beside "we train our models on what anyone published on the web": it limits the
    practice, while a promise as strong, such as mandatory consumer law kept beside a new
    choice of law, may offset it), or a right to opt out of or object to processing beside any
    new practice, or to refuse a practice the old text never named (the change brings it:
    `rights.refuses_an_unnamed_practice`), or a promise that bounds a harm the new section it
    stands in brings (`assess._bound_to_their_sections_harms`)."""
    if decision["why"] != "protection added":
        return False
    if decision.get("refuses an unnamed practice") or decision.get("bounds a new section's harm"):
        return True
    if not new_practices:
        return False
    if category_id in new_practices:
        return decision["severity"] < new_practices[category_id]
    return category_id == "user_rights" and a_way_out(decision)


def a_way_out(decision: dict) -> bool:
    """Whether a decision's rights are only rights to refuse a practice (opt out, object)."""
    kinds = right_kinds([r.text for r in decision["clauses"]])
    return bool(kinds) and kinds <= _REFUSALS


# Removed text is the weakest evidence of a gain: a page re-cut, a pointer dropped, a section
# moved to another page, a feature or a test that ended, another edition captured, all take harm
# clauses out while what users can expect stays. A change whose only gains are harms leaving the
# text (removed, or shrunk or narrowed in what they name) gains nothing when
# - each of them is of the lowest severity and the new text still states a harm of its category
#   naming every kind of data, recipient and purpose it named ("reach lost", assess.py) (a
#   passport number no longer collected, or the only retention clause gone, escapes this, but
#   not `_only_cuts` below); or
# - a promise of another category, weighing at least as much as the severest of them, went or
#   weakened with them: an edition or a feature's description left the page, its practices and
#   its protections alike: less is said, not less done. A right to opt out of or object to a
#   practice is not such a promise: it is the way out of a harm leaving with it (an arbitration
#   clause's opt-out).
# A promise or a right added is a gain either way. Beside light gains, the change's losses decide
# it; beside a description that left with its promises, neither side counts.
LEFT_THE_TEXT = frozenset({"removed", "shrank", "narrowed"})
_SAFEGUARDS_LOST = frozenset({"protection removed", "protection weakened"})


def _light_removal(decision: dict) -> bool:
    """Whether a gain is only a harm of the lowest severity leaving the text (or shrinking) while
    the new text still states what it named."""
    return decision["why"] in LEFT_THE_TEXT and decision["severity"] <= 1 and not decision.get("reach lost")


def _left_the_text(gains: list[tuple[str, dict]], lost: list[tuple[str, dict]]) -> str | None:
    """How ``gains`` (category, decision), if they are only harms leaving the text, count for
    nothing beside the promises ``lost`` (see above): "light" (the change's losses then decide
    it), "with its promises" (what went was a description of practices and protections alike:
    neither side counts), or None (they are gains)."""
    if not gains or not all(d["why"] in LEFT_THE_TEXT for _, d in gains):
        return None
    if all(_light_removal(d) for _, d in gains):
        return "light"
    gained = {category_id for category_id, _ in gains}
    severest = max(d["severity"] for _, d in gains)
    if any(category_id not in gained and d["severity"] >= severest for category_id, d in lost):
        return "with its promises"
    return None


# A change that only cuts harm text (clauses removed, or shorn of what they named), taking nothing
# from users, is no gain by itself either: of the 46 changes of the readings pool called better
# only for harm text leaving it, readers read 26 neutral (a feature's terms gone with it, a section
# moved or re-cut, an edition or a capture that lost a part) and 14 better (session 27). It stays a
# gain when the harm cut is of the kinds users care most about, which a service seldom drops by
# accident: sensitive data (Facebook ending face recognition, December 2021, in the gold set),
# selling or sharing data with third parties, tracking (Apple's pixel tags, June 2021, in the gold
# set), AI training, arbitration, a class-action waiver, a licence over users' content (Firefox,
# 2025). A scope narrowed ("for any reason" -> "for breach")
# is a gain the text states, and stays one.
_CUTS = frozenset({"removed", "shrank"})
_GRAVE = frozenset({"sensitive_data", "data_sale", "data_sharing", "tracking", "ai_training", "arbitration",
                    "class_action_waiver", "content_license"})


def _only_cuts(gains: list[tuple[str, dict]]) -> bool:
    """Whether ``gains`` (category, decision) are only harm text cut, none of a grave kind."""
    return bool(gains) and all(d["why"] in _CUTS and category_id not in _GRAVE for category_id, d in gains)


def _new_practices(decisions_by_hunk: list[dict]) -> dict[str, int]:
    """The categories whose new practice the change introduces, each with its severity."""
    found: dict[str, int] = {}
    for decisions in decisions_by_hunk:
        for category_id, d in decisions.items():
            if d.get("new practice"):
                found[category_id] = max(d["severity"], found.get(category_id, 0))
    return found


def _verdict(decisions_by_hunk: list[dict]) -> tuple[str, int]:
    """The net of the hunks' weights, each hunk by its own net (its severest decision); a
    decision weighs its severity (half for a clause that only shrank); a new protection of a
    category counts in the first hunk that makes it, not again in every hunk that spells it
    out, and not at all when it only accompanies a new practice the same change introduces
    (`_accompanies`). Gains that are only harms leaving the text count for nothing when they
    are all light (the change's losses then decide it) or a promise of another category as
    weighty went with them (then neither side counts; `_left_the_text`), and for nothing when
    they only cut harm text of no grave kind (`_only_cuts`: whatever the change took, anywhere,
    then decides it). The change's severity is its severest deciding hunk's."""
    worse, better, protected = [], [], set()
    new_practices = _new_practices(decisions_by_hunk)
    for decisions in decisions_by_hunk:
        weighed = [(d["severity"] * _weight(d), d["severity"], d["direction"])
                   for category_id, d in decisions.items()
                   if (d["why"] != "protection added" or category_id not in protected)
                   and not _accompanies(d, category_id, new_practices)]
        protected |= {category_id for category_id, d in decisions.items() if d["why"] == "protection added"
                      and not _accompanies(d, category_id, new_practices)}
        worse_here = [(weight, severity) for weight, severity, direction in weighed if direction == WORSE]
        better_here = [(weight, severity) for weight, severity, direction in weighed if direction == BETTER]
        if worse_here and sum(w for w, _ in worse_here) >= sum(w for w, _ in better_here):
            worse.append(max(worse_here))
        elif better_here:
            better.append(max(better_here))
    if not worse and not better:
        return NEUTRAL, 0
    if worse and sum(w for w, _ in worse) >= sum(w for w, _ in better):
        return WORSE, max(s for _, s in worse)
    gains = [(category_id, d) for decisions in decisions_by_hunk for category_id, d in decisions.items()
             if d["direction"] == BETTER and not _accompanies(d, category_id, new_practices)]
    lost = [(category_id, d) for decisions in decisions_by_hunk for category_id, d in decisions.items()
            if d["why"] in _SAFEGUARDS_LOST and not (category_id == "user_rights" and a_way_out(d))]
    nothing = _left_the_text(gains, lost)
    if nothing == "light" and worse:
        return WORSE, max(s for _, s in worse)
    if nothing:
        return NEUTRAL, 0
    if _only_cuts(gains):
        # the cuts count for nothing: whatever the change took, even inside a hunk the cuts
        # outweighed, decides it
        losses = [d["severity"] for decisions in decisions_by_hunk for d in decisions.values() if d["direction"] == WORSE]
        return (WORSE, max(losses)) if losses else (NEUTRAL, 0)
    return BETTER, max(s for _, s in better)
