"""Which language a document is written in (py3langid, a model shipped in the package).

The classifier reads English only; a French or German policy must never read as "no harm
found". Detection looks at the visible words of the text's opening (link targets and
Markdown syntax dropped), which is enough for a whole legal document.

>>> detect_language("We collect the information you give us when you create an account.")
'en'
>>> detect_language("Nous collectons les informations que vous nous donnez lors de votre inscription.")
'fr'
"""

from __future__ import annotations

import re
from functools import lru_cache

from .diff.memo import register

_SAMPLE_CHARS = 6_000
_LINK = re.compile(r"\]\([^)\s]*\)|https?://\S+|[#*_>`|\[\]]")
# Below this many letters there is not enough text to tell.
_MIN_LETTERS = 40


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    return _detect_opening(text[:_SAMPLE_CHARS])


# Diffing a history asks about each text twice (as the new text, then as the old one) and
# most versions of a document open alike: 40 % of a big import's diff time went here.
@lru_cache(maxsize=256)
def _detect_opening(opening: str) -> str | None:
    sample = _LINK.sub(" ", opening)
    if sum(map(str.isalpha, sample)) < _MIN_LETTERS:
        return None
    language, _score = _identifier().classify(sample)
    return language


# py3langid counts the byte n-grams of the sample with a DFA walked byte by byte in Python
# (~15 ms an opening, 6 % of the diff stage), and a new opening repeats most paragraphs of
# the one before. Its DFA's state is the longest suffix of the bytes read that its trie
# holds (Aho-Corasick), and that trie is 6 bytes deep: after any `_CONTEXT_BYTES` bytes
# the state no longer depends on what came before. So the counts of a sample are the sums
# of its paragraphs' counts, each walked from the start state over the bytes before it
# (`_CONTEXT_BYTES`, or back to the sample's start) and then over its own, and a paragraph's
# counts are kept by those bytes. Summed in order, each feature first met where the whole
# walk first meets it, they are the `Counter` py3langid makes, key order included (its
# score sums over that order).
_CONTEXT_BYTES = 8


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import LanguageIdentifier, _get_identifier

    class ParagraphCounting(LanguageIdentifier):
        """py3langid's identifier, its feature counts read paragraph by paragraph."""
        __slots__ = ()

        def _raw_score(self, text: bytes):
            visits: dict[int, int] = {}
            at = 0
            for piece in text.split(b"\n\n"):
                end = min(at + len(piece) + 2, len(text))
                for feature, count in _paragraph_counts(self, text[max(0, at - _CONTEXT_BYTES):at], text[at:end]):
                    visits[feature] = visits.get(feature, 0) + count
                at = end
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(b"")    # no feature: py3langid's own answer for that

    model = _get_identifier()
    identifier = object.__new__(ParagraphCounting)
    for slot in LanguageIdentifier.__slots__:
        setattr(identifier, slot, getattr(model, slot))
    return identifier


@register
@lru_cache(maxsize=1024)   # paragraphs of a 6,000-character opening: at most ~24 MB of bytes
def _paragraph_counts(identifier, context: bytes, paragraph: bytes) -> tuple[tuple[int, int], ...]:
    """(feature, count) of the features py3langid's walk meets in ``paragraph`` read after
    ``context``, in the order it first meets them."""
    moves, rows, output = identifier.tk_nextmove, identifier._rowbase, identifier.tk_output
    state = 0
    for letter in context:
        state = moves[rows[state] + letter]
    counts: dict[int, int] = {}
    for letter in paragraph:
        state = moves[rows[state] + letter]
        feature = output[state]
        if feature >= 0:
            counts[feature] = counts.get(feature, 0) + 1
    return tuple(counts.items())
