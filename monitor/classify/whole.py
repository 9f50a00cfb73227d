"""A whole version as `assess.assess_change` judges a change against it: its clauses classified,
and what it states (harms, promises, rights), each read once per text.

Consecutive changes of a document share a version (the new text of one is the old text of
the next), so these readings are kept for the last few texts (`whole_reading`): a version is
split, classified and read once, not once per change it belongs to. Every reading is a pure
function of the text (and the classifier); callers only read them.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

from .clauses import ClauseClassifier, ClauseResult
from .reading import document_protections, plain_clauses
from .rights import document_right_kinds
from .stated import _document_sides, document_clauses, document_harms, document_licences, words_in_order


class WholeReading:
    """The readings of one whole version, each computed when first asked for."""

    def __init__(self, text: str, classifier: ClauseClassifier):
        self.text, self.classifier = text, classifier

    @cached_property
    def results(self) -> list[ClauseResult]:
        return self.classifier.classify(plain_clauses(self.text))

    @cached_property
    def clauses(self) -> dict:
        return document_clauses(self.results, self.classifier.taxonomy)

    @cached_property
    def sides(self) -> dict:
        return _document_sides(self.results, self.classifier.taxonomy)

    @cached_property
    def harms(self) -> dict:
        return document_harms(self.results, self.classifier.taxonomy)

    @cached_property
    def protections(self) -> dict:
        return document_protections(self.results)

    @cached_property
    def clause_words(self) -> frozenset[str]:
        """`stated.words_in_order` of each of its clauses."""
        return frozenset(words_in_order(c) for c in plain_clauses(self.text))

    @cached_property
    def licences(self) -> list:
        return document_licences(self.results, self.classifier.taxonomy)

    @cached_property
    def right_kinds(self) -> frozenset[str]:
        return document_right_kinds(self.results)


@lru_cache(maxsize=4)
def whole_reading(text: str, classifier: ClauseClassifier) -> WholeReading:
    """The readings of ``text`` by ``classifier``, kept for the last few texts."""
    return WholeReading(text, classifier)
