"""Reading clauses as a person does: the words without Markdown, a label that states nothing,
the same promise or harm said in other words.

`monitor.classify.assess` compares the two sides of a change with these: a clause is read as
plain text (a Markdown link is its words); a lone link or a negated label ("Do Not Sell My
Personal Information") promises nothing; a removed protection is no loss while the other text
still makes it (most of its content words in one of its protections); a harm is not added when
the other side says it in the same words by the rules.

>>> plain_clauses("*   We **may** [sell](https://x.example) your data.\\n\\n[Do Not Sell](https://x.example/dns)")
('We may sell your data.',)
>>> is_label("Do Not Sell My Personal Information"), is_label("We do not sell your data.")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..text import markdown_blocks, markdown_blocks_by_section
from .clauses import ClauseResult
from .rules import find_rule_hits, mentions_negation
from .rules.polarity import forbids_user
from .rules.safeguards import ACT as ACT_OVER_ACCOUNT
from .segment import split_clauses

STOPWORDS = frozenset("a an the and or of to in on for with by as at from that this these those your our "
                      "you we us is are be may will can its it their such other".split())
# The share of a promise's (or harm's) content words the other text must repeat to say it again.
SAME_WORDS = 0.75

# A clause that names rather than states: a heading, a link, a short line without a full
# stop ("Do Not Sell or Share My Personal Information", a menu item). It promises nothing.
_LABEL_WORDS = 12


def is_label(text: str) -> bool:
    """Whether a (plain text) clause names something rather than states it."""
    text = text.strip().rstrip("\"'”’)")
    return len(text.split()) <= _LABEL_WORDS and not text.endswith((".", "!", ";", ":"))


# A name quoted inside a sentence: "click the “Do Not Sell or Share My Personal Information”
# link" names a link, as the link alone does.
_QUOTED = re.compile(r"[“\"]([^“”\"]{3,120})[”\"]")


def _only_in_quoted_labels(words: str, text: str) -> bool:
    """Whether ``words`` stand in ``text`` only inside quoted negated labels."""
    labels = [m.span(1) for m in _QUOTED.finditer(text) if is_label(m.group(1)) and mentions_negation(m.group(1))]
    found = [m.span() for m in re.finditer(re.escape(words), text)]
    return bool(labels and found) and all(any(a <= s and e <= b for a, b in labels) for s, e in found)


def states_protection(result: ClauseResult, category: str) -> bool:
    """Whether a clause states a protection of ``category``. A negated label ("Do Not Sell My
    Personal Information") names a page or a setting and promises nothing, alone or quoted in a
    sentence ("use the “Do Not Sell My Personal Information” link"); a right listed
    without a full stop ("Delete your account") is still a right."""
    if category not in result.protections or (is_label(result.text) and mentions_negation(result.text)):
        return False
    return not all(_only_in_quoted_labels(w, result.text) for w in result.protections[category])


_NEGATIONS = frozenset("not never no don t doesn won cannot".split())


# Words of one act written differently: "we don't sell your data" and "we do not monetize data"
# make the same promise (unseen5).
_SAME_ACT = {w: "sell" for w in "sells selling sold monetize monetizes monetized monetizing monetise monetises "
                                 "monetised monetising".split()}


# The EU-U.S. transfer framework under its successive names (Privacy Shield, then the Data Privacy
# Framework in 2023) with the countries it joins: one framework renamed across a policy is the
# same commitment (unseen18 Flickr, unseen23 Cloudflare), whichever name a clause gives it. The
# countries go with the name (at most four, which bounds the pattern on hostile text): clauses
# compared are read as naming the same framework, whichever of its country scopes they name.
_TRANSFER_FRAMEWORK = re.compile(
    r"(?:(?<![a-z])(?:eu|e\.u\.|swiss|uk|u\.k\.|us|u\.s\.|united states|european union|switzerland)(?![a-z])"
    r"(?:\s*[-\u2013/]\s*|\s+(?:and|or|&)\s+|,\s*|\s+)?){0,4}"
    r"(?:privacy shield(?:\s+frameworks?)?|data privacy frameworks?|(?<![a-z])dpf(?![a-z]))")


def plain_words(text: str) -> str:
    """The words of a text, lower-cased, one space apart: two texts with the same words in the
    same order read alike, whatever their punctuation and line breaks."""
    return " ".join(re.findall(r"\w+", text.lower()))


# By the quote's text: a whole version's harms and promises are keyed clause by clause for every
# version, and consecutive versions repeat most clauses. Callers only read the set.
@lru_cache(maxsize=1 << 15)
def words_key(words: str) -> frozenset[str]:
    """The content words of a quote (no stop words, no negation): what two wordings share.

    >>> sorted(words_key("We comply to the extent required by the US-EU Privacy Shield."))
    ['comply', 'extent', 'required', 'transferframework']
    >>> words_key("... by the EU-U.S. Data Privacy Framework.") == words_key("... by the US-EU Privacy Shield.")
    True
    """
    lowered = words.lower()
    if "privacy shield" in lowered or "privacy framework" in lowered or "dpf" in lowered:
        lowered = _TRANSFER_FRAMEWORK.sub(" transferframework ", lowered)
    return frozenset(_SAME_ACT.get(w, w) for w in re.findall(r"[a-z]+", lowered)
                     if w not in STOPWORDS and w not in _NEGATIONS)


def document_protections(results: list[ClauseResult]) -> dict[str, list[frozenset[str]]]:
    """The protections a whole version states (``results``: its clauses, classified), per
    category: the content words of each."""
    stated: dict[str, list[frozenset[str]]] = {}
    for r in results:
        for category, words in r.protections.items():
            if states_protection(r, category):
                stated.setdefault(category, []).extend(words_key(w) for w in words)
    return stated


def still_promised(removed: list[ClauseResult], category: str, stated: list[frozenset[str]]) -> bool:
    """Whether every removed protection is still made, in other words, by a clause of the other
    text: most of its content words ("sell", "personal", "data") in one of its protections. A
    removed right to access data is not made up for by a right to delete it."""
    for clause in removed:
        for words in clause.protections.get(category, []):
            key = words_key(words)
            if key and not any(len(key & other) >= SAME_WORDS * len(key) for other in stated):
                return False
    return True


def said_on_both_sides(decision: dict, category: str, old: list[ClauseResult], new: list[ClauseResult]) -> bool:
    """Whether a harm "added" (or "removed") was there before (or stays) in the same words, by
    the rules, only the topic model having seen it on one side: "share information ... with
    other Facebook Companies" renamed "... other Meta Companies" is no new sharing."""
    if decision["why"] not in ("added", "removed"):
        return False
    other = old if decision["why"] == "added" else new
    stated = [words_key(h.text) for r in other for h in find_rule_hits(r.text)
              if h.category == category and h.polarity == "harm"]
    keys = [words_key(words) for clause in decision["clauses"] for words in clause.evidence.get(category, [])]
    return bool(stated) and all(key and any(len(key & o) >= SAME_WORDS * len(key) for o in stated) for key in keys)


_LINK_LINE = re.compile(r"^\W*\[[^\]]*\]\([^)]*\)\W*$", re.MULTILINE)


# Where a lead-in turns: only the negation after the last turn governs the list.
_TURN = re.compile(r"\b(?:but|however|although|though|whereas)\b", re.IGNORECASE)
# An opening condition ("If they don't know your number, they can find you:") and negations
# that negate nothing ("not limited to", "whether or not").
_NOT_GOVERNING = re.compile(r"^\s*(?:if|when|unless|where|while)\b[^,;]*[,;]|\bnot (?:be )?limited to\b|\bwhether or not\b",
                            re.IGNORECASE)


def _negating_lead_in(lead_in: str | None) -> str | None:
    """The last sentence of a list's lead-in when it negates or forbids the act its items
    complete ("We do not:", "You may not use the Services to:"): every item of the list is
    read after it. The negation must govern the end of the lead-in: not turned by a later
    "but" or "however", not inside an opening condition, not "not limited to"."""
    if not lead_in:
        return None
    spans = split_clauses(lead_in)
    last = lead_in[spans[-1][0]:spans[-1][1]] if spans else ""
    governing = _NOT_GOVERNING.sub(" ", _TURN.split(last)[-1])
    return last if mentions_negation(governing) else None


@lru_cache(maxsize=4096)
def plain_clauses(text: str | None) -> tuple[str, ...]:
    """The clauses of a text as a reader sees them: Markdown links as their words, no list
    markers, emphasis or heading marks (the Markdown is read before the text is cut, so
    emphasis across a sentence end does not leave stray marks). A line that is a lone link
    names a page and states nothing ("[Do Not Sell or Share My Personal Information](...)"
    renamed is no change of terms), so it is left out. A list item under a lead-in that
    negates or forbids ("You may not use the Services:", "We do not:") keeps it: its first
    clause is read with the lead-in before it ("We do not sell your data"), since the item
    alone ("sell your data") says the opposite of what the text does."""
    return _read_blocks(_blocks(text or ""))


# Texts up to this long (clauses, most hunks) are kept by the many; a whole version by the few.
_SHORT_TEXT = 4000


def _blocks(text: str) -> tuple[tuple[str, str | None], ...]:
    """The Markdown blocks of a text without its lone link lines, each with its lead-in
    (`markdown_blocks`), kept by text: a whole version is read for its clauses and for its
    lead-ins, as the new side of one change and the old of the next, and the clauses a hunk
    adds or removes come back in later changes (a page that flaps). Callers only read them."""
    return (_short_blocks if len(text) <= _SHORT_TEXT else _long_blocks)(text)


def _parse_blocks(text: str) -> tuple[tuple[str, str | None], ...]:
    return tuple(markdown_blocks(_LINK_LINE.sub("", text)))


def _parse_blocks_by_section(text: str) -> tuple[tuple[str, str | None], ...]:
    """`_parse_blocks` of a whole version, its sections parsed apart and kept by text
    (`markdown_blocks_by_section`: consecutive versions repeat most sections)."""
    return tuple(markdown_blocks_by_section(_LINK_LINE.sub("", text)))


# Two caches of one parse: many short clause texts, few whole versions (which are large).
_short_blocks = lru_cache(maxsize=8192)(_parse_blocks)
_long_blocks = lru_cache(maxsize=8)(_parse_blocks_by_section)


def _read_blocks(blocks: list[tuple[str, str | None]]) -> tuple[str, ...]:
    return tuple(clause for clause, _ in _read_blocks_with_lead_ins(blocks))


def _read_blocks_with_lead_ins(blocks: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Each clause of the blocks, with the negating lead-in sentence read before it (or None)."""
    found: list[tuple[str, str | None]] = []
    for line, lead_in in blocks:
        found.extend(_block_clauses(line, lead_in))
    return found


# By the block's words and lead-in: the blocks of a document repeat from version to version,
# and each hunk side is read again for every change that holds it.
@lru_cache(maxsize=1 << 14)
def _block_clauses(line: str, lead_in: str | None) -> tuple[tuple[str, str | None], ...]:
    clauses = [line[s:e] for s, e in split_clauses(line)]
    negating = _negating_lead_in(lead_in)
    found: list[tuple[str, str | None]] = []
    if negating and clauses:
        # The colon goes: the lead-in and the item read as one sentence, so a negation
        # governs the item's verb ("We do not sell your data").
        negating = negating.rstrip(':').rstrip()
        found.append((f"{negating} {clauses[0]}", negating))
        clauses = clauses[1:]
    grounds = None if negating else _grounds_lead_in(lead_in)
    found.extend((clause, grounds) for clause in clauses)
    return tuple(found)


# A lead-in that states the service's power to end an account or remove content on the
# conditions its items list ("Google may suspend or terminate your access ... if any of these
# things happen:", "We may remove content in the following cases:"), or a safeguard of it
# with the exceptions its items list ("Before suspending ... we'll provide you with advance
# notice ..., unless doing so would:"). The service must hold the power ("we", or a name, with
# "may", "can", "will", "reserve the right to"): "When you delete your account, we may still:"
# lists what the service keeps doing, not grounds.
_SERVICE_MAY = (r"\b(?:we|(?-i:[A-Z][\w&.-]*))(?:['’]ll| (?:may|can|will|shall|might|reserves? the right to))\b"
                r"(?: \w+){0,3}? " + ACT_OVER_ACCOUNT)
_GROUNDS_LEAD_IN = re.compile(
    _SERVICE_MAY + r"\b[^.;:]{0,160}?\b(?:if|when|where|in (?:the following|any of the following|these|such) "
    r"(?:cases|circumstances|situations|events)|for (?:any of )?(?:the following|these) reasons)\b[^.;]{0,60}:\s*$"
    # ... or a safeguard of that power with its exceptions
    r"|\bbefore (?:\w+ ){0,3}?" + ACT_OVER_ACCOUNT + r"\b[^.;]{0,240}?\bunless\b[^.;]{0,40}:\s*$",
    re.IGNORECASE)
# What an item under such a lead-in may seem to state that is only a ground of the power or an
# exception to its safeguard ("cause harm or liability to a user", "violate ... a legal enforcement
# authority's order"): the items' other readings (a sale of data, AI training, sharing) are read.
_GROUND_CATEGORIES = frozenset({"limitation_of_liability", "government_access", "unilateral_termination",
                                "content_removal", "unilateral_change"})


def _grounds_lead_in(lead_in: str | None) -> str | None:
    """The last sentence of a list's lead-in when it states the service's power to end an
    account or remove content on the grounds its items list, or a safeguard of that power with
    the exceptions they list (see `beyond_lead_in`)."""
    if not lead_in:
        return None
    spans = split_clauses(lead_in)
    last = lead_in[spans[-1][0]:spans[-1][1]].strip() if spans else ""
    return last if _GROUNDS_LEAD_IN.search(last) else None


@lru_cache(maxsize=1 << 15)    # by the line's text: the lines of a document repeat from version to version
def _first_clause_key(line: str) -> str:
    spans = split_clauses(line)
    return " ".join(re.findall(r"\w+", line[spans[0][0]:spans[0][1]].lower())) if spans else ""


# Kept for the last few versions: every hunk of a change looks its items up in the same two
# whole versions, which would otherwise be re-read once per hunk. Callers only read the dict.
@lru_cache(maxsize=8)
def _lead_ins_in(whole: str) -> dict[str, str]:
    """The lead-in each block of a whole version is read after, by the words of the block's
    first clause, for blocks whose first clause has one lead-in wherever it stands (the same
    words also standing alone, or under another lead-in, leave it unread)."""
    seen: dict[str, set[str | None]] = {}
    for line, lead_in in _blocks(whole):
        seen.setdefault(_first_clause_key(line), set()).add(lead_in)
    return {key: lead_ins.pop() for key, lead_ins in seen.items()
            if key and len(lead_ins) == 1 and None not in lead_ins}


def clauses_in_context(text: str | None, whole: str | None) -> list[tuple[str, str | None]]:
    """The clauses of a part of a version (one side of a diff hunk) as `plain_clauses` reads
    them, its list items read with their list's lead-in from the ``whole`` version: a hunk
    that holds only the items of "You may not use the Services:" does not hold the lead-in,
    and its items read alone ("resell the Services") would state what the text forbids.
    Each clause comes with the lead-in sentence read before it (None if none): the lead-in is
    context, never a clause of its own (see `beyond_lead_in`)."""
    lead_ins = _lead_ins_in(whole) if whole else {}
    blocks = [(line, lead_in if lead_in is not None else lead_ins.get(_first_clause_key(line)))
              for line, lead_in in _blocks(text or "")]
    return _read_blocks_with_lead_ins(blocks)


# "You agree that you will not use the Services:" forbids the user as "You may not" does (the
# rules leave "you will not" alone: "you will not be charged" promises).
_USER_WILL_NOT = re.compile(r"\b(?:you|users?|customers?)\s+(?:agrees?\s+that\s+(?:you|they|it)\s+)?"
                            r"(?:will\s+not|won[’']t)\b(?!\s+(?:be|have|receive|see|get)\b)", re.IGNORECASE)


def forbids_user_lead_in(lead_in: str) -> bool:
    """Whether a lead-in forbids the user what its items complete ("You may not use the
    Services:", "You agree that you will not:"): its items are the user's obligations."""
    return bool(forbids_user(lead_in + " x", len(lead_in) + 1)) or bool(_USER_WILL_NOT.search(lead_in))


def beyond_lead_in(result: ClauseResult, lead_in: ClauseResult) -> ClauseResult:
    """What an item read after its lead-in states beyond the lead-in alone. A harm or a
    protection of a category the lead-in states by itself ("... may result in us terminating
    your access:") belongs to the lead-in, which did not change with the item. Under a lead-in
    that forbids the user, an item is something the user may not do ("resell the Services",
    "categorise people by their biometric data"): it is no harm the service does to users."""
    # Under a lead-in that states the service's power on the grounds its items list ("Google
    # may suspend or terminate your access ... if any of these things happen:"), an item is a
    # ground of that power ("you violate the law or a legal enforcement authority's order",
    # "cause harm or liability to a user"): the power is the lead-in's harm, and the item states
    # none of its own (session 27, the pool: Google Drive).
    forbidden = forbids_user_lead_in(lead_in.text)
    grounds = not forbidden and bool(_grounds_lead_in(lead_in.text))
    if not (forbidden and result.labels or grounds and set(result.labels) & _GROUND_CATEGORIES
            or set(lead_in.labels) & set(result.labels) or set(lead_in.protections) & set(result.protections)):
        return result
    labels = [] if forbidden else [label for label in result.labels if label not in lead_in.labels
                                   and not (grounds and label in _GROUND_CATEGORIES)]
    return replace(result, labels=labels, evidence={k: v for k, v in result.evidence.items() if k in labels},
                   protections={k: v for k, v in result.protections.items() if k not in lead_in.protections})
