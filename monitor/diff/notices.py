"""What on a page states no term although it reads like text: notices about the document's
own update, capture residue glued after a sentence, postal address lines. Editorial rules
(:mod:`.editorial`, which re-exports these names) call their edits cosmetic."""

from __future__ import annotations

import re
from operator import attrgetter

from .clause_words import _BINDING_WORDS, _ROLE, _TERM_WORDS, _VERSION_NOTICE, _plain, _words, plain_reading
from .model import CONTACT, LINK, NAVIGATION
from .normalise import canonical, hides_email_address


# What a capture glues after a sentence's final stop: the number of the next section
# ("…like Facebook or Google.3\\."), or the lower-case tail of a sentence whose link it lost
# ("…associated with your account. to manage your payment options.").
_GLUED_TAIL = re.compile(r"(?<=[.!?])\s*(?:\d{1,3}\\?\.|\s[a-z][^.!?\d]{0,80}[.!?]?)\s*$")
_MAX_TAIL_WORDS = 8


# An e-mail address as a page links it: a "mailto:" link, whatever its words. (The CDN hides
# the link a script would turn into this one; an address written out instead is another text.)
_MAILTO_LINK = re.compile(r"\[[^\[\]]*\]\(mailto:[^()\s]*\)")


def hidden_address_reason(old: str, new: str) -> str | None:
    """``link`` when one clause links e-mail addresses ("mailto:") and the other has the same
    words with each link hidden by a site's CDN ("[email protected]" behind its e-mail protection
    link): a capture that ran without the page's scripts sees no address, not another one.
    Both hiding or both showing, an address that changed is a change like any other; so is a
    linked address the hiding side still shows and the other side lacks (only the showing
    side's links the hiding side does not show are read as the ones it hid).

    >>> hidden_address_reason("Write to [dpo@a.example](mailto:dpo@a.example).", "Write to [\\\\[email protected\\\\]](https://a.example/cdn-cgi/l/email-protection).")
    'link'
    >>> hidden_address_reason("Write to [dpo@a.example](mailto:dpo@a.example).", "Write to us at [\\\\[email protected\\\\]](https://a.example/cdn-cgi/l/email-protection).") is None
    True
    """
    if hides_email_address(old) == hides_email_address(new):
        return None
    hiding, showing = (old, new) if hides_email_address(old) else (new, old)
    still_shown = set(_MAILTO_LINK.findall(hiding))
    masked = _MAILTO_LINK.sub(lambda m: m.group(0) if m.group(0) in still_shown else "email address", showing)
    return LINK if canonical(masked) == canonical(hiding) else None


def capture_residue_reason(old: str, new: str) -> str | None:
    """``navigation`` when one clause is the other with a capture residue glued after its
    final stop: a section number, or a short lower-case fragment that states nothing (no term
    word, no party or recipient, no number).

    >>> capture_residue_reason("We may charge any other payment method.", "We may charge any other payment method. to manage your payment options.")
    'navigation'
    >>> capture_residue_reason("We keep your data.", "We keep your data. and share it with partners.") is None
    True
    """
    def residue(longer: str, shorter: str) -> bool:
        tail = _GLUED_TAIL.search(longer.rstrip())
        if not tail or _words(_plain(longer[:tail.start()])) != _words(_plain(shorter)):
            return False
        words = _words(tail.group(0))
        return len(words) <= _MAX_TAIL_WORDS and not _TERM_WORDS & set(words) and not _ROLE.search(tail.group(0))
    return NAVIGATION if residue(new, old) or residue(old, new) else None


# A postal address line: a street word or a postcode, and a number, in a few words.
_ADDRESS = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|way|suite|ste|floor|fl|box|blvd|boulevard|drive|lane|square|plaza|"
    r"building|parkway|pkwy|strasse|straße)\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b",
    re.IGNORECASE)
_MAX_ADDRESS_WORDS = 15


def is_address_line(text: str) -> bool:
    """A line of a postal address ("300 Deschutes Way SW, Suite 208", "Santa Monica, CA 90405")."""
    plain = _plain(text)
    words = _words(plain)
    return 0 < len(words) <= _MAX_ADDRESS_WORDS and any(c.isdigit() for c in plain) \
        and bool(_ADDRESS.search(plain)) and not _TERM_WORDS & set(words)


def address_edit_reason(old: str, new: str) -> str | None:
    """``contact`` when an address line became another address line: where to write is not a term."""
    return CONTACT if is_address_line(old) and is_address_line(new) else None


