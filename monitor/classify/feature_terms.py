"""A programme's own terms appended to the page (issue 13, from the pool of readings, session 25).

A section the change appends at the end of the page, whole and new to the document, whose
heading is the title of an instrument of its own (a programme's terms, a promotion's "Official
Rules", another product's "Terms of Use": a monthly giveaway's rules appended to a shop's terms,
FedEx's One Rate Program, Google One's "AI Credits Terms of Use", pixiv's "VRoid Hub Developer"
Terms of Use compiled into its terms page) binds only those who join the programme or use that
product, and readers call it neutral. Its contract terms are not read; what it does with data
still is (`PRACTICE_CATEGORIES`: a rewards programme that sells its members' purchase history is a
change for the worse, wherever it is written), but not its promises, which bind it to those who
join it only (a coin's terms forbidding users to sell their account data read as a promise
about sales, a storage app deleting a dormant user's files as one about retention: pixiv,
April 2024, read in unseen48).

It counts only when:
- every hunk of it (and of its subsections) is added, its heading is not in the old text, and it
  is no more than half of the new text;
- it is appended: it stands after the rest of the page (`_APPENDED_TAIL`), not inside the terms;
  or the page compiles instruments of their own, each a top-level section of some length
  (`compiled_instruments`: pixiv's page of the terms of its every product, read in unseen48),
  where a new product's terms may stand anywhere between the others;
- its heading is not the page's first (a retitled document, "Terms of Use" -> "Terms of
  Service", is the document itself), and it is the first heading on its path to title an
  instrument (a section inside the terms' own title, "Terms and Conditions > 26. Product Bundles
  - Specific Terms and Conditions", "Terms of Service > Additional Terms for Tumblr Live", is the
  terms', which readers read as the user's);
- its heading names no topic of the terms (`_TOPICS`: an "Arbitration Agreement" appended is a
  change).

Tried and not kept (session 25; `BENCHMARKS.md`): a feature's section *added* read as a
description (the gold set's lawyer reads a new feature's data flows as worse: five gold changes
lost), and a feature's section *withdrawn* read as no change (readers split; and a heading's
words gone from the text could not tell a discontinued feature from a region's rights or a
money-back guarantee dropped, which are real losses).

>>> new = "# Terms\\n\\n" + "You may post content and we may remove it under these terms. " * 20
>>> giveaway = [{"kind": "added", "section": "Monthly Giveaway > Official Rules", "new": "Entrants waive any claim against us."}]
>>> sorted(sections_of_another_instrument(giveaway, new, new + "\\n\\n# Monthly Giveaway\\n\\n## Official Rules\\n\\n" + giveaway[0]["new"]))
[0]
"""

from __future__ import annotations

import re
from functools import lru_cache

from .moved_out import _LINK, _field
from .took_effect import _field as _field_or

# Words of the terms' own topics: a section headed by one is part of the document's terms.
_TOPICS = frozenset(
    "arbitration dispute disputes resolution class action waiver waivers liability liabilities limitation "
    "limitations warranty warranties disclaimer disclaimers indemnity indemnification termination terminate "
    "suspension cancellation cancel data personal privacy cookies cookie tracking rights right choices choice "
    "sharing share shared disclosure disclosures retention security payment payments fees fee billing "
    "refund refunds subscription subscriptions content licence license licenses intellectual property "
    "copyright law laws governing jurisdiction venue changes change modifications amendments account accounts "
    "children minors age advertising ads marketing communications consent transfer transfers international "
    "contact definitions miscellaneous eligibility conduct prohibited acceptable moderation complaints "
    "residents california europe european eea uk".split())
_WORD = re.compile(r"[a-z0-9][a-z0-9+'’]*")   # of lower-cased text

# What a service does with data: read in an appended instrument too. (Not `advertising`: a
# promotion's rules using its entrants' names to promote it is the promotion's own business.)
PRACTICE_CATEGORIES = frozenset({"data_sharing", "data_sale", "data_collection", "data_retention", "sensitive_data",
                                 "tracking", "ai_training", "government_access"})
# The title of an instrument of its own. (A promotion is one by its "Official Rules": a heading
# that only names a giveaway, "7.8. Giveaways in Channels", is a feature of the service, whose
# terms the gold set's lawyer reads as the user's; "Rewards" alone names a feature too.)
_INSTRUMENT = re.compile(r"\b(?:terms? of (?:use|service|sale)|terms and conditions|conditions of use|official rules|"
                         r"program(?:me)?s?)\b", re.IGNORECASE)
