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
    import py3langid

    language, _score = py3langid.classify(sample)
    return language
