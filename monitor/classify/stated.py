"""What a text states about each category, read the way :mod:`.assess` compares it: how the
changed clauses of one side of a hunk read (scope words, narrowing words, retention periods;
``_Side``), and the whole-document readings that judge a moved or reworded clause on what it
states, not on where (``document_clauses``, ``already_stated``, ``document_harms``,
``still_harmed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from typing import Callable, NamedTuple

from .clauses import ClauseResult
from .numbers import IN_WORDS, number
from .reach import reach
from .reading import SAME_WORDS, plain_words, states_protection, words_key
from .rules import mentions_negation
from .rules.polarity import ASKS_CONSENT
from .rules.base import ANOTHER_ACT, CONTROL_NAMES

# Words that widen a clause's reach. Each entry: a label (used to compare both sides) and
# its pattern; the exact words matched are shown as evidence.
SCOPE_WORDS: dict[str, re.Pattern] = {k: re.compile(v, re.IGNORECASE) for k, v in {
    "sole discretion": r"\b(?:sole|absolute|own) discretion\b",
    "at any time": r"\bat any ?time\b|\banytime\b",  # "at anytime" is the same scope
    "for any reason": r"\bfor any (?:or no )?reason\b|\bwithout (?:a |any )?reason\b",
    "without notice": r"\bwithout (?:any |prior |advance |further )?notice\b",
    "without consent": r"\bwithout (?:your |the user[’']s )?(?:prior )?consent\b",
    "without liability": r"\bwithout (?:any )?liability\b",
    "any purpose": r"\b(?:for )?any (?:other )?(?:purpose|reason whatsoever)s?\b",
    "any third party": r"\bany (?:other )?third[- ]part(?:y|ies)\b|\bthird[- ]part(?:y|ies) of (?:our|its) choosing\b",
    "partners": r"\b(?:business |marketing |advertising )?partners\b",
    "affiliates": r"\baffiliates?\b|\bfamily of companies\b|\bgroup companies\b",
    "advertisers": r"\badvertisers\b",
    "sell": r"\bsell(?:s|ing)?\b|\bsold\b",
    "irrevocable": r"\birrevocabl[ey]\b",
    "perpetual": r"\bperpetual(?:ly)?\b",
    "worldwide": r"\bworld-?wide\b",
    "royalty-free": r"\broyalty[- ]free\b",
    # ("non-transferable", "non-sublicensable" deny the scope they name)
    "sublicensable": r"(?<!non-)(?<!non )\bsub-?licen[cs]\w+\b",
    "transferable": r"(?<!non-)(?<!non )\btransferable\b",
    # kept "as long as it is needed" = kept "until it is no longer needed": one open-ended practice
    "indefinitely": r"\bindefinitely\b|\bas long as (?:we|necessary|needed|required|it is)\b"
                    r"|\buntil\b[^.;]{0,40}?\bno longer (?:\w+ )?(?:needed|necessary|required)\b",
    "even after deletion": r"\beven (?:after|if) you (?:delete|close|terminate|stop)\w*\b|\bafter (?:you delete|deletion)\b",
    "all data": r"\b(?:all|any and all) (?:of )?(?:your )?(?:content|data|information)\b",
    "publicly available": r"\bpublicly available\b",
    "sensitive": r"\bbiometric\w*\b|\bprecise (?:geo-?)?location\b|\bhealth\b|\bchildren\b",
}.items()}
# Words that narrow a clause's reach: dropping one widens it.
NARROWING_WORDS: dict[str, re.Pattern] = {k: re.compile(v, re.IGNORECASE) for k, v in {
    # (a consent offered beside another ground, "with your consent or when permitted by law",
    # lets the practice go ahead without it: no narrowing)
    "with consent": r"\bwith (?:your )?(?:explicit |express |prior )?(?:consent|permission)\b(?!,? or\b)",
    "opt in": r"\bopt(?:s|ed)?[- ]in\b|\bif you (?:choose|agree|allow|subscribe|sign up|enable|turn on)\b",
    "only": r"\bonly\b|\bsolely\b|\bstrictly necessary\b",
    "aggregated": r"\baggregated?\b|\bde-?identified\b|\banonymi[sz]ed\b|\bpseudonymi[sz]ed\b",
    "with notice": r"\b(?:with|after|upon) (?:reasonable |prior |advance )?notice\b|\bwe will (?:notify|inform) you\b",
}.items()}
# An exception to a promise: one more makes it promise less ("we delete it after 30 days" →
# "... unless otherwise stated").
EXCEPTION = re.compile(r"\b(?:unless|except|subject to)\b", re.IGNORECASE)
# A period, in figures or in words ("retained for four years" → "for 10 years" is longer; "ten
# (10) years", "twenty-four months", "(180) days", "a 30-day period").
_DURATION = re.compile(r"(?:\b(\d{1,4}|" + IN_WORDS + r")(?:\s*\(\d{1,4}\))?|\((\d{1,4})\))"
                       r"[\s-]*(days?|weeks?|months?|years?)\b", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def periods_in_days(text: str) -> list[int]:
    """The periods a text names, in days.

    >>> periods_in_days("kept for twenty-four months, or (180) days, or ten (10) years")
    [720, 180, 3650]
    """
    return [number(n or m) * _UNIT_DAYS[unit.lower().rstrip("s")] for n, m, unit in _DURATION.findall(text)]


# Words that make a clause conditional: adding one narrows it rather than widening it.
_CONDITIONS = frozenset("if unless only when where provided except solely after following subject "
                        "consent permission necessary required".split())


@dataclass
class _Side:
    """What the changed clauses of one side of a hunk say about one category."""

    harm_score: float = 0.0
    harm: list[ClauseResult] = field(default_factory=list)
    protection: list[ClauseResult] = field(default_factory=list)

    def scope(self) -> tuple[set[str], set[str]]:
        widen: set[str] = set()
        narrow: set[str] = set()
        asks_consent = False
        for result in self.harm:
            clause_widen, clause_narrow, clause_asks = _clause_scope(result.text)
            widen |= clause_widen
            narrow |= clause_narrow
            asks_consent = asks_consent or clause_asks
        # "will not ... without your consent" asks for consent: it narrows, it does not widen
        if asks_consent:
            widen.discard("without consent")
            narrow.add("with consent")
        return widen, narrow

    def reach(self) -> frozenset[str]:
        """The recipients, kinds of data and purposes its harm clauses name (`.reach`)."""
        return frozenset().union(*(reach(r.text) for r in self.harm))

    def exceptions(self) -> int:
        """How many exceptions limit its promises ("unless otherwise stated", "except", "subject to")."""
        return sum(len(EXCEPTION.findall(r.text)) for r in self.protection)

    def longest_duration(self, promised: bool = False) -> int:
        """The longest period its harm clauses (or, ``promised``, its promises) name, in days."""
        return max((days for r in (self.protection if promised else self.harm) for days in periods_in_days(r.text)),
                   default=0)


# Where a coordinated part of a sentence begins: ", and your profile may be visible ...".
_COORDINATED_PART = re.compile(r"^\s*(?:[,;]\s*)?(?:and|or|but|as well as)\b|^\s*;", re.IGNORECASE)
# A part that only limits the remaining act, with no subject of its own: "but only if you have
# opted in", "and we do so only with your consent" (its "do so" is the remaining act), "and only
# with ...", "and, if you ...". A part with an act of its own, even the service's ("and we may
# share it with partners only if you opt in"), limits that act, not what remains.
_LIMITING_PART = re.compile(
    r"\W*(?:(?:and|or|but|as well as)\b\W*)?(?:only|(?:we|i)\s+(?:\w+\s+)?(?:do|does|did)\s+so|if|when|where|"
    r"unless|provided|then|so|do|does|to|with|without|subject|as|in|except|solely|always|never|not)\b", re.IGNORECASE)


def _common_prefix_length(a: str, b: str, at_most: int | None = None) -> int:
    """How many first characters ``a`` and ``b`` share (at most ``at_most``), by halving: the
    slices compare in C, so a clause of any length costs a few dozen comparisons."""
    low, high = 0, min(len(a), len(b), len(b) if at_most is None else at_most)
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def limits_cut_with_their_part(old: list[ClauseResult], new: list[ClauseResult]) -> set[str]:
    """The narrowing words the old clause loses only with a coordinated part of it cut out
    whole: "... collected for the purposes of this policy and your carpool profile (if you
    choose to set one) may be visible to other users" → "... for the purposes of this policy."
    The opt-in limited the profile's visibility, which went with it; what remains was never
    opt-in, so it did not widen. Only one clause on each side, and nothing but that part cut."""
    if len(old) != 1 or len(new) != 1:
        return set()
    before, after = " ".join(old[0].text.split()), " ".join(new[0].text.split())
    if len(after) >= len(before):
        return set()
    start = _common_prefix_length(before, after)
    tail = _common_prefix_length(before[::-1], after[::-1], len(after) - start)
    if start + tail != len(after):
        return set()
    # the common prefix may have eaten the first letters of the part's first word ("an" of
    # "and" against "any"): the part starts at the word boundary before them
    while 0 < start < len(before) and before[start].isalnum() and before[start - 1].isalnum():
        start -= 1
    part = before[start:len(before) - tail]
    if not _COORDINATED_PART.match(part) or len(part.split()) < 4:
        return set()
    # the part must state its own act with a subject of its own ("and your profile may be
    # visible"): a part that only limits the remaining act ("but only if you have opted in",
    # "and we do so only with your consent"), or whose subject is the remaining act's, took
    # a limit of what remains with it.
    subject = re.findall(r"[\w’']+", _COORDINATED_PART.sub("", part, count=1).lower())[:2]
    if _LIMITING_PART.match(part) or subject == re.findall(r"[\w’']+", after.lower())[:2]:
        return set()
    kept = _clause_scope(new[0].text)[1]
    return {k for k, p in NARROWING_WORDS.items() if p.search(part)} - kept


_CORPORATE_TRANSACTION = re.compile(
    r"\b(?:mergers?|acquisitions?|acquired|change (?:of|in) (?:control|ownership)|reorgani[sz]ation|"
    r"bankruptcy|insolvency|divestiture|sale of (?:all|substantially all|(?:the|our|its) (?:business|company|assets)))\b",
    re.IGNORECASE)


# By the clause's text: each side of each hunk, and each clause the findings classify, asks for
# the scope of the same clauses again (a side's scope is the union of its clauses'; exact).
@lru_cache(maxsize=1 << 14)
def _clause_scope(text: str) -> tuple[frozenset[str], frozenset[str], bool]:
    """(scope words, narrowing words, whether it asks for consent: "will not ... without your
    consent") of one clause."""
    # The name of the user's control ("the “Do Not Sell or Share My Personal Information” link")
    # is no reach of the practice: renamed, it sells to no fewer.
    read = CONTROL_NAMES.sub(" ", text)
    widen = frozenset(k for k, p in SCOPE_WORDS.items() if p.search(read))
    # "sell" beside a merger or a change of control names the sale of the business, whose
    # buyer receives the data as any acquirer does; it sells no one's data to anyone more.
    if "sell" in widen and _CORPORATE_TRANSACTION.search(read):
        widen -= {"sell"}
    narrow = frozenset(k for k, p in NARROWING_WORDS.items() if p.search(read))
    return widen, narrow, "without consent" in widen and mentions_negation(text)


# Categories about users' data: the topic model alone (the whole clause as evidence) makes
# one of them only in a clause that mentions data ("We may assign this Agreement to an
# affiliate" is about the contract, not data sharing).
DATA_CATEGORIES = frozenset({"data_sharing", "data_sale", "data_collection", "data_retention", "sensitive_data"})
_DATA_WORDS = re.compile(r"\b(?:data|information|info|details|content|history|records?|profiles?|contacts|"
                         r"location|messages|photos|videos)\b", re.IGNORECASE)
# Tracking read by the topic model alone needs the clause to name what is followed or how:
# a page's own lines ("Please use a more current browser to view our site", "Read the latest
# views from our economists") name neither and track no one.
_TRACKING_WORDS = re.compile(r"\b(?:cookies?|track\w*|monitor\w*|pixels?|beacons?|tags?|SDKs?|identifiers?|"
                             r"analytics|IP address(?:es)?|devices?|fingerprint\w*|browsing|activit(?:y|ies)|usage|interactions?|"
                             r"behaviou?r\w*|visits?|clicks?|search\w*|operating system|browser (?:type|version|settings)|"
                             r"collect\w*|measure\w*|log\w*)\b", re.IGNORECASE)


# Advertising read by the topic model alone needs the clause to name ads outside a name: an
# industry body's or a framework's name ("the Interactive Advertising Bureau's Transparency and
# Consent Framework", "the Network Advertising Initiative") shows no ad to anyone.
# (An ad product is named by what it does: "Custom Audiences ... to reach you on other
# websites".)
_AD_WORDS = re.compile(r"\b(?:ads?|advert\w*|marketing|market|promot\w*|sponsor\w*|commercials?|personali[sz]\w*|"
                       r"targeted|interest-based|retarget\w*|campaigns?|audiences?|"
                       r"(?:on|across|to) (?:other|third[- ]party) (?:web)?sites|(?:on|across|to) (?:other|third[- ]party) apps)\b",
                       re.IGNORECASE)
# A name of several capitalised words ("Interactive Advertising Bureau", "Digital Advertising
# Alliance"); a capitalised word alone (the first of a sentence) is no name.
# (one way to read each run of spaces: linear on hostile text)
_NAME_OF_WORDS = re.compile(r"\b[A-Z][\w&’'-]*(?:\s+(?:(?:of|and|for|&)\s+)?[A-Z][\w&’'-]*)+")
# Only a body's or a framework's name is struck: a product's name ("Facebook Custom Audiences",
# "Google Customer Match") is an ad service the clause uses.
_BODY_OF_INDUSTRY = re.compile(r"\b(?:Bureau|Alliance|Initiative|Framework|Association|Council|Coalition|Institute|"
                               r"Standards?|Principles|Code|Programm?e?|IAB|NAI|DAA|EDAA|TCF)\b")


def _without_body_names(text: str) -> str:
    return _NAME_OF_WORDS.sub(lambda m: " " if _BODY_OF_INDUSTRY.search(m.group(0)) else m.group(0), text)


def _names_nothing_of(category: str, text: str) -> bool:
    """Whether a clause the topic model alone reads as ``category`` names nothing the category
    is about: no data for a data category, no data and no means of following users for tracking,
    no ads outside a name for advertising."""
    if category in DATA_CATEGORIES:
        return not _DATA_WORDS.search(text)
    if category == "tracking":
        return not (_DATA_WORDS.search(text) or _TRACKING_WORDS.search(text))
    if category == "advertising":
        return not _AD_WORDS.search(_without_body_names(text))
    return False


# A power the service keeps to decide at will ("LinkedIn, in its sole discretion, may limit the
# Customer's ability to ...", "eligibility is determined by us at our sole discretion"): the
# user's position changes whenever the service so decides. A clause granting one that no rule
# reads as a harm reads as a unilateral change (a power of the clause's own kind, such as ending
# accounts at will, is read by the rules as that kind).
# (Whose discretion: "its" / "our", or "of" a name or "us"; "the sole discretion of the seller
# (of the Host)", "the Seller may, at its sole discretion" are another party's.)
_DISCRETION = re.compile(r"\b(?i:its|our) (?i:sole(?: and (?:absolute|exclusive))?|absolute|exclusive|own) (?i:discretion)\b"
                         r"|\b(?i:sole|absolute|exclusive) (?i:discretion) of (?:us\b|(?:the )?([A-Z]\w*))")
# Parties of a marketplace or platform other than the service: their discretion is no power of
# the service's ("its" pointing back to one of them, or "the discretion of" one of them).
_OTHER_PARTY = re.compile(r"\b(?:sellers?|hosts?|buyers?|merchants?|vendors?|customers?|users?|members?|creators?|"
                          r"advertisers?|developers?|publishers?|partners?|guests?|licensees?|participants?|"
                          r"third part(?:y|ies))\b", re.IGNORECASE)
# Who "its" points back to: the nearest party before it, a name or "we" (the service) or one
# of the other parties.
_NAME_OR_WE = re.compile(r"\b(?:[A-Z]\w+|[Ww]e)\b")
# ... unless what the service decides at will is a favour to the user: a discretion to refund,
# credit or waive gives something the user had no claim to, it takes nothing away. Only a
# favour next to the discretion counts ("at our sole discretion, suspend your account and
# forfeit any unused credits" takes the credits away).
_FAVOUR = re.compile(r"\b(?:refunds?|credits?(?! cards?)|reimburs\w+|waiv\w+|compensat\w+)\b", re.IGNORECASE)
_FAVOUR_REACH = 40
DISCRETION_CATEGORY = "unilateral_change"
# How sure a discretionary power is a harm, as the topic model's score would say it.
_DISCRETION_SCORE = 0.6


def _services_discretion(text: str, match: re.Match) -> bool:
    """Whether the discretion ``match`` found is the service's, not another party's."""
    if match.group(1):                       # "the sole discretion of <Name>"
        return not _OTHER_PARTY.fullmatch(match.group(1))
    if not match.group(0).lower().startswith("its"):
        return True                          # "our", "of us"
    sentence_start = max(text.rfind(". ", 0, match.start()), text.rfind("; ", 0, match.start()), 0)
    # (the capitalised first word of the sentence is no name: "The Seller", "Whether")
    names = [m.start() for m in _NAME_OR_WE.finditer(text, sentence_start, match.start())
             if text[sentence_start:m.start()].strip(" .;")]
    others = [m.start() for m in _OTHER_PARTY.finditer(text, sentence_start, match.start())]
    return not others or (bool(names) and max(names) > max(others))


def grants_discretion(result: ClauseResult) -> bool:
    """Whether a clause, read as no harm, keeps a power for the service to decide at its discretion."""
    return not result.labels and _discretion_granted(result.text)


# By the clause's text: every whole version's clauses are read for it, and consecutive versions
# repeat most of them.
@lru_cache(maxsize=1 << 14)
def _discretion_granted(text: str) -> bool:
    for match in _DISCRETION.finditer(text):
        near = text[max(0, match.start() - _FAVOUR_REACH):match.end() + _FAVOUR_REACH]
        if _services_discretion(text, match) and not _FAVOUR.search(near):
            return True
    return False


def _model_alone(result: ClauseResult, category: str) -> bool:
    return result.evidence.get(category) == [result.text.strip()]


# A definition of a quoted term ("“Content” means all works ... that can be read on the
# Service", "In these Terms, “Subscription” refers to ..."): it says what a word of the terms
# covers, and states no practice; what the service does with it is read where the terms say so.
_DEFINITION = re.compile(r"^\W*(?:in (?:these|this) [^,“\"]{1,40},\s*)?[“\"‘][^”\"’]{1,60}[”\"’],?\s*"
                         r"(?:\([^()]{0,80}\)\s*)?(?:means|shall mean|refers to|shall refer to|is defined as)\b",
                         re.IGNORECASE)


# ... unless the definition says what the service does ("“Partners” means the advertisers to
# whom we sell your data", "“Training Data” means your posts, which we use to train our
# models"): that is a practice stated, whatever term it is put under.
_SERVICE_ACTS = re.compile(r"\b(?:we|we[’']ll|we[’']ve)\s+(?!mean\b|refer\b)[a-z]", re.IGNORECASE)


def defines_a_term(text: str) -> bool:
    """Whether a clause defines a quoted term (`_DEFINITION`) and states no act of the service.

    >>> defines_a_term("“Content” means the works members can read on the Service.")
    True
    >>> defines_a_term("“Partners” means the companies to whom we sell your personal data.")
    False
    """
    definition = _DEFINITION.match(text)
    return bool(definition) and not _SERVICE_ACTS.search(text, definition.end())


def _sides(results: list[ClauseResult], category: str) -> _Side:
    side = _Side()
    for r in results:
        side.harm_score = max(side.harm_score, r.scores.get(category, 0.0))
        if category in r.labels:
            if _model_alone(r, category) and _names_nothing_of(category, r.text) or defines_a_term(r.text):
                continue
            side.harm.append(r)
        elif category == DISCRETION_CATEGORY and grants_discretion(r):
            side.harm_score = max(side.harm_score, _DISCRETION_SCORE)
            side.harm.append(r)
        if states_protection(r, category):
            side.protection.append(r)
    return side


def categories_read(results: list[ClauseResult]) -> frozenset[str]:
    """The categories `_sides` can find a harm or a protection of in ``results``: those a
    clause is labelled with or protects, and the service's discretion (`grants_discretion`).
    Of any other category, both lists of a side are empty: nothing of it moved."""
    return frozenset(c for r in results for c in (*r.labels, *r.protections)) | {DISCRETION_CATEGORY}


def _document_sides(results: list[ClauseResult], taxonomy) -> dict[str, _Side]:
    """`_sides` of every category over a whole version, each clause read only for the
    categories it can state (`categories_read`): its harms and protections, in order. (Their
    ``harm_score`` only counts those clauses; no reading of a whole version uses it.)"""
    by_category: dict[str, list[ClauseResult]] = {}
    for r in results:
        for category in categories_read([r]):
            by_category.setdefault(category, []).append(r)
    return {category.id: _sides(by_category.get(category.id, []), category.id) for category in taxonomy}


def document_harms(results: list[ClauseResult], taxonomy) -> dict[str, list[frozenset[str]]]:
    """The harms a whole version states (``results``: its clauses, classified), per category:
    the content words of each clause's decisive words (as `_sides` reads a clause)."""
    stated: dict[str, list[frozenset[str]]] = {}
    sides = _document_sides(results, taxonomy)
    for category in taxonomy:
        for r in sides[category.id].harm:
            stated.setdefault(category.id, []).extend(words_key(w) for w in r.evidence.get(category.id, [r.text]))
    return stated


def still_harmed(removed: list[ClauseResult], category: str, stated: list[frozenset[str]]) -> bool:
    """Whether every removed harm is still stated, in other words, by the other text: most of
    its decisive content words in one of that text's harms of the category."""
    for clause in removed:
        for words in clause.evidence.get(category, [clause.text]):
            key = words_key(words)
            if key and not any(len(key & other) >= SAME_WORDS * len(key) for other in stated):
                return False
    return True


class StatedClause(NamedTuple):
    """One clause of a whole version: its content words, and what it reaches (`.reach`)."""

    words: frozenset[str]
    reach: frozenset[str]
    names: frozenset[str] = frozenset()   # the products it writes terms for (`product_names`)


def document_clauses(results: list[ClauseResult], taxonomy) -> dict[str, dict[str, list[StatedClause]]]:
    """The clauses a whole version states (``results``: its clauses, classified):
    ``{"harm": {category: [...]}, "protection": {category: [...]}}`` (harms read as `_sides`
    reads them)."""
    stated: dict[str, dict[str, list[StatedClause]]] = {"harm": {}, "protection": {}}
    sides = _document_sides(results, taxonomy)
    for category in taxonomy:
        side = sides[category.id]
        for kind, clauses in (("harm", side.harm), ("protection", side.protection)):
            if clauses:
                stated[kind][category.id] = [StatedClause(words_key(r.text), reach(r.text), product_names(r.text))
                                             for r in clauses]
    return stated


# The share of a clause's content words a clause of the same category in the other text must
# hold to say it again: an added harm that the old text states in looser words is still no new
# harm (rewrites reword harms more than promises); a removed harm or an added promise needs
# most of its words said again.
SAME_HARM_CLAUSE, SAME_CLAUSE = 0.6, 0.75


# A purpose of complying with the law ("including to demonstrate compliance", "to meet our legal
# obligations", "to comply with applicable regulations") justifies a practice the clause already
# states; it reaches no new data, recipient or use, so a harm clause that gains only it did not
# grow (`compliance_purpose_words`).
_COMPLIANCE_PURPOSE = re.compile(
    r"\b(?:to|in order to|for) (?:demonstrat|ensur|maintain|show|meet|fulfil|satisf|compl)\w*(?: with)?"
    r"(?: (?:our|its|the|any|applicable|relevant|such))*"
    r" (?:compliance|legal|regulatory|laws?|regulations?|statutory)(?: (?:obligations?|requirements?|duties|"
    r"laws?|and regulations|or regulations))*\b", re.I)


# (unseen30) So is the law's limit put on a clause ("To the extent permitted by law, your continued
# use ... evidences your agreement"): the clause now reaches only as far as the law lets it. ("...
# and as permitted by law", "or where permitted by law" add a ground, and are growth.)
_LEGAL_LIMIT = re.compile(
    r"\bto the (?:maximum |fullest |full )?extent (?:permitted|allowed|authori[sz]ed) (?:by|under)"
    r"(?: (?:the|applicable|relevant|local))* laws?\b", re.I)


def compliance_purpose_words(clauses: list[ClauseResult]) -> set[str]:
    """The words (lower-cased) of the clauses' purposes of complying with the law, and of the
    limits the law sets on them."""
    return {w for r in clauses for pattern in (_COMPLIANCE_PURPOSE, _LEGAL_LIMIT) for m in pattern.finditer(r.text)
            for w in re.findall(r"[a-z]+", m.group(0).lower())}


# (left7) A condition the clause gained, in a parenthesis or after a comma ("we may notify you
# by email (if you have chosen to provide a verified email address)"): it says when the clause
# applies, so its words are no growth (`gained_condition_words`).
# (unseen22) So is the user's own say, an exception the user decides ("except ... (c) as otherwise
# instructed by Customer", "at your request", "with your consent").
# (pool: Google Play) And a carve-out that opens the clause or follows a comma ("Except as expressly
# set out in the Google ToS, Google Play's Refund Policy ..., all sales are final"): what it names
# is where the clause does not apply.
_CONDITION_PART = re.compile(
    r"(?:^|(?<=[,;(])\s*)(?:except|save|other than) (?:as|where|when|if|to the extent|in)\b[^,.;()]{0,200}"
    r"|\((?:only )?(?:if|unless|when|where|provided|as long as|to the extent)\b[^()]{0,200}\)"
    r"|,\s*(?:but )?(?:only )?(?:if|unless|provided that|as long as|to the extent)\b[^,.;()]{0,200}"
    r"|\bas (?:otherwise )?(?:instructed|directed|requested|authori[sz]ed) by (?:you|the customer|customer|the user)\b"
    r"|\bat (?:your|the customer[\u2019']s|customer[\u2019']s) (?:request|direction|instructions?)\b"
    r"|\bwith your (?:prior |express |explicit )?(?:consent|permission|authori[sz]ation)\b", re.I)


def gained_condition_words(old_clauses: list[ClauseResult], new_clauses: list[ClauseResult]) -> set[str]:
    """The words (lower-cased) of the conditions the new clauses state and the old ones do not."""
    old_text = " ".join(r.text.lower() for r in old_clauses)
    return {w for r in new_clauses for m in _CONDITION_PART.finditer(r.text)
            if m.group(0).lower().strip(" ,()") not in old_text
            for w in re.findall(r"[a-z]+", m.group(0).lower())}


# (session 29, unseen39 Verizon) An example the clause gained of how or when it does what it
# already said ("... and other location information, for example, through Verizon applications
# you use"): its words are no growth (`gained_example_words`). Only an example set off by a comma
# inside a sentence and opening on how or when ("through", "via", "when" ...): a sentence that
# opens with "For example, we use ... to train our AI models" states a practice of its own
# (Google), an example naming what ("..., for example insurance companies, debt collection
# agencies", "..., for example your call logs") names new recipients or data (review), and a
# list of purposes "(e.g. deliver advertising, sponsorships ...)" that grows is read as more
# purposes (FedEx 2021, unseen19). The example ends where another act begins ("and we ...").
_EXAMPLE_PART = re.compile(r"(?<=,)\s*for (?:example|instance),?\s*(?:through|via|by|when|whenever|while|from|in|on|"
                           r"using|if)\b(?:(?!\b(?:and|but|or) (?:we|they|it|with)\b)[^.;()]){0,200}", re.I)


def gained_example_words(old_clauses: list[ClauseResult], new_clauses: list[ClauseResult]) -> set[str]:
    """The words (lower-cased) of the examples the new clauses give and the old ones do not.

    >>> from .clauses import ClauseResult
    >>> old = [ClauseResult("We may also collect GPS and other location information.", [], {}, {})]
    >>> new = [ClauseResult("We may also collect GPS and other location information, for example, through apps you use.", [], {}, {})]
    >>> sorted(gained_example_words(old, new))
    ['apps', 'example', 'for', 'through', 'use', 'you']
    """
    old_text = " ".join(r.text.lower() for r in old_clauses)
    return {w for r in new_clauses for m in _EXAMPLE_PART.finditer(r.text)
            if m.group(0).lower().strip(" ,") not in old_text
            for w in re.findall(r"[a-z]+", m.group(0).lower())}


# A practice the service rests on the user's consent ("we rely on your explicit consent to ...
# features such as ...", "with your consent we may ...") reaches only those who agree: more
# features to agree to is no growth of the harm (`rests_on_consent`).
_CONSENT_BASIS = re.compile(
    r"\b(?:rel(?:y|ies) on|based on|with|subject to|only with) (?:your|the user[’']s|users[’']) "
    r"(?:(?:prior|explicit|express|affirmative|voluntary|opt-in|separate)(?:,| and)? )*consent\b", re.I)


def rests_on_consent(clauses: list[ClauseResult]) -> bool:
    """Whether every clause rests its practice on the user's consent, stated as its basis or as
    the consent the service asks first ("we obtain your consent before placing optional cookies",
    `ASKS_CONSENT`; unseen12)."""
    return bool(clauses) and all(_CONSENT_BASIS.search(r.text) or _asks_consent_for_all(r.text) for r in clauses)


# Where the part the asked consent governs ends: a ";" or another act ("...; elsewhere we
# place ...", ", and we use device fingerprinting ..."), but not the ";" between the items of
# one list ("cookies that are not (i) strictly necessary; or (ii) ..."); and a practice done
# without it.
_CONSENT_PART_END = re.compile(rf";(?!\s*(?:(?:and|or)\b|\(\w{{1,4}}\)))|{ANOTHER_ACT}", re.IGNORECASE)
_WITHOUT_CONSENT = re.compile(r"\bwithout (?:asking|(?:first )?(?:your|the user[’']s|users[’']|any|prior) "
                              r"(?:\w+ )?(?:consent|permission|agreement))\b", re.IGNORECASE)


def _asks_consent_for_all(text: str) -> bool:
    """Whether the consent the service asks first (`ASKS_CONSENT`) governs the whole clause: no
    part after it states another act, and nothing is done "without asking"."""
    asked = ASKS_CONSENT.search(text)
    return bool(asked) and not _WITHOUT_CONSENT.search(text) and not _CONSENT_PART_END.search(text, asked.end())


def _grew(gained: set[str], lost: set[str]) -> bool:
    """A clause that gained content words (more purposes, products, recipients) and lost few,
    none of its new words a condition, says more than before."""
    return len(gained) >= 2 and len(gained) > 2 * len(lost) and not gained & _CONDITIONS


def already_stated(added: list[ClauseResult], stated: list[StatedClause], share: float,
                   same_reach: bool = False,
                   standing: Callable[[], frozenset[frozenset[str]]] = frozenset) -> bool:
    """Whether every added clause was already stated, in other words, by the other text: one
    of its clauses (content words) holds ``share`` of the added clause's content words, and
    the added clause did not grow from it. With ``same_reach`` (an added harm), that clause
    must also name every recipient, kind of data and purpose the added clause names: sharing
    with a new recipient, or collecting a new kind of data, is a new harm however alike the
    wording ("we collect voice data" does not already state "we collect message data").
    A clause of the other text that still stands (its words are in ``standing()``, asked only
    then: it may read a whole version) does not restate an added clause written for a product it
    is not written for (`names_beyond`): the same terms written again for another product ("...
    Security Lake Content ..." beside "... CodeWhisperer Content ...") reach that product too.

    >>> from .clauses import load_classifier
    >>> c = load_classifier()
    >>> old = document_clauses(c.classify(["We may share your personal information with our advertising partners."]), c.taxonomy)
    >>> added = c.classify(["Your personal information may be shared with our advertising partners."])
    >>> already_stated(added, old["harm"]["data_sharing"], SAME_HARM_CLAUSE)
    True
    >>> grown = c.classify(["Your personal information, precise location and contacts may be shared with our advertising partners."])
    >>> already_stated(grown, old["harm"]["data_sharing"], SAME_HARM_CLAUSE)
    False
    """
    standing_words: list[frozenset[frozenset[str]]] = []   # `standing()`, once asked

    def still_stands(other: StatedClause) -> bool:
        if not standing_words:
            standing_words.append(standing())
        return other.words in standing_words[0]

    def restates(clause: ClauseResult) -> bool:
        key, reaches = singular(words_key(clause.text)), reach(clause.text)
        return bool(key) and any(len(key & words) >= share * len(key)
                                 and not _grew(key - words, words - key)
                                 and not (same_reach and reaches - other.reach)
                                 and not (names_beyond(clause.text, other.names) and still_stands(other))
                                 for other in stated for words in [singular(other.words)])
    return all(restates(clause) for clause in added)


# A product's name, as the terms written per product give it: the capitalised words before a
# defined term of content or a service ("your Security Lake Content", "Amazon WorkSpaces AI
# Content", "the AWS Supply Chain service"). Acronyms and digits count ("Amazon EC2"); the
# noun is matched in its case, so a text in capitals ("SITE CONTENT") names nothing. Pages
# space names with no-break spaces too ("Amazon\u00a0WorkSpaces"). At most six words: a run of
# capitals as long as a page (hostile or shouting) is tried a bounded number of times per word.
_PRODUCT_NAME = re.compile(r"\b((?:[A-Z][A-Za-z0-9]*[ \u00a0]){1,6})(?=(?:Content|service|services|features?|Features?)\b)")
# Words of the defined terms every contract has, which name no product ("Your Content",
# "Customer Content", "Personal Data", "Third Party Services").
_NOT_NAMES = frozenset("you your we our us the a an this that its their customer customers user users end "
                       "member members account personal usage device third party parties other additional paid "
                       "free new all any such these those submitted shared uploaded".split())


def product_names(text: str) -> frozenset[str]:
    """The names of products ``text`` writes terms for (`_PRODUCT_NAME`), lower-cased.

    >>> sorted(product_names("You agree that we may use your Security Lake Content, processed by the AWS Supply Chain service."))
    ['aws supply chain', 'security lake']
    >>> product_names("YOUR SITE CONTENT, Your Content, Third Party Services and Personal Data")
    frozenset()
    """
    if "Content" not in text and "service" not in text and "eature" not in text:
        return frozenset()   # no noun a name stands before (most clauses of a whole version)
    names = set()
    for run in _PRODUCT_NAME.findall(text):
        words = run.split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        if words and not all(w.lower() in _NOT_NAMES for w in words):
            names.add(" ".join(words).lower())
    return frozenset(names)


def names_beyond(text: str, names: frozenset[str]) -> frozenset[str]:
    """The products ``text`` writes terms for that ``names`` (another clause's `product_names`)
    does not hold.

    >>> sorted(names_beyond("we may use and store your Security Lake Content", frozenset({"codewhisperer"})))
    ['security lake']
    """
    return product_names(text) - names


def singular(words: frozenset[str]) -> frozenset[str]:
    """Content words with a plural's "s" dropped: "violations of the rules may result in
    suspensions" and "a violation of the rules may result in a suspension" say the same thing,
    so the number of a noun never makes a restated clause read as a new one.

    >>> sorted(singular(frozenset({"violations", "accounts", "access", "bans", "us"})))
    ['access', 'account', 'ban', 'us', 'violation']
    """
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) else w
                     for w in words)


