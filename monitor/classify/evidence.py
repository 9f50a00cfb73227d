"""Evidence a reader believes: the clause that states a harm, its decisive words marked.

An item is ``{"category", "categories", "side", "text", "highlight", "hunk"}``:

- ``text``: the whole clause (a sentence or a list item) as plain text: a Markdown link
  becomes its words, list markers, emphasis and heading marks are gone
  (`monitor.text.markdown_to_line`). Never a lone word.
- ``highlight``: ``[[start, end], ...]`` spans of ``text``, the decisive words (the rule's
  match, the scope words that moved); the whole clause when the topic model alone decided.
- one item per clause and side of a hunk: a clause that states two categories is *one* item,
  ``categories`` listing both (``category`` is the weightiest of them, for readers of the
  older shape). A clause is listed under a category only when it states it itself (it is
  one of the clauses deciding that category), never because a neighbour did.
- items are ordered by weight: the severity of the decision they prove, then the category's
  weight, then how many categories the clause states. All are kept in the data; readers
  show the first :data:`SHOWN_UP_FRONT` and fold the rest.

>>> items = build_evidence([(0, "data_sale", {"direction": "worse", "why": "added", "side": "new",
...     "severity": 3, "clauses": [_Clause("*   We may [sell](https://x.example) your order history.",
...                                        {"data_sale": ["[sell](https://x.example) your order history"]})]})],
...     {"data_sale": 0.9})
>>> items[0]["text"], [items[0]["text"][s:e] for s, e in items[0]["highlight"]]
('We may sell your order history.', ['sell your order history'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..text import EVIDENCE_UP_FRONT as SHOWN_UP_FRONT, markdown_to_line, merge_spans  # noqa: F401 (re-exported)


@dataclass
class _Clause:
    """The little of a `ClauseResult` this module reads (for the doctest)."""

    text: str
    evidence: dict = field(default_factory=dict)
    protections: dict = field(default_factory=dict)


# By text: a change's evidence reads each clause once per category it proves, with its quotes,
# and the clauses of a flapping page, with their quotes, come back change after change; each
# was a Markdown parse. Pure functions of their arguments (callers only read the results).
@lru_cache(maxsize=1 << 14)
def _plain_line(text: str) -> str:
    return markdown_to_line(text)


@lru_cache(maxsize=1 << 14)
def _words_found(pattern: re.Pattern, text: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in pattern.finditer(text))


def find_spans(text: str, quotes) -> list[list[int]]:
    """Where each quote (Markdown or plain) occurs in plain ``text``: merged ``[start, end]``
    spans; a quote is matched exactly first, else ignoring case and runs of whitespace."""
    spans = []
    for quote in quotes:
        quote = _plain_line(quote) if quote else ""
        if not quote:
            continue
        start = text.find(quote)
        if start >= 0:
            spans.append((start, start + len(quote)))
            continue
        loose = r"\s+".join(re.escape(word) for word in quote.split())
        spans += [(m.start(), m.end()) for m in re.finditer(loose, text, re.IGNORECASE)][:1]
    return merge_spans(spans)


def _decisive_words(clause, category_id: str, decision: dict, scope_words: dict) -> list[str]:
    if decision["why"].startswith("protection"):
        return list(clause.protections.get(category_id, []))
    words = list(clause.evidence.get(category_id, []))
    for key in decision.get("scope", scope_words):
        pattern = scope_words.get(key)
        if pattern is not None:
            words += _words_found(pattern, clause.text)
    return words


def build_evidence(decisions, weights: dict[str, float], scope_words: dict | None = None) -> list[dict]:
    """Evidence items from ``(hunk index, category id, decision)`` triples (decisions as
    `monitor.classify.assess` makes them, their ``clauses`` being `ClauseResult`\\ s)."""
    scope_words = scope_words or {}
    items: dict[tuple, dict] = {}
    for hunk_index, category_id, decision in decisions:
        for clause in decision["clauses"]:
            text = _plain_line(clause.text)
            if not text:
                continue
            key = (hunk_index, decision["side"], text)
            item = items.get(key)
            if item is None:
                item = items[key] = {"category": category_id, "categories": [], "side": decision["side"],
                                     "text": text, "highlight": [], "hunk": hunk_index,
                                     "_weight": (0, 0.0)}
            if category_id not in item["categories"]:
                item["categories"].append(category_id)
            weight = (decision["severity"], weights.get(category_id, 0.0))
            if weight > item["_weight"]:
                item["category"], item["_weight"] = category_id, weight
            spans = find_spans(text, _decisive_words(clause, category_id, decision, scope_words))
            item["highlight"] = merge_spans(item["highlight"] + spans)
    ordered = sorted(items.values(), key=lambda i: (-i["_weight"][0], -i["_weight"][1], -len(i["categories"])))
    for item in ordered:
        del item["_weight"]
        if not item["highlight"]:
            item["highlight"] = [[0, len(item["text"])]]
    return ordered
