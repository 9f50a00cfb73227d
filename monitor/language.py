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
from array import array
from collections import Counter
from functools import lru_cache
from itertools import chain

from .diff.memo import by_text, register

_SAMPLE_CHARS = 6_000
_LINK = re.compile(r"\]\([^)\s]*\)|https?://\S+|[#*_>`|\[\]]")
# Below this many letters there is not enough text to tell.
_MIN_LETTERS = 40


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    return _detect_opening(text[:_SAMPLE_CHARS])


# A whole document is read from its prose: lines of at least this many words. Its menus are
# not its language: Wikimedia's English privacy policy opens with a list of the 60 languages it
# is translated into ("Avañe'ẽ", "Bahasa Indonesia", "Cebuano", ...), read as Central Bikol;
# a page of links and short lines has no prose, and is read as it is.
_PROSE_WORDS = 8
_PROSE_SCAN_CHARS = 10 * _SAMPLE_CHARS


# Kept by text: the diff asks of each version twice (as a change's new text, then as the next
# one's old text), and scanning the prose lines of 60 KB was 4.7 % of an import's CPU. A few
# entries only: whole texts are the keys, and the memo also serves processes that never call
# `keep_within_bounds`.
@by_text(max_chars=8_000_000, maxsize=8)
def document_language(text: str) -> str | None:
    """The language of a whole document, read from the opening of its prose (lines of
    `_PROSE_WORDS` words or more); from its opening as it is when it has too little prose.

    >>> menu = "\\n".join(f"*   [Language {i}](https://x.test/{i})" for i in range(80))
    >>> document_language("Privacy Policy\\n\\nOther languages:\\n\\n" + menu + "\\n\\n"
    ...                   + "We collect the information you give us when you create an account. " * 3)
    'en'
    """
    prose, size = [], 0
    for line in text[:_PROSE_SCAN_CHARS].splitlines():
        if len(_LINK.sub(" ", line).split()) >= _PROSE_WORDS:
            prose.append(line)
            size += len(line) + 2
            if size >= _SAMPLE_CHARS:
                break
    opening = "\n\n".join(prose)[:_SAMPLE_CHARS]
    if sum(map(str.isalpha, opening)) < _MIN_LETTERS:
        opening = text[:_SAMPLE_CHARS]
    return _detect_opening(opening)


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
# the state no longer depends on what came before. So the features of a sample are those
# of its paragraphs, each walked from the start state over the bytes before it
# (`_CONTEXT_BYTES`, or back to the sample's start) and then over its own, and a paragraph's
# features are kept by those bytes. One after the other they are the features of the whole
# walk, in order, so their `Counter` is py3langid's, key order included (its score sums
# over that order).
_CONTEXT_BYTES = 8


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import LanguageIdentifier, _get_identifier

    class ParagraphCounting(LanguageIdentifier):
        """py3langid's identifier, its feature counts read paragraph by paragraph."""
        __slots__ = ()

        def _raw_score(self, text: bytes):
            features, at = [], 0
            for piece in text.split(b"\n\n"):
                end = min(at + len(piece) + 2, len(text))
                features.append(_paragraph_features(self, text[max(0, at - _CONTEXT_BYTES):at], text[at:end]))
                at = end
            visits = Counter(chain.from_iterable(features))
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(b"")    # no feature: py3langid's own answer for that

    model = _get_identifier()
    identifier = object.__new__(ParagraphCounting)
    for slot in LanguageIdentifier.__slots__:
        setattr(identifier, slot, getattr(model, slot))
    return identifier


@register
@lru_cache(maxsize=1024)   # paragraphs of a 6,000-character opening: a few MB at most
def _paragraph_features(identifier, context: bytes, paragraph: bytes) -> array:
    """The features py3langid's walk meets in ``paragraph`` read after ``context``, in order."""
    moves, rows, output = identifier.tk_nextmove, identifier._rowbase, identifier.tk_output
    state = 0
    for letter in context:
        state = moves[rows[state] + letter]
    features = array("i")
    for letter in paragraph:
        state = moves[rows[state] + letter]
        feature = output[state]
        if feature >= 0:
            features.append(feature)
    return features
