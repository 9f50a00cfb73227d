"""Hunks that belong to the capture, not to the document's terms: the website around the
document caught at the edges of a capture (`mark_site_chrome`), a copy of the document in
another language for other readers (`mark_translations`), list items a capture dropped
(`mark_cut_lists`), and sections earlier captures left folded (`mark_unfolded_sections`). Each
is a verdict on hunks `engine.compare` has built, by what the clauses say and where they stand,
never by a service or a sample's phrase; the consent manager's dialog, the other capture mark,
keeps its own module (`consent_dialog.py`).
"""

from __future__ import annotations

import re

from . import editorial
from .memo import CLAUSE_CHARS_KEPT, by_text
from .model import ADDED, CUT_LIST, NAVIGATION, REMOVED, TRANSLATION, UNFOLDED, Hunk
from .not_document import PROSE_SENTENCE_WORDS
from .segment import Clause

# Whether an added or removed clause reads as the website around the document, kept by its
# text across comparisons (the same menus come back change after change).
_chrome_reason = by_text(CLAUSE_CHARS_KEPT)(editorial.chrome_reason)


def detect_language(text: str) -> str | None:
    # (imported when first asked: `monitor.language` reads the diff package's memo registry)
    from ..language import detect_language as detect
    return detect(text)



def mark_translations(hunks: list[Hunk], old: list[Clause], new: list[Clause]) -> None:
    """Clauses added (or removed) together, as a passage, in another language than both
    texts are written in are a copy of the document for other readers — a page that now
    carries the policy in Spanish, German and Polish under the English one — not terms of
    this document: ``translation``. The passage is read whole, then sentence by sentence:
    it must hold at least three sentences that read, alone, in that other language (a list
    of names or a run of capitals can fool a reading of the whole), and a sentence of
    either text's language in it stays the document's own; its headings and short items
    (too short to tell alone) go with the passage. A translation mirrors the document
    (`_mirrors`): a section of new terms written in another language (English terms added
    to a German policy) is no copy of anything, and counts."""
    languages = None
    for kind in (ADDED, REMOVED):
        runs: list[list[Hunk]] = []
        last = None
        for hunk in sorted((h for h in hunks if h.kind == kind),
                           key=lambda h: h.new_index if kind == ADDED else h.old_index):
            index = hunk.new_index if kind == ADDED else hunk.old_index
            if last is None or index != last + 1:
                runs.append([])
            runs[-1].append(hunk)
            last = index
        for run in runs:
            if not any(h.substantive for h in run):
                continue
            texts = [h.new if kind == ADDED else h.old for h in run]
            passage = "\n\n".join(texts)
            if _letters(passage[:_TRANSLATION_SAMPLE_CHARS]) < _MIN_TRANSLATION_LETTERS:
                continue
            if languages is None:     # the languages both texts are written in
                languages = {_text_language(old), _text_language(new)}
            language = detect_language(passage)
            if not language or language in languages or None in languages:
                continue
            alone = {id(h): detect_language(text) for h, text in zip(run, texts)
                     if h.substantive and _letters(text) >= _CLAUSE_LANGUAGE_LETTERS}
            if sum(1 for h, text in zip(run, texts) if id(h) in alone and alone[id(h)] not in languages
                   and len(text.split()) >= PROSE_SENTENCE_WORDS) < _MIN_TRANSLATED_SENTENCES:
                continue      # (a list of names, however long, is no sentence)
            # the text on the other side is the document without the passage
            if not _mirrors(passage, old if kind == ADDED else new):
                continue
            for hunk in run:
                if hunk.substantive and alone.get(id(hunk), language) not in languages:
                    hunk.substantive, hunk.reason = False, TRANSLATION

