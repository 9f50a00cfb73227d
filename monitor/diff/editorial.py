"""Editorial edits: wording that changed without changing any term a user relies on.

`normalise` erases noise character by character (markup, link targets, dates...). Some
edits change words and still leave every right and obligation as it was; a consumer lawyer
reading the diff calls them cosmetic too, and so does Termswatch:

``navigation``  a clause that only points elsewhere: nothing but link words ("[View our
                certification](...)"), or a pointer sentence around a link ("To learn more,
                [click here](...)", "Visit [Your Payments](...) to manage your payment
                options"). The terms are on the page it points to, captured on their own.
``spelling``    a spelling or grammar correction: every changed word is a misspelling of its
                replacement ("imbedded" -> "embedded"), another form of the same word
                ("Promote" -> "Promoting"), or a grammar word ("the information we have" ->
                "the information that we have"). Negations, modal verbs and quantifiers
                ("not", "may", "all", "only") are never grammar words, and a number is never
                a spelling of another ("thirty" / "thirteen"): they carry terms.
``rename``      a company or product renamed throughout: in every changed clause the only
                difference is the same capitalised name replaced by the same new name
                ("Facebook Ireland Limited" -> "Meta Platforms Ireland Limited", "Your Phone"
                -> "Phone Link"), beside cosmetic edits only ("plugins" -> "plug-ins"), in two
                clauses at least, and never in a clause about the governing law or the courts
                (a change of law or forum is a change of terms, not of name), nor of a role
                or recipient ("our Affiliates" -> "our Partners" widens a term).

>>> navigation_reason("To learn more about these permissions, [click here](https://a.example/p).")
'navigation'
>>> navigation_reason("We may share your data with [partners](https://a.example/p).") is None
True
>>> navigation_reason("Accept All"), navigation_reason("*   precise location"), navigation_reason("No refunds")
('navigation', None, None)
>>> navigation_reason("You can view the previous Privacy Policy, which applies until 29 June 2022, [here](https://a.example/old).")
'navigation'
>>> spelling_reason("We provide information imbedded in our products.", "We provide information embedded in our products.")
'spelling'
>>> spelling_reason("We may share it.", "We may not share it.") is None
True
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# How a clause is read is shared with the notice/residue rules (notices.py); the names moved
# there stay importable from here.
from .clause_words import (_BINDING_WORDS, _INLINE_LINK, _LABEL_TERMS, _LIST_ITEM, _ROLE, _TERM_WORDS,  # noqa: F401
                           _VERSION_NOTICE, _plain, _words, is_list_item, plain_reading)
from .model import NAVIGATION, RENAME, SPELLING
from . import normalise
from .normalise import cached_stage_forms, stage_forms
from .restated import (feature_description_reason, number_form_reason, rename_notice_edit_reason, reorder_reason,
                       service_provision_reason, user_count_reason)
from .notices import (address_edit_reason, capture_residue_reason, hidden_address_reason, is_address_line,  # noqa: F401
                      is_change_log_entry, mark_update_notices)
from .memo import CLAUSE_CHARS_KEPT, by_text

# How a sentence that only points elsewhere opens.
_POINTER = re.compile(
    r"^\W*(?:to (?:learn|find out|read|see|view) (?:more|about)|for (?:more|further|additional) (?:information|details)"
    r"|for (?:information|details)|to (?:view|see|read) our"
    r"|learn more|find out more|read more|more information|click|tap|visit|see|view|go to"
    r"|please (?:see|visit|refer|go to|take a look|look at|check)"
    r"|refer to|you can (?:also )?(?:find|read|learn|view|see|watch) (?:more|about|additional|our))\b", re.IGNORECASE)
# A pointer sentence whose verb is reading ("Click here to read…", "Visit … to view…").
_READING_POINTER = re.compile(r"^\W*(?:click|tap|visit|see|go to)\b[^.!?]{0,60}?\bto (?:read|view|see|learn|find)\b",
                              re.IGNORECASE)
# Sentences about moving around the page itself: a table of contents, "jump to" a section.
_PAGE_NAVIGATION = re.compile(r"\btable of contents\b|\bjump (?:right )?(?:to|back)\b|\bback to (?:the )?top\b"
                              r"|\bskip to (?:the )?(?:main )?content\b", re.IGNORECASE)
# Words whose addition or removal is grammar, not terms.
_GRAMMAR_WORDS = frozenset("a an the that which who whom this these those of to in is are be been being "
                           "has have had it its also".split())
# Legal-neutral synonyms: in any clause, either side of a pair says the same thing
# ("such as" -> "like", "breaches" -> "violations", "postcode" -> "postal code"). Never a
# negation, a modal verb, a quantifier, a number, a party or a recipient: those carry terms.
_SYNONYMS = [
    ("such as", "like"), ("e g", "for example"), ("breach", "violation"), ("breaches", "violations"),
    ("postcode", "postal code"), ("postcode", "zip code"), ("postal code", "zip code"),
    ("surname", "last name"), ("family name", "last name"), ("first name and surname", "first and last name"),
    ("while", "though"), ("whilst", "though"), ("although", "though"),
    ("ads", "adverts"), ("ads", "advertisements"), ("advertisements", "adverts"),
    ("mobile phone", "cell phone"), ("mobile", "cellular"), ("back up", "backup"),
    ("cars", "automobiles"), ("customised", "custom"), ("customized", "custom"),
    ("website", "web site"), ("websites", "web sites"), ("email", "e mail"),
    ("attorneys fees", "legal fees"), ("attorney fees", "legal fees"), ("lawyers fees", "legal fees"),
    ("reach out", "contact"), ("get in touch with", "contact"),
]


def _synonym_groups(pairs: list[tuple[str, str]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each phrase -> one spelling shared by every phrase it is a synonym of (transitively)."""
    group: dict[str, str] = {}

    def root(phrase: str) -> str:
        while group.setdefault(phrase, phrase) != phrase:
            phrase = group[phrase]
        return phrase

    for a, b in pairs:
        group[root(a)] = root(b)
    return {tuple(p.split()): tuple(root(p).split()) for p in group if root(p) != p}


