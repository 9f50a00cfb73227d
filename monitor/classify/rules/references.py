"""Neutral readings of references (issue 13, engineer unseen9): words that point at another
part of the terms, or at a notice someone else sends, and state nothing themselves.

- *A section named by its title states none of what its title names*: a survival clause
  ("Sections 3 (“User-Generated Content”) and 11 (“Governing Law; Waiver of Class Actions”)
  survive termination"), or "the sections entitled [“Limitation of Liability”](#liability)",
  points at those sections; the waiver or the limitation is read where the section states it,
  so the list of titles coming or going changes nothing. The reading covers only the titles:
  what the clause says beside them ("...; you waive any class action", "we recognise your
  browser on other websites, as described in the “Cookies” section") keeps its own reading,
  the topic models' included (they read the clause with its titles as plain "section").
- *An announcement that a practice will change, which does not say how, states no practice*:
  "We are changing how we show ads to users in the UK", "we're updating the way we use your
  information" point to a policy to come; the new practice is read where it is stated. The
  reading ends at the announced verb's object: at a colon, where the service's own act begins
  ("..., and we will now share your data with advertisers" keeps its reading) and where the
  announcement says how ("... to train our AI models", "... by selling your purchase history").
- *A sentence that only sends the reader elsewhere states no practice* (issue 13, engineer
  unseen11): "For our policy on requests from public authorities, please see Public Requests",
  "We explain how we keep your data in How Long We Keep Data", "Please refer to our Cookie
  Notice for more information about cookies" point at the text that states the practice, which
  is read where it stands. The reading is the pointer alone: it ends at the sentence's first
  stop (".", ";", ":") and where another party's act begins ("..., see section 3, and we may
  share ..." keeps its harm).
- *What a notice of infringement must give about the person sending it is no data collected
  about users*: "contact information about the notifying party, including name, mailing
  address, telephone number and e-mail address" lists what a complaint under copyright law
  must contain; data the service collects from its users stays `data_collection`.
"""

from __future__ import annotations

from .base import Rule, _re
from .neutral import _ANOTHER_ACT

# A section's title, written as a reference: quoted in brackets after its number
# (3 (“User-Generated Content”)), a link to an anchor of the same page ([“Fees”](#fees)), or
# quoted after "entitled".
# (the plain apostrophe is left out: it opens no title but ends every "user's")
_QUOTED = r"[“\"‘][^”\"’\n]{1,150}?[”\"’]"
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

# Where an announcement goes on to say how the practice changes: "... how we use your posts
# *to* train our AI models", "... *by* selling your purchase history", "... *so that* we now sell",
# "..., *including* sharing your location". (The announcement ends at the announced verb's object.)
_HOW_IT_CHANGES = r"\b(?:to|by|so that|in order to|such that|including|includ\w+)\b"

# "We are changing how we show ads to UK users", "we're updating the way we use your data".
_ANNOUNCED_CHANGE = _re(
    # (markdown italics glue "_" to the first word: "_We are changing ...")
    r"(?<![^\W_])we(?:[’']re| are| will be|[’']ll be| have been| are now)? (?:changing|updating|revising|making changes to|"
    r"introducing changes to|reviewing)\b (?:how|the ways? (?:in which |that )?|what|when|where|why|which)\b"
    rf"(?:(?!{_ANOTHER_ACT}|{_HOW_IT_CHANGES})[^.;:])*")

