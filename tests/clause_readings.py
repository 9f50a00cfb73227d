"""What the rule tests of the readings passes share (tests/ is on sys.path under pytest): one
clause read by the shipped rules and classifier, the rule hits of a sentence, one substantive hunk
of a document's section for `monitor.classify.assess_change`, and a change between two texts made
of paragraphs, diffed and assessed as the pipeline does."""

from __future__ import annotations

from monitor.classify import assess_change
from monitor.classify.clauses import load_classifier
from monitor.diff import compare
from monitor.classify.rules import find_rule_hits


def read(sentence: str):
    return load_classifier().classify([sentence])[0]


def found(sentence: str) -> set[tuple[str, str]]:
    return {(h.category, h.polarity) for h in find_rule_hits(sentence)}


def hunk(kind, old="", new="", section="Terms"):
    return {"kind": kind, "section": section, "old": old, "new": new, "substantive": True}


def assessed_paragraphs(old_paragraphs: list[str], new_paragraphs: list[str], classifier):
    old, new = "\n\n".join(old_paragraphs), "\n\n".join(new_paragraphs)
    return assess_change(compare(old, new).to_json()["hunks"], old, new, classifier=classifier)