_CANONICAL = _synonym_groups(_SYNONYMS)
_CANONICAL_FIRST_WORDS = frozenset(phrase[0] for phrase in _CANONICAL)
_MAX_POINTER_WORDS = 30
# A label of a page element ("Accept All", "Key Terms", "Print"): a few words, not a sentence,
# not a list item (an item of a list of data collected is a term).
_MAX_LABEL_WORDS = 4
_SPELLING_SIMILARITY = 0.8


@by_text(CLAUSE_CHARS_KEPT)     # by text: asked of every clause added, removed or edited, again and again
def navigation_reason(text: str) -> str | None:
    """``navigation`` when an added or removed clause only points elsewhere, names a page
    element, or is a notice about the document's versions; else None."""
    plain = _plain(text)
    words = _words(plain)
    if len(words) <= _MAX_POINTER_WORDS and _VERSION_NOTICE.search(plain) \
            and not ({"must", "agree", "agrees", "may"} & set(words)):
        return NAVIGATION
    if len(words) <= _MAX_POINTER_WORDS and _PAGE_NAVIGATION.search(plain) and not _BINDING_WORDS & set(words):
        return NAVIGATION                 # "Use this table of contents to find what you need"
    if words and len(words) <= _MAX_LABEL_WORDS and not _LIST_ITEM.match(text) \
            and not text.rstrip(" *_").endswith((".", "!", "?", ";", ":")) and not _LABEL_TERMS & set(words):
        return NAVIGATION
    links = _INLINE_LINK.findall(text)
    if not links:
        return None
    outside = _words(_INLINE_LINK.sub(" ", text))
    if not outside:
        return NAVIGATION                 # nothing but links
    if len(words) > _MAX_POINTER_WORDS or _TERM_WORDS & set(outside):
        return None
    return NAVIGATION if _POINTER.search(plain) else None


_INFLECTIONS = frozenset(["", *"e s es d ed ing er ers ion ions al ly ment ments y ies".split()])
# Words for numbers: "thirty" and "thirteen" days differ in a term, however alike they look.
_NUMBER_WORDS = re.compile(
    r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen"
    r"|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|hundred|thousand|million|billion|first|second|third"
    r"|(?:four|fif|six|seven|eigh|nin|ten|eleven|twelf)th|half|quarter|once|twice|daily|weekly|monthly|yearly|annual)s?$")


