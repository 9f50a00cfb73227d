"""A consent manager's dialog captured with the document: the site's furniture, not its terms.

A capture sometimes holds, beside the document, the dialog a consent manager opens over every
page of a site: the purposes of the IAB Transparency and Consent Framework ("Store and/or access
information on a device", "Create a personalised ads profile", "Use precise geolocation data"),
each with its standard description, between the dialog's buttons ("Allow All", "Always Active",
"Reject All"). It comes and goes between captures, and its words (profiles, precise geolocation,
partners) read as practices, so a capture gaining or losing it would read as a change of terms.

A text holds such a dialog when at least three of its clauses are the framework's purpose or
feature names and one is a dialog's button. The dialog runs from the heading before the first
clause naming the framework or one of its purposes (alone or in a sentence) to the next heading
after the last; a clause
added or removed inside it is navigation. A policy that explains the framework in its own words
has no buttons, and keeps every clause.

>>> dialog = ["# Privacy", "We collect your email.", "## About Your Privacy",
...           "These choices will be signaled to our vendors participating in the Transparency and Consent Framework.",
...           "Allow All", "### Store and/or access information on a device", "Cookies can be stored.",
...           "### Create a personalised ads profile", "A profile can be built about you.",
...           "### Use precise geolocation data", "Your location can be used.", "## Contact", "Write to us."]
>>> sorted(consent_dialog_span([Clause(t, "", HEADING if t.startswith("#") else "paragraph") for t in dialog]))
[2, 3, 4, 5, 6, 7, 8, 9, 10]
"""

from __future__ import annotations

import re

from .model import ADDED, NAVIGATION, REMOVED
from .segment import HEADING, Clause

# The framework's purposes, special purposes, features and special features, as its versions
# 2.0 and 2.2 name them in English (spelt with "personalised"; see `_name`).
TCF_NAMES = frozenset({
    "store and/or access information on a device",
    "select basic ads", "use limited data to select advertising",
    "create a personalised ads profile", "create profiles for personalised advertising",
    "select personalised ads", "use profiles to select personalised advertising",
    "create a personalised content profile", "create profiles to personalise content",
    "select personalised content", "use profiles to select personalised content",
    "measure ad performance", "measure advertising performance", "measure content performance",
    "apply market research to generate audience insights",
    "understand audiences through statistics or combinations of data from different sources",
    "develop and improve products", "develop and improve services", "use limited data to select content",
    "ensure security, prevent fraud, and debug", "technically deliver ads or content",
    "deliver and present advertising and content", "save and communicate privacy choices",
    "match and combine offline data sources", "link different devices",
    "receive and use automatically-sent device characteristics for identification",
    "identify devices based on information transmitted automatically",
    "use precise geolocation data", "actively scan device characteristics for identification",
})
_FRAMEWORK = re.compile(r"transparency (?:and|&) consent framework", re.IGNORECASE)
# A consent dialog's controls, each a short line of its own.
_BUTTON = re.compile(r"(?:accept|allow|reject|refuse|deny) all(?: cookies)?|always active|confirm my choices|"
                     r"save (?:my )?(?:settings|preferences|choices)|manage consent preferences|"
                     r"(?:cookie|vendor) list|privacy preference center", re.IGNORECASE)
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[#*_>`]+|^\s*[-+•]\s+")
_MIN_NAMES = 3
_MAX_BUTTON_CHARS = 60


def _name(text: str) -> str:
    plain = " ".join(_MARKUP.sub(r"\1", text).split()).lower().replace("personaliz", "personalis")
    return plain.rstrip(" .:")


def consent_dialog_span(clauses: list[Clause]) -> set[int]:
    """The positions of the clauses of a consent dialog the text holds (none if it holds none)."""
    # (buttons first: most texts have none, and the test is one search of a few short lines)
    if not any(len(c.text) <= _MAX_BUTTON_CHARS and _BUTTON.search(c.text) for c in clauses):
        return set()
    names = [i for i, c in enumerate(clauses) if len(c.text) < 120 and _name(c.text) in TCF_NAMES]
    if len({_name(clauses[i].text) for i in names}) < _MIN_NAMES:
        return set()
    markers = sorted(set(names) | {i for i, c in enumerate(clauses) if _FRAMEWORK.search(c.text)
                                   or any(name in _name(c.text) for name in TCF_NAMES)})
    first, last = markers[0], markers[-1]
    while first > 0 and clauses[first].kind != HEADING:
        first -= 1
    end = last + 1
    while end < len(clauses) and clauses[end].kind != HEADING:
        end += 1
    return set(range(first, end))


def mark_consent_dialogs(hunks, old: list[Clause], new: list[Clause]) -> None:
    """Clauses added or removed inside a consent dialog (`consent_dialog_span`) are navigation."""
    spans = {REMOVED: None, ADDED: None}
    for hunk in hunks:
        if not hunk.substantive or hunk.kind not in spans:
            continue
        if spans[hunk.kind] is None:
            spans[hunk.kind] = consent_dialog_span(old if hunk.kind == REMOVED else new)
        index = hunk.old_index if hunk.kind == REMOVED else hunk.new_index
        if index in spans[hunk.kind]:
            hunk.substantive, hunk.reason = False, NAVIGATION
