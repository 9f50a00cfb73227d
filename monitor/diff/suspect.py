"""Suspicious versions: captures that are more likely broken than a real change of terms.

A version that deletes most of the document (or more than 30 % of it while saying nothing the one
before did not, and dating it no differently: a capture cut short), that shares almost nothing with the one before,
or that reads like an error page, a login wall, a cookie wall or a bot check is flagged; the
pipeline keeps it out of alerts and scores until a later capture confirms it.

>>> terms = "We collect your data to run the service. " * 60
>>> suspect_codes(terms, "404. Page not found. Sorry, we can't find that page.", similarity=0.0)
['suspect_error_page', 'suspect_mass_deletion', 'suspect_unrelated']
>>> suspect_codes(terms, terms + "We also sell it.", similarity=0.99)
[]
>>> suspect_codes("Be nice. We may close accounts.", "Be nice. Access denied.", similarity=0.5)
['suspect_error_page']
"""

from __future__ import annotations

import re
from functools import lru_cache

from .edition import stated_date
from .memo import CLAUSE_CHARS_KEPT, by_text
from .model import SUSPECT_ERROR_PAGE, SUSPECT_MASS_DELETION, SUSPECT_UNRELATED

# A document this short (in words) is too small to judge deletions or relatedness on: only
# what its new version says (an error page, a wall) can give it away.
MIN_WORDS = 50
# Below this many characters (~3 times MIN_WORDS words), words are counted whatever the sizes.
_SHORT_CHARS = 1_000
# "Deletes most of the document": the new version keeps less than this share of the words.
KEPT_SHARE = 0.5
# "Cut short": it keeps less than this share of the words, and (almost) every word it uses
# was in the version before: what is left is a piece of that version, nothing of its own.
CUT_SHARE = 0.7
CUT_NEW_VOCABULARY = 0.002
# "Unrelated": clause similarity below this, and most of the new words never used before.
UNRELATED_SIMILARITY = 0.15
UNRELATED_VOCABULARY = 0.35
# Error pages, walls and bot checks are short.
ERROR_PAGE_MAX_WORDS = 1_500
_SAMPLE_CHARS = 60_000   # vocabulary is compared on each version's opening, bounding the cost

_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|https?://\S+")
_WORD = re.compile(r"\w+")
# What error pages, login walls, cookie walls and bot checks say (English, some French,
# German, Spanish), one pattern a line. Only whether one matches anywhere is read, so most
# are written to start at a word's start and are tried behind one `\b(?=\w)`: tried at every
# position, 30 alternatives each testing its own `\b` cost ~5 ms a page; inside a word (most
# positions) the shared test now fails once. The set of texts that match is the same.
_ERROR_PAGE_AT_WORD = [
    # not found
    r"(?:page|file|document|content)\s+(?:was\s+|is\s+|could\s+not\s+be\s+)?not\s+(?:be\s+)?found",
    r"not\s+found\b",
    r"(?:page|content|link)\s+(?:isn(?:'|’)t|is\s+not|is\s+no\s+longer)\s+available",
    r"(?:error|erreur|fehler)\s*(?:404|403|500|502|503)\b",
    r"404\b",
    r"page\s+(?:introuvable|non\s+trouvée|nicht\s+gefunden|no\s+encontrada)",
    r"we(?:'|’)re\s+sorry\b",
    # access and login walls
    r"access\s+(?:denied|forbidden)\b",
    r"403\s+forbidden\b",
    # (the words may be a heading and its underline: "Sign in\n=======\n\nto continue to AdSense")
    r"(?:sign|log)\s*in\s+(?:[=-]{3,}\s+)?to\s+(?:continue|view|see|access)",
    r"please\s+(?:sign|log)\s*in\b",
    r"you\s+must\s+(?:be\s+)?(?:sign|log)",
    r"connectez-vous\b",
    # cookie walls, scripts required
    r"(?:enable|activate)\s+(?:javascript|cookies)\b",
    r"javascript\s+(?:is\s+)?(?:disabled|required)",
    r"(?:accept|allow)\s+(?:all\s+)?cookies\b",
    r"cookie\s+(?:consent|banner|wall)\b",
    r"accepter\s+(?:tous\s+)?les\s+cookies\b",
    # bot checks
    r"(?:captcha|recaptcha|hcaptcha)\b",
    r"are\s+you\s+a\s+(?:robot|human)\b",
    r"not\s+a\s+robot\b",
    r"verify\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human\b",
    r"unusual\s+traffic\b",
    r"checking\s+(?:if\s+the\s+site\s+connection|your\s+browser)",
    r"just\s+a\s+moment\b",
    # server errors
    r"(?:service|temporarily)\s+unavailable\b",
    r"something\s+went\s+wrong\b",
    r"too\s+many\s+requests\b",
    r"internal\s+server\s+error\b",
    r"bad\s+gateway\b",
]
# ... and those that may start anywhere (inside a word: "cannot", "homepage you were looking")
_ERROR_PAGE_ANYWHERE = [
    r"can(?:no|'|’)t\s+find\s+(?:the|that|this)\s+page",
    r"page\s+you\s+(?:were\s+|are\s+)?(?:looking|trying)",
]
# (every alternative at a word's start opens with a letter or digit: `(?=\w)` drops none)
_ERROR_PAGE = re.compile("|".join([r"\b(?=\w)(?:" + "|".join(_ERROR_PAGE_AT_WORD) + ")", *_ERROR_PAGE_ANYWHERE]),
                         re.IGNORECASE)