def _same_word(old: str, new: str) -> bool:
    """Another form or a misspelling of the same word (not a negation of it, nor another number).

    >>> _same_word("promote", "promoting"), _same_word("imbedded", "embedded"), _same_word("personalise", "personalize")
    (True, True, True)
    >>> _same_word("lawful", "unlawful"), _same_word("thirty", "thirteen"), _same_word("sixty", "sixth"), _same_word("12345", "12346")
    (False, False, False, False)
    """
    if any(c.isdigit() for c in old + new) or _NUMBER_WORDS.match(old) or _NUMBER_WORDS.match(new):
        return False
    if old.startswith(("un", "in", "non", "dis")) != new.startswith(("un", "in", "non", "dis")) \
            and (old.endswith(new) or new.endswith(old)):
        return False                      # "lawful" / "unlawful"
    stem = 0
    while stem < min(len(old), len(new)) and old[stem] == new[stem]:
        stem += 1
    if stem >= 4 and old[stem:] in _INFLECTIONS and new[stem:] in _INFLECTIONS:
        return True                       # promote / promoting, research / researching
    return min(len(old), len(new)) >= 5 and SequenceMatcher(None, old, new).ratio() >= _SPELLING_SIMILARITY


def _canonical_words(words: list[str]) -> list[str]:
    """``words`` with every synonym written the same way (the longest phrase first)."""
    longest = max(len(k) for k in _CANONICAL)
    out, i = [], 0
    while i < len(words):
        if words[i] not in _CANONICAL_FIRST_WORDS:     # (most words: no phrase starts with them)
            out.append(words[i])
            i += 1
            continue
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = tuple(words[i:i + size])
            if phrase in _CANONICAL:
                out.extend(_CANONICAL[phrase])
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


_BARE_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")


def edit_reason(old: str, new: str) -> str | None:
    """Why a modified clause changed no term (``spelling``, ``navigation``, ``contact``), or None."""
    return spelling_reason(old, new) or pointer_edit_reason(old, new) or address_edit_reason(old, new) \
        or said_rename_reason(old, new) or cross_reference_reason(old, new) or capture_residue_reason(old, new) \
        or user_count_reason(old, new) or reorder_reason(old, new, _canonical_words, _GRAMMAR_WORDS) \
        or rename_notice_edit_reason(old, new) or number_form_reason(old, new) \
        or feature_description_reason(old, new) or service_provision_reason(old, new, _canonical_words, _GRAMMAR_WORDS) \
        or hidden_address_reason(old, new)


# A link to another section of the same page, named as a section ("see the [Notice to end
# users](#notice) section"), or with no words at all: its label is a heading's name.
_SECTION_REFERENCE = re.compile(r"\[[^\[\]]*\]\(#[^()\s]*\)(?=\s*sections?\b)|\[\s*\]\(#[^()\s]*\)", re.IGNORECASE)


def cross_reference_reason(old: str, new: str) -> str | None:
    """``navigation`` when two clauses differ only by the name shown for a cross-reference to
    another section of the same document: the section is what it points to, and its terms
    are judged where they stand.

    >>> cross_reference_reason("see the [](#notice)section of this statement.", "see the [Notice to end users](#notice) section of this statement.")
    'navigation'
    >>> cross_reference_reason("We share it with [partners](#partners).", "We share it with [all partners](#partners).") is None
    True
    """
    def without_references(text: str) -> list[str]:
        return _words(stage_forms(_SECTION_REFERENCE.sub(" ", text))[-2])
    if _SECTION_REFERENCE.search(old) or _SECTION_REFERENCE.search(new):
        stripped_old, stripped_new = without_references(old), without_references(new)
        if stripped_old == stripped_new and _words(_plain(old)) != _words(_plain(new)):
            return NAVIGATION
    return None


def said_rename_reason(old: str, new: str) -> str | None:
    """``rename`` when the new clause names the old one as its former name ("Microsoft Start"
    -> "MSN (formerly known as Microsoft Start)"), never for a role or a recipient."""
    said = _FORMERLY.match(_plain(new).lstrip("*-•+ \t"))
    if said and _words(said.group("old")) == _words(_plain(old)) \
            and not _ROLE.search(said.group("name")) and not _ROLE.search(said.group("old")):
        return RENAME
    return None


