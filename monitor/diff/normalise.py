"""Materiality: which differences between two clauses are cosmetic, and which kind.

A clause goes through a fixed series of normalisation stages, each erasing one kind of
cosmetic noise. Two clauses whose texts become equal after some stage differ only by noise of
that stage and the ones before it; the reason reported is the first stage at which they become
equal (so a clause whose link target changed and whose spacing changed is a ``link`` edit).
Clauses still different after every stage differ in wording: substantive.

Stages, in order (each needs the ones before it to do its job):

``whitespace``   spacing, line breaks, invisible characters (no-break and zero-width spaces)
``markup``       Markdown / HTML markup: emphasis, escapes, heading and bullet markers, tags
``link``         link targets: ``[text](url)`` keeps only ``text``; bare URLs lose their query
                 (an address a CDN hides, "[email protected]", is the address whatever its words)
``typography``   curly vs straight quotes, dashes, ellipses, ligatures, letter case
``numbering``    list and section numbers ("3. Your content" vs "4. Your content")
``date``         calendar dates, but only in a line that dates the document ("Last updated",
                 "Effective", "©"), never in an obligation ("by 1 July 2024", "within 30 days")
``punctuation``  punctuation marks and the spacing around them

>>> cosmetic_reason("We **may** share it.", "We may share it.")
'markup'
>>> cosmetic_reason("Last updated: 1 July 2023", "Last updated: 2 May 2024")
'date'
>>> cosmetic_reason("Delete it by 1 July 2023.", "Delete it by 2 May 2024.") is None
True
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Callable

from ..dates import DATE as _DATE
from ..dates import YEAR as _YEAR
from .model import DATE, LINK, MARKUP, NUMBERING, PUNCTUATION, TYPOGRAPHY, WHITESPACE
from .memo import CLAUSE_CHARS_KEPT, by_text

_DIGIT = re.compile(r"\d")

# -- whitespace ------------------------------------------------------------------------------
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f]")


def _whitespace(text: str) -> str:
    if not text.isascii() and _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


# -- markup ----------------------------------------------------------------------------------
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]{0,200})?/?>")   # not <https://...>
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])")
_BLOCK_MARKER = re.compile(r"^(?:#{1,6}\s*|[*+\-•◦▪]\s+|>\s*)+")
_CELL_MARKER = re.compile(r"\|\s*(?:[*+\-•◦▪]\s+|>\s*)+")   # a bullet or quote opening a table cell
# (Written so that every alternative starts with its character, "_(?<!\w_)" for "(?<!\w)_":
# the regex engine then skips ahead to the next "*", "_", "`" or "~" instead of trying each
# alternative at each position, ten times faster on a clause.)
_EMPHASIS = re.compile(r"\*\**|_(?<!\w_)_*|__*(?!\w)|``*|~~")   # *+ | (?<!\w)_+ | _+(?!\w) | `+ | ~~
_TABLE_PIPE = re.compile(r"\s*\|\s*")
_CLOSING_HASHES = re.compile(r"\s#+$")


def _markup(text: str) -> str:
    # Each substitution runs only when its marker character is present: most clauses have
    # none, and this stage runs on every clause of every changed region.
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if text.endswith(("=", "-", "*", "_")):
        # A trailing setext underline or rule: three or more of "=-*_" (spaces between).
        bare = text.rstrip("=-*_ \t\n")
        if len(text) - len(bare) - text[len(bare):].count(" ") >= 3:
            text = bare
    if text.startswith(("#", "*", "+", "-", "•", "◦", "▪", ">")):
        text = _BLOCK_MARKER.sub("", text)
    if "*" in text or "_" in text or "`" in text or "~~" in text:
        text = _EMPHASIS.sub("", text)
    if "|" in text:
        text = _TABLE_PIPE.sub(" ", _CELL_MARKER.sub("|", text))
    if text.endswith("#"):
        text = _CLOSING_HASHES.sub("", text)
    return " ".join(text.split())


# -- link ------------------------------------------------------------------------------------
# [text](target "title"), ![alt](src); targets may hold one level of parentheses.
_INLINE_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s*\S+.*$")
_BARE_URL = re.compile(r"<?((?:https?://|www\.)[^\s<>()?#\]]+)(?:[?#][^\s<>()\]]*)?>?")
_EMPTY_BRACKETS = re.compile(r"\[\s*\]")
# The pieces of a link whose text spans blank lines ("[", "text", "](target)"), as Open Terms
# Archive's Markdown has them: a lone opening bracket, a dangling "](target)".
_DANGLING_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
_LONE_BRACKET = re.compile(r"^!?\[$")


# An image carries no terms: it goes, alt text and all (a seal, a logo, a spacer).
_IMAGE = re.compile(r"!\[[^\[\]]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\s*\)")


# An e-mail address a site's CDN hides from scrapers (Cloudflare's "email protection"): the
# capture shows "[email protected]" or the link's own words ("Contact us") by turns, both
# standing for the same address behind the same link.
_HIDDEN_EMAIL = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^()\s]*/cdn-cgi/l/email-protection[^()\s]*\)"
                          r"|\[?email(?:\s|&#160;)protected\]?")


# A screen reader's note on a link ("Privacy Policy (opens in new window)", "[adr.org - opens in
# new window or tab]", "Opens a new window or tab" glued before a menu item): pages add and drop
# it link by link, and it says nothing of the terms. Only where a note stands: in parentheses,
# after a dash or a comma at the end of a link's text or of the clause, or opening the clause
# glued to the item it labels; "clicking an ad opens a new tab and shares ..." is a sentence.
_NOTE = r"opens (?:in )?(?:a )?new (?:browser )?(?:window|tab)(?: or (?:browser )?(?:tab|window))?"
_NEW_WINDOW_NOTE = re.compile(
    r"\s*\(\s*" + _NOTE + r"\s*\)"
    r"|\s*[-\u2013\u2014,]\s*" + _NOTE + r"(?=\s*(?:\]|$))"
    r"|^" + _NOTE + r"(?=[A-Z]|\s*$)", re.IGNORECASE)


def hides_email_address(text: str) -> bool:
    """Whether ``text`` shows an e-mail address a CDN hid (its placeholder or its link)."""
    return ("protected" in text or "email-protection" in text) and bool(_HIDDEN_EMAIL.search(text))


def _link(text: str) -> str:
    """
    >>> _link("please [CONTACT US](https://a.com/cdn-cgi/l/email-protection#removed).")
    'please email address.'
    >>> _link("please [[email protected]](https://a.com/cdn-cgi/l/email-protection).")
    'please email address.'
    >>> _link("see our [Privacy Policy (opens in new window)](https://a.com/p) or [ADR - opens in new tab](https://b.org).")
    'see our Privacy Policy or ADR.'
    >>> _link("Opens a new window or tabOpt out of ads"), _link("Clicking it opens a new tab and shares your data.")
    ('Opt out of ads', 'Clicking it opens a new tab and shares your data.')
    """
    if "protected" in text or "email-protection" in text:
        text = _HIDDEN_EMAIL.sub("email address", text)
    if "pens " in text or "PENS " in text:    # before the links lose their brackets
        text = _NEW_WINDOW_NOTE.sub("", text)
    if "](" in text:
        if "![" in text:
            text = _IMAGE.sub("", text)
        text = _INLINE_LINK.sub(r"\1", text)
    if "][" in text:
        text = _REFERENCE_LINK.sub(r"\1", text)
    if "]:" in text:
        text = _LINK_DEFINITION.sub("", text)
    if "http" in text or "www." in text:
        # A bare URL is text the reader sees; only its query and fragment (where tracking
        # parameters live) are noise.
        text = _BARE_URL.sub(r"\1", text)
    if "](" in text:
        text = _DANGLING_TARGET.sub("", text)
    if "[" in text:
        text = _LONE_BRACKET.sub("", _EMPTY_BRACKETS.sub("", text))
    return " ".join(text.split())


# -- typography ------------------------------------------------------------------------------
_TYPOGRAPHY = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "´": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"', "‹": "'", "›": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "﹘": "-",
    "…": "...", "•": "-", "·": "-",
}
_TYPOGRAPHIC = re.compile("[" + "".join(map(re.escape, _TYPOGRAPHY)) + "]")
_SPACED_DASH = re.compile(r"\s*-{2,3}\s*|\s+-\s+")


def _typography(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if _TYPOGRAPHIC.search(text):
            for fancy, plain in _TYPOGRAPHY.items():   # str.replace: C speed, a few passes
                if fancy in text:
                    text = text.replace(fancy, plain)
    if "-" in text:
        text = _SPACED_DASH.sub(" - ", text)
    return text.casefold()


# -- numbering -------------------------------------------------------------------------------
_LEADING_NUMBER = re.compile(
    r"^(?:(?:section|article|art\.|chapter|part|clause|§)\s*)?"
    r"(?:\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6})\)"        # (a)  a)  (iv)  1)
    r"|\d{1,3}(?:\.\d{1,3})*\.(?!\d)"                # 1.  1.2.
    r"|\d{1,3}(?:\.\d{1,3})+"                        # 1.2
    r"|[a-z]\.|[ivxlc]{1,6}\.)\s+")                  # a.  iv.
_REFERENCE = re.compile(
    r"\b(section|article|clause|paragraph|chapter|part|§)\s*\d{1,3}(?:\.\d{1,3})*(?:\([a-z0-9]{1,4}\))*")


# A short title may carry its number without a dot ("1 About this policy"); in a sentence a
# leading number is content ("30 days after notice, ..."), so only short lines lose it.
_LEADING_BARE_NUMBER = re.compile(r"^\d{1,3}\s+(?=[^\W\d])")
_SHORT_TITLE = 60


def _numbering(text: str) -> str:
    text = _LEADING_NUMBER.sub("", text, count=1)
    if len(text) <= _SHORT_TITLE and text[:1].isdigit():
        text = _LEADING_BARE_NUMBER.sub("", text, count=1)
    if _DIGIT.search(text):
        text = _REFERENCE.sub(r"\1 #", text)    # cross-references follow renumbering
    return text


# -- date ------------------------------------------------------------------------------------
# `monitor.dates` finds them (seven languages); no IGNORECASE: the typography stage has
# case-folded the text.
# Words that make a line a "dating line": it dates the document rather than oblige anyone.
_DATING_WORDS = re.compile(
    r"©|\(c\)|\b(?:updated?|updating|effective|modified|revised|revision|dated?|version|"
    r"published|copyright|mise à jour|en vigueur|entrée|actualizad\w*|vigente|vigor|stand|"
    r"gültig|aktualisiert|aggiornat\w*|atualizad\w*|bijgewerkt)\b", re.IGNORECASE)
_MAX_DATING_LINE = 300
_MAX_BARE_DATE = 40     # a line with nothing but a date ("July 2023", "Version of 1.7.2023")
_YEAR_ONLY = re.compile(r"\b" + _YEAR + r"\b")
_DATE_PLACEHOLDER = "<date>"


def _date(text: str) -> str:
    # Cheap gates first: the date pattern is costly (a hundred month names at each position).
    if len(text) > _MAX_DATING_LINE or not _DIGIT.search(text):
        return text
    dating = _DATING_WORDS.search(text)
    if not dating and len(text) > _MAX_BARE_DATE:
        return text
    undated = _DATE.sub(_DATE_PLACEHOLDER, text)
    if dating or _is_only_dates(undated):
        if text.startswith(("©", "copyright", "(c)")):
            undated = _YEAR_ONLY.sub(_DATE_PLACEHOLDER, undated)
        return undated
    return text       # a date inside an obligation is wording, not a date edit


_DATE_STAGE = 5   # index of the date stage in STAGES
_MAX_WORDS_BESIDE_DATE = 6


def is_dating_line(forms: tuple[str, ...]) -> bool:
    """Whether a clause (given its `stage_forms`) only dates the document: "Last updated: 1
    May 2024", "Effective as of July 1, 2024 | Archived versions".

    >>> is_dating_line(stage_forms("**Last updated: May 30, 2025**"))
    True
    >>> is_dating_line(stage_forms("From 1 May 2024, we share your location with partners."))
    False
    """
    dated = forms[_DATE_STAGE]
    if dated == forms[_DATE_STAGE - 1]:
        return False
    rest = _DATING_WORDS.sub(" ", dated.replace(_DATE_PLACEHOLDER, " "))
    return len(_WORD.findall(rest)) <= _MAX_WORDS_BESIDE_DATE


def _is_only_dates(text: str) -> bool:
    return not re.sub(r"<date>|[\W_]", "", text)


# -- punctuation -----------------------------------------------------------------------------
# Unicode punctuation (categories P*), Basic Multilingual Plane; symbols ($ % + < =) stay.
_PUNCTUATION = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0x10000) if unicodedata.category(chr(c)).startswith("P")) + "]+")
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[.,:/\-](?=\d)")
# "1.5" is not "15": a separator between digits becomes a private-use character that stays.
_SEPARATOR_STAND_IN = {".": "\uE000", ",": "\uE001", ":": "\uE002", "/": "\uE003", "-": "\uE004"}


def _punctuation(text: str) -> str:
    if _DIGIT.search(text):
        text = _DIGIT_SEPARATOR.sub(lambda m: _SEPARATOR_STAND_IN[m.group()], text)
    return _strip_punctuation(text)


# The ASCII punctuation marks (categories P*) and the space, as bytes: most clauses are ASCII,
# and bytes.translate deletes them several times faster than the regular expression.
_ASCII_PUNCTUATION_AND_SPACE = bytes(
    c for c in range(128) if c == 0x20 or unicodedata.category(chr(c)).startswith("P"))


def _strip_punctuation(text: str) -> str:
    # Earlier stages left single spaces only; the key drops them too.
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_PUNCTUATION_AND_SPACE).decode("ascii")
    return _PUNCTUATION.sub("", text).replace(" ", "")


Stage = tuple[str, Callable[[str], str]]
STAGES: tuple[Stage, ...] = (
    (WHITESPACE, _whitespace),
    (MARKUP, _markup),
    (LINK, _link),
    (TYPOGRAPHY, _typography),
    (NUMBERING, _numbering),
    (DATE, _date),
    (PUNCTUATION, _punctuation),
)


def stage_forms(text: str) -> tuple[str, ...]:
    """The clause after each stage, in order: ``forms[-1]`` is its canonical form and
    ``forms[-2]`` its normalised text (words still spaced, for similarity).

    This runs on every clause of every changed region, so it skips the steps that cannot
    change a clause; the forms are those of running every stage (`_all_stage_forms`).
    """
    spaced = _whitespace(text)
    if (_MARKUP_OR_LINK.search(spaced) or "http" in spaced or "www." in spaced or "pens " in spaced
            or "PENS " in spaced or spaced.startswith(("-", "+", ">", "•", "◦", "▪")) or spaced.endswith(("-", "="))):
        marked = _markup(spaced)
        linked = _link(marked)
    else:       # no marker the markup and link stages act on (most prose)
        marked = linked = spaced
    typographic = _typography(linked)
    if _DIGIT.search(typographic):
        numbered = _numbering(typographic)
        dated = _date(numbered)
        return (spaced, marked, linked, typographic, numbered, dated, _punctuation(dated))
    # Without a digit (four clauses in five) numbering can only drop a leading letter or
    # roman enumerator, there is no date, and no separator between digits to keep: one
    # digit search instead of one in each of those stages.
    leading = _LEADING_NUMBER.match(typographic)    # anchored at the start: as its sub
    numbered = typographic[leading.end():] if leading else typographic
    return (spaced, marked, linked, typographic, numbered, numbered, _strip_punctuation(numbered))


# The forms of a clause kept by its text, across comparisons: the diff's passes and the editorial
# rules read the same clauses again and again (a document's versions repeat most of them).
cached_stage_forms = by_text(CLAUSE_CHARS_KEPT)(stage_forms)


def _all_stage_forms(text: str) -> tuple[str, ...]:
    """`stage_forms` the plain way, every stage in turn (the reference its shortcuts keep to).

    >>> samples = ["*   **1\\\\. Your [data](https://x.com/?utm_source=a)** – “ours”",
    ...            "Last updated: 1 July 2023", "iv. We keep it 30 days.", "\u200b- item ²",
    ...            "Plain prose, nothing else.", "See section 3.2(a) of the ＴＥＲＭＳ."]
    >>> all(stage_forms(t) == _all_stage_forms(t) for t in samples)
    True
    """
    forms = []
    for _, stage in STAGES:
        text = stage(text)
        forms.append(text)
    return tuple(forms)


# Anything the markup or link stage could act on in whitespace-normalised text (see those
# stages: each of their steps needs one of these), with the tests in `stage_forms`: a URL, a
# leading bullet or quote marker, a trailing rule. One character class: scanned fast.
_MARKUP_OR_LINK = re.compile(r"[*_`#|<>&\\\[\]~=]")


def canonical(text: str) -> str:
    """Two clauses with the same canonical form differ only cosmetically.

    >>> canonical("*   **1\\\\. Your [data](https://x.com/?utm_source=a)** – “ours”") == canonical("- 1. Your data - \\"ours\\"")
    True
    """
    return stage_forms(text)[-1]


_EMPTY_FORMS = stage_forms("")


def cosmetic_reason(old: str, new: str, old_forms: tuple[str, ...] | None = None,
                    new_forms: tuple[str, ...] | None = None) -> str | None:
    """The cosmetic code explaining all differences between two clauses, or None if they
    differ in wording. ``""`` stands for an absent clause (added or removed): the reason is
    then why the other clause has no content (pure markup, a bare link target, a rule).
    ``old_forms`` / ``new_forms``: their `stage_forms`, if already known.

    >>> cosmetic_reason("See [here](https://a.com/?utm_source=x).", "See [here](https://a.com/).")
    'link'
    >>> cosmetic_reason("Terms of Use", "Terms Of Use")
    'typography'
    >>> cosmetic_reason("[](https://fb.com/nav)", "")
    'link'
    >>> cosmetic_reason("* * *", "")
    'markup'
    """
    if old == new:
        return WHITESPACE
    old_forms = old_forms or (stage_forms(old) if old else _EMPTY_FORMS)
    new_forms = new_forms or (stage_forms(new) if new else _EMPTY_FORMS)
    for (name, _), a, b in zip(STAGES, old_forms, new_forms):
        if a == b:
            return name
    return None


# (with or without a title: '[1. Your data](#your-data "1. Your data")')
_IN_PAGE_LINK = re.compile(r"!?\[[^\[\]]*\]\([^()\s]*#[^()\s]*(?:\s+\"[^\"]*\")?\)")


def is_contents_entry(text: str) -> bool:
    """Whether a clause is nothing but links to places in the page: a table of contents line.

    >>> is_contents_entry("*   [1. Your data](#your-data)"), is_contents_entry("[Help](https://h.com)")
    (True, False)
    """
    if "](" not in text or "#" not in text:
        return False
    rest = _IN_PAGE_LINK.sub("", text)
    return rest != text and not _WORD.search(_markup(rest))


def words(normalised_text: str) -> list[str]:
    """Word tokens of a normalised clause, for similarity; CJK characters count one by one."""
    return _WORD.findall(normalised_text)


_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+")
