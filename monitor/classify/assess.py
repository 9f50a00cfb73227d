"""Does a change make the terms worse for users, how badly, and where does it say so?

For each substantive hunk, the clauses that really changed (sentences present on both
sides are set aside) are classified on both sides, and each category is compared:

- a harm that appears (``added``) or whose scope grows (``widened``: new scope words such as
  "any third party", "for any purpose", "irrevocable", or a narrowing such as "with your
  consent" dropped, or a longer retention period; or ``grew``: no scope word moved but the
  clause only gained content words, none of them a condition such as "if" or "only")
  -> **worse**;
- a protection that disappears ("we do not sell your personal information", "you can
  delete your data"), or stays but promises less (it gained an exception, or a promise to
  delete data waits longer) -> **worse**;
- the opposite of each -> **better**; nothing of the kind -> **neutral**.

What moved is judged against the whole other version: a protection removed here but still
made elsewhere in the new text is no loss, and a harm removed here but still stated elsewhere
in the new text (most of its decisive words, or the same clause in other words: three
quarters of its content words in one harm clause of the category; either way only while the
new text's harms of the category still reach its recipients, kinds of data and purposes) is
no gain. Symmetrically, a harm
added here that the old text already stated in other words (an old clause of the same category
holding most of the added clause's content words and every recipient, kind of data and purpose
it names, the clause not having grown) is no loss, and
a protection added here that the old text already made in other words is no gain: a rewrite
that moves and rewords its clauses is judged on what it states, not on where.
The words of a safeguard name the practice they guard (`.limits`): a practice the old text
already states, added again "only" under a limit ("we will only terminate your account with
notice") is a protection added, and one named only in the condition of a promise ("if we share
it with a provider, we ensure ...") is no new harm.

Severity (0-3) of a category's change: the category weight (0-1, ``data/taxonomy.toml``)
plus 0.25 per scope word in the deciding clauses (at most two), minus 0.2 if they narrow
it; below 0.55 -> 1, below 0.9 -> 2, else 3. A neutral hunk has severity 0. For a better
change, severity measures how much better.

A change's verdict comes from its hunks: the net of their severities (worse minus better; a
harm that only shrank weighs half, as losing words may drop a limit as easily as an item);
a tie between worse and better hunks counts as worse (a watchdog warns when in doubt). A new
protection counts once per category for the whole change, in the first hunk that makes it: a
rewrite that spells out the same rights in ten places gives one gain in rights, and does not
outvote a new harm. A new practice (a harm of a category the old text stated nowhere) is not
outvoted by what only accompanies it: a new promise of its own category weighing less than the
practice, or a new right to opt out of or object to processing, counts as no gain in that change.

>>> a = assess_change([{"kind": "added", "section": "Disputes", "old": "",
...                     "new": "Any dispute will be resolved by binding arbitration.", "substantive": True}])
>>> a.direction, a.categories
('worse', ['arbitration'])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache

from ..text import LINK_TARGET
from .clauses import ClauseClassifier, ClauseResult, load_classifier
from .commitments import loosened_commitments
from .coverage import promise_coverage
from .evidence import build_evidence
from .imposition import detect_imposition
from .limits import practice_only_in_condition_of_promise, restricts_practice
from .framework_left import recourse_left_with_its_framework
from .moved_out import sections_moved_to_linked_pages
from .programme import hunks_bounding_a_new_programme, hunks_of_a_removed_programme, new_sections
from .reading import STOPWORDS as _STOPWORDS, beyond_lead_in, clauses_in_context, said_on_both_sides, still_promised
from .reading import plain_words as _normal
from .reach import names_every_kind, new_reach, reach
from .restated_reading import model_reading_flipped
from .statutory import only_the_repeat_infringer_policy
from .feature_terms import PRACTICE_CATEGORIES, sections_of_another_instrument
from .took_effect import announced_clauses_in_force, announced_clauses_not_yet_in_force
from .rules.matching import consent_gates
from .rights import (GDPR_REGIONS, answer_deadline_days, kinds_asked_for, places_given_rights, places_listed,
                     refuses_an_unnamed_practice, right_kinds, says_how_to_ask)
from .whole import WholeReading, whole_reading
# What a side or a whole version states lives in stated.py; these names stay importable from here.
from .stated import (DATA_CATEGORIES, NARROWING_WORDS, SAME_CLAUSE, SAME_HARM_CLAUSE, SCOPE_WORDS,  # noqa: F401
                     _grew, _Side, _sides, already_stated, categories_read, compliance_purpose_words, document_clauses,
                     gained_condition_words, gained_example_words, reports_a_past_period, still_licensed,
                     document_harms, limits_cut_with_their_part, rests_on_consent, runs_of_old_text, still_harmed)

# The verdict of a change from its hunks' decisions lives in balance.py.
from .balance import BETTER, LEFT_THE_TEXT, NEUTRAL, WORSE, _accompanies, a_way_out, _new_practices, _verdict


# A link's target is no word of the clause (a new support URL grows no harm, `text.LINK_TARGET`),
# nor is a route preposition ("contacting us through the support portal" says what "contacting
# support" said).
_ROUTE_WORDS = frozenset("through via using into onto".split())


def _content_words(clauses: list[ClauseResult]) -> set[str]:
    return {w for r in clauses for w in re.findall(r"[a-z]+", LINK_TARGET.sub("]", r.text).lower())
            if w not in _STOPWORDS and w not in _ROUTE_WORDS}


# Words that give a thing a new name beside its old one, and what they name: "(formerly X)",
# "(f/k/a X)", "(including features previously named X)", "(now called X)".
# (fix14a) "now" only with its naming verb: "(now including data brokers)" widens what the
# clause states, it renames nothing.
_RENAMING = re.compile(r"\((?:[\w-]+ ){0,3}?(?:(?:formerly|previously|f/k/a)\b(?: (?:known as|named|called))?"
                       r"|now (?:known as|named|called)\b)[^()]{0,80}\)"
                       r"|\b(?:formerly|previously) (?:known as|named|called)\b|\bf/k/a\b", re.IGNORECASE)


def renamed_words(clauses: list[ClauseResult]) -> set[str]:
    """The content words of the renaming phrases in the clauses (`_RENAMING`)."""
    return {w for r in clauses for m in _RENAMING.finditer(r.text)
            for w in re.findall(r"[a-z]+", m.group(0).lower()) if w not in _STOPWORDS}


def _name_words(clauses: list[ClauseResult]) -> set[str]:
    """The words (lower-cased) written capitalised inside the clauses, never in lower case: the
    names of companies, products and places, not the first word of a sentence."""
    capitalised, lower = set(), set()
    for r in clauses:
        for position, word in enumerate(re.findall(r"[A-Za-z]+", r.text)):
            if word[0].isupper() and position:
                capitalised.add(word.lower())
            elif word[0].islower():
                lower.add(word)
    return capitalised - lower


def _field(hunk, name, default=None):
    return hunk.get(name, default) if isinstance(hunk, dict) else getattr(hunk, name, default)


@dataclass
class Assessment:
    direction: str = NEUTRAL
    severity: int = 0
    categories: list[str] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    confidence: float = 1.0
    hunks: list[dict] = field(default_factory=list)
    imposed: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        # a JSON round trip makes plain, independent copies (asdict's deep copy is slower)
        return json.loads(json.dumps({f.name: getattr(self, f.name) for f in fields(self)}))



# The categories whose harm reaches recipients, kinds of data or purposes (`.reach`): only there
# does a clause that stops naming one shrink. "We may change the third-party provider of this
# service" → "... the provider of this service" reaches no one less: the provider is not a
# recipient of anyone's data, and a service's power to change it is as wide as before.
REACHING_CATEGORIES = DATA_CATEGORIES | {"tracking", "advertising", "ai_training", "government_access", "content_license"}


def _severity(weight: float, widen: int, narrow: bool) -> int:
    score = weight + 0.25 * min(widen, 2) - (0.2 if narrow else 0.0)
    return 1 if score < 0.55 else 2 if score < 0.9 else 3


def term_severity(result: ClauseResult, category) -> int:
    """Severity (1-3) of a harmful term as it stands in one clause (not a change): the
    category's weight and the clause's scope words, by the same scale as changes.

    >>> from .clauses import load_classifier
    >>> c = load_classifier()
    >>> r = c.classify(["We may share your data with partners and any third party for any purpose."])[0]
    >>> term_severity(r, c.taxonomy.get("data_sharing"))
    3
    """
    widen, narrow = _Side(harm=[result]).scope()
    return _severity(category.weight, len(widen), bool(narrow))


# (unseen28 ProtonMail, read after its first measure) "We reserve the right to suspend or delete
# accounts that are inactive for over three months" → "... one year": a power over the user's
# account, not a promise to delete data: the period is how long an idle account is spared, so a
# longer one is the user's gain (a promise to delete data "after 6 months" → "18 months" stays weaker).
_CLOSES_IDLE_ACCOUNTS = re.compile(
    r"\b(?:reserves? the right to|may|can|is entitled to|are entitled to)\s+(?:\w+ ){0,3}?"
    r"(?:suspend|delet|deactivat|clos|terminat|remov|disabl)\w*\s+(?:(?:or|and|\w+ing|\w+e|the|your|any|all|user)\s+){0,4}?"
    r"(?:accounts?\b[^.;]{0,80}?\b(?:inactiv|dormant|idle|unused)\w*|(?:inactive|dormant|idle|unused) accounts?\b)", re.IGNORECASE)
# ... and nothing else kept for a period in the same clause ("... and keep their data in backups for 2 years")
_KEEPS_FOR_A_PERIOD = re.compile(r"\b(?:keep|kept|retain\w*|stor\w+|backups?|archiv\w+)\b", re.IGNORECASE)


def _kept_longer(old_days: int, new_days: int, clauses: list[ClauseResult]) -> bool:
    """Whether a change of a retention period from ``old_days`` to ``new_days`` keeps data longer:
    a longer period does, except in a power to close idle accounts, which it spares longer."""
    idle_accounts = all(_CLOSES_IDLE_ACCOUNTS.search(r.text) and not _KEEPS_FOR_A_PERIOD.search(r.text) for r in clauses)
    return (new_days > old_days) != idle_accounts


_VENUE_CATEGORIES = frozenset({"choice_of_law", "jurisdiction"})


# A law or court clause that gives the user their own place's law or courts ("If you're a resident
# of the United Kingdom, ... governed by English law and you can file legal disputes ... in the
# English courts"): covering more disputes there is no harm. Elsewhere (a forum the service chose),
# "any claim against our affiliates" brought to it grows the clause.
_USERS_OWN_FORUM = re.compile(r"\byou (?:can|may|are (?:free|entitled) to|have the right to) (?:also )?"
                              r"(?:file|bring|start|take|commence|submit)\b|\bresidents? of\b|"
                              r"\byour (?:local|own|home) courts?\b|\bcourts? (?:of|where) (?:your|you)\b", re.IGNORECASE)
# ... and words that make a law or court clause bind harder without naming a place.
_VENUE_GROWTH = frozenset({"notwithstanding", "exclusive", "exclusively", "waive", "waives", "waiver", "irrevocably",
                           "irrevocable", "regardless", "sole", "solely", "only", "mandatory"})


# A licence granted exclusively, or not ("a non-exclusive, worldwide licence").
_EXCLUSIVITY = re.compile(r"\b(non[- ]?)?exclusive(?:ly)?\b(?! (?:jurisdiction|venue|remedy|forum|courts?)\b)", re.IGNORECASE)


def licence_exclusivity(clauses: list[ClauseResult]) -> str | None:
    """"exclusive" when a clause grants exclusively, else "non-exclusive" when one says so, else None."""
    kinds = {"non-exclusive" if m.group(1) else "exclusive" for r in clauses for m in _EXCLUSIVITY.finditer(r.text)}
    return "exclusive" if "exclusive" in kinds else "non-exclusive" if kinds else None


def _compare(category, old: _Side, new: _Side) -> dict | None:
    """One category's change within a hunk, or None when it did not move."""
    weight = category.weight
    if new.harm and not old.harm:
        widen, narrow = new.scope()
        return {"direction": WORSE, "why": "added", "side": "new", "clauses": new.harm,
                "severity": _severity(weight, len(widen), bool(narrow)),
                "confidence": new.harm_score * (1 - old.harm_score)}
    if old.harm and not new.harm:
        widen, narrow = old.scope()
        return {"direction": BETTER, "why": "removed", "side": "old", "clauses": old.harm,
                "severity": _severity(weight, len(widen), bool(narrow)),
                "confidence": old.harm_score * (1 - new.harm_score)}
    if old.harm and new.harm:
        (old_widen, old_narrow), (new_widen, new_narrow) = old.scope(), new.scope()
        # a limit cut out with the coordinated part it limited widens nothing that remains
        lost_limits = old_narrow - new_narrow
        if lost_limits:
            lost_limits -= limits_cut_with_their_part(old.harm, new.harm)
        wider = len(new_widen - old_widen) + len(lost_limits)
        narrower = len(old_widen - new_widen) + len(new_narrow - old_narrow)
        # (session 26, the pool: Zora) a licence made non-exclusive is narrower, one made exclusive wider
        if category.id == "content_license":
            old_kind, new_kind = licence_exclusivity(old.harm), licence_exclusivity(new.harm)
            if new_kind == "non-exclusive" and old_kind is None:
                narrower += 1
            elif new_kind == "exclusive" and old_kind != "exclusive":
                wider += 1
        old_days, new_days = old.longest_duration(), new.longest_duration()
        if category.id == "data_retention" and old_days and new_days and old_days != new_days:
            wider, narrower = (wider + 1, narrower) if _kept_longer(old_days, new_days, old.harm + new.harm) \
                else (wider, narrower + 1)
        confidence = 0.6 * min(old.harm_score, new.harm_score)
        if wider == narrower:
            # No scope word moved: a clause that only gained content words (more purposes,
            # more products, more recipients) without a condition grew; the reverse shrank.
            added, removed = _content_words(new.harm) - _content_words(old.harm), \
                _content_words(old.harm) - _content_words(new.harm)
            # A name replaced or shortened ("Snap Group Limited" → "Snap", "Facebook Business
            # Tools" → "Meta Business Tools") is a rename: its words neither grow nor shrink the
            # clause. A name only gained ("others, including Microsoft") still counts.
            old_names, new_names = _name_words(old.harm), _name_words(new.harm)
            if removed & old_names:
                added, removed = added - new_names, removed - old_names
            # A new name given beside the old one ("Continuum (including features previously named
            # Security Agent)", "X (f/k/a Twitter)") is a rename too: the words that say so and the
            # new name grow nothing.
            elif renamed_words(new.harm) and not renamed_words(old.harm):
                added = added - new_names - renamed_words(new.harm)
            # A purpose of complying with the law gained is no growth (stated.py).
            added -= compliance_purpose_words(new.harm)
            # ... nor is a condition gained ("(if you have provided a verified email address)").
            added -= gained_condition_words(old.harm, new.harm)
            # ... nor an example gained ("..., for example, through the apps you use"), nor one dropped.
            added -= gained_example_words(old.harm, new.harm)
            removed -= gained_example_words(new.harm, old.harm)
            # A law or court clause that gives users their own forum states which law and which
            # courts: only a name gained (a state, a country, a court) grows it; "you can file
            # disputes (including for breaches of these terms) in the English courts" names no new
            # law nor venue.
            if category.id in _VENUE_CATEGORIES and any(_USERS_OWN_FORUM.search(r.text) for r in new.harm):
                added &= new_names | _VENUE_GROWTH
            if _grew(added, removed) and not (rests_on_consent(old.harm) and rests_on_consent(new.harm)):
                return {"direction": WORSE, "why": "grew", "side": "new", "clauses": new.harm,
                        "severity": _severity(weight, 0, False), "confidence": confidence / 2, "scope": []}
            # Fewer words shrink a harm only when it stops naming a recipient, a kind of data
            # or a purpose: "information about your activity" → "your information" lost a limit.
            if _grew(removed, added) and category.id in REACHING_CATEGORIES and old.reach() - new.reach():
                return {"direction": BETTER, "why": "shrank", "side": "old", "clauses": old.harm,
                        "severity": _severity(weight, 0, False), "confidence": confidence / 2, "scope": []}
        if wider > narrower:
            return {"direction": WORSE, "why": "widened", "side": "new", "clauses": new.harm,
                    "severity": _severity(weight, wider, False), "confidence": confidence,
                    "scope": sorted(new_widen - old_widen)}
        if narrower > wider:
            return {"direction": BETTER, "why": "narrowed", "side": "old", "clauses": old.harm,
                    "severity": _severity(weight, narrower, False), "confidence": confidence,
                    "scope": sorted(old_widen - new_widen)}
        return None
    if old.protection and not new.protection:
        return {"direction": WORSE, "why": "protection removed", "side": "old", "clauses": old.protection,
                "severity": _severity(weight, 0, False), "confidence": 0.8}
    if new.protection and not old.protection:
        return {"direction": BETTER, "why": "protection added", "side": "new", "clauses": new.protection,
                "severity": _severity(weight, 0, False), "confidence": 0.8}
    if category.id == "user_rights" and old.protection and new.protection:
        return _rights_moved(weight, old, new)
    if old.protection and new.protection:
        return _promise_moved(category, old, new)
    return None