def mark_site_chrome(hunks: list[Hunk], old_paired: dict[int, int], new_paired: dict[int, int]) -> None:
    """Clauses added or removed before the first clause both texts share, or after the
    last, are where a capture catches the website around the document (cookie banner,
    menus, language picker): cosmetic when they read as such (`editorial.chrome_reason`)."""
    if not old_paired or not new_paired:
        return
    old_edges = (min(old_paired), max(old_paired))
    new_edges = (min(new_paired), max(new_paired))
    for hunk in hunks:
        if not hunk.substantive:
            continue
        if hunk.kind == REMOVED:
            index, (first, last), text = hunk.old_index, old_edges, hunk.old
        elif hunk.kind == ADDED:
            index, (first, last), text = hunk.new_index, new_edges, hunk.new
        else:
            continue
        if (index < first or index > last) and _chrome_reason(text):
            hunk.substantive, hunk.reason = False, NAVIGATION
    _mark_chrome_zones(hunks, old_edges, new_edges)

def _mark_chrome_zones(hunks: list[Hunk], old_edges: tuple[int, int],
                       new_edges: tuple[int, int]) -> None:
    """The website around a document comes and goes as a whole: when a capture gains or
    loses the page's header or footer — the clauses added (or removed) before the first
    shared clause or after the last, nearly all read as site chrome — a short line standing
    inside it, behind chrome from the document ("Search the site", "We are not responsible
    for the content of external sites" after the footer's menus), goes with it. A clause
    next to the document, with no chrome between them, is the document's own; so is a
    sentence in which the service or the user is bound to do something (`_binds_someone`:
    "By using this site you agree that Acme may sell ..."), wherever it stands."""
    for kind, (first, last) in ((REMOVED, old_edges), (ADDED, new_edges)):
        def index(hunk: Hunk) -> int:
            return hunk.old_index if kind == REMOVED else hunk.new_index
        for head in (True, False):
            zone = sorted((h for h in hunks if h.kind == kind and (index(h) < first if head else index(h) > last)),
                          key=index, reverse=head)      # from the document outwards
            substantive = [h for h in zone if h.substantive]
            if len(zone) < _MIN_CHROME_ZONE or not substantive \
                    or len(substantive) > _MAX_ZONE_OTHER_SHARE * len(zone):
                continue
            chrome_before = 0
            for hunk in zone:
                if not hunk.substantive:
                    chrome_before += hunk.reason == NAVIGATION
                elif chrome_before >= _MIN_CHROME_BEFORE \
                        and len((hunk.old or hunk.new).split()) <= _MAX_ZONE_LINE_WORDS \
                        and not _binds_someone(hunk.old or hunk.new):
                    hunk.substantive, hunk.reason = False, NAVIGATION


# The page's header or footer, gained or lost whole: at least this many clauses at an edge of
# the text, at most this share of them read as anything but chrome; a line inside it stands
# behind this many chrome clauses from the document, and is this short at most.
_MIN_CHROME_ZONE = 10
_MAX_ZONE_OTHER_SHARE = 0.1
_MIN_CHROME_BEFORE = 3
_MAX_ZONE_LINE_WORDS = 30
# A sentence that binds: "we" or "you", or a name, then (after a word at most) a modal, an
# assent or a data practice ("you agree", "Acme may sell", "we will share"). A footer's
# disclaimer states what the service is not ("Acme is not responsible for external sites").
_BINDING_SENTENCE = re.compile(
    r"(?:\b(?i:we|you)|\b[A-Z][\w&'-]*)\s+(?:\w+\s+)?"
    r"(?i:may|might|must|shall|will|can|agrees?|consents?|accepts?|sells?|shares?|collects?)\b")
_BINDING_SENTENCE_WORDS = 6


def _binds_someone(text: str) -> bool:
    """Whether a line holds a full sentence in which the service or the user is bound."""
    return bool(text.rstrip().endswith((".", "!")) and len(text.split()) >= _BINDING_SENTENCE_WORDS
                and _BINDING_SENTENCE.search(text))

