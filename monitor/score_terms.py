"""The terms-in-force part of the trust index: how broad each harm is, not only whether it is there.

Almost every large platform's policy shows most harm categories somewhere, so a cost per
category present hardly tells big services apart. What does is how far each harm reaches:
"we may share your data with any third party for any purpose, without notice" is not
"we share it with our payment processor only". Each harm category in force is therefore
charged by its **breadth**, a level from 0 to 3 (``[terms]`` in ``data/scoring.toml``,
``docs/scoring.md`` section 1):

- its **worst clause** sets the level: 1 for a plain statement of the harm, one more for a
  sweeping word ("any third party", "for any purpose", "without notice", "perpetual",
  "irrevocable", "indefinitely", "even after you delete"...), two more for two different ones;
- a clause that **limits** itself ("only", "with your consent", "if you opt in", "you can
  opt out", "aggregated", "with notice") is one level narrower;
- a **protection** of the same category in the service's documents in force ("you can opt
  out of personalised ads", "we do not sell your personal information") limits the harm by
  one level more;
- a harm the documents state in **many distinct clauses** (``pervasive_clauses``) is applied
  to more data and more uses than one stated once: one level broader.

>>> breadth_of_clause("We may share your information with any third party for any purpose.", ["any third party", "any purpose"])
(3, ['any purpose', 'any third party'], [])
>>> breadth_of_clause("We share it with our payment processor only to process your payment.", ["any third party"])
(0, [], ['only'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .safetext import escape
from .text import markdown_to_line

LEVEL_NAMES = ("limited", "plain", "broad", "sweeping")
PROTECTION_QUOTE = 80       # characters of the protection quoted in the score item

# A say the user keeps inside the clause itself, beyond the classifier's narrowing words
# ("only", "with your consent", "if you opt in"...): a harm you can switch off reaches less.
USER_CONTROLS = re.compile(r"\bopt(?:s|ed|ing)?[- ]out\b|\b(?:turn|switch)(?:ing)? (?:it |this |them )?off\b|"
                           r"\bwithdraw (?:your )?consent\b", re.IGNORECASE)


@dataclass(frozen=True)
class Breadth:
    """How far one harm category reaches in the documents in force."""

    level: int                          # 0 limited, 1 plain, 2 broad, 3 sweeping
    worst: object                       # the clause (a TermFinding) that sets the level
    sweeping: tuple[str, ...]           # the sweeping words of that clause
    limits: tuple[str, ...]             # the limiting words of that clause
    protection: str | None              # a protection of the category in force, as text
    clauses: int                        # distinct harmful clauses of the category

    def describe(self) -> str:
        """Why this level, in a few words for the score item
        ("broad: any third party; limited by: only; 7 clauses; protection: “We do not sell…”")."""
        reasons = [", ".join(self.sweeping)] if self.sweeping else []
        if self.limits:
            reasons.append("limited by: " + ", ".join(self.limits))
        if self.clauses > 1:
            reasons.append(f"{self.clauses} clauses")
        if self.protection:
            reasons.append(f"protection: “{self.protection}”")
        return LEVEL_NAMES[self.level] + (f": {'; '.join(reasons)}" if reasons else "")


def breadth_of_clause(text: str, sweeping_words) -> tuple[int, list[str], list[str]]:
    """(level 0-3, the sweeping words found, the limiting words found) of one harmful clause.

    Sweeping words are the classifier's scope words (``monitor.classify.assess.SCOPE_WORDS``)
    named in ``sweeping_words``; limiting words are its narrowing words. "Will not ... without
    your consent" asks for consent: it limits, it does not sweep.
    """
    _, level, sweeping, limits = _clause_breadth(text, tuple(sweeping_words))
    return level, list(sweeping), list(limits)


@lru_cache(maxsize=1 << 12)
def _quoted(clause: str) -> str:
    # captured text on its way into a one-line item shown on pages, feeds and terminals:
    # Markdown read as words, control and bidi characters written as escapes
    words = escape(markdown_to_line(clause))
    return words if len(words) <= PROTECTION_QUOTE else words[:PROTECTION_QUOTE].rstrip() + "…"


@lru_cache(maxsize=1 << 16)
def _clause_breadth(text: str, sweeping_words: tuple[str, ...]) -> tuple[str, int, tuple, tuple]:
    """(the clause's words for comparing, level, sweeping words, limiting words); cached: the
    score after every version reads the same clauses in force again and again."""
    from .classify.assess import NARROWING_WORDS, SCOPE_WORDS
    from .classify.rules import mentions_negation

    sweeping = sorted(k for k in sweeping_words if k in SCOPE_WORDS and SCOPE_WORDS[k].search(text))
    limits = {k for k, pattern in NARROWING_WORDS.items() if pattern.search(text)}
    if USER_CONTROLS.search(text):
        limits.add("opt out")
    if "without consent" in sweeping and mentions_negation(text):
        sweeping.remove("without consent")
        limits.add("with consent")
    level = 1 + min(2, len(sweeping)) - (1 if limits else 0)
    return " ".join(text.lower().split()), max(0, level), tuple(sweeping), tuple(sorted(limits))


def category_breadth(findings: list, protections: list, p: dict) -> Breadth:
    """The breadth of one category from its harmful clauses in force (``findings``, at least
    one) and the protections of the same category in force (``protections``)."""
    sweeping_words = tuple(p["sweeping_words"])
    measured = {}
    for finding in findings:          # a clause repeated word for word (two documents) is one
        key, *breadth = _clause_breadth(finding.text, sweeping_words)
        measured.setdefault(key, (breadth, finding))
    # the worst clause; among equals the shortest, the one a reader checks fastest
    (level, sweeping, limits), worst = max(measured.values(), key=lambda m: (m[0][0], -len(m[1].text)))
    protection = None
    if protections and level > 0:
        level -= 1
        protection = _quoted(min(protections, key=lambda f: len(f.text)).text)
    if len(measured) >= p["pervasive_clauses"]:
        level = min(3, level + 1)
    return Breadth(level, worst, sweeping, limits, protection, len(measured))