# A word run into the next one where a page's cells or items were joined ("andThe categories"):
# read apart, on both sides alike ("WordPress" is "word press" in either text).
_RUN_TOGETHER = re.compile(r"(?<=[a-z])(?=[A-Z])")


# By the clause's text: every whole version's clauses are read for it (`WholeReading.clause_words`),
# and consecutive versions repeat most clauses.
@lru_cache(maxsize=1 << 15)
def words_in_order(text: str) -> str:
    """The words of a text, lower-cased, in order, one space apart (for `runs_of_old_text`)."""
    return plain_words(_RUN_TOGETHER.sub(" ", text))


# Words that point back to the text or join a sentence to the one before ("As mentioned above,",
# "In addition,"): said before whole old clauses, they state nothing of their own.
_LEAD_IN = re.compile(r"(?:as (?:mentioned|described|noted|stated|explained|set out|outlined) "
                      r"(?:above|below|earlier|previously)|in addition|additionally|also|moreover|furthermore) (?=\w)")


# By the old text's clauses (a frozen set, its hash kept once computed): each added or grown harm
# of a change is checked against the same old text, whose clauses were counted once.
@lru_cache(maxsize=8)
def _clause_lengths(old_clauses: frozenset[str]) -> tuple[int, ...]:
    """The lengths in words of ``old_clauses``, each once, shortest first (callers only read it)."""
    return tuple(sorted({len(c.split()) for c in old_clauses if c}))