def _promise_moved(category, old: _Side, new: _Side) -> dict | None:
    """A promise on both sides of a hunk that promises less (or more): it gained an exception
    ("we delete it after 30 days" → "... unless otherwise stated"), it covers fewer recipients,
    kinds of data or purposes (`.coverage`), or, for a promise to delete data, it waits longer
    before deleting (6 months → 18 months)."""
    old_days, new_days = old.longest_duration(promised=True), new.longest_duration(promised=True)
    weaker = stronger = 0
    if category.id == "data_retention" and old_days and new_days and old_days != new_days:
        weaker, stronger = (1, 0) if _kept_longer(old_days, new_days, old.protection + new.protection) else (0, 1)
    old_exceptions, new_exceptions = old.exceptions(), new.exceptions()
    weaker, stronger = weaker + (new_exceptions > old_exceptions), stronger + (new_exceptions < old_exceptions)
    old_cover = promise_coverage((r.text for r in old.protection), category.id)
    new_cover = promise_coverage((r.text for r in new.protection), category.id)
    weaker, stronger = weaker + (new_cover < old_cover), stronger + (new_cover > old_cover)
    if weaker > stronger:
        return {"direction": WORSE, "why": "protection weakened", "side": "new", "clauses": new.protection,
                "severity": _severity(category.weight, 0, False), "confidence": 0.6}
    if stronger > weaker:
        return {"direction": BETTER, "why": "protection strengthened", "side": "new", "clauses": new.protection,
                "severity": _severity(category.weight, 0, False), "confidence": 0.6}
    return None


