"""Speed-ups of the import (engineer `speed`) that must not change a result: each test compares
the fast path with the plain one on cases that exercise it."""

from __future__ import annotations

import random
import re

import pytest

from monitor.classify.rules import matching, polarity
from monitor.classify.rules.matching import RULES, _rule_hits
from monitor.classify.rules.polarity import sentence_start_within


def _sentence_start_from_zero(starts: re.Pattern, text: str, start: int, reach: int) -> int:
    """The way every caller found it before: all of the clause's sentence starts searched."""
    found = max((m.end() for m in starts.finditer(text, 0, start)), default=0)
    return max(found, start - reach)


@pytest.mark.parametrize("starts", [matching._SENTENCE_START, polarity._SENTENCE_START])
def test_sentence_start_within_reach_is_the_one_searched_from_the_clause_start(starts):
    # texts dense in what the patterns touch (stops, colons, runs of spaces and newlines),
    # every position and reaches that fall on, just before and just after a sentence start
    rng = random.Random(16)
    alphabet = ["a", "b", " ", " ", ".", ";", ":", "!", "?", "\n", "\t", ",", ". ", ".\n", "\n\n"]
    checked = 0
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 60)))
        for start in range(len(text) + 1):
            for reach in (0, 1, 2, 3, 5, 8, 13, 40):
                assert sentence_start_within(starts, text, start, reach) == \
                    _sentence_start_from_zero(starts, text, start, reach), (text, start, reach)
                checked += 1
    assert checked > 50_000


# One long run of harms, denials, prohibitions on the user and concessions with no full stop:
# every match asks where its sentence starts (negation, concession, the user's prohibition).
_FRAGMENTS = [
    "we do not sell your personal information to advertisers",
    "and we may share your data with our partners",
    "while we do not share your contacts",
    "we may disclose your location to third parties",
    "you may not use the service to collect other users' data",
    "unless you opt out we may use your content to train our models",
    "we will never rent your email address",
    "if you do not sign in, we may track your browsing across websites",
]


def _long_sentence(count: int, seed: int) -> str:
    rng = random.Random(seed)
    return ", ".join(rng.choice(_FRAGMENTS) for _ in range(count)) + " and"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rule_hits_of_a_long_sentence_are_those_of_the_search_from_the_clause_start(seed, monkeypatch):
    text = _long_sentence(120, seed)
    hits = _rule_hits(text, RULES, True)
    monkeypatch.setattr(matching, "sentence_start_within", _sentence_start_from_zero)
    monkeypatch.setattr(polarity, "sentence_start_within", _sentence_start_from_zero)
    plain = _rule_hits(text, RULES, True)
    assert hits == plain
    # the run holds hits of every reading the sentence start decides: flipped and not
    assert {h.polarity for h in hits} >= {"harm", "protection"}
    assert len(hits) > 100


def test_rule_hits_of_sentences_with_stops_are_those_of_the_search_from_the_clause_start(monkeypatch):
    rng = random.Random(7)
    texts = [". ".join(rng.choice(_FRAGMENTS) for _ in range(rng.randrange(2, 8))) + "." for _ in range(40)]
    texts += ["; ".join(rng.choice(_FRAGMENTS) for _ in range(rng.randrange(2, 8))) for _ in range(40)]
    fast = [_rule_hits(t, RULES, True) for t in texts]
    monkeypatch.setattr(matching, "sentence_start_within", _sentence_start_from_zero)
    monkeypatch.setattr(polarity, "sentence_start_within", _sentence_start_from_zero)
    assert fast == [_rule_hits(t, RULES, True) for t in texts]


# --- evidence: each clause's plain line and scope words kept by text ---------------------------

from monitor.classify import assess_change, evidence  # noqa: E402
from monitor.classify.memos import forget_all  # noqa: E402
from monitor.text import markdown_to_line  # noqa: E402

_EVIDENCE_HUNKS = [
    {"kind": "added", "section": "Sharing", "old": "", "substantive": True,
     "new": "*   We may [sell](https://x.example/s) your **order history** to data brokers and any third party.\n"
            "*   We may share your precise location with advertising partners for any purpose."},
    {"kind": "removed", "section": "Choices", "new": "", "substantive": True,
     "old": "You can opt out of the *sale* of your personal information at any time."},
    {"kind": "modified", "section": "AI", "substantive": True,
     "old": "We do not use your content to train models.",
     "new": "We may use your content, including your messages, to train our [AI models](https://x.example/ai)."},
]


def _evidence_of_the_hunks():
    return [assess_change(_EVIDENCE_HUNKS).evidence for _ in range(2)]   # the second from the memos


def test_evidence_with_its_memos_is_the_evidence_read_afresh(monkeypatch):
    forget_all()
    fast = _evidence_of_the_hunks()
    forget_all()
    monkeypatch.setattr(evidence, "_plain_line", markdown_to_line)
    monkeypatch.setattr(evidence, "_words_found", lambda pattern, text: [m.group(0) for m in pattern.finditer(text)])
    plain = _evidence_of_the_hunks()
    assert fast[0] == fast[1] == plain[0] == plain[1]
    # the case exercises both: Markdown in clauses and quotes, scope words highlighted
    assert len(fast[0]) >= 3 and any("sell your order history" in item["text"] for item in fast[0])
    assert any(len(item["highlight"]) > 1 for item in fast[0])