def runs_of_old_text(clauses: list[ClauseResult], old_clauses: frozenset[str]) -> bool:
    """Whether every clause is made of whole clauses of the old text, one after another: a
    heading run into its sentence, a table's cells or a list's items run into one line
    ("...were sold.data and, under some state laws, ...", "including:The categories ..."). Such a clause was cut differently, not written
    anew, so it states nothing the old text did not (``old_clauses``: `words_in_order` of each
    clause of the old text).

    Only whole clauses count: a part of an old clause may have left behind what limited it
    (a condition, a negation, "in aggregated form", "once they are anonymised"), and a run
    across two old clauses ("... we may share your location. With advertisers, we share ...")
    can join a practice to a recipient the old text never gave it. A word dropped or put in
    between ("will not sell" → "will sell") breaks a whole clause too."""
    # the lengths, in words, of the old clauses: a piece is tried only at those cuts, so a long
    # clause of no old words is refused at once, whatever its length
    lengths = _clause_lengths(old_clauses)

    def whole_clauses(words: list[str]) -> bool:
        # a pointer back to the text put before old clauses ("As mentioned above, ...") adds no practice
        lead_in = _LEAD_IN.match(" ".join(words))
        start = len(lead_in.group(0).split()) if lead_in else 0
        reached, todo = {start}, [start]
        while todo:
            at = todo.pop()
            for n in lengths:
                end = at + n
                if end > len(words):
                    break
                if end not in reached and " ".join(words[at:end]) in old_clauses:
                    if end == len(words):
                        return True
                    reached.add(end)
                    todo.append(end)
        return False

    return all(whole_clauses(words_in_order(clause.text).split()) for clause in clauses)

