"""The terms of a feature or a programme of their own (issue 13, from the pool of readings,
session 25): withdrawn with their section, or appended as an instrument of their own.

(A feature *added* in a section of its own is read like any other text: the gold set's lawyer
reads a new feature's data flows as worse — Fitbit's height, weight and sleep data in Google's
policy, messages shared with Google for Telegram's translations — though most readers of the
unseen samples called such descriptions neutral; skipping them lost five gold changes.)

**A feature withdrawn.**
When a service ends a feature (Tumblr's Tipping and Tumblr Live, Badoo Live, Gracenote's music
recognition in Amazon Music), the terms that governed it leave the document with it: the section
named after the feature is removed, and the new text never names the feature again. Readers call
such a change neutral: the feature's harsh terms ("payouts at our sole discretion", "Live Credits
are non-refundable") bound nothing the user can still do, and its safeguards protected nothing
left. The removed hunks of such a section are read only for what the service did with data
(`PRACTICE_CATEGORIES`): a data flow that ends with its feature has ended (Waze Carpool's public
profiles and sharing with partners, Google Play Newsstand's sharing of reading history with
publishers: readers call those gains).

A section counts as a withdrawn feature only when:
- the change removes it whole (every hunk of it and of its subsections is removed), it is a
  small part of the old text, and so is all the change removes (`_SECTION_SHARE`: a rewrite
  drops every heading at once, and no section of it is a feature's);
- its heading names something (a word, or two words side by side, that are no generic words of
  a heading: "Special Provisions for", "Supplemental Terms of Use") that the new text never
  names;
- its heading names no topic of the terms (`_TOPICS`: a whole "Arbitration" or "Your Privacy
  Rights" section dropped is a change, whatever words leave the text with it), is no date
  ("Last updated January 31, 2020" heads a whole edition) and no statement ("We are not
  responsible for viruses and you must not introduce them" heads a disclaimer).

**An instrument appended.** A section the change adds whole, new to the document, whose heading
is the title of an instrument of its own (a programme's or a promotion's terms, "Official Rules",
another product's "Terms of Use": a monthly giveaway's rules appended to a shop's terms, FedEx's
One Rate Program, pixiv's "VRoid Hub Developer" Terms of Use compiled into its terms page) binds
only those who join the programme or use that product, and readers call it neutral. Its hunks are
not read, when it is no more than half of the new text and its heading names no topic of the
terms ("Arbitration Agreement" appended is a change).

>>> hunks = [{"kind": "removed", "section": "Terms > 13. Special Provisions for Tipping", "old": "Payouts are at our sole discretion."},
...          {"kind": "removed", "section": "Terms > 13. Special Provisions for Tipping > Disputes", "old": "You waive any claim after 30 days."},
...          {"kind": "removed", "section": "Terms > 9. Arbitration", "old": "Disputes go to binding arbitration."}]
>>> new = "Terms\\n\\n" + "You may post content and we may remove it under these terms. " * 20
>>> old = new + "\\n\\n13. Special Provisions for Tipping\\n\\n" + "\\n".join(h["old"] for h in hunks)
>>> sorted(sections_of_a_withdrawn_feature(hunks, old, new))
[0, 1]
>>> _names("We are not responsible for viruses and you must not introduce them")
[]
>>> giveaway = [{"kind": "added", "section": "Monthly Giveaway > Official Rules", "new": "Entrants waive any claim against us."}]
>>> sorted(sections_of_another_instrument(giveaway, new, new + "\\n\\nMonthly Giveaway\\n\\nEntrants waive any claim against us."))
[0]
"""

from __future__ import annotations

import re

from .moved_out import _LINK, _field, _heading

# Words any heading may hold: what the section is (its kind, its place), not what it is about.
_GENERIC = frozenset(
    "a an the and or of to in on for with by as at from about your our you we us its it their this these "
    "special provisions provision additional supplemental supplementary specific certain other terms term "
    "conditions condition use usage section part chapter appendix annex schedule exhibit addendum "
    "agreement rules rule notice notices information details overview introduction general "
    "program programme programs programmes feature features service services product products "
    "offer offers offering plan plans".split())
# Words of the terms' own topics: a section headed by one is a topic of the document, never a
# feature (see the module).
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
_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{4}\b",
                     re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*(?:(?:section|part|article|chapter)\s+)?[\dIVXivx]+[.)]?(?:\d+[.)]?)*\s+")
_WORD = re.compile(r"[a-z0-9][a-z0-9+'’]*")   # of lower-cased text ("post+", "who's")
# A section added to or dropped from a document the change otherwise keeps: at most this share
# of the old text (as `programme._SECTION_SHARE`).
_SECTION_SHARE = 1 / 3


def _rewritten(hunks, old_text: str) -> bool:
    """Whether the change rewrites the document rather than ending a part of it: the text it
    removes is more than `_SECTION_SHARE` of ``old_text``. A rewrite drops every heading at once
    ("Scope", "GM Dealers", "Mobile Applications"), and no section of it is a feature's."""
    removed = sum(len(_field(h, "old")) for h in hunks if _field(h, "kind") == "removed" and _substantive(h))
    return removed > _SECTION_SHARE * len(old_text)