# A passage in another language is told from this many letters on (a few sentences: a heading
# or a short item alone is too little to tell a language reliably); its language is read on
# its opening.
_MIN_TRANSLATION_LETTERS = 400
_TRANSLATION_SAMPLE_CHARS = 6_000
# A clause of the passage this long can be told on its own; a passage holds at least this many
# sentences (of prose: `not_document.PROSE_SENTENCE_WORDS`) told in the other language.
_CLAUSE_LANGUAGE_LETTERS = 40
_MIN_TRANSLATED_SENTENCES = 3
# A translation of the document is at least this share of its letters, or carries this many of
# its numbers, e-mail addresses and links (this share of those it carries at least; a lone
# digit, a list's or a section's number, is any text's).
_MIRROR_LETTERS_SHARE = 0.5
_MIN_MIRRORED_TOKENS = 3
_MIRRORED_TOKEN_SHARE = 0.6
_MIRRORED_TOKEN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s)\]]+|\d+(?:[.,]\d+)+|\d{2,}")


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def _mirrors(passage: str, document: list[Clause]) -> bool:
    """Whether a passage in another language reads as a copy of ``document``: it is as long as
    a large share of it, or most of the numbers, e-mail addresses and links it carries are the
    document's own (a translation keeps them; a script with short words, like Chinese, has
    fewer letters than the text it translates)."""
    text = "\n\n".join(clause.text for clause in document)
    if _letters(passage) >= _MIRROR_LETTERS_SHARE * _letters(text):
        return True
    carried = set(_MIRRORED_TOKEN.findall(passage))
    if len(carried) < _MIN_MIRRORED_TOKENS:
        return False
    own = set(_MIRRORED_TOKEN.findall(text))
    return len(carried & own) >= _MIRRORED_TOKEN_SHARE * len(carried)


def _text_language(clauses: list[Clause]) -> str | None:
    """The language of a text, read on its clauses' opening (as `detect_language` reads a text)."""
    opening, size = [], 0
    for clause in clauses:
        opening.append(clause.text)
        size += len(clause.text) + 2
        if size >= _TRANSLATION_SAMPLE_CHARS:
            break
    return detect_language("\n\n".join(opening))


# An introduction that announces a list: its last word ends with a colon (markup aside).
_INTRODUCES_LIST = re.compile(r":[*_\s]*$")
_ITEM = "item"
# An emptied list corroborates a cut capture when it held this many items or more, or when lists
# were cut at this many places or more (an author does empty a one-item list).
_MIN_EMPTIED_ITEMS = 2
_MIN_CUT_PLACES = 2


def mark_cut_lists(hunks: list[Hunk], old: list[Clause], new: list[Clause], old_paired: dict[int, int]) -> None:
    """A capture that drops the last items of lists leaves its mark where it dropped them all:
    an introduction that still announces a list ("... such as legal advisors and law
    enforcement:") followed by no item at all, where the other text had its items. No author
    publishes a list of nothing, so that capture lost text rather than the document terms:
    the items it dropped at the end of every list, each run of items removed between the last
    item kept and what followed the list (with nothing added in their place), are the
    capture's (``cut_list``). Without an emptied introduction, items removed from a list's end
    are an edit like any other: a document does shorten its lists."""
    if not any(h.substantive and h.kind == REMOVED for h in hunks):
        return
    ends = [run for run in _removed_runs(len(old), old_paired) if _cut_at_list_end(run, old, new, old_paired)]
    emptied = [run for run in ends if _empties_an_introduction(run, old, new, old_paired)]
    # An author does empty a list now and then (the one thing "we will never sell" gone): the
    # capture's mark is trusted when corroborated, by a list of two items or more lost whole,
    # or by lists cut at two places or more. (This rule only ever hides removals.)
    if not emptied or (len(ends) < _MIN_CUT_PLACES
                       and all(last - first + 1 < _MIN_EMPTIED_ITEMS for first, last in emptied)):
        return
    cut = {i for first, last in ends for i in range(first, last + 1)}
    for hunk in hunks:
        if hunk.substantive and hunk.kind == REMOVED and hunk.old_index in cut:
            hunk.substantive, hunk.reason = False, CUT_LIST


def _removed_runs(count: int, old_paired: dict[int, int]) -> list[tuple[int, int]]:
    """The runs of consecutive clauses of the old text left unpaired, (first, last)."""
    runs, start = [], None
    for i in range(count + 1):
        if i < count and i not in old_paired:
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