def _of_kinds(results: list[ClauseResult], kinds: frozenset[str]) -> list[ClauseResult]:
    return [r for r in results if right_kinds([r.text]) & kinds]


def _rights_moved(weight: float, old: _Side, new: _Side) -> dict | None:
    """Rights on both sides of a hunk: a kind of right only one side names was given or taken
    back ("access or delete" → "access, delete or export"); the same kinds reworded is no change.
    Judged on the whole other text afterwards, as any added or removed protection."""
    old_kinds = right_kinds([r.text for r in old.protection])
    new_kinds = right_kinds([r.text for r in new.protection])
    given, taken = new_kinds - old_kinds, old_kinds - new_kinds
    if given and not taken:
        return {"direction": BETTER, "why": "protection added", "side": "new", "clauses": _of_kinds(new.protection, given),
                "severity": _severity(weight, 0, False), "confidence": 0.6, "kinds": given}
    if taken and not given:
        return {"direction": WORSE, "why": "protection removed", "side": "old", "clauses": _of_kinds(old.protection, taken),
                "severity": _severity(weight, 0, False), "confidence": 0.6, "kinds": taken}
    # (session 26, pool: ironSource, Taboola) the same rights given to the residents of more places
    # ("Connecticut residents have the right to ..." → "Connecticut and Utah residents ...") were
    # given to more users; to fewer, taken back from some. (Session 30, unseen46 Tinder) The
    # places of any list in the rights ("Residents of some jurisdictions (e.g., Virginia,
    # Montana) have a right to appeal"), not only those named as where the users live. Fewer
    # places are read as before, on the residents named alone: a list split in two sentences,
    # one kept as still stated, would read as places dropped (review of session 30).
    if not given and not taken:
        old_places = places_listed([r.text for r in old.protection])
        new_places = places_listed([r.text for r in new.protection])
        more = old_places < new_places and not (new_places - old_places) <= GDPR_REGIONS
        if not more:
            old_places = places_given_rights([r.text for r in old.protection])
            new_places = places_given_rights([r.text for r in new.protection])
            more = old_places < new_places
        if old_places and new_places and (more or new_places < old_places):
            return {"direction": BETTER if more else WORSE, "side": "new", "clauses": new.protection,
                    "why": "protection strengthened" if more else "protection weakened",
                    "severity": _severity(weight, 0, False), "confidence": 0.6, "for some places": True}
    # the same right with a longer deadline for answering takes part of it back (30 → 90 days)
    old_days = answer_deadline_days([r.text for r in old.protection])
    new_days = answer_deadline_days([r.text for r in new.protection])
    if not given and old_days and new_days and old_days != new_days:
        longer = new_days > old_days
        return {"direction": WORSE if longer else BETTER, "side": "new", "clauses": new.protection,
                "why": "protection weakened" if longer else "protection strengthened",
                "severity": _severity(weight, 0, False), "confidence": 0.6}
    return None