def visible_words(text: str, limit: int | None = None) -> list[str]:
    """Words a reader sees (link targets dropped), lower case; the first ``limit`` chars only."""
    if limit is not None:
        text = text[:limit]
    return _WORD.findall(_LINK_TARGET.sub(" ", text).lower())


def suspect_codes(old: str, new: str, *, similarity: float,
                  known_before: bool = False) -> list[str]:
    """Suspect codes for the change ``old`` -> ``new`` (``similarity`` in 0..1: how much of the
    clause text the two versions share, from the diff).

    ``known_before``: ``new`` repeats an earlier version of the document. Then it is not
    "unrelated" to the document, whatever ``old`` was; nor is a version that replaces what
    looked like an error page: that one was the broken capture.
    """
    if not old.strip():
        return []
    broken_off = len(new) < len(old) and breaks_off(old, new)
    if len(old) >= _SHORT_CHARS and len(new) > 0.9 * len(old) and similarity > UNRELATED_SIMILARITY \
            and not broken_off:
        return []      # cheap exit for the usual case: nothing shrank, plenty shared
    old_words, new_words = visible_word_count(old), visible_word_count(new)
    codes = []
    if old_words >= MIN_WORDS and new_words < KEPT_SHARE * old_words:
        codes.append(SUSPECT_MASS_DELETION)
    elif old_words >= MIN_WORDS and new_words < CUT_SHARE * old_words and cut_short(old, new):
        codes.append(SUSPECT_MASS_DELETION)
    elif old_words >= MIN_WORDS and new_words < old_words and broken_capture(old, new, broken_off):
        codes.append(SUSPECT_MASS_DELETION)   # however much is left: it stops mid-sentence
    if (old_words >= MIN_WORDS and new_words and similarity < UNRELATED_SIMILARITY
            and not known_before and not reads_as_error_page(old, old_words)):
        old_vocabulary = visible_vocabulary(old, _SAMPLE_CHARS)
        new_vocabulary = visible_vocabulary(new, _SAMPLE_CHARS)
        shared = len(new_vocabulary & old_vocabulary) / len(new_vocabulary)
        if shared < UNRELATED_VOCABULARY:
            codes.append(SUSPECT_UNRELATED)
    if codes and reads_as_error_page(new, new_words):
        codes.append(SUSPECT_ERROR_PAGE)
    elif (old_words < MIN_WORDS and reads_as_error_page(new, new_words)
          and not reads_as_error_page(old, old_words)):
        codes.append(SUSPECT_ERROR_PAGE)   # a short document turned into an error page or a wall
    return sorted(codes)


def cut_short(old: str, new: str) -> bool:
    """Whether (almost) every word ``new`` uses was in ``old`` (whole texts: a cut keeps the
    opening as it was, so the opening alone cannot tell), and ``new`` states no other date
    than ``old`` did: a cut is a piece of the version before, which never dates the document
    anew, while an edition that drops sections and is re-dated ("Last updated: May 5, 2024"
    after "January 5, 2024") may use no new word at all ("May" is a modal verb too).

    >>> full = "Last updated: January 5, 2024\\n\\n" + "\\n\\n".join(f"Clause {i} may apply." for i in range(9))
    >>> cut_short(full, full[:80])
    True
    >>> cut_short(full, full[:80].replace("January", "May"))
    False
    """
    new_date = stated_date(new)
    if new_date is not None and new_date != stated_date(old):
        return False
    new_vocabulary = visible_vocabulary(new)
    return len(new_vocabulary - visible_vocabulary(old)) <= CUT_NEW_VOCABULARY * len(new_vocabulary)


_SENTENCE_MARK = re.compile(r"[.;:!?。！？]")
SENTENCE_ENDS = (".", "!", "?", ":", ";", ")", "\"", "'", "”", "’", "*", "_", "|", "。", "！", "？")


