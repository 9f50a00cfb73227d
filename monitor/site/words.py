"""What a change means, in plain words: the sentences the site, the feeds and the mails share.

>>> change = {"terms_type": "Privacy Policy", "substantive": True, "suspect": False,
...           "suspect_status": None, "assessed": True, "direction": "worse", "severity": 3,
...           "categories": ["ai_training"], "reasons": ["wording"]}
>>> assessment_sentence(change, {"ai_training": {"name": "Training AI on your data"}})
'This change makes the Privacy Policy worse for users: it adds training AI on your data (severity 3).'
"""

from __future__ import annotations

from ..store import counts

SEVERITY_WORDS = {0: "negligible", 1: "low", 2: "significant", 3: "severe"}

# The diff's reason codes (monitor.diff.model), as people would say them.
COSMETIC_REASONS = {
    "whitespace": "spacing and line breaks",
    "markup": "formatting (headings, lists, emphasis)",
    "link": "link targets",
    "typography": "typographic characters (quotes, dashes, spaces)",
    "numbering": "the numbering of sections and clauses",
    "date": "the \u201clast updated\u201d date",
    "punctuation": "punctuation",
    "reorder": "the order of clauses (or of phrases in one), moved but not reworded",
    "flapping": "the page went back to an earlier version (it flaps between two versions)",
    "navigation": "links, labels and notices that point elsewhere and state no term",
    "spelling": "spelling, grammar and synonyms",
    "contact": "a postal address rewritten",
    "repeated": "a copy of a clause the text still states",
    "rename": "a company or product name, changed throughout",
    "notice": "a notice that binds no one (patents, trademarks, a count of users)",
    "translation": "a passage in another language than the document (a translation for other readers)",
    "cut_list": "the last items of lists, dropped by a capture that left a list with no items",
    "unfolded": "sections earlier captures left folded, caught in full under the same date",
    "reverted": "a text withdrawn within days, so never the terms in force",
    "region_section": "a section for one region's readers dropped whole, the document's date unchanged "
                      "(the edition for other readers was captured)",
    "first_document": "the first capture that is the document itself (what came before was not the document)",
}
SUSPECT_REASONS = {
    "suspect_mass_deletion": "most of the text disappeared at once",
    "suspect_unrelated": "the new text has nothing in common with the old one",
    "suspect_error_page": "the page looks like an error, login or bot-check page",
    "suspect_not_document": "what was captured is not the document (a menu, an error, login or consent page)",
    "suspect_other_language": "the page came in another language than the document's history",
}
HUNK_REASONS = {"wording": "words changed", "added": "clause added", "removed": "clause removed"}
# A protection found in the terms (a clause that rules a harm out), as a good point in the
# words of ToS;DR's points; other categories fall back to `protection_words`.
PROTECTION_WORDS = {
    "data_sale": "Does not sell your personal data",
    "content_license": "You keep the rights to your content",
    "data_retention": "Deletes or anonymises your data within a stated time",
    "user_rights": "Gives you rights over your data (to see, delete or export it, or opt out)",
    "government_access": "Tells you about government requests, or pushes back on them",
    "ai_training": "Does not train AI on your data without asking",
    "data_sharing": "Does not share your data with third parties",
    "tracking": "Does not track or profile you",
    "advertising": "Does not use your data for advertising",
    "arbitration": "You keep your right to go to court",
    "class_action_waiver": "You keep your right to join a class action",
    "unilateral_change": "Tells you before the terms change",
}


def protection_words(category: str, taxonomy: dict) -> str:
    """A protection as a good point: ``Does not sell your personal data``."""
    return PROTECTION_WORDS.get(category) or f"Limits {_in_sentence(category_name(category, taxonomy))}"


def category_name(category: str, taxonomy: dict) -> str:
    entry = taxonomy.get(category) or {}
    return entry.get("name") or category.replace("_", " ").capitalize()


