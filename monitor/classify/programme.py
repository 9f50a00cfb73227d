"""A programme's own safeguards (issue 13, `falsebetter`).

A change that adds a section describing a programme users take part in ("we invite you to
participate in our Product Feedback Programme", "by enrolling in our text-message programme")
describes it with its safeguards: "you may leave the programme at any time", "the data it
collects is not disclosed to unrelated companies", "reply STOP to opt out". Those promises bound
what the programme does; they limit no practice the document already had, so they improve
nothing of the user's position beyond the programme, and the change gains nothing by them. A
promise counts so only when the section it stands in (or one that contains it) is new to the
document (a section added to a document the change otherwise keeps, not a rewrite under a new
title) and the change's added text of that section speaks of taking part in a programme, or
introduces a feature the service offers to another party ("we offer a tool for advertisers to
promote their posts", beside "no user data is used to choose the ads"); a
new right granted in a section of its own ("Your privacy rights") stays a gain, and so does a
promise added to a programme the old text already described.

>>> hunks = [{"kind": "added", "section": "Terms > Feedback Programme", "old": "",
...           "new": "You may choose to participate in our feedback programme."},
...          {"kind": "added", "section": "Terms > Feedback Programme > Your choices", "old": "",
...           "new": "You can leave the programme at any time."},
...          {"kind": "added", "section": "Terms > Your rights", "old": "",
...           "new": "You can delete your account at any time."}]
>>> old = "Terms\\nYour rights\\n" + "We collect your email, your name and the pages you visit on our site. " * 5
>>> sorted(hunks_bounding_a_new_programme(hunks, old, old + "\\n" + "\\n".join(h["new"] for h in hunks)))
[0, 1]
"""

from __future__ import annotations

import re

from .moved_out import _LINK, _field
from .reading import plain_words as _normal

# Taking part in a programme: "participate in ... program", "enrolling in any ... program",
# "join our ... programme", "sign up for the ... program", "opt in to the ... program", and
# "remaining in the program" / "participation in ... programs".
_TAKES_PART = re.compile(
    r"\b(?:participat\w*|enrol\w*|join\w*|sign(?:s|ed|ing)? up|opt(?:s|ed|ing)?[- ]in|remain\w*|subscrib\w*)"
    r"\s+(?:in|to|for)\b[^.;:]{0,80}?\bprogram(?:me)?s?\b", re.IGNORECASE)
# ... or a feature the service offers to another party ("we offer a tool for advertisers to promote
# their messages in channels"): the promises beside it ("no user data is used to pick the ads")
# bound what that feature does to users.
_OFFERS_TO_OTHERS = re.compile(
    r"\b(?:offers?|offering|introduc\w*|launch\w*)\b[^.;:]{0,60}?\b(?:tools?|features?|services?|program(?:me)?s?)"
    r"\s+(?:for|to)\s+(?:advertisers|businesses|brands|merchants|sellers|partners|developers|publishers)\b",
    re.IGNORECASE)
def _path(section: str) -> str:
    return " > ".join(part.strip() for part in section.split(">"))


def _introduces_a_programme(text: str) -> bool:
    return bool(_TAKES_PART.search(text) or _OFFERS_TO_OTHERS.search(text))


# A section added to a document the change otherwise keeps: at most this share of the new text. A
# rewrite under a new title (or a new "Updated <date>" heading) makes every section "new", and a
# programme mentioned somewhere in it bounds nothing else of the rewrite.
_SECTION_SHARE = 1 / 3


def _written(hunks, side: str) -> dict[int, str]:
    """{hunk index: section path} of the hunks that have text on ``side`` ("new": added and
    modified ones; "old": removed and modified ones)."""
    kinds = ("added", "modified") if side == "new" else ("removed", "modified")
    return {index: _path(_field(hunk, "section")) for index, hunk in enumerate(hunks)
            if _field(hunk, "kind") in kinds and _field(hunk, side)}


def _title_absent(section: str, normal_text: str) -> bool:
    """Whether a section's own title (its last heading) is nowhere in a text (read by `_normal`)."""
    title = _normal(section.rsplit(" > ", 1)[-1]) if section else ""
    return bool(title) and title not in normal_text


def _within(written: dict[int, str], section: str) -> set[int]:
    """The hunks written in ``section`` or one of its subsections."""
    return {index for index, written_in in written.items()
            if written_in == section or written_in.startswith(section + " > ")}


def _side_length(hunks, text: str | None, side: str) -> int:
    return len(text if text is not None else "\n".join(_field(h, side) for h in hunks))


def _small_part(hunks, indices, side: str, length: int) -> bool:
    """Whether the hunks' text on ``side`` is at most `_SECTION_SHARE` of a text ``length`` long."""
    return sum(len(_field(hunks[index], side)) for index in indices) <= _SECTION_SHARE * length


# A competition or a prize draw: its rules ("the entrant agrees", "the winners will be
# contacted") bound it, as a programme's do.
# Nouns only ("if you wish to contest a charge" is no contest), and said in two of the section's
# removed clauses at least: a children's section saying "children may not enter our contests"
# is no competition's rules (review).
_COMPETITION = re.compile(r"\b(?:competitions?|contests\b|(?:a|the|our|this|any|each) contest\b|contestants?|entrants?|"
                          r"sweepstakes?|prize draws?|giveaways?|raffles?|winners?|prizes?)\b", re.IGNORECASE)