def reaches_further(decision: dict, old_results: list[ClauseResult]) -> bool:
    """Whether an added harm names a recipient, a kind of data or a purpose that the old side
    of its hunk does not: then the same decisive words ("we may share") on both sides do not
    make it the same harm."""
    return decision["why"] == "added" and any(new_reach(r.text, [o.text for o in old_results])
                                              for r in decision["clauses"])


# A run-in heading: a label that opens a paragraph and ends in a colon, followed by a sentence
# ("Sharing information with third parties upon your request: The type of third party ...
# depends on ..."). It names the topic of what follows, as a heading does, and states nothing:
# a label with a subject or a verb of its own ("We share your data with: Advertisers ...") is a
# lead-in that states what it says, and stays.
_RUN_IN_HEADING = re.compile(r"^(?P<label>[A-Z][^.:;!?\n]{0,150}?):\s+(?=[A-Z])")
_STATES = re.compile(r"\b(?:we|they|it|us|may|will|can|must|shall|might|could|would|is|are|was|were|has|have|do|does|"
                     r"not|never|no)\b|n[’']t\b", re.IGNORECASE)


def without_run_in_heading(clause: str) -> str:
    """The clause without a run-in heading before it (`_RUN_IN_HEADING`).

    >>> without_run_in_heading("Sharing data with partners at your request: The partner you choose gets it.")
    'The partner you choose gets it.'
    >>> without_run_in_heading("We share your data with: Advertisers and measurement partners.")
    'We share your data with: Advertisers and measurement partners.'
    """
    match = _RUN_IN_HEADING.match(clause)
    if match and not _STATES.search(match.group("label")) and clause[match.end():].rstrip().endswith((".", ":")):
        return clause[match.end():]
    return clause


