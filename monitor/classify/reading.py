"""Reading clauses as a person does: the words without Markdown, a label that states nothing,
the same promise or harm said in other words.

`monitor.classify.assess` compares the two sides of a change with these: a clause is read as
plain text (a Markdown link is its words); a lone link or a negated label ("Do Not Sell My
Personal Information") promises nothing; a removed protection is no loss while the other text
still makes it (most of its content words in one of its protections); a harm is not added when
the other side says it in the same words by the rules.

>>> plain_clauses("*   We **may** [sell](https://x.example) your data.\\n\\n[Do Not Sell](https://x.example/dns)")
('We may sell your data.',)
>>> is_label("Do Not Sell My Personal Information"), is_label("We do not sell your data.")
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import markdown_blocks
from .clauses import ClauseResult
from .rules import find_rule_hits, mentions_negation
from .segment import split_clauses

STOPWORDS = frozenset("a an the and or of to in on for with by as at from that this these those your our "
                      "you we us is are be may will can its it their such other".split())
# The share of a promise's (or harm's) content words the other text must repeat to say it again.
SAME_WORDS = 0.75

# A clause that names rather than states: a heading, a link, a short line without a full
# stop ("Do Not Sell or Share My Personal Information", a menu item). It promises nothing.
_LABEL_WORDS = 12


def is_label(text: str) -> bool:
    """Whether a (plain text) clause names something rather than states it."""
    text = text.strip().rstrip("\"'”’)")
    return len(text.split()) <= _LABEL_WORDS and not text.endswith((".", "!", ";", ":"))


def states_protection(result: ClauseResult, category: str) -> bool:
    """Whether a clause states a protection of ``category``. A negated label ("Do Not Sell My
    Personal Information") names a page or a setting and promises nothing; a right listed
    without a full stop ("Delete your account") is still a right."""
    return category in result.protections and not (is_label(result.text) and mentions_negation(result.text))


_NEGATIONS = frozenset("not never no don t doesn won cannot".split())


def words_key(words: str) -> frozenset[str]:
    """The content words of a quote (no stop words, no negation): what two wordings share."""
    return frozenset(w for w in re.findall(r"[a-z]+", words.lower()) if w not in STOPWORDS and w not in _NEGATIONS)


def document_protections(results: list[ClauseResult]) -> dict[str, list[frozenset[str]]]:
    """The protections a whole version states (``results``: its clauses, classified), per
    category: the content words of each."""
    stated: dict[str, list[frozenset[str]]] = {}
    for r in results:
        for category, words in r.protections.items():
            if states_protection(r, category):
                stated.setdefault(category, []).extend(words_key(w) for w in words)
    return stated


def still_promised(removed: list[ClauseResult], category: str, stated: list[frozenset[str]]) -> bool:
    """Whether every removed protection is still made, in other words, by a clause of the other
    text: most of its content words ("sell", "personal", "data") in one of its protections. A
    removed right to access data is not made up for by a right to delete it."""
    for clause in removed:
        for words in clause.protections.get(category, []):
            key = words_key(words)
            if key and not any(len(key & other) >= SAME_WORDS * len(key) for other in stated):
                return False
    return True


def said_on_both_sides(decision: dict, category: str, old: list[ClauseResult], new: list[ClauseResult]) -> bool:
    """Whether a harm "added" (or "removed") was there before (or stays) in the same words, by
    the rules, only the topic model having seen it on one side: "share information ... with
    other Facebook Companies" renamed "... other Meta Companies" is no new sharing."""
    if decision["why"] not in ("added", "removed"):
        return False
    other = old if decision["why"] == "added" else new
    stated = [words_key(h.text) for r in other for h in find_rule_hits(r.text)
              if h.category == category and h.polarity == "harm"]
    keys = [words_key(words) for clause in decision["clauses"] for words in clause.evidence.get(category, [])]
    return bool(stated) and all(key and any(len(key & o) >= SAME_WORDS * len(key) for o in stated) for key in keys)


_LINK_LINE = re.compile(r"^\W*\[[^\]]*\]\([^)]*\)\W*$", re.MULTILINE)


# Where a lead-in turns: only the negation after the last turn governs the list.
_TURN = re.compile(r"\b(?:but|however|although|though|whereas)\b", re.IGNORECASE)
# An opening condition ("If they don't know your number, they can find you:") and negations
# that negate nothing ("not limited to", "whether or not").
_NOT_GOVERNING = re.compile(r"^\s*(?:if|when|unless|where|while)\b[^,;]*[,;]|\bnot (?:be )?limited to\b|\bwhether or not\b",
                            re.IGNORECASE)


def _negating_lead_in(lead_in: str | None) -> str | None:
    """The last sentence of a list's lead-in when it negates or forbids the act its items
    complete ("We do not:", "You may not use the Services to:"): every item of the list is
    read after it. The negation must govern the end of the lead-in: not turned by a later
    "but" or "however", not inside an opening condition, not "not limited to"."""
    if not lead_in:
        return None
    spans = split_clauses(lead_in)
    last = lead_in[spans[-1][0]:spans[-1][1]] if spans else ""
    governing = _NOT_GOVERNING.sub(" ", _TURN.split(last)[-1])
    return last if mentions_negation(governing) else None


@lru_cache(maxsize=4096)
def plain_clauses(text: str | None) -> tuple[str, ...]:
    """The clauses of a text as a reader sees them: Markdown links as their words, no list
    markers, emphasis or heading marks (the Markdown is read before the text is cut, so
    emphasis across a sentence end does not leave stray marks). A line that is a lone link
    names a page and states nothing ("[Do Not Sell or Share My Personal Information](...)"
    renamed is no change of terms), so it is left out. A list item under a lead-in that
    negates or forbids ("You may not use the Services:", "We do not:") keeps it: its first
    clause is read with the lead-in before it ("We do not sell your data"), since the item
    alone ("sell your data") says the opposite of what the text does."""
    found: list[str] = []
    for line, lead_in in markdown_blocks(_LINK_LINE.sub("", text or "")):
        clauses = [line[s:e] for s, e in split_clauses(line)]
        negating = _negating_lead_in(lead_in)
        if negating and clauses:
            # The colon goes: the lead-in and the item read as one sentence, so a negation
            # governs the item's verb ("We do not sell your data").
            clauses[0] = f"{negating.rstrip(':').rstrip()} {clauses[0]}"
        found.extend(clauses)
    return tuple(found)