# A notice block about an update ("From time to time we clarify our terms… We're updating our
# terms today… we aren't making any material changes…") states no term when none of its words
# binds or grants anything; its sentences may each be longer than a pointer.
_MAX_NOTICE_BLOCK_WORDS = 80
_NOTICE_BINDING_WORDS = _BINDING_WORDS | {"might", "collect"}


def mark_update_notices(hunks: list) -> None:
    """Mark as cosmetic (``navigation``) a run of clauses added or removed together (next to
    each other in their text) that is a notice about the document's own update: one of them
    says so ("We're updating our terms", "We've updated our Privacy Policy"), all of them
    together are at most 80 words, and none binds the user or grants a right (no negation, no
    "may", "must", "will", "agree", "consent", "sell", "share", "collect"…)."""
    for kind, index_of in (("removed", attrgetter("old_index")), ("added", attrgetter("new_index"))):
        run: list = []
        for hunk in sorted((h for h in hunks if h.kind == kind and index_of(h) is not None), key=index_of):
            if run and index_of(hunk) != index_of(run[-1]) + 1:
                _mark_notice_run(run)
                run = []
            run.append(hunk)
        _mark_notice_run(run)


def _mark_notice_run(run: list) -> None:
    # the cheap tests first: most runs hold nothing substantive left, or far more than 80 words
    if not any(h.substantive for h in run):
        return
    # (read until past 80 words: a rewrite's run holds thousands of clauses)
    readings, total = [], 0
    for hunk in run:
        reading = plain_reading(hunk.old or hunk.new)
        total += len(reading[1])
        if total > _MAX_NOTICE_BLOCK_WORDS:
            return
        readings.append(reading)
    if any(_NOTICE_BINDING_WORDS.intersection(words) for _, words in readings) \
            or not any(_VERSION_NOTICE.search(plain) for plain, _ in readings):
        return
    for hunk in run:
        if hunk.substantive:
            hunk.substantive, hunk.reason = False, NAVIGATION


# An entry of the document's own change log: a past-tense edit verb, then the part of the
# document it edited, named by its number or by a link to it ("Expanded [5.6. No Ads Based
# on User Data](#5-6-...) with information about ...", "Updated 8.2 to mention ...").
_CHANGE_LOG_ENTRY = re.compile(
    r"^\W*(?:added|expanded|updated|clarified|improved|moved|removed|revised|amended|rewrote|"
    r"reorgani[sz]ed|restructured|deleted|changed|corrected)\s+"
    # the link straight after the verb ("Expanded [4. Our promise](#...)"), or further on a
    # numbered one outside brackets ("Improved structure, moving 3.3.5 to [3.4](#...)"), not a
    # cross-reference ("Added a $5 fee for every transfer (see [Fees](#fees))"); a number not
    # a quantity ("Removed 2.5 GB of free storage")
    r"(?:(?:the\s+)?(?:sections?\s+)?\\?\[[^\]]{1,80}\]\(#[^)\s]*\)"
    r"|[^;()\[\]]{0,80}?\\?\[\d[^\]]{0,80}\]\(#[^)\s]*\)"
    r"|(?:the\s+)?(?:sections?|clauses?|paragraphs?)\s+\d"
    r"|\\?\[?\d{1,2}\.\d{1,2}(?:\.\d{1,2})*(?!\d|[.,]\d)(?!\s*(?:%|percent\b|[kmgt]i?b\b|(?:kilo|mega|giga|tera)bytes?\b)))",
    re.IGNORECASE)
_MAX_CHANGE_LOG_WORDS = 60


def is_change_log_entry(text: str) -> bool:
    """A line of the document's own change log saying which of its sections an update edited:
    it describes the version, it binds no one; the edited sections are judged on their own.
    Not a sentence in the first person ("We updated 4.2 so that we may ..."), which may state
    a term.

    >>> is_change_log_entry("*   Expanded [4.1. Our Promise](#4-1-our-promise) with details on sponsored posts.")
    True
    >>> is_change_log_entry("*   Updated 8.2 to mention a new member of our group of companies.")
    True
    >>> is_change_log_entry("*   Added a fee for every transfer.") or is_change_log_entry("We may share your data.")
    False
    """
    words = _words(_plain(text))
    return 0 < len(words) <= _MAX_CHANGE_LOG_WORDS and bool(_CHANGE_LOG_ENTRY.match(text.lstrip("*-•+ \t")))