def consent_still_asked(removed: list[ClauseResult], category: str, other: list[ClauseResult]) -> bool:
    """Whether every removed protection of ``category`` is the consent the service asks before
    an act of it (`rules.matching.consent_gates`), and a clause of the other text (``other``,
    classified) still asks consent before acts of the category for the same recipients: a gate
    that names none ("before placing optional cookies") covers every act of its category; one
    that names some ("before sharing your profile with advertising partners") covers those only
    (not "... with data brokers")."""
    def gates(clause: ClauseResult) -> bool:
        return any(consent_gates(clause.text, span) for span in clause.protections.get(category, []))

    def recipients(clause: ClauseResult) -> frozenset[str]:
        return frozenset(item for item in reach(clause.text) if item.startswith("recipient:"))

    kept = [r for r in other if gates(r)]
    if not removed or not kept or not all(gates(r) for r in removed):
        return False
    if any(not recipients(r) for r in kept):
        return True
    covered = frozenset().union(*map(recipients, kept))
    return all(recipients(r) <= covered for r in removed)


def _changed_clauses(old: str, new: str, old_whole: str | None = None, new_whole: str | None = None
                     ) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    """The clauses of each side that are not also, word for word, on the other side, each with
    the lead-in it is read after (list items read with their lead-in from the whole version
    of their side, when given; see `reading.clauses_in_context`)."""
    old_clauses, new_clauses = ([(without_run_in_heading(c), lead_in) for c, lead_in in clauses_in_context(text, whole)]
                                for text, whole in ((old, old_whole), (new, new_whole)))
    old_keys, new_keys = [_clause_key(c) for c, _ in old_clauses], [_clause_key(c) for c, _ in new_clauses]
    old_set, new_set = set(old_keys), set(new_keys)
    return ([clause for clause, key in zip(old_clauses, old_keys) if key not in new_set],
            [clause for clause, key in zip(new_clauses, new_keys) if key not in old_set])


def lists_replaced_by_reference(left: list[ClauseResult], new_results: list[ClauseResult]) -> bool:
    """Whether harm clauses that left a hunk only stopped listing kinds of data, the new side
    speaking of them all by reference ("We may share each of the categories of information
    described in ... with our service providers", `reach.names_every_kind`): every recipient and
    purpose they named is still named by such a harm clause. A recipient or a purpose gone
    ("... with advertisers, data brokers and our service providers" -> "... with our service
    providers"; a sale; AI training) is still a gain."""
    references = [r for r in new_results if r.labels and names_every_kind(r.text)]
    if not references:
        return False
    still = frozenset().union(*(reach(r.text) for r in references))
    return all({x for x in reach(c.text) if not x.startswith("data:")} <= still for c in left)