def pointer_edit_reason(old: str, new: str) -> str | None:
    """``navigation`` when a clause that only pointed elsewhere still only points elsewhere
    ("visit [CBPR Directory](...)" -> "visit [Global CBPR Directory](...)")."""
    def points(text: str) -> bool:
        words = _words(_plain(text))
        outside = _words(_INLINE_LINK.sub(" ", text))
        # "Click here to read the disclosures required under …": the words after the reading
        # verb describe the page pointed to; only a negation, a modal or an assent states a term
        term_words = _BINDING_WORDS if _READING_POINTER.search(_plain(text)) else _TERM_WORDS
        return bool(words) and len(words) <= _MAX_POINTER_WORDS and not term_words & set(outside) \
            and bool(_POINTER.search(_plain(text)))
    if navigation_reason(old) == navigation_reason(new) == NAVIGATION or (points(old) and points(new)):
        return NAVIGATION
    return None


_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()\s]*\)")
_COOKIES = re.compile(r"\bcookies?\b", re.IGNORECASE)
_MAX_CHROME_WORDS = 40
_MAX_MENU_ITEM_WORDS = 2


def chrome_reason(text: str) -> str | None:
    """``navigation`` when a clause captured at the very start or end of a page (before the
    document begins or after it ends) is the website around it: a cookie banner, a menu entry,
    a language or country picker, links. Only ever asked of clauses at the edges of a text."""
    plain = _IMAGE.sub(" ", text)
    words = _words(_plain(plain))
    if not words:
        return NAVIGATION
    if navigation_reason(plain):
        return NAVIGATION
    if len(words) <= _MAX_CHROME_WORDS and _COOKIES.search(plain):
        return NAVIGATION                 # the site's cookie banner, not the document's terms
    if _LIST_ITEM.match(text) and len(words) <= _MAX_MENU_ITEM_WORDS and not _LABEL_TERMS & set(words):
        return NAVIGATION                 # a menu entry ("*   Legal", "*   More")
    tokens = _plain(plain).split()
    if len(tokens) >= 4 and all(t[:1].isupper() for t in tokens) and not re.search(r"[.!?;:,]", plain):
        return NAVIGATION                 # a language picker ("Dansk Deutsch English Français")
    return None


def spelling_reason(old: str, new: str) -> str | None:
    """``spelling`` when two clauses differ only by spelling, word forms, grammar words and
    legal-neutral synonyms (a bare URL is a link target, cosmetic like any other)."""
    # the text after every stage but the last (which also drops the spaces between words)
    old_text, new_text = cached_stage_forms(old)[-2], cached_stage_forms(new)[-2]
    if _words(old_text) == _words(new_text):
        return None                       # normalise explains it (or nothing differs)
    old_words = _canonical_words(_words(_BARE_URL.sub(" ", old_text)))
    new_words = _canonical_words(_words(_BARE_URL.sub(" ", new_text)))
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = old_words[i1:i2], new_words[j1:j2]
        if all(w in _GRAMMAR_WORDS for w in removed + added):
            continue
        # "authorisation has been granted" -> "authorization is granted": the words that are
        # not grammar words pair up as forms of the same word
        removed_content = [w for w in removed if w not in _GRAMMAR_WORDS]
        added_content = [w for w in added if w not in _GRAMMAR_WORDS]
        if tag == "replace" and len(removed_content) == len(added_content) \
                and all(_same_word(a, b) for a, b in zip(removed_content, added_content)) \
                and not (_TERM_WORDS & (set(removed) ^ set(added))):
            continue
        return None
    return SPELLING


_LAW_OR_FORUM = re.compile(r"\b(?:laws?|governed|governing|courts?|jurisdiction|venue|arbitrat\w*|tribunal)\b",
                           re.IGNORECASE)
# A name: capitalised words (a number may follow one, "Windows 11"), never a bare number: the
# same "30 days" -> "90 days" in two clauses is a new term, not a rename.
_NAME = re.compile(r"^(?:[A-Z][\w.&’'-]*)(?:\s+(?:[A-Z0-9][\w.&’'-]*|of|and|to|for|&))*$")
_MIN_RENAMED_CLAUSES = 2