# A report of what the service did during a named past period ("During 2025, we
# shared the following types of personal information with ...", "In 2023 we received 40
# requests"): it tells what was done then, it states no practice in force, so removing it stops
# none. A rolling period ("in the preceding 12 months we have disclosed ...") describes the
# current practice, as the law that asks for it means it to, and is no report of a past year.
_PAST_PERIOD = (r"\b(?:during|in|for|throughout|over)\s+(?:the\s+)?(?:(?:calendar|fiscal)\s+)?"
                r"(?:year\s+)?(?:19|20)\d\d\b")
_PAST_ACT = r"\bwe\s+(?:have\s+)?(?:[a-z]+ed|sold|made|gave|sent|got|received)\b"
# The year must govern the clause's own act: it opens the clause before its "we <did>"
# ("During 2024, we shared ..."), or closes the act the clause opens with ("We received 40
# requests in 2023").
_PAST_REPORT = re.compile(rf"^\W*{_PAST_PERIOD},?\s*{_PAST_ACT}|^\W*{_PAST_ACT}[^.;:]*?{_PAST_PERIOD}",
                          re.IGNORECASE)
# ... and the clause must say nothing of the present: a practice kept up ("and we continue to do
# so", "we now ...") or another act of the service beside the reported one ("In 2024 we updated
# our practices and we sold ...": the period need not bound the second).
_IN_FORCE = re.compile(r"\b(?:continu\w*|now|still|currently|today|ongoing|going forward)\b", re.IGNORECASE)
_WE = re.compile(r"\bwe\b", re.IGNORECASE)


