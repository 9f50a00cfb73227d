"""Classify clauses: trained models and rules, combined per category.

Two models sit in ``data/model/`` (loaded through :func:`monitor.classify.model.load_model`):

- ``clauses``: the 8 UNFAIR-ToS categories; a probability >= 0.5 is a harm. Rules for
  plain wording of some of them add harms (either says so); where the model's cue words
  (:data:`MODEL_CUES`) find nothing and the rules read the clause only as a protection of the
  category (liability the service accepts), it is that protection, not a harm; a
  ``choice_of_law`` or ``jurisdiction`` label needs a clause naming a law, a court or a dispute
  (:data:`MODEL_NEEDS`).
- ``privacy``: privacy and platform categories trained on ToS;DR quotes; its probability
  says whether a clause is *about* a category (topic), not which way it cuts. Its JSON
  ``combine`` says, per category, how the topic meets the rules (chosen on services held
  out in training, see BENCHMARKS.md): ``"model"``: the rules' hits count only where the
  model's probability reaches the category's ``gate`` (its JSON ``gate``, default 0.5: a
  rule hit needs less of the topic than the model alone does), except the hits of the
  rules its JSON ``ungated`` names (by note), which count everywhere; ``"model+rules"``: the
  rules' hits count everywhere. Where the
  model sees the topic and no rule matched, a statement (MIN_WORDS_ALONE words or more,
  not a heading nor a question, asked or as a heading
  ending with a colon) whose main clause denies the act, or that asks the user's consent first,
  is a protection, one that forbids the
  user something or whose only negation is in a condition ("when you're not using it") is
  neither, else it is a harm, and the whole clause is the evidence
  (:mod:`monitor.classify.rules.polarity`). Categories not in
  ``combine`` are decided by the rules alone.

>>> classifier = load_classifier()
>>> result = classifier.classify(["Any dispute will be resolved by binding arbitration."])[0]
>>> result.labels
['arbitration']
>>> result.evidence["arbitration"]
['resolved by binding arbitration']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..paths import data_dir
from .model import ClauseModel, load_model
from .rules import RULES, Rule, RuleHit, find_rule_hits, parts_past_neutral_readings, words_past_neutral_readings
from .rules.polarity import ASKS_CONSENT, denies_in_main_clause, denies_only_in_condition, forbids_user
from .rules.base import without_control_names
from .rules.references import SECTION_TITLE_NOTE, without_section_titles
from .taxonomy import Taxonomy, load_taxonomy

# The score given to a rule-based category when one of its rules fires as a harm. Rules are
# precise but not perfect (see scripts/eval_classifier.py), so not 1.0.
RULE_SCORE = 0.9
# Model batches are cut to this size: numpy's temporary arrays stay small and fast.
BATCH = 1024
# Results kept in memory (by clause text; about 2 kB each, and the whole OTA corpus has
# 25,000 distinct clauses); the cache is emptied when it would grow past this.
CACHE_SIZE = 30_000
# The models the shipped classifier loads from data/model/, by file stem.
MODEL_STEMS = ("clauses", "privacy")
# How a category is decided: the rules alone, or with a topic model (see the module docstring).
COMBINE_MODES = ("rules", "model", "model+rules")
# The topic model alone makes a harm or protection only of a statement at least this long:
# headings ("Data retention") and questions ("Q: Do AI features upload data to third
# parties?") name a topic and state nothing.
MIN_WORDS_ALONE = 8


# A heading asked as a question without its question mark ("How long we keep your data:").
_QUESTION_HEADING = re.compile(r"(?:how|what|why|when|where|who|whom|whose|which)\b[^.;]*:$", re.IGNORECASE)


def _is_statement(text: str) -> bool:
    """A question, or a heading that asks one and ends with a colon ("How long we keep your
    data:", "Who we share your information with:"), names a topic; it states nothing. A
    sentence that opens a list ("We will share it when the law requires it, including:")
    still states what it says."""
    text = text.strip().rstrip("*_ ")
    return len(text.split()) >= MIN_WORDS_ALONE and not text.endswith("?") and not _QUESTION_HEADING.match(text)

# (unseen10) A title: a short line in Title Case, without a verb, that ends with the name of a
# part of a document ("Colorado Privacy Act Profiling Disclosure", "Targeted Advertising
# Notice"). It names the topic of what follows, as a heading does, and states no harm; the
# section under it is read on its own. An all-capitals line ("YOU WAIVE ANY CLASS ACTION") is
# no title: it is how some terms shout a sentence.
_TITLE_END = re.compile(r"\b(?:disclosures?|notices?|statements?|polic(?:y|ies)|sections?|summary|overview|practices|"
                        r"choices|addend(?:um|a)|supplements?)$", re.IGNORECASE)
_TITLE_SMALL_WORDS = frozenset("a an and at by for from in of on or the to under with about your our".split())
_TITLE_MAX_WORDS = 8


def is_title(text: str) -> bool:
    """Whether a clause is a title (`_TITLE_END`): it names a part of the document.

    >>> is_title("Colorado Privacy Act Profiling Disclosure.")
    True
    >>> is_title("We disclose profiling in this notice.")
    False
    """
    text = text.strip().strip("*_#").rstrip(".:").strip("*_ ")
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    if not 2 <= len(words) <= _TITLE_MAX_WORDS or text.isupper() or not _TITLE_END.search(text):
        return False
    return all(word[0].isupper() or word.lower() in _TITLE_SMALL_WORDS for word in words)


# (unseen22) A label: a line of one to three words with no subject nor auxiliary verb
# ("**Advertisers.**", "Targeted advertising", "Sharing with partners") heads the paragraph
# under it; the practice is read there, so the label coming or going changes nothing. "We sell
# data" and "Ads are shown" are sentences.
_LABEL_MAX_WORDS = 3
_SENTENCE_WORDS = frozenset("i we you he she it they us them is are was were be been may might can could will would "
                            "shall should must do does did has have had not never no".split())


def is_label(text: str) -> bool:
    """Whether a clause is a bare label (`_LABEL_MAX_WORDS` words at most, none a subject or
    an auxiliary verb).

    >>> is_label("**Advertisers.**"), is_label("We sell data."), is_label("Ads are shown.")
    (True, False, False)
    """
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return 1 <= len(words) <= _LABEL_MAX_WORDS and not any(word.lower() in _SENTENCE_WORDS for word in words)


# (unseen22) A heading: a line marked as one (Markdown "#", or wholly in bold) that ends without
# a sentence's punctuation ("**Cancellation or return of orders made online and the right to
# withdraw**", "## Your right to delete your data") names the section; the right or the practice is
# what the section under it says. A sentence in bold is a sentence, with or without its full
# stop: one that opens with a subject and its verb ("**We also use your information to
# personalize the ads you see**", "**Acme may terminate your account**"), or one in capitals
# ("**YOU WAIVE YOUR RIGHT TO A JURY TRIAL**", as `is_title` reads them). "**Information we may
# share**" is a heading.
_HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s+[^\n]*|(\*\*|__)(?:(?!\1)[^\n])+\1)\s*$")
_HEADING_MAX_WORDS = 20
_OPENS_WITH_SUBJECT_AND_VERB = re.compile(
    r"^(?:(?i:we|you|they|it|users?|the \w+|our \w+)|[A-Z][\w&.'’-]*)\s+(?i:\w+ly\s+)?(?i:also\s+|not\s+)?"
    r"(?i:may|might|will|would|shall|should|can|cannot|could|must|do|does|did|don[’']t|doesn[’']t|won[’']t|are|is|"
    r"was|were|have|has|use|uses|share|shares|sell|sells|collect|collects|keep|keeps|process|processes|disclose|"
    r"discloses|retain|retains|reserve|reserves|waive|waives|agree|agrees|grant|grants|own|owns|track|tracks)\b")


# (pool: Hearst) A table's header row, every cell in bold ("| **Category of Personal Information** |
# **Categories of Third Parties ... to Which We Provide Personal Information** |"), names the columns;
# the rows below state what is done.
_TABLE_HEADER_ROW = re.compile(r"^\s*\|(?:\s*(?:\*\*|__)[^*_|]+(?:\*\*|__)\s*\|){2,}\s*$")
_TABLE_CELL = re.compile(r"(?:\*\*|__)([^*_|]+)(?:\*\*|__)")


def is_heading(text: str) -> bool:
    """Whether a clause is a heading line (see above).

    >>> is_heading("**Cancellation or return of orders made online and the right to withdraw**")
    True
    >>> is_heading("**We do not sell your personal information.**"), is_heading("We may sell data")
    (False, False)
    >>> is_heading("**We also use your information to personalize the ads you see**")
    False
    >>> is_heading("**YOU WAIVE YOUR RIGHT TO A JURY TRIAL**"), is_heading("**Information we may share**")
    (False, True)
    >>> is_heading("| **Category** | **Third Parties to Which We Provide It** |"), is_heading("| Identifiers | Advertisers |")
    (True, False)
    """
    if _TABLE_HEADER_ROW.match(text):
        # ... of names, not of statements ("| **You waive your right to a jury trial.** | ... |")
        return not any(cell.strip()[-1:] in ".!?;" or _OPENS_WITH_SUBJECT_AND_VERB.match(cell.strip())
                       for cell in _TABLE_CELL.findall(text))
    if not _HEADING_LINE.match(text):
        return False
    inner = text.strip().lstrip("#").strip().strip("*_").strip()
    return bool(inner) and inner[-1] not in ".!?;:" and len(inner.split()) <= _HEADING_MAX_WORDS \
        and not (inner.isupper() and len(inner.split()) > 1) and not _OPENS_WITH_SUBJECT_AND_VERB.match(inner)


# (unseen22) A pointer: one sentence that only sends the reader to another section or page for
# more ("For more information please see the Cookies and Similar Technology Information section",
# "Please see the Advertising section for more information about our advertising practices").
# The practice it names is stated (or not) where it points; the pointer states none.
_POINTER_OPENING = re.compile(
    r"^[\W_]*(?:for (?:more|further|additional) (?:information|details|info)\b|to (?:learn|find out|read) more\b"
    r"|learn more\b|more information (?:about|on|regarding|is available|can be found)\b"
    r"|(?:please )?(?:see|refer to|visit|read|review|consult|take a look at|check out) (?:our|the)\b)", re.IGNORECASE)
_POINTER_MAX_CHARS = 250
_SECOND_SENTENCE = re.compile(r"[.!?;:]\s+\S")
# ... and nothing else: a clause that goes on to say what the service does ("Please review the
# Terms periodically as we may change them", "See the section below, which explains that we may
# share ...", "... because they require you to arbitrate") states it, pointer or not.
_STATES_MORE = re.compile(r"\b(?:because|which|that|as|since|where|while|we|you|they|it|may|will|can|must|"
                          r"shall|might|could|would|now)\b", re.IGNORECASE)


def only_points_elsewhere(text: str) -> bool:
    """Whether a clause is only a pointer to more elsewhere (see above).

    >>> only_points_elsewhere("For more information please see the Cookies and Similar Technology Information section.")
    True
    >>> only_points_elsewhere("We share your data with advertisers. For more information, see our Cookie Policy.")
    False
    >>> only_points_elsewhere("For more information, see below. We may sell your data to brokers.")
    False
    >>> only_points_elsewhere("Please review the Terms periodically as we may change them at any time.")
    False
    """
    text = text.strip()
    opening = _POINTER_OPENING.match(text)
    return len(text) <= _POINTER_MAX_CHARS and bool(opening) and not _STATES_MORE.search(text, opening.end()) \
        and not _SECOND_SENTENCE.search(text.rstrip(".!?;:* "))


# Words to highlight for the model's categories: the model says *whether*, these say *where*.
# When none matches, the whole clause is the evidence.
MODEL_CUES: dict[str, re.Pattern] = {k: re.compile(v, re.IGNORECASE) for k, v in {
    "limitation_of_liability":
        r"\b(?:not|no|never|without)\b[^.;]{0,30}?\b(?:liable|liability|responsib\w+)\b|\blimitation of liability\b"
        r"|\b(?:exclud|limit|disclaim)\w*\b[^.;]{0,30}?\b(?:liabilit\w+|warrant\w+|damages)\b|\bas is\b"
        r"|\bat your (?:own|sole) risk\b|\bin no event\b",
    "unilateral_termination":
        r"\b(?:terminat\w+|suspend\w*|suspension|disabl\w+|deactivat\w+|clos(?:e|ing) (?:your|any) accounts?|"
        r"ban(?:ned)?|discontinu\w+|delet\w+ (?:your|the|any) (?:\w+ )?(?:accounts?|content|profiles?|data))\b",
    "unilateral_change":
        r"\b(?:chang|modif|amend|updat|revis|discontinu)\w*\b[^.;]{0,40}?\b(?:terms|agreement|polic(?:y|ies)|"
        r"services?|features?|prices?|fees)\b",
    "content_removal":
        r"\b(?:remov|delet|disabl|block|refus|edit|take down|screen)\w*\b[^.;]{0,40}?\b(?:content|posts?|materials?|"
        r"submissions?|listings?|reviews?|uploads?|information|data)\b",
    "contract_by_using":
        r"\bby (?:continuing to )?(?:using|accessing|visiting|downloading|installing|registering|clicking)\b"
        r"|\bcontinued (?:use|access)\b|\buse of (?:the|our|this) \w+ (?:constitutes|means|signifies)\b",
    "choice_of_law":
        r"\bgoverned by\b[^.;]{0,80}|\b(?:governing|applicable) law\b|\blaws? of (?:the )?[A-Za-z .]{2,40}",
    "jurisdiction":
        r"\b(?:exclusive |non-exclusive )?(?:jurisdiction|venue)\b|\bcourts? (?:of|in|located in|for)\b[^.;,]{0,40}",
    "arbitration":
        r"\b(?:(?:resolved?|settled?|decided|determined|submitted|referred)\b(?:\s+\w+){0,3}?\s+(?:by|through|to|in|via)\s+)?"
        r"(?:(?:final|and|binding|individual|mandatory)\s+)*arbitrat\w+\b|\barbitral\b",
}.items()}


def _tried_where_a_word_starts(pattern: str) -> re.Pattern:
    """``\\b(?:word|word|...)...`` compiled case-insensitively, its words tried only where one of
    their first letters stands: the same matches (every match opens with one of them, and a
    class of a letter matches, case-insensitively, what the letter does), found about twice as
    fast in a clause that names none of the words, where every word boundary was tried."""
    assert pattern.startswith(r"\b(?:"), pattern
    alternatives, depth = [""], 0
    for char in pattern[len(r"\b(?:"):]:
        if char == ")" and depth == 0:
            break
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            alternatives.append("")
        else:
            alternatives[-1] += char
    first = {alternative[:1] for alternative in alternatives}
    assert all(letter.isascii() and letter.isalpha() for letter in first), (pattern, first)
    return re.compile(rf"\b(?=[{''.join(sorted(first))}])" + pattern[len(r"\b"):], re.IGNORECASE)


# (session 22) A termination names an act of ending, suspending, restricting or sanctioning, and a
# change names a change ("update", "post new terms", "introduce fees"): "All temporary storage is
# purged upon completion of processing" ends nothing, "From time to time, we may offer other
# services or features" changes no term.
# A choice of law or of a court names a law, a court or a dispute: a clause without any of
# these words ("For Example Mail and Example News, the Applicable Company is Example Inc.",
# "Example Cricket is provided by Example India Ltd.") names who provides the service and
# chooses no law nor forum, whatever the model reads in the neighbouring clauses' style.
MODEL_NEEDS: dict[str, re.Pattern] = {k: _tried_where_a_word_starts(v) for k, v in {
    "unilateral_change": r"\b(?:chang|modif|amend|updat|revis|discontinu|alter|replac|add|remov|adjust|var(?:y|ie)|"
                         r"withdraw|suspend|cancel|substitut|increas|decreas|reduc|rais|edit|post|publish|introduc|"
                         r"impos|charg|new|pric)\w*",
    "unilateral_termination": r"\b(?:terminat|suspen|disabl|deactivat|clos|ban|discontinu|cancel|revok|end|stop|ceas|"
                              r"withdraw|delet|remov|block|restrict|limit|refus|den(?:y|ie)|expel|exclud|kick|lock|"
                              r"freez|forfeit|interrupt|expir|lose|loss|access|sanction|penal|shut|cut|halt|paus|wip|"
                              r"evict)\w*",
    "choice_of_law": r"\b(?:laws?|legal|legislation|statutes?|govern\w*|courts?|jurisdictions?|venue|disputes?|"
                     r"claims?|conflicts?|controvers(?:y|ies)|disagreements?)\b",
    "jurisdiction": r"\b(?:laws?|legal|courts?|tribunals?|jurisdictions?|venue|forum|disputes?|claims?|proceedings?|"
                    r"lawsuits?|actions?|suits?|litigat\w+|arbitrat\w+|submit\w*|controvers(?:y|ies)|disagreements?|"
                    r"matters?|heard|settled|county|counties)\b",
}.items()}


# (unseen22) The user's liability limited ("You will not be liable for any losses ... incurred
# by PayPal which are not foreseeable") limits no liability of the service: it protects the user.
# The model reads "not be liable" the same whoever it is said of, so a clause whose only
# liability denial is the user's, and that disclaims nothing else, is no limitation of liability.
_USERS_LIABILITY_DENIED = re.compile(
    r"\b(?:you|users?|consumers?|customers?|members?|the (?:user|consumer|customer|member))\s+(?:will|shall|are|is|would|"
    r"cannot|can ?not|may)?\s*(?:not|never|no longer)\s+(?:be\s+)?(?:held\s+)?(?:liable|responsible)\b", re.IGNORECASE)
_SERVICE_DISCLAIMS = re.compile(
    r"\b(?:we|us|our|ours)\b[^.;]{0,60}?\b(?:not|never|no)\b[^.;]{0,30}?\b(?:liab\w+|responsib\w+)\b"
    r"|\b(?:liab\w+|responsib\w+)\b[^.;]{0,40}?\b(?:limited|excluded|capped)\b|\bas is\b|\bdisclaim\w*|"
    r"\bin no event\b|\bat your (?:own|sole) risk\b|\bcannot claim\b", re.IGNORECASE)


# ... and a party named, or a limit both ways, is the service's too ("Acme shall not be liable",
# "Acme and you will not be liable to each other").
_NAMED_PARTY_DISCLAIMS = re.compile(
    r"\b(?:[A-Z][\w&.'’-]*|the [Cc]ompany|the [Ss]ervice)\s+(?:(?:shall|will|is|are|does|do|would)\s+)?(?:not|never)\s+"
    r"(?:be\s+)?(?:held\s+)?(?:liable|responsible)\b")
_BOTH_WAYS = re.compile(r"\beach other\b|\bneither\b|\b(?:and|or) you\b|\byou and (?:we|us)\b", re.IGNORECASE)


def limits_only_the_users_liability(text: str) -> bool:
    """Whether a clause's only denial of liability is the user's (see above).

    >>> limits_only_the_users_liability("You will not be liable for any losses incurred by PayPal which are not foreseeable.")
    True
    >>> limits_only_the_users_liability("You will not be liable for their acts, and we are not liable for any losses.")
    False
    """
    if not _USERS_LIABILITY_DENIED.search(text) or _BOTH_WAYS.search(text):
        return False
    rest = _USERS_LIABILITY_DENIED.sub(" ", text)
    return not _SERVICE_DISCLAIMS.search(rest) and not _NAMED_PARTY_DISCLAIMS.search(rest)


@dataclass
class ClauseResult:
    """What one clause does to users.

    ``labels``: the ids of the categories that *hurt* users here (taxonomy order);
    ``scores``: every category's probability of applying (harm sense);
    ``evidence``: for each label, the exact substrings of ``text`` that show it;
    ``protections``: categories the clause *protects* users on ("we do not sell your
    personal information", "you can delete your data"), with their exact words.
    """

    text: str
    labels: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[str]] = field(default_factory=dict)
    protections: dict[str, list[str]] = field(default_factory=dict)

    def label_names(self, taxonomy: Taxonomy | None = None) -> list[str]:
        taxonomy = taxonomy or load_taxonomy()
        return [taxonomy.get(label).name for label in self.labels]

    def to_json(self, taxonomy: Taxonomy | None = None) -> dict:
        """The ``termswatch clauses`` line: labels and scores keyed by category *name*."""
        taxonomy = taxonomy or load_taxonomy()
        return {"text": self.text, "labels": self.label_names(taxonomy),
                "scores": {taxonomy.get(k).name: round(v, 4) for k, v in self.scores.items()}}


def judge_category(text: str, hits: list[RuleHit], on_topic: bool, mode: str,
                   gate_open: bool | None = None, ungated=frozenset()) -> tuple[list[str], list[str]]:
    """The harm words and protection words of one category in one clause.

    ``hits``: the category's rule hits; ``on_topic``: the topic model's decision; ``mode``:
    one of :data:`COMBINE_MODES`; ``gate_open``: in mode ``"model"``, whether the topic
    probability reaches the category's gate, so that rule hits count (default: ``on_topic``);
    ``ungated``: the notes of rules whose hits count even when the gate is shut. Shared by
    the classifier and the training script, so the held-out figures measure exactly what runs.
    """
    if mode not in COMBINE_MODES:
        raise ValueError(f"unknown combine mode {mode!r}")
    if mode == "model" and not (on_topic if gate_open is None else gate_open or on_topic):
        hits = [h for h in hits if h.rule in ungated]
        if not hits:
            return [], []
    harms = [h.text for h in hits if h.polarity == "harm"]
    protections = [h.text for h in hits if h.polarity == "protection"]
    if mode != "rules" and on_topic and not hits and _is_statement(text) and not forbids_user(text) \
            and not denies_only_in_condition(text) and not _WHAT_FAILS.search(text):
        # A denial of the act the clause states, or the service asking consent first, is a
        # protection, else the act is a harm. A negation that negates nothing ("not limited
        # to") denies nothing; an act under a negated condition ("when you're not using it")
        # and a prohibition on the user (the user's obligation) are read as neither.
        (protections if denies_in_main_clause(text) or ASKS_CONSENT.search(text) else harms).append(text.strip())
    return harms, protections


# What fails for the user, not what the service does or denies: "If your browser is in Private
# mode, pages that use personal or geographic information may not work" (Aetna's banner, session
# 29: a tracking promise added, then removed, by the topic models alone).
_WHAT_FAILS = re.compile(r"\b(?:may|might|will|would|could|can|do|does)(?: not|n[’']t) (?:work|function|load|display)\b",
                         re.IGNORECASE)


def _only_protections(hits: list[RuleHit]) -> bool:
    return any(h.polarity == "protection" for h in hits) and not any(h.polarity == "harm" for h in hits)


def _unique(items) -> list[str]:
    """Distinct evidence strings, without those inside a longer one (highlight the longer)."""
    items = list(dict.fromkeys(items))
    return [a for a in items if not any(a != b and a in b for b in items)]


class ClauseClassifier:
    """``model``: the harm model (UNFAIR-ToS categories); ``topic_models``: models whose
    probabilities are topics, combined with the rules as their ``meta["combine"]`` says."""

    def __init__(self, model: ClauseModel, taxonomy: Taxonomy, rules: tuple[Rule, ...] = RULES,
                 cache_size: int = CACHE_SIZE, topic_models: tuple[ClauseModel, ...] = ()):
        self.model = model
        self.topic_models = tuple(topic_models)
        self.cache_size = cache_size
        self.taxonomy = taxonomy
        self.rules = rules
        self._model_ids = list(model.labels)
        self._cache: dict[str, ClauseResult] = {}
        self.combine: dict[str, str] = {}
        self.gates: dict[str, float] = {}  # category -> topic probability from which rule hits count
        self.ungated: dict[str, frozenset[str]] = {}  # category -> notes of rules that need no gate
        for topic_model in self.topic_models:
            self.combine.update(topic_model.meta.get("combine", {}))
            self.gates.update(topic_model.meta.get("gate", {}))
            self.ungated.update({k: frozenset(v) for k, v in topic_model.meta.get("ungated", {}).items()})
        unknown = (set(self._model_ids) | {i for m in self.topic_models for i in m.labels}) - set(taxonomy.ids)
        if unknown:
            raise ValueError(f"model labels not in the taxonomy: {sorted(unknown)}")
        bad = {k: v for k, v in self.combine.items() if v not in COMBINE_MODES}
        if bad:
            raise ValueError(f"unknown combine modes in a topic model: {bad}")

    @property
    def version(self) -> str:
        """Changes with any model file: a cache of results keys on it."""
        return "+".join(m.version for m in (self.model, *self.topic_models))

    def forget_results(self) -> None:
        """Empty the results kept by text (a classify worker does between documents)."""
        self._cache.clear()

    def classify(self, texts: list[str]) -> list[ClauseResult]:
        """One result per text, in order. Results are cached by text (documents repeat most
        clauses from version to version); treat them as read-only."""
        texts = list(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if len(self._cache) + len(todo) > self.cache_size:
            self._cache.clear()
            todo = list(dict.fromkeys(texts))
        for i in range(0, len(todo), BATCH):
            chunk = todo[i:i + BATCH]
            topic_labels = [label for m in self.topic_models for label in m.labels]
            read_by_topic = [without_control_names(without_section_titles(text)) for text in chunk]
            topics = np.hstack([m.probabilities(read_by_topic) for m in self.topic_models]) if topic_labels else None
            for row, (text, p) in enumerate(zip(chunk, self.model.probabilities(chunk).tolist())):
                on_row = dict(zip(topic_labels, topics[row].tolist())) if topic_labels else {}
                self._cache[text] = self._result(text, p, on_row)
        return [self._cache[t] for t in texts]

    def _topics_of(self, text: str) -> dict[str, float]:
        """The topic models' probabilities for one text (a part of a clause, read on its own)."""
        labels = [label for m in self.topic_models for label in m.labels]
        if not labels:
            return {}
        row = np.hstack([m.probabilities([without_control_names(without_section_titles(text))]) for m in self.topic_models])[0]
        return dict(zip(labels, row.tolist()))

    def _result(self, text: str, model_probabilities: list[float], topics: dict[str, float]) -> ClauseResult:
        scores = {cid: 0.0 for cid in self.taxonomy.ids}
        evidence: dict[str, list[str]] = {}
        protections: dict[str, list[str]] = {}
        hits_by_category: dict[str, list[RuleHit]] = {}
        for hit in find_rule_hits(text, self.rules):
            hits_by_category.setdefault(hit.category, []).append(hit)
        for cid, p in zip(self._model_ids, model_probabilities):
            if cid in MODEL_NEEDS and not MODEL_NEEDS[cid].search(text):
                continue
            if cid == "limitation_of_liability" and limits_only_the_users_liability(text):
                continue
            scores[cid] = p
            if p >= 0.5:
                cues = list(MODEL_CUES[cid].finditer(text)) if cid in MODEL_CUES else []
                # Cue words inside a neutral reading of the category ("you have a right to bring a
                # claim if ... we terminate your account") state no harm and are no evidence: when
                # every cue is, the model's label goes with them.
                # With no cue words at all, a neutral reading of the category is what the model read
                # when nothing of the clause lies past it ("You may change your consent decision at
                # any time"; not "..., and we reserve the right to alter these terms").
                neutral = [h for h in hits_by_category.get(cid, []) if h.polarity == "neutral"]
                if neutral and cues:
                    stated = [m for m in cues if not any(n.start <= m.start() and m.end() <= n.end for n in neutral)]
                    if not stated:
                        continue
                    cues = stated
                elif neutral and not words_past_neutral_readings(text, neutral):
                    continue
                found = [m.group(0).strip() for m in cues if m.group(0).strip()]
                # The model says a clause is about a category, the rules say which way it cuts:
                # with no harm words of its own, a clause the rules read only as a protection
                # ("we shall be liable for our subcontractors") is that protection.
                # (Not past a neutral reading: "Before we close inactive accounts we will send you
                # an email, and accounts inactive for 90 days are closed permanently" protects in
                # its first part only.)
                if not found and not neutral and _only_protections(hits_by_category.get(cid, [])):
                    continue
                evidence[cid] = found
        for category in dict.fromkeys([*hits_by_category, *(c for c, p in topics.items() if p >= 0.5)]):
            topic = topics.get(category, 0.0)
            # A section's title cancels the hits inside it, and no more: the topic models read the
            # clause without it, and what they read of the rest stands.
            hits = [h for h in hits_by_category.get(category, []) if h.rule != SECTION_TITLE_NOTE]
            mode, read = self.combine.get(category, "rules"), text
            # Neutral readings speak for the words they cover: another party's act beside them
            # ("you can learn more in our Cookie Policy, and we may ...") is what the topic
            # models read, on its own.
            if mode != "rules" and topic >= 0.5 and hits and all(h.polarity == "neutral" for h in hits):
                rest = parts_past_neutral_readings(text, hits)
                if rest:
                    topic, hits, read = self._topics_of(rest).get(category, 0.0), [], rest
            harms, protected = judge_category(read, hits, topic >= 0.5, mode, topic >= self.gates.get(category, 0.5),
                                              self.ungated.get(category, frozenset()))
            if harms:
                rule_harm = any(h.polarity == "harm" for h in hits_by_category.get(category, []))
                scores[category] = max(scores[category], RULE_SCORE if rule_harm else topic)
                evidence.setdefault(category, []).extend(harms)
            if protected:
                protections.setdefault(category, []).extend(protected)
        if is_title(text) or is_label(text) or only_points_elsewhere(text):
            evidence = {}
        if is_heading(text):
            evidence, protections = {}, {}
        labels = self.taxonomy.ordered(evidence)
        # A model label with no cue words and no rule hit shows the whole clause.
        return ClauseResult(text, labels, scores, {k: _unique(evidence[k]) or [text.strip()] for k in labels},
                            {k: _unique(v) for k, v in protections.items()})


@lru_cache(maxsize=4)
def _load(folder: str, taxonomy_path: str | None) -> ClauseClassifier:
    harm_model, *topic_models = (load_model(Path(folder), stem) for stem in MODEL_STEMS)
    return ClauseClassifier(harm_model, load_taxonomy(taxonomy_path), topic_models=tuple(topic_models))


def load_classifier(folder: str | Path | None = None, taxonomy_path: str | Path | None = None) -> ClauseClassifier:
    """The shipped classifier (``data/model/``), loaded once per process."""
    return _load(str(folder or data_dir() / "model"), str(taxonomy_path) if taxonomy_path else None)