def reached_by(stated: list) -> frozenset[str]:
    """Everything the stated clauses of a text (`stated.StatedClause`) reach between them."""
    return frozenset().union(*(c.reach for c in stated))


# `plain_words` of a hunk side's clause, kept by its text: the clauses a hunk adds or removes
# come back as sides of later changes (a page that flaps, a clause moved), each read once.
@lru_cache(maxsize=1 << 14)
def _clause_key(clause: str) -> str:
    return _normal(clause)


def assess_change(hunks, old_text: str | None = None, new_text: str | None = None,
                  classifier: ClauseClassifier | None = None) -> Assessment:
    """Direction, severity, categories, evidence and confidence of one change.

    ``hunks``: objects or dicts with ``kind`` ("added" | "removed" | "modified" | "moved"),
    ``section``, ``old``, ``new`` and ``substantive``. ``old_text``/``new_text``, the two
    whole versions, are only used to tell how the change was imposed.
    """
    classifier = classifier or load_classifier()
    taxonomy = classifier.taxonomy
    hunks = list(hunks)
    # Clauses that move out of a removed notice of a coming change bind from this change on:
    # read as added, against the old text without its notice (see took_effect.py).
    taking_effect, spent_notices, old_in_force = announced_clauses_in_force(hunks, old_text)
    if old_in_force is not None:
        old_text = old_in_force
    # A notice published with the clauses it announces: not yet in force, judged when they bind.
    published_new_text = new_text
    announced, new_in_force = announced_clauses_not_yet_in_force(hunks, new_text)
    if new_in_force is not None:
        new_text = new_in_force
    # A section replaced by a pointer to the page it now lives on still binds there: not read.
    moved_out = sections_moved_to_linked_pages(hunks, new_text)
    # A transfer framework left for another mechanism takes its recourse with it: no right lost.
    moved_out |= recourse_left_with_its_framework(hunks, old_text, new_text)
    # A programme's or another product's own terms appended bind only those who join it (its
    # data practices still count: `feature_terms`).
    instrument_hunks = sections_of_another_instrument(hunks, old_text, new_text)

    # Classify every changed clause of every hunk in one batch.
    sides: list[tuple[list[str], list[str]] | None] = []
    batch: list[tuple[str, str | None]] = []   # (clause, the lead-in it is read after)
    for index, hunk in enumerate(hunks):
        substantive = _field(hunk, "substantive", True)
        if index in spent_notices or index in announced or index in moved_out or \
                index not in taking_effect and (not substantive or _field(hunk, "kind") == "moved"):
            sides.append(None)
            continue
        old_side = "" if index in taking_effect else _field(hunk, "old") or ""
        old_clauses, new_clauses = _changed_clauses(old_side, _field(hunk, "new") or "", old_text, new_text)
        sides.append((old_clauses, new_clauses))
        batch += old_clauses + new_clauses
    lead_ins = {lead_in for _, lead_in in batch if lead_in}
    lead_in_results = dict(zip(lead_ins, classifier.classify(list(lead_ins))))
    results = iter(r if lead_in is None else beyond_lead_in(r, lead_in_results[lead_in])
                   for r, (_, lead_in) in zip(classifier.classify([c for c, _ in batch]), batch))

    # A protection is judged on the whole text: one removed line saying "we do not sell your
    # data" is no loss while the new version still says so elsewhere.
    whole = {"old": old_text, "new": new_text}
    for side in whole:
        if whole[side] is None:
            whole[side] = "\n".join(_field(h, side) or "" for h in hunks)
    # Each whole text is split, classified and read once, however many readings of it are
    # asked for, here and in the next change (its old text is this one's new text).
    def whole_read(side: str) -> WholeReading:
        return whole_reading(whole[side], classifier)

    def still_stated(decision: dict, category_id: str) -> bool:
        # A harm added or grown in clauses the old text held word for word, only cut
        # differently (a heading run into its sentence, a table's cells into one row), is none.
        if decision["direction"] == WORSE and decision["side"] == "new" \
                and runs_of_old_text(decision["clauses"], whole_read("old").clause_words):
            return True
        # A kind of right given (taken back) in a list of rights: no change while the other
        # text gives that kind of right anywhere.
        if "kinds" in decision:
            other = "old" if decision["direction"] == BETTER else "new"
            return decision["kinds"] <= whole_read(other).right_kinds
        # A way to ask for rights the old text already gave gives none (naming no kind, it asks
        # for the rights the old text gave, if it gave any).
        if decision["why"] == "protection added" and category_id == "user_rights" \
                and all(says_how_to_ask(r.text) for r in decision["clauses"]):
            asked, given = kinds_asked_for([r.text for r in decision["clauses"]]), whole_read("old").right_kinds
            if given and asked <= given:
                return True
        # A removed harm stays while the new text states its decisive words or the same
        # clause in other words. An addition is checked against whole clauses of the old text
        # only: decisive words such as "we collect" are in every privacy policy, so they
        # cannot tell a new harm from an old one.
        if decision["why"] in ("added", "protection added"):
            old_clauses = whole_read("old").clauses
            if decision["why"] == "added":
                return already_stated(decision["clauses"], old_clauses["harm"].get(category_id, []),
                                      SAME_HARM_CLAUSE, same_reach=True,
                                      standing=lambda: frozenset(c.words for c in
                                                                 whole_read("new").clauses["harm"].get(category_id, [])))
            return already_stated(decision["clauses"], old_clauses["protection"].get(category_id, []),
                                  SAME_CLAUSE)
        if decision["why"] == "removed":
            # a licence still granted, in other words, by a licence of the new text is no gain
            if category_id == "content_license" and still_licensed(decision["clauses"], whole_read("new").licences):
                return True
            new_harms = whole_read("new").clauses["harm"].get(category_id, [])
            # ... only while the new text still reaches what it reached: "we collect" said
            # elsewhere does not keep "we collect your passport number" (as for promises below).
            still_reached = reached_by(new_harms)
            if not all(reach(r.text) <= still_reached for r in decision["clauses"]):
                return False
            if still_harmed(decision["clauses"], category_id, whole_read("new").harms.get(category_id, [])):
                return True
            return already_stated(decision["clauses"], new_harms, SAME_CLAUSE)
        if decision["why"] != "protection removed":
            return False
        # A consent the service asked before an act, dropped while the new text still asks
        # consent before acts of the category ("we obtain your opt-in consent to use cookies
        # for behavioural advertising" gone, "we obtain your consent before placing optional
        # cookies" kept): the gate stands, wider if anything (unseen30, Bing).
        if consent_still_asked(decision["clauses"], category_id, whole_read("new").results):
            return True
        if not still_promised(decision["clauses"], category_id, whole_read("new").protections.get(category_id, [])):
            return False
        # ... and only while the new text still promises it for the same recipients, kinds
        # of data and purposes: an opt-out from the use of demographic data is not kept by an
        # opt-out from marketing email.
        still_reached = reached_by(whole_read("new").clauses["protection"].get(category_id, []))
        return all(reach(r.text) <= still_reached for r in decision["clauses"])

    def stops_no_practice(decision: dict) -> bool:
        # A removed report of what was done in a past year stops no practice in force.
        return decision["why"] == "removed" and all(reports_a_past_period(r.text) for r in decision["clauses"])

    # The promises added with a new programme bound that programme: no gain (programme.py).
    programme_hunks = hunks_bounding_a_new_programme(hunks, whole["old"], whole["new"])
    # ... and those a programme or competition removed whole took with it bound nothing left (read
    # only when a promise was removed: most changes remove none)
    @lru_cache(maxsize=1)
    def removed_programme_hunks() -> set[int]:
        return hunks_of_a_removed_programme(hunks, whole["old"], whole["new"])

    def reach_lost(clauses: list[ClauseResult], category_id: str) -> bool:
        # Whether the new text states no harm of the category any more, or none naming something
        # these clauses named (a kind of data, a recipient, a purpose).
        left = whole_read("new").clauses["harm"].get(category_id, [])
        still = reached_by(left)
        return not left or any(reach(r.text) - still for r in clauses)

    def new_practice(category_id: str) -> bool:
        # No clause of the old text reads as a harm of this category: the practice is new,
        # not a harm the text already stated in other words.
        return not whole_read("old").clauses["harm"].get(category_id)

    per_hunk, decisions_by_hunk = [], []
    for index, pair in enumerate(sides):
        decisions = {}
        if pair is not None:
            old_results = [next(results) for _ in pair[0]]
            new_results = [next(results) for _ in pair[1]]
            read_here = categories_read(old_results) | categories_read(new_results)
            for category in taxonomy:
                if category.id not in read_here:   # no harm nor promise of it on either side
                    continue
                decision = _compare(category, _sides(old_results, category.id), _sides(new_results, category.id))
                if decision and decision["why"] == "protection added" and index in programme_hunks:
                    continue
                if decision and decision["why"] == "protection removed" and index in removed_programme_hunks():
                    continue
                if decision and index in instrument_hunks and (category.id not in PRACTICE_CATEGORIES
                                                               or decision["direction"] != WORSE):
                    continue
                if decision and not stops_no_practice(decision) and not still_stated(decision, category.id) \
                        and not (said_on_both_sides(decision, category.id, old_results, new_results)
                                 and not reaches_further(decision, old_results)) \
                        and not model_reading_flipped(decision, category.id, old_results, new_results):
                    if decision["why"] == "added":
                        # the repeat-infringer policy a copyright statute asks of a host (statutory.py)
                        if category.id == "unilateral_termination" and \
                                only_the_repeat_infringer_policy([r.text for r in decision["clauses"]]):
                            continue
                        decision["new practice"] = new_practice(category.id)
                        # The words of a safeguard name the practice they guard (limits.py): a
                        # practice the old text states, named again only as a promise's condition
                        # or bound to a limit, is no new harm.
                        if not decision["new practice"]:
                            if practice_only_in_condition_of_promise(decision["clauses"]):
                                continue
                            if restricts_practice(category.id, decision["clauses"], whole_read("old").sides[category.id]):
                                decision = {**decision, "direction": BETTER, "why": "protection added"}
                    elif decision["why"] == "protection added" and category.id == "user_rights" \
                            and a_way_out(decision) \
                            and refuses_an_unnamed_practice([r.text for r in decision["clauses"]], whole["old"],
                                                            lambda c: bool(whole_read("old").clauses["harm"].get(c))):
                        # "To opt out of receiving text messages, reply STOP" where the old text
                        # sent none: the way out of what the change brings (balance.py)
                        decision["refuses an unnamed practice"] = True
                    elif decision["why"] in LEFT_THE_TEXT:
                        if lists_replaced_by_reference(decision["clauses"], new_results):
                            continue
                        # a light harm that left the text is a gain only if the new text stops
                        # reaching a kind of data, recipient or purpose it named (balance.py)
                        decision["reach lost"] = reach_lost(decision["clauses"], category.id)
                    if decision["why"] == "protection added" and category.id == "user_rights" \
                            and all(places_given_rights([r.text]) for r in decision["clauses"]):
                        decision["for some places"] = True     # a local law's rights (balance.py)
                    decisions[category.id] = decision
            decisions.update(loosened_commitments(taxonomy, old_results, new_results, decisions, _severity))
        decisions_by_hunk.append(decisions)
        worse = sum(d["severity"] for d in decisions.values() if d["direction"] == WORSE)
        better = sum(d["severity"] for d in decisions.values() if d["direction"] == BETTER)
        direction = WORSE if worse and worse >= better else BETTER if better else NEUTRAL
        deciding = {k: d for k, d in decisions.items() if d["direction"] == direction}
        per_hunk.append({
            "index": index,
            "direction": direction,
            "severity": max((d["severity"] for d in deciding.values()), default=0),
            "categories": taxonomy.ordered(deciding),
            "confidence": round(max((d["confidence"] for d in deciding.values()), default=1.0), 3),
            "changes": [{"category": k, "direction": d["direction"], "why": d["why"], "severity": d["severity"]}
                        for k, d in decisions.items()],
        })

    # (the sections are read only when a harm and a promise were both added, which few changes do:
    # finding them reads the whole old text's words)
    if _adds_a_harm_and_a_promise(decisions_by_hunk):
        _bound_to_their_sections_harms(decisions_by_hunk, new_sections(hunks, whole["old"], whole["new"]))
    direction, severity = _verdict(decisions_by_hunk)
    new_practices = _new_practices(decisions_by_hunk)
    # A gain that only accompanies a new practice weighed nothing: `outweighed` must not list it.
    for hunk, decisions in zip(per_hunk, decisions_by_hunk):
        for moved in hunk["changes"]:
            if _accompanies(decisions[moved["category"]], moved["category"], new_practices):
                moved["counted"] = False
    categories: list[str] = []
    confidences = []
    proofs = []
    for hunk, decisions in zip(per_hunk, decisions_by_hunk):
        for category_id, decision in decisions.items():
            # a gain that did not count in the verdict is no category nor evidence of it
            if decision["direction"] == direction and not _accompanies(decision, category_id, new_practices):
                categories.append(category_id)
                proofs.append((hunk["index"], category_id, decision))
        if hunk["direction"] == direction:
            confidences.append(hunk["confidence"])
    if direction == NEUTRAL:
        confidence = min((h["confidence"] for h in per_hunk), default=1.0)
    else:
        confidence = max(confidences, default=0.5)

    evidence = build_evidence(proofs, {c.id: c.weight for c in taxonomy}, SCOPE_WORDS)
    if published_new_text is not None:
        imposed = detect_imposition(published_new_text, old_text)
    else:
        imposed = detect_imposition("\n".join(_field(h, "new") or "" for h in hunks),
                                    "\n".join(_field(h, "old") or "" for h in hunks))
    return Assessment(direction=direction, severity=severity, categories=taxonomy.ordered(categories),
                      evidence=evidence, confidence=round(confidence, 3), hunks=per_hunk, imposed=imposed)


