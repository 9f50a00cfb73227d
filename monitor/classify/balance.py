"""The verdict of a change from its hunks' decisions (see :mod:`.assess`): the net of their
severities, with the weights a consumer lawyer gives them — a harm that only shrank weighs
half, a new protection counts once per category, and what only accompanies a new practice
(a promise of its own category weighing less, a right to opt out of or object to
processing) counts as no gain; and a change whose only gains are harms leaving the text, all
of the lowest severity or gone with safeguards, is no better for users. A gain that counted as none is marked so in its hunk's assessment
(``"counted": false``): what the verdict outweighed (`monitor.views.outweighed`) leaves it out.
"""

from __future__ import annotations

from .rights import right_kinds

WORSE, BETTER, NEUTRAL = "worse", "better", "neutral"


# A harm clause that only lost content words ("shrank": no scope word, condition or period
# moved, but it stopped naming a recipient, kind of data or purpose) may still have lost a
# limit as easily as an item of a list: it weighs half its severity in the balance of a change.
_WEIGHT = {"shrank": 0.5}
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
    new practice."""
    if decision["why"] != "protection added" or not new_practices:
        return False
    if category_id in new_practices:
        return decision["severity"] < new_practices[category_id]
    if category_id != "user_rights":
        return False
    kinds = right_kinds([r.text for r in decision["clauses"]])
    return bool(kinds) and kinds <= _REFUSALS


# Removed text is the weakest evidence of a gain: a page re-cut, a pointer dropped, a section
# moved to another page, a feature or a test that ended, another edition captured, all take harm
# clauses out while what users can expect stays. A change whose gains are only harms leaving the
# text (or shrinking) is no better for users when
# - each of them is of the lowest severity (a light category, nothing widened) and the new text
#   still names every kind of data, recipient and purpose it named ("reach lost", assess.py): a
#   severer one (biometric data, arbitration, a licence over users' content) still is a gain,
#   and so is a passport number no longer collected; or
# - the text that went also took safeguards of other kinds with it (a promise removed or
#   weakened, of a category none of the gains is of): a feature's or an edition's description
#   left the page, its practices and its protections alike: less is said, not less done. (A
#   promise of a gain's own category, such as the right to opt out of an arbitration clause
#   removed, is that harm's own limit leaving with it.)
# A promise or a right added is a gain either way.
LEFT_THE_TEXT = frozenset({"removed", "shrank", "narrowed"})
_SAFEGUARDS_LOST = frozenset({"protection removed", "protection weakened"})


def _light_removal(decision: dict) -> bool:
    """Whether a gain is only a harm of the lowest severity leaving the text (or shrinking)."""
    return decision["why"] in LEFT_THE_TEXT and decision["severity"] <= 1 and not decision.get("reach lost")


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
    (`_accompanies`). A change whose gains are only harms leaving the text is neutral when
    they are all light (`_light_removal`) or safeguards of other categories went with them.
    The change's severity is its severest deciding hunk's."""
    worse, better, protected = [], [], set()
    # whether every hunk that nets a gain gains only harms leaving the text, only light ones; the
    # categories of those gains, and those in which a promise went or weakened
    only_removals, light, gained, safeguards_lost = True, True, set(), set()
    new_practices = _new_practices(decisions_by_hunk)
    for decisions in decisions_by_hunk:
        weighed = [(d["severity"] * _WEIGHT.get(d["why"], 1), d["severity"], d["direction"])
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
            gains = {category_id: d for category_id, d in decisions.items()
                     if d["direction"] == BETTER and not _accompanies(d, category_id, new_practices)}
            light &= all(_light_removal(d) for d in gains.values())
            only_removals &= all(d["why"] in LEFT_THE_TEXT for d in gains.values())
            gained |= gains.keys()
        safeguards_lost |= {category_id for category_id, d in decisions.items() if d["why"] in _SAFEGUARDS_LOST}
    if not worse and not better:
        return NEUTRAL, 0
    if worse and sum(w for w, _ in worse) >= sum(w for w, _ in better):
        return WORSE, max(s for _, s in worse)
    if light or only_removals and safeguards_lost - gained:
        return NEUTRAL, 0
    return BETTER, max(s for _, s in better)
