"""A transfer framework left for another transfer mechanism (review of int13, item 5).

A lawyer reads a privacy policy that stops relying on the Privacy Shield (or the Data Privacy
Framework, or Safe Harbor) and now transfers data on adequacy decisions or standard contractual
clauses as no right lost: the framework's recourse (its independent dispute body, its binding
arbitration) served only the data transferred under it, and goes with it. The removed
recourse is neither worse nor better. A recourse removed while the framework is still named,
or with no other mechanism named in its place, is read as before.

>>> old = "We participate in the Privacy Shield. Please contact our dispute resolution provider (free of charge)."
>>> new = "We transfer data on the basis of standard contractual clauses."
>>> hunks = [{"kind": "removed", "old": "Please contact our dispute resolution provider (free of charge)."}]
>>> sorted(recourse_left_with_its_framework(hunks, old, new))
[0]
"""

from __future__ import annotations

from functools import lru_cache

from .rules.base import _re
from .rules.recourse import RECOURSE_RULES

_FRAMEWORKS = {
    "privacy shield": _re(r"\bprivacy shield\b"),
    "data privacy framework": _re(r"\bdata privacy framework\b|\bDPF\b"),
    "safe harbor": _re(r"\bsafe harbou?r\b"),
}
# What a service transfers data on instead.
_OTHER_MECHANISM = _re(r"\b(?:standard contractual clauses|model (?:contract(?:ual)? )?clauses|adequacy decisions?|"
                       r"binding corporate rules|data privacy framework)\b")
_RECOURSE = [rule.pattern for rule in RECOURSE_RULES if rule.category == "user_rights" and rule.polarity == "protection"]


def _field(hunk, name):
    return hunk.get(name) if isinstance(hunk, dict) else getattr(hunk, name, None)


# A framework's name is written within one line (no pattern of `_FRAMEWORKS` matches a line
# break, and a word boundary at a line's ends is one in the whole text): a whole version names
# the frameworks its lines name. Each line is read once, kept by its text: consecutive versions
# repeat most lines, and every change reads both of its whole versions.
@lru_cache(maxsize=1 << 14)
def _frameworks_in_line(line: str) -> frozenset[str]:
    return frozenset(name for name, named in _FRAMEWORKS.items() if named.search(line))


def _frameworks_named(text: str) -> frozenset[str]:
    """The frameworks of `_FRAMEWORKS` that ``text`` names (a pattern searched in the whole text)."""
    return frozenset().union(*map(_frameworks_in_line, text.split("\n")))


def recourse_left_with_its_framework(hunks, old_text: str | None, new_text: str | None) -> set[int]:
    """The indices of ``hunks`` that only remove a framework's recourse, when the change leaves
    that framework (named in ``old_text``, no longer in ``new_text``) for another mechanism."""
    if not old_text or not new_text:
        return set()
    named_before = _frameworks_named(old_text)
    named_after = _frameworks_named(new_text) if named_before else frozenset()
    left = [name for name in _FRAMEWORKS if name in named_before and name not in named_after]
    if not left:
        return set()
    # the mechanism named in place of the framework left (not the framework itself)
    if not any(m.group(0).lower() not in left for m in _OTHER_MECHANISM.finditer(new_text)):
        return set()
    return {index for index, hunk in enumerate(hunks)
            if not (_field(hunk, "new") or "").strip() and (old := _field(hunk, "old") or "")
            and any(pattern.search(old) for pattern in _RECOURSE)}