def _adds_a_harm_and_a_promise(decisions_by_hunk: list[dict]) -> bool:
    whys = {(d["why"], d["direction"]) for decisions in decisions_by_hunk for d in decisions.values()}
    return ("added", WORSE) in whys and ("protection added", BETTER) in whys


def _bound_to_their_sections_harms(decisions_by_hunk: list[dict], sections: list[set[int]]) -> None:
    """Mark the promises that only bound a harm a new section brings: in a section new to the
    document ("Cross Device Linking and Advertising", Aetna 2017) that adds a harm, a promise of
    that harm's category ("these de-identified linkages are not merged with personal
    information") or a way out of it ("you can opt out of cross device linking") describes the
    new practice's limits, as a programme's safeguards do (`programme.py`): no gain beside it
    (`balance._accompanies`). A promise of another category, or another right, stays a gain."""
    for within in sections:
        # (a harm named only in a clause that grants a right over it, "to the extent that we sell
        # your information, you have the right to opt out", is no practice the section brings)
        harmed = {category_id for index in within for category_id, d in decisions_by_hunk[index].items()
                  if d["why"] == "added" and d["direction"] == WORSE
                  and decisions_by_hunk[index].get("user_rights", {}).get("why") != "protection added"}
        if not harmed:
            continue
        for index in within:
            for category_id, d in decisions_by_hunk[index].items():
                if d["why"] == "protection added" and (category_id in harmed
                                                       or (category_id == "user_rights" and a_way_out(d))):
                    d["bounds a new section's harm"] = True

