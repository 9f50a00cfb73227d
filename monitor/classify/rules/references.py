"""Neutral readings of references (issue 13, engineer unseen9): words that point at another
part of the terms, or at a notice someone else sends, and state nothing themselves.

- *A section named by its title states none of what its title names*: a survival clause
  ("Sections 3 (“User-Generated Content”) and 11 (“Governing Law; Waiver of Class Actions”)
  survive termination"), or "the sections entitled [“Limitation of Liability”](#liability)",
  points at those sections; the waiver or the limitation is read where the section states it,
  so the list of titles coming or going changes nothing. The reading covers only the titles:
  what the clause says after them ("...; you waive any class action") keeps its own reading.
"""

from __future__ import annotations

from .base import Rule, _re

# A section's title, written as a reference: quoted in brackets after its number
# (3 (“User-Generated Content”)), a link to an anchor of the same page ([“Fees”](#fees)), or
# quoted after "entitled".
_QUOTED = r"[“\"‘'][^”\"’\n]{1,150}?[”\"’']"
_ANCHOR_LINK = r"\[[^\]\n]{1,150}\]\(#[^)\s]*\)"
_NUMBER = r"(?:\d+(?:\.\d+)*[a-z]?|[IVXLC]+)\b\.?"
_NUMBERED_TITLE = rf"{_NUMBER}\s*\(\s*(?:{_QUOTED}|{_ANCHOR_LINK})\s*\)"
_NAMED_TITLE = rf"(?:{_QUOTED}|{_ANCHOR_LINK})"
_LIST_JOIN = r"\s*[,;]?\s*(?:(?:and|or|as well as)\s+)?"

_SECTION_TITLES = _re(
    # "Sections 3 (“...”), 4 (“...”) and 12 (“...”)"
    rf"\b(?:sections?|§§?|paragraphs?|clauses?|articles?|parts?)\s+{_NUMBERED_TITLE}(?:{_LIST_JOIN}{_NUMBERED_TITLE})*"
    # "the sections entitled [“...”](#a), [“...”](#b)", "the section titled “...”"
    rf"|\b(?:sections?|paragraphs?|clauses?|provisions?|articles?) (?:entitled|titled|headed|called|named)\s+"
    rf"{_NAMED_TITLE}(?:{_LIST_JOIN}{_NAMED_TITLE})*"
    # "the “Class Action Waiver” section"
    rf"|{_QUOTED}\s+(?:sections?|paragraphs?|clauses?|provisions?)\b")

_ALL_CATEGORIES = ("advertising", "ai_training", "choice_of_law", "class_action_waiver", "content_license",
                   "content_removal", "data_collection", "data_retention", "data_sale", "data_sharing",
                   "government_access", "jurisdiction", "limitation_of_liability", "sensitive_data", "tracking",
                   "unilateral_change", "unilateral_termination", "user_rights")

REFERENCE_READINGS: tuple[Rule, ...] = (
    *(Rule(category, _SECTION_TITLES, polarity="neutral", negatable=False,
           note="A section named by its title states none of what its title names.",
           trigger=("section", "paragraph", "clause", "article", "part", "provision"))
      for category in _ALL_CATEGORIES),
)