def _in_sentence(name: str) -> str:
    """A category's name inside a sentence: ``Arbitration`` -> ``arbitration``, but ``AI``
    stays ``AI``."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def reason_words(code: str) -> str:
    return COSMETIC_REASONS.get(code) or SUSPECT_REASONS.get(code) or HUNK_REASONS.get(code) or code.replace("_", " ")


def verdict(change: dict) -> tuple[str, str]:
    """A change's badge: a CSS key and its label."""
    if not counts(change["suspect"], change.get("suspect_status")):
        label = {"refuted": "Refuted capture", "not_document": "Not the document"}.get(
            change.get("suspect_status"), "Suspect capture")
        return ("suspect", label)
    if not change["substantive"]:
        return ("cosmetic", "Cosmetic")
    if not change.get("assessed"):
        return ("pending", "Not assessed yet")
    return (change["direction"], {"worse": "Worse", "better": "Better"}.get(change["direction"], "Neutral"))


def assessment_sentence(change: dict, taxonomy: dict) -> str:
    """One sentence saying what the change does to users."""
    doc = change["terms_type"]
    if not counts(change["suspect"], change.get("suspect_status")):
        why = join_words([SUSPECT_REASONS[r] for r in change.get("reasons", []) if r in SUSPECT_REASONS])
        state = {"refuted": "A later capture showed it was wrong, so it is ignored",
                 "not_document": "What was captured is not the document itself, so it never counts, "
                                 "however often it is seen again"}.get(
            change.get("suspect_status"), "It is kept out of scores and alerts until a later capture confirms it")
        return f"This capture of the {doc} looks broken{': ' + why if why else ''}. {state}."
    if not change["substantive"]:
        reasons = change.get("reasons", [])
        if "flapping" in reasons:
            return (f"This change brings back an earlier version of the {doc} (the page flips between "
                    f"versions), so it is not counted as a new change.")
        what = join_words([COSMETIC_REASONS[r] for r in reasons if r in COSMETIC_REASONS])
        return f"This change to the {doc} is cosmetic: the terms mean the same as before{f' (what changed: {what})' if what else ''}."
    if not change.get("assessed"):
        return f"This change to the {doc} changed its words; it has not been assessed yet."
    # Adding a harm is worse, adding a protection (e.g. your rights over your data) better.
    harms, protections = [], []
    for category in change.get("categories", []):
        kind = (taxonomy.get(category) or {}).get("kind", "harm")
        (protections if kind == "protection" else harms).append(_in_sentence(category_name(category, taxonomy)))
    severity = change.get("severity") or 0
    if change["direction"] in ("worse", "better"):
        worse = change["direction"] == "worse"
        what = "; ".join(
            ([f"it {'adds' if worse else 'removes or limits'} {join_words(harms)}"] if harms else [])
            + ([f"it {'removes or weakens' if worse else 'adds'} {join_words(protections)}"] if protections else []))
        what = what or ("it weakens your position" if worse else "it strengthens your position")
        return f"This change makes the {doc} {change['direction']} for users: {what} (severity {severity})."
    return f"This change rewords the {doc} without making it better or worse for users."


def imposed_rows(change: dict) -> list[tuple[str, str]]:
    """How the change was imposed, as (question, answer) rows; empty when not assessed."""
    if not change.get("assessed"):
        return []
    imposed = change.get("imposed") or {}
    days, effective = imposed.get("notice_days"), imposed.get("effective_date")
    return [
        ("Takes effect", effective[:10] if effective else "no date stated"),
        ("Notice given", (f"{days} day{'s' if days != 1 else ''} before it takes effect"
                          if days is not None else "none stated")),
        ("Accepted by continuing to use the service",
         "yes: using the service counts as accepting it" if imposed.get("consent_by_use") else "not stated"),
        ("Announced to users", "yes" if imposed.get("announced") else "no announcement found"),
    ]