def reports_a_past_period(text: str) -> bool:
    """Whether a clause reports what the service did during a named past year (see above).

    >>> reports_a_past_period("During 2024, we disclosed contact details to our partners for their marketing.")
    True
    >>> reports_a_past_period("We disclose contact details to our partners for their marketing.")
    False
    >>> reports_a_past_period("In the preceding 12 months, we have disclosed identifiers to advertisers.")
    False
    >>> reports_a_past_period("In 2024 we changed our practices and we sold contact details to brokers.")
    False
    """
    return bool(_PAST_REPORT.search(text)) and not _IN_FORCE.search(text) and len(_WE.findall(text)) == 1


# What a licence of the user's content grants: its acts, each a family of verbs
# that give the same right ("publicly display" and "display", "copy" and "reproduce").
_LICENSED_ACTS: dict[str, re.Pattern] = {k: re.compile(v, re.IGNORECASE) for k, v in {
    "use": r"\bus(?:e|es|ed|ing)\b",
    "reproduce": r"\breproduc\w*|\bcop(?:y|ies|ied|ying)\b",
    "modify": r"\bmodif\w*|\badapt\w*|\balter\w*|\btranslat\w*|\bderivative works?\b",
    "distribute": r"\bdistribut\w*|\btransmit\w*|\bmake (?:\w+ )?available\b",
    "display": r"\bdisplay\w*|\bpublish\w*|\bperform\w*|\bshow(?:s|n|ing)?\b",
    "store": r"\bstor(?:e|es|ed|ing|age)\b|\bhost(?:s|ed|ing)?\b",
    "sublicense": r"\bsub-?licen[cs]\w*",
    "exploit": r"\bsell\w*|\bsold\b|\bcommerciali[sz]\w*|\bexploit\w*|\bmonetiz\w*|\bmonetis\w*",
}.items()}
# What is licensed: the words after "your" up to a preposition or the end of the phrase ("your
# Jetpack Content on ...", "your name and likeness").
_LICENSED_OBJECT = re.compile(r"\byour\s+([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)"
                              r"(?=\s+(?:on|in|to|for|with|through|via|and|or|by|as|at|from|that|which|when|if)\b|\s*[,.;:)]|\s*$)")