def _substantive(hunk) -> bool:
    value = hunk.get("substantive", True) if isinstance(hunk, dict) else getattr(hunk, "substantive", True)
    return value is not False and value != 0


# Words of a heading that states rather than names: "We are not responsible for ...".
_STATEMENT = frozenset("we you us not no must may will shall can cannot are is be responsible".split())


def _names(heading: str) -> list[str]:
    """What a heading names: its words that are no generic heading words and no topic of the
    terms (lower-cased), and each two of them that stand side by side in it ("tumblr live");
    none when it names a topic of the terms, is a date or states something."""
    heading = _NUMBERING.sub("", _LINK.sub(r"\1", heading).strip(" #*_"))
    if _MONTHS.search(heading):
        return []
    words = _WORD.findall(heading.lower())
    if any(w in _TOPICS or w in _STATEMENT for w in words):
        return []
    common = _GENERIC | _TOPICS
    names = [w for w in words if w not in common and (len(w) > 2 or "+" in w)]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:]) if a not in common and b not in common]
    return names + pairs


def _named_in(name: str, text_words: str) -> bool:
    return f" {name} " in text_words


def sections_of_a_withdrawn_feature(hunks, old_text: str | None, new_text: str | None) -> set[int]:
    """The indices of the removed hunks that stand in a section of a feature the change
    withdraws (see the module)."""
    if not new_text or not old_text:
        return set()
    removed_sections: dict[str, list[int]] = {}
    kept_sections: set[str] = set()
    for index, hunk in enumerate(hunks):
        if not _substantive(hunk):
            continue        # a cosmetic edit beside the section changes nothing of what it is
        section = " > ".join(part.strip() for part in _field(hunk, "section").split(">"))
        (removed_sections.setdefault(section, []).append(index) if _field(hunk, "kind") == "removed"
         else kept_sections.add(section))
    if not removed_sections or _rewritten(hunks, old_text):
        return set()
    text_words = None
    withdrawn: set[int] = set()
    for section in removed_sections:
        names = _names(_heading(section))
        if not names or any(s == section or s.startswith(section + " > ") for s in kept_sections):
            continue
        within = [index for s, indices in removed_sections.items()
                  if s == section or s.startswith(section + " > ") for index in indices]
        if sum(len(_field(hunks[index], "old")) for index in within) > _SECTION_SHARE * len(old_text):
            continue
        if text_words is None:      # read only once some section may be a feature's
            text_words = " " + " ".join(_WORD.findall(_LINK.sub(r"\1", new_text).lower())) + " "
        if any(not _named_in(name, text_words) for name in names):
            withdrawn.update(within)
    return withdrawn


# The title of an instrument of its own. (A promotion is one by its "Official Rules": a heading
# that only names a giveaway, "7.8. Giveaways in Channels", is a feature of the service, whose
# terms the gold set's lawyer reads as the user's.)
_INSTRUMENT = re.compile(r"\b(?:terms? of (?:use|service|sale)|terms and conditions|conditions of use|official rules|"
                         r"program(?:me)?s?|rewards)\b", re.IGNORECASE)
# An appended instrument is at most this share of the new text: past it the page is another one.
_APPENDED_SHARE = 1 / 2


def sections_of_another_instrument(hunks, old_text: str | None, new_text: str | None) -> set[int]:
    """The indices of the added hunks that stand in a section of an instrument of its own the
    change appends (see the module)."""
    if not new_text or not old_text:
        return set()
    sections: dict[str, list[int]] = {}
    for index, hunk in enumerate(hunks):
        if not _substantive(hunk):
            continue        # a cosmetic edit beside the section changes nothing of what it is
        section = " > ".join(part.strip() for part in _field(hunk, "section").split(">"))
        sections.setdefault(section, []).append(index)
    # The first heading on a section's path that titles an instrument is the instrument: a
    # section inside the terms' own title ("Terms and Conditions > 26. Product Bundles - Specific
    # Terms and Conditions", "Terms of Service > Additional Terms for Tumblr Live") is a part of
    # the terms, which readers read as the user's (Windstream's bundles, Tumblr Live: worse).
    candidates = {}
    for section in sections:
        parts = section.split(" > ")
        for depth in range(1, len(parts) + 1):
            heading = _LINK.sub(r"\1", parts[depth - 1]).strip(" #*_")
            if _INSTRUMENT.search(heading) and not any(w in _TOPICS for w in _WORD.findall(heading.lower())):
                candidates.setdefault(" > ".join(parts[:depth]), heading)
                break
    old_lower = old_text.lower()
    appended: set[int] = set()
    for prefix, heading in candidates.items():
        within = [index for section, indices in sections.items()
                  if section == prefix or section.startswith(prefix + " > ") for index in indices]
        if heading.lower() in old_lower or any(_field(hunks[index], "kind") != "added" for index in within):
            continue
        if sum(len(_field(hunks[index], "new")) for index in within) <= _APPENDED_SHARE * len(new_text):
            appended.update(within)
    return appended


# What a service does with data: read in a withdrawn feature's section too (its flows end with it).
PRACTICE_CATEGORIES = frozenset({"data_sharing", "data_sale", "data_collection", "data_retention", "sensitive_data",
                                 "tracking", "advertising", "ai_training", "government_access"})