# An appended instrument is at most this share of the new text: past it the page is another one.
_APPENDED_SHARE = 1 / 2
# ... and it stands at the page's end: its heading within its own added text's length (and this
# much more, for the lines between its hunks and a footer after it) of the end.
_APPENDED_TAIL = 1.5
# A page compiles instruments when this many of its top-level sections title one, each with
# this many characters of clauses (a menu's "Terms of Use" link titles no section of length).
_COMPILED_INSTRUMENTS = 3
_INSTRUMENT_BODY = 2000
_FIRST_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+)?(\S[^\n]*)$", re.MULTILINE)


def _first_heading(text: str) -> str:
    match = _FIRST_HEADING.search(text)
    return _LINK.sub(r"\1", match.group(1)).strip(" #*_").lower() if match else ""


def sections_of_another_instrument(hunks, old_text: str | None, new_text: str | None) -> set[int]:
    """The indices of the added hunks that stand in a section of an instrument of its own the
    change appends (see the module)."""
    if not new_text or not old_text:
        return set()
    by_prefix: dict[str, list[int]] = {}     # every path prefix -> the substantive hunks under it
    instruments: set[str] = set()            # the first prefix of each path that titles an instrument
    for index, hunk in enumerate(hunks):
        if not _field_or(hunk, "substantive", True):
            continue        # a cosmetic edit beside the section changes nothing of what it is
        parts = [part.strip() for part in _field(hunk, "section").split(">")]
        titled = None
        for depth in range(1, len(parts) + 1):
            prefix = " > ".join(parts[:depth])
            by_prefix.setdefault(prefix, []).append(index)
            if titled is None and _names_an_instrument(parts[depth - 1]):
                titled = prefix
        if titled is not None:
            instruments.add(titled)
    if not instruments:
        return set()
    old_lower, new_lower, first = old_text.lower(), new_text.lower(), _first_heading(new_text)
    appended: set[int] = set()
    for prefix in instruments:
        heading = _LINK.sub(r"\1", prefix.rsplit(" > ", 1)[-1]).strip(" #*_").lower()
        within = by_prefix[prefix]
        if heading == first or heading in old_lower or any(_field(hunks[i], "kind") != "added" for i in within):
            continue
        added = sum(len(_field(hunks[i], "new")) for i in within)
        at = new_lower.rfind(heading)
        if added <= _APPENDED_SHARE * len(new_text) and at >= 0 and (
                len(new_text) - at <= _APPENDED_TAIL * added + 200
                or len(compiled_instruments(new_text) - {heading}) >= _COMPILED_INSTRUMENTS):
            appended.update(within)
    return appended


@lru_cache(maxsize=4)
def compiled_instruments(text: str) -> frozenset[str]:
    """The titles (lower case) of the top-level sections of ``text`` that title an instrument of
    their own, each with `_INSTRUMENT_BODY` characters of clauses or more."""
    from ..diff.segment import segment

    length: dict[str, int] = {}
    for clause in segment(text):
        top = clause.section.split(" > ", 1)[0]
        length[top] = length.get(top, 0) + len(clause.text)
    return frozenset(heading.lower() for heading, chars in length.items()
                     if chars >= _INSTRUMENT_BODY and _names_an_instrument(heading))


def _names_an_instrument(heading: str) -> bool:
    """Whether ``heading`` titles an instrument of its own: by its name, the words before "Terms
    of Use" ("FANBOX PRINT Terms of Use for Content Providers" is FANBOX PRINT's, whoever it
    is for), no topic of the terms (`_TOPICS`: "Arbitration Program" is the terms' own)."""
    heading = _LINK.sub(r"\1", heading).strip(" #*_")
    match = _INSTRUMENT.search(heading)
    if match is None:
        return False
    # a name is more than a number, an article or a word that only qualifies terms ("12. Terms
    # of Use Changes", "Our Terms of Service and Dispute Resolution", "Supplemental Terms of Use
    # for California Residents" are the terms' own: their topics read in the whole heading)
    named = [w for w in _WORD.findall(heading[:match.start()].lower()) if not w.isdigit() and w not in _NOT_A_NAME]
    words = named if named else _WORD.findall(heading.lower())
    return not any(w in _TOPICS for w in words)


_NOT_A_NAME = frozenset("the our these this your its their section part article chapter schedule annex appendix exhibit "
                        "supplemental supplementary additional general special specific other new updated revised "
                        "amended full complete standard".split())