class Licence(NamedTuple):
    """One licence of the user's content a version grants: its acts, scope words, reach and
    content words."""

    acts: frozenset[str]
    scope: frozenset[str]
    reach: frozenset[str]
    words: frozenset[str]


def licence(text: str) -> Licence:
    return Licence(frozenset(k for k, p in _LICENSED_ACTS.items() if p.search(text)), _clause_scope(text)[0],
                   reach(text), singular(words_key(text)))


def document_licences(results: list[ClauseResult], taxonomy) -> list[Licence]:
    """The licences of the user's content a whole version grants (its `content_license` harms)."""
    return [licence(r.text) for r in _document_sides(results, taxonomy)["content_license"].harm]


def still_licensed(removed: list[ClauseResult], granted: list[Licence]) -> bool:
    """Whether every removed licence is still granted by a licence of the other text: one that
    grants each of its acts over what it licensed (the words after "your"), with each of its
    scope words (irrevocable, perpetual, sublicensable ...) and everything it reaches. "You grant
    us permission to display your Jetpack Content" removed while "you grant us a worldwide
    licence to use, ..., publicly display, publish and store Jetpack Content" stays grants no
    less; a licence that was irrevocable, or covered the user's name and likeness, is no longer
    granted by a revocable licence of the user's posts."""
    for clause in removed:
        wanted = licence(clause.text)
        objects = [singular(words_key(m.group(1))) for m in _LICENSED_OBJECT.finditer(clause.text)]
        if not wanted.acts or not objects or not any(
                wanted.acts <= other.acts and wanted.scope <= other.scope and wanted.reach <= other.reach
                and all(o and o <= other.words for o in objects) for other in granted):
            return False
    return True