# What a pointer sends the reader to read: see, refer to, visit ...
_GO_READ = r"(?:see|refer to|visit|read|review|consult|go to|check(?: out)?|click)\b"
# A subject with a modal verb: the words state something ("we may share", "you will").
_STATES = r"\b(?:we|you|they|it|us)\s+(?:also\s+)?(?:may|will|can|might|shall|could|must|would)\b"
# (fix14a) A statement in a pointer's opening, a subject and its verb after a comma: "For
# California residents, we sell your personal information to data brokers, see section 9" states
# a practice ("how we use them" names a topic and stays).
_OPENING_STATES = r",\s*(?:and\s+)?(?:we|you|they|it)\s+(?!see\b|refer\b|visit\b|read\b|review\b|consult\b|go\b|check\b|click\b)\w+"
# A sentence that does nothing but point at another text, from its first word (list markers and
# emphasis aside) to its end or to where another party's act begins:
_POINTER = _re(
    r"^[\s*_\-•]*(?:"
    # "For our policy on government requests, please see ...", "To learn more about cookies, visit ..."
    # (what the opening names is a topic, not a statement: no "we may", "you will" in it, and
    # "For example, we may share ..., see below" is an example of a practice, not a pointer)
    rf"(?:for(?! (?:example|instance),)|to (?:learn|find out|read|understand)(?: more)?)\b"
    rf"(?:(?!{_STATES}|{_OPENING_STATES})[^.;:]){{0,200}}?,\s*(?:please\s+)?{_GO_READ}"
    # "Please refer to our Cookie Notice for more information about ...", "See section 4 for details"
    rf"|(?:please\s+)?{_GO_READ}[^.;:]{{0,200}}?\b(?:for|to learn|to find out)\s+(?:more|further|additional|details|information)\b"
    # "We explain how we retain information in How We Retain Data", "This notice describes what ... below"
    r"|(?:we|this (?:policy|notice|section|statement|page|document))\s+(?:explain|describe|set out|detail|outline)s?\s+"
    r"(?:how|what|why|when|where|which|the ways?)\b[^.;:]{0,200}?\b(?:in|at|on|under|below|above|here)\b"
    # "You can also learn more about ...", "You may find out more about ..."
    r"|you (?:can|may)(?: also)? (?:learn|read|find out|find) more\b)"
    rf"(?:(?!{_ANOTHER_ACT})[^.;:])*")

# "Contact information about the notifying party ...", "the complaining party's name, address".
_NOTIFYING_PARTY = _re(
    r"\b(?:(?:contact )?(?:information|details)|name|(?:mailing |postal |physical |e-?mail )?address(?:es)?|"
    r"(?:tele)?phone numbers?|e-?mail)\b[^.;]{0,60}?\b(?:of|about|for|from) the (?:notifying|complaining|reporting) "
    r"(?:party|person)\b[^.;]*"
    r"|\bthe (?:notifying|complaining|reporting) (?:party|person)[’']s\b[^.;]*")

_ALL_CATEGORIES = ("advertising", "ai_training", "choice_of_law", "class_action_waiver", "content_license",
                   "content_removal", "data_collection", "data_retention", "data_sale", "data_sharing",
                   "government_access", "jurisdiction", "limitation_of_liability", "sensitive_data", "tracking",
                   "unilateral_change", "unilateral_termination", "user_rights")

SECTION_TITLE_NOTE = "A section named by its title states none of what its title names."
# Enough to tell a clause that may name a section's title (a quote, an in-page link) from the rest.
_MAY_NAME_A_TITLE = _re(r"[“\"‘]|\]\(#")


def without_section_titles(text: str) -> str:
    """``text`` with the sections it names by their titles read as "section": what the topic
    models read, so that a title ("the “Cookies” section") adds no topic to the clause and
    the clause pointing at it keeps its own ("we recognise your browser on other sites, as
    described in the “Cookies” section" stays tracking)."""
    if not _MAY_NAME_A_TITLE.search(text):
        return text
    return _SECTION_TITLES.sub("section", text)


REFERENCE_READINGS: tuple[Rule, ...] = (
    # Each cancels the harm hits inside the titles; it does not stand for the whole clause
    # (ClauseClassifier reads the rest with the topic models, on without_section_titles()).
    *(Rule(category, _SECTION_TITLES, polarity="neutral", negatable=False,
           note=SECTION_TITLE_NOTE,
           trigger=("section", "paragraph", "clause", "article", "part", "provision"))
      for category in _ALL_CATEGORIES),
    *(Rule(category, _ANNOUNCED_CHANGE, polarity="neutral", negatable=False,
           note="An announcement that a practice will change, not saying how, states no practice.",
           trigger=("chang", "updat", "revis", "introduc", "review"))
      for category in _ALL_CATEGORIES),
    *(Rule(category, _POINTER, polarity="neutral", negatable=False,
           note="A sentence that only sends the reader elsewhere states no practice.",
           trigger=("see", "refer", "visit", "read", "review", "consult", "go", "check", "click", "explain",
                    "describ", "set", "detail", "outline", "learn", "find"))
      for category in _ALL_CATEGORIES),
    Rule("data_collection", _NOTIFYING_PARTY, polarity="neutral", negatable=False,
         note="What a notice of infringement must give about its sender is no data collected about users.",
         trigger=("notifying", "complaining", "reporting")),
)