_COMPETITION_CLAUSES = 2


def hunks_of_a_removed_programme(hunks, old_text: str | None, new_text: str | None) -> set[int]:
    """The indices of the removed and modified hunks that stand in a section the change removes
    whole (its title is nowhere in the new text; a small part of the old one) whose removed
    text speaks of a programme, a feature offered to another party or (in two clauses at least) a
    competition: the
    promises it made bound that programme ("We will not use the details you provide for
    marketing purposes" in the rules of an expired Christmas competition, Energia 2021), and
    went with it.

    >>> hunks = [{"kind": "removed", "section": "Terms > How to vote?", "new": "",
    ...           "old": "The competition closes on 20 December."},
    ...          {"kind": "removed", "section": "Terms > How to vote?", "new": "",
    ...           "old": "The winners will be contacted by phone."},
    ...          {"kind": "removed", "section": "Terms > How to vote?", "new": "",
    ...           "old": "We will not use the details you provide for marketing purposes."},
    ...          {"kind": "removed", "section": "Terms > Payments", "new": "", "old": "We will not charge you twice."}]
    >>> new = "Terms\\nPayments\\n" + "You pay monthly by direct debit and we send you a bill. " * 5
    >>> sorted(hunks_of_a_removed_programme(hunks, new + " ".join(h["old"] for h in hunks) + "How to vote?", new))
    [0, 1, 2]
    """
    written = _written(hunks, "old")
    programmes = {section for index, section in written.items()
                  if _introduces_a_programme(_LINK.sub(r"\1", _field(hunks[index], "old")))}
    competing: dict[str, int] = {}
    for index, section in written.items():
        if _COMPETITION.search(_field(hunks[index], "old")):
            competing[section] = competing.get(section, 0) + 1
    speaking = programmes | {section for section, clauses in competing.items() if clauses >= _COMPETITION_CLAUSES}
    if not speaking:
        return set()
    new = _normal(new_text or "")
    old_length = _side_length(hunks, old_text, "old")
    bounded: set[int] = set()
    for section in (section for section in speaking if _title_absent(section, new)):
        within = _within(written, section)
        if _small_part(hunks, within, "old", old_length):
            bounded |= within
    return bounded


def new_sections(hunks, old_text: str | None, new_text: str | None) -> list[set[int]]:
    """The added and modified hunks of each section new to the document (its title's words are
    nowhere in the old text) and a small part of it (`_SECTION_SHARE`, all such sections together
    too: a rewrite under new titles has no new section), subsections included: one set of hunk
    indices per such section. (A section only renamed, its clauses kept, reads as new: only its
    added clauses are seen here.)

    >>> hunks = [{"kind": "added", "section": "Policy > Cross Device Linking", "old": "", "new": "We link your devices."},
    ...          {"kind": "added", "section": "Policy > Cross Device Linking", "old": "", "new": "You can opt out."},
    ...          {"kind": "modified", "section": "Policy > Cookies", "old": "We use cookies.", "new": "We use pixels."}]
    >>> old = "Policy\\nCookies\\n" + "We use cookies to remember you and to count our visitors. " * 5
    >>> new_sections(hunks, old, old + " We link your devices. You can opt out.")
    [{0, 1}]
    """
    written = _written(hunks, "new")
    if not written:
        return []
    old = _normal(old_text or "")
    titled = {section for section in written.values() if _title_absent(section, old)}
    # the outermost new sections (a new section's subsections are new too, and part of it)
    outermost = {section for section in titled
                 if not any(section.startswith(other + " > ") for other in titled)}
    new_length = _side_length(hunks, new_text, "new")
    found = [within for within in (_within(written, section) for section in sorted(outermost))
             if _small_part(hunks, within, "new", new_length)]
    # a rewrite under new titles makes every section "new", each of them small (review): the new
    # sections together are a small part of the document, or none is read as one
    if not _small_part(hunks, [index for within in found for index in within], "new", new_length):
        return []
    return found


def hunks_bounding_a_new_programme(hunks, old_text: str | None, new_text: str | None) -> set[int]:
    """The indices of the added and modified hunks that stand in a section new to the document
    (and a small part of it) whose added text speaks of taking part in a programme, or of a
    feature offered to another party (see the module), or in one of its subsections: their
    promises bound that programme or feature."""
    written = _written(hunks, "new")
    # the sections in which the change speaks of a programme, then those of them new to the
    # document: the whole old text's words are read only when some hunk speaks of one (both
    # tests are pure, so their order changes nothing but the cost; most changes name none)
    speaking = [(index, section) for index, section in written.items()
                if _introduces_a_programme(_LINK.sub(r"\1", _field(hunks[index], "new")))]
    if not speaking:
        return set()
    old = _normal(old_text or "")
    # (a section with no title of its own counts as new here, as it always did)
    programmes = {section for _, section in speaking if _normal(section.rsplit(" > ", 1)[-1]) not in old}
    new_length = _side_length(hunks, new_text, "new")
    bounded: set[int] = set()
    for programme in programmes:
        within = _within(written, programme)
        if _small_part(hunks, within, "new", new_length):
            bounded |= within
    return bounded