def renamed_names(old: str, new: str) -> list[tuple[str, str]] | None:
    """The name replacements that make ``new`` of ``old`` (in the clauses' source words), or
    None when anything else differs or the clause is about the governing law or the courts.
    A new name may keep a word of the old one ("Your Phone" -> "Phone Link"): edits that only
    a word of a name separates are one replacement. Beside the names, the clause may only
    change cosmetically (letter case, punctuation, spelling: "plugins" -> "plug-ins")."""
    if _LAW_OR_FORUM.search(old) or _LAW_OR_FORUM.search(new):
        return None
    old_tokens, new_tokens = _plain(old).split(), _plain(new).split()
    pairs, renamed, start = [], [], 0
    for i1, i2, j1, j2 in _edited_spans(old_tokens, new_tokens):
        removed = " ".join(old_tokens[i1:i2]).strip(".,;:()")
        added = " ".join(new_tokens[j1:j2]).strip(".,;:()")
        if _words(removed) == _words(added) or (len(_words(removed)) == len(_words(added)) == 1
                                                and _same_word(removed.lower(), added.lower())):
            continue                      # the same name, spelt another way: judged below
        if _NAME.match(removed) and _NAME.match(added) and not _ROLE.search(removed) \
                and not _ROLE.search(added) and not _joins_another(removed, added):
            pairs.append((removed, added))
            renamed += old_tokens[start:i1] + new_tokens[j1:j2]
            start = i2
    renamed += old_tokens[start:]
    if not pairs:
        return None
    if renamed != new_tokens and not (spelling_reason(" ".join(renamed), new)
                                      or normalise.cosmetic_reason(" ".join(renamed), _plain(new))):
        return None
    return pairs


def _joins_another(removed: str, added: str) -> bool:
    """A name that gained a conjunction names another party too ("Acme" -> "Acme and Beta")."""
    joined = re.compile(r"\s(?:and|&)\s")
    return bool(joined.search(added)) and not joined.search(removed)


def _edited_spans(old_tokens: list[str], new_tokens: list[str]) -> list[tuple[int, int, int, int]]:
    """The spans that differ between two token lists (compared in lower case), neighbouring edits merged when the
    tokens between them are one capitalised word ("Your Phone app" -> "Phone Link app" is one
    edit, "Your Phone" -> "Phone Link", not "Your" deleted and "Link" inserted)."""
    spans: list[list[int]] = []
    old_keys, new_keys = [t.lower() for t in old_tokens], [t.lower() for t in new_tokens]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if spans and i1 - spans[-1][1] == 1 and j1 - spans[-1][3] == 1 \
                and old_tokens[i1 - 1][:1].isupper() and (spans[-1][1] > spans[-1][0]) != (spans[-1][3] > spans[-1][2]):
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    return [tuple(span) for span in spans]


_FORMERLY = re.compile(r"^(?P<name>.+?)\s*\((?:formerly|previously)(?:\s+(?:known as|called|named))?\s+"
                       r"(?P<old>[^()]+)\)\W*$", re.IGNORECASE)


def mark_said_renames(hunks: list) -> None:
    """A clause removed and one added that says it renames it ("* Microsoft Start" ->
    "* MSN (formerly known as Microsoft Start)") are one rename: cosmetic (``rename``)."""
    saying = [(hunk, said) for hunk in hunks if hunk.substantive and hunk.kind == "added"
              and (said := _FORMERLY.match(plain_reading(hunk.new)[0].lstrip("*-•+ \t")))]
    if not saying:
        return      # (most comparisons: the removed clauses need not be read)
    removed = {" ".join(plain_reading(h.old)[1]): h for h in hunks if h.substantive and h.kind == "removed"}
    for hunk, said in saying:
        gone = removed.get(" ".join(_words(said.group("old"))))
        if gone is not None and gone.substantive and said_rename_reason(gone.old, hunk.new):
            for h in (hunk, gone):
                h.substantive, h.reason = False, RENAME


def mark_renames(hunks: list) -> None:
    """Mark as cosmetic (``rename``) the substantive modified hunks that only apply one name
    replacement used in at least two clauses: a company or product renamed throughout."""
    candidates = []
    for hunk in hunks:
        if hunk.substantive and hunk.kind in ("modified", "moved"):
            pairs = renamed_names(hunk.old, hunk.new)
            if pairs:
                candidates.append((hunk, pairs))
    uses: dict[tuple[str, str], int] = {}
    for _, pairs in candidates:
        for pair in set(pairs):
            uses[pair] = uses.get(pair, 0) + 1
    for hunk, pairs in candidates:
        if all(uses[pair] >= _MIN_RENAMED_CLAUSES for pair in pairs):
            hunk.substantive, hunk.reason = False, RENAME
    mark_said_renames(hunks)