def breaks_off(old: str, new: str) -> bool:
    """Whether ``new`` stops in the middle of a paragraph of ``old``: its last paragraph, which
    ends without a sentence's closing mark, is the opening of a longer paragraph of ``old``
    ("... constitute valid and legally binding o" where ``old`` goes on "bligations, ..."), not
    a few words found inside one.
    A capture cut short breaks off wherever the transfer stopped; an edition that drops its
    last sentences ends at a sentence's end.

    >>> old = "Intro.\\n\\nYou agree to these terms and to our rules.\\n\\nEnd."
    >>> breaks_off(old, "Intro.\\n\\nYou agree to these terms and to o"), breaks_off(old, "Intro.\\n\\nYou agree to these terms.")
    (True, False)
    """
    tail = new.rstrip()
    start = tail.rfind("\n\n")
    last = tail[start + 2:].strip() if start >= 0 else tail.strip()
    if len(last) < 2 or last.endswith(SENTENCE_ENDS):
        return False
    # only where it opens a line of ``old`` (each line looked at once: a short last paragraph
    # may occur thousands of times in ``old``)
    for found in re.finditer(r"^[ \t]*" + re.escape(last) + r"(?P<rest>[^\n]*)", old, re.MULTILINE):
        rest = found["rest"]
        # the paragraph goes on to a sentence's end: the cut fell inside a sentence (a menu line
        # or a footer that lost its last words has no sentence to break)
        if rest.strip() and _SENTENCE_MARK.search(rest):
            return True
    return False


def broken_capture(old: str, new: str, broken_off: bool | None = None) -> bool:
    """Whether ``new`` is a capture of ``old`` cut short in the middle of one of its paragraphs
    (`breaks_off`) that says nothing ``old`` did not (its last word may be split: "otherwis").
    ``broken_off``: `breaks_off` already read, when the caller has it."""
    if broken_off is None:
        broken_off = len(new) < len(old) and breaks_off(old, new)
    return broken_off and cut_short(old, without_last_word(new))


def without_last_word(text: str) -> str:
    """``text`` without its last word, which a capture cut short may have split ("otherwis")."""
    text = text.rstrip()
    return text[:max(text.rfind(" "), text.rfind("\n"), 0)]


def looks_like_error_page(text: str, words: list[str]) -> bool:
    return reads_as_error_page(text, len(words))


def reads_as_error_page(text: str, word_count: int) -> bool:
    return word_count <= ERROR_PAGE_MAX_WORDS and _says_error_page(text)


# A history's texts are each read twice in a row (as the new text, then as the old one), and a
# page that flaps brings the same few texts back: the last few texts' answers are kept. The
# error-page pattern costs ~15 ms on a page of 1,500 words (30 case-blind alternatives tried
# at every position).
_TEXTS_KEPT = 8


@lru_cache(maxsize=_TEXTS_KEPT)
def visible_word_count(text: str) -> int:
    """``len(visible_words(text))``."""
    return _counted_words(text)


# A version repeats most paragraphs of the one before it: its words are read paragraph by
# paragraph, each paragraph's kept by its text (emptied between documents with the diff's other
# memos). Blank lines cut no word and no link target (neither spans a space, and lower case is
# a matter of each word's own letters), so the words of a text are those of its paragraphs, in
# order, and what is read here is what `visible_words` reads from the whole text.
_PARAGRAPH_BREAK = "\n\n"


@by_text(CLAUSE_CHARS_KEPT // 2)
def _paragraph_words(paragraph: str) -> tuple[int, frozenset[str]]:
    """How many visible words a paragraph has, and which."""
    words = visible_words(paragraph)
    return len(words), frozenset(words)


def _counted_words(text: str) -> int:
    """``len(visible_words(text))``, paragraph by paragraph."""
    return sum(_paragraph_words(paragraph)[0] for paragraph in text.split(_PARAGRAPH_BREAK))


_SPACE = re.compile(r"\s")


def has_visible_words(text: str, count: int) -> bool:
    """``visible_word_count(text) >= count``, read from the text's opening when that holds
    enough words: most documents do, and a whole version is long (~10 chars a word at most
    is read first). The opening ends before a space, which no word or link target spans, so
    its words are the text's first words."""
    sample = 10 * count
    if len(text) > sample:
        space = _SPACE.search(text, sample)
        if space and _counted_words(text[:space.start()]) >= count:
            return True
    return visible_word_count(text) >= count


@lru_cache(maxsize=_TEXTS_KEPT)
def visible_vocabulary(text: str, limit: int | None = None) -> frozenset[str]:
    """``set(visible_words(text, limit))``, kept for the last texts (each is compared twice)."""
    if limit is not None:
        text = text[:limit]
    return frozenset().union(*(_paragraph_words(paragraph)[1] for paragraph in text.split(_PARAGRAPH_BREAK)))


# A cue the page itself rules out ("you can use it without having to enable JavaScript",
# Kbin's privacy policy) says nothing of an error: the words just before it.
# (A comma ends the ruling out: "Without cookies enabled, please enable cookies to continue.")
_RULED_OUT = re.compile(r"\b(?:without|no\s+need\s+to|not\s+(?:need|have)\s+to)\b[^.;:,\n]{0,25}$", re.IGNORECASE)


@lru_cache(maxsize=_TEXTS_KEPT)
def _says_error_page(text: str) -> bool:
    """Whether ``text`` says what error pages and walls say.

    >>> _says_error_page("Please enable JavaScript to view this page.")
    True
    >>> _says_error_page("You can use the platform without having to enable JavaScript in your browser.")
    False
    """
    return any(not _RULED_OUT.search(text, max(0, match.start() - 40), match.start())
               for match in _ERROR_PAGE.finditer(text))