def _cut_at_list_end(run: tuple[int, int], old: list[Clause], new: list[Clause],
                     old_paired: dict[int, int]) -> bool:
    """Whether the removed ``run`` is items only, at the end of a list (after an item or an
    introduction the new text keeps), with nothing added in the new text where they stood."""
    first, last = run
    before, after = first - 1, last + 1
    if before < 0 or before not in old_paired or old[first].kind != _ITEM:
        return False
    if not (old[before].kind == _ITEM or _INTRODUCES_LIST.search(old[before].text)):
        return False      # a list begins only after an item or an introduction
    if after < len(old) and (old[after].kind == _ITEM or after not in old_paired):
        return False      # the run is not the list's end, or something took its place
    following = old_paired[after] if after < len(old) else len(new)
    if following != old_paired[before] + 1:
        return False      # the new text has clauses of its own where the items stood
    return all(old[i].kind == _ITEM for i in range(first, last + 1))


def _empties_an_introduction(run: tuple[int, int], old: list[Clause], new: list[Clause],
                             old_paired: dict[int, int]) -> bool:
    """Whether the removed ``run`` (a list's end, `_cut_at_list_end`) was all the items of a
    list whose introduction the new text keeps, now followed directly by what followed the
    list (a heading, a paragraph, or the end of the text): not by prose the author put there."""
    before = run[0] - 1
    if not _INTRODUCES_LIST.search(old[before].text):
        return False
    j = old_paired[before]
    if not _INTRODUCES_LIST.search(new[j].text):
        return False
    return j + 1 >= len(new) or new[j + 1].kind != _ITEM


# (unseen25 Vinted, unseen15 USA.gov) A page whose sections open on a click ("Expand all") is
# captured with them folded, until one capture catches them open: the text grows several times
# over, by additions alone, under the very same "Date last updated" line. The terms did not
# change; the capture did. An author who adds to the terms (even without re-dating them) also
# rewords or removes something, or adds less than the whole text again: such a change stays
# substantive. Only the additions of a text at least this many times the old one are marked.
UNFOLDED_GROWTH = 2.0
_EDITION_WORDS = re.compile(r"\b(?:updated|effective|revised|modified|last changed)\b", re.IGNORECASE)
_EDITION_LINE_CHARS = 300


def _edition_lines(text: str) -> list[str]:
    """The lines of ``text`` that date its edition ("Date last updated: 01-21-2022"), spaces
    normalised, in order. Compared as lines, not read as dates (`edition.stated_date`): the same
    line is the same date in any format, and numeric dates such as "01-21-2022" are not read."""
    return [" ".join(line.split()) for line in text.splitlines()
            if len(line) <= _EDITION_LINE_CHARS and _EDITION_WORDS.search(line) and any(c.isdigit() for c in line)]


def mark_unfolded_sections(hunks: list[Hunk], old: str, new: str) -> None:
    """Mark the added hunks of a capture that caught sections the one before left folded
    (``unfolded``): ``new`` is `UNFOLDED_GROWTH` times ``old`` or more, every substantive hunk is
    an addition, and ``new`` dates its edition with the lines ``old`` did, the first one first,
    and with no other.

    >>> from .engine import compare
    >>> folded = "Date last updated: 01-21-2022\\n\\n## Data we collect\\n\\n## Who gets it"
    >>> full = ("Date last updated: 01-21-2022\\n\\n## Data we collect\\n\\nWe collect your name and location."
    ...         "\\n\\n## Who gets it\\n\\nWe share your location with advertising partners.")
    >>> change = compare(folded, full)
    >>> change.substantive, sorted({h.reason for h in change.hunks})
    (False, ['unfolded'])
    >>> compare(folded, full.replace("01-21-2022", "02-20-2023")).substantive
    True
    """
    if len(new) < UNFOLDED_GROWTH * len(old):
        return
    substantive = [hunk for hunk in hunks if hunk.substantive]
    if not substantive or any(hunk.kind != ADDED for hunk in substantive):
        return
    old_dates, new_dates = _edition_lines(old), _edition_lines(new)
    # (no dating line of its own either: a page that carries an upcoming edition beside the
    # current one dates it, and is an announcement, `announcement.py`)
    if not old_dates or not new_dates or old_dates[0] != new_dates[0] or set(old_dates) != set(new_dates):
        return
    for hunk in substantive:
        hunk.substantive, hunk.reason = False, UNFOLDED
