"""Matching: every rule of :data:`RULES` run over one clause, with negation, user control and
neutral readings applied (the module docstring of :mod:`monitor.classify.rules` says how)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .ai_development import AI_DEVELOPMENT_RULES
from .base import _CLAUSE_BREAK, _CONTROL, _NEGATION, _WINDOW, ANOTHER_ACT, CONTROL_NAMES, Rule, RuleHit, _re, has_quotes
from .contract import CONTRACT_RULES
from .neutral import NEUTRAL_READINGS
from .payments import PAYMENT_RULES
from .polarity import DENYING_LEAD, consent_asked, forbids_user, sentence_start_within, without_empty_negations
from .prefilter import fold_safe
from .privacy import GOVERNMENT_ACCESS_RULES, PRIVACY_RULES
from .promises import PROMISE_RULES
from .readings import READING_RULES
from .recall import RECALL_RULES
from .recourse import RECOURSE_RULES
from .references import REFERENCE_READINGS
from .rights import USER_RIGHTS_RULES
from .safeguards import SAFEGUARD_RULES
from .user_side import USER_SIDE_READINGS

# Every rule, in the order they always ran (neutral readings first).
RULES: tuple[Rule, ...] = (*NEUTRAL_READINGS, *REFERENCE_READINGS, *USER_SIDE_READINGS, *CONTRACT_RULES, *PRIVACY_RULES, *USER_RIGHTS_RULES,
                           *RECOURSE_RULES, *SAFEGUARD_RULES,
                           *GOVERNMENT_ACCESS_RULES, *READING_RULES, *RECALL_RULES, *PROMISE_RULES,
                           *AI_DEVELOPMENT_RULES, *PAYMENT_RULES)


def _drop_neutralised(text: str, hits: list[RuleHit]) -> list[RuleHit]:
    """``hits`` without the harm hits inside a neutral hit of their category (a harm reaching
    past it, "disclose your information to regulators and to our partners", stays), each
    neutral hit first cut at another party's act (:func:`_in_its_part`)."""
    if not any(h.polarity == "neutral" for h in hits):
        return hits
    ends: dict[tuple[int, int], int] = {}  # a reading written for every category repeats its span
    hits = [_in_its_part(text, h, ends) if h.polarity == "neutral" else h for h in hits]
    neutral = [h for h in hits if h.polarity == "neutral"]
    return [h for h in hits if not (h.polarity == "harm" and any(
        n.category == h.category and n.start <= h.start and h.end <= n.end for n in neutral))]


_ANOTHER_ACT = _re(ANOTHER_ACT)


def _in_its_part(text: str, hit: RuleHit, ends: dict[tuple[int, int], int]) -> RuleHit:
    """A neutral hit up to where another party's act begins inside it: what a neutral reading
    says of one party's words (the user's duty, a pointer to a section, a disclosure the law
    requires) is no reading of what another party states after them ("you can learn more in our
    Cookie Policy, and we may track you across websites": the tracking keeps its reading)."""
    end = ends.get((hit.start, hit.end))
    if end is None:
        turn = _ANOTHER_ACT.search(text, hit.start + 1, hit.end)
        end = hit.end if turn is None else hit.start + len(text[hit.start:turn.start()].rstrip(" ,;:"))
        ends[hit.start, hit.end] = end
    if end == hit.end:
        return hit
    return RuleHit(hit.category, hit.polarity, hit.start, end, text[hit.start:end], hit.rule)


def parts_past_neutral_readings(text: str, hits: list[RuleHit]) -> str:
    """The parts of the clause (cut where another party's act begins) that no neutral hit of
    ``hits`` reaches into, joined; "" when there are none. What a neutral reading covers states
    no harm; another party's act beside it ("you can learn more in our Cookie Policy, and we may
    follow you across websites") is read on its own."""
    neutral = [h for h in hits if h.polarity == "neutral"]
    starts = [0, *(m.start() for m in _ANOTHER_ACT.finditer(text) if m.start() > 0), len(text)]
    parts = [(a, b) for a, b in zip(starts, starts[1:]) if a < b]
    return "".join(text[a:b] for a, b in parts
                   if not any(n.start < b and a < n.end for n in neutral)).strip(" ,;:")


def words_past_neutral_readings(text: str, hits: list[RuleHit]) -> bool:
    """Whether ``text`` holds words (three or more) outside the spans of the neutral ``hits``:
    a clause the readings do not cover whole ("You may change your settings at any time; Company
    reserves the right to alter this Agreement"), read where `parts_past_neutral_readings` cannot
    cut it (no turn to another party's act).

    >>> hit = RuleHit("unilateral_change", "neutral", 0, 41, "", "")
    >>> words_past_neutral_readings("You may change your consent at any time.", [hit])
    False
    """
    outside, last = [], 0
    for hit in sorted((h for h in hits if h.polarity == "neutral"), key=lambda h: h.start):
        outside.append(text[last:hit.start])
        last = max(last, hit.end)
    outside.append(text[last:])
    return len(re.findall(r"[^\W\d_]{2,}", " ".join(outside))) >= 3


_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=65536)
def _word_triggers(word: str) -> frozenset[str]:
    """The trigger fragments ``word`` starts with (words repeat a lot, hence the cache)."""
    return frozenset(word[:n] for n in range(1, min(len(word), _LONGEST_TRIGGER) + 1) if word[:n] in _TRIGGERS)


_TRIGGERS = frozenset(t for rule in RULES for t in rule.trigger)
_LONGEST_TRIGGER = max(map(len, _TRIGGERS))


def _candidates(lowered: str, rules: tuple[Rule, ...]) -> list[Rule]:
    """The rules whose trigger appears in the clause (rules without a trigger always run), in
    their order."""
    present: set[str] = set()
    for word in set(_WORD.findall(lowered)):
        present |= _word_triggers(word)
    if rules is RULES:
        # The positions of the rules each present trigger opens, looked up (a clause has a
        # few triggers; testing each of the ~110 rules against them was a fifth of the rules' time).
        positions = set(_ALWAYS_RUN)
        for trigger in present:
            positions.update(_RULES_OF_TRIGGER[trigger])
        return [RULES[i] for i in sorted(positions)]
    return [rule for rule in rules if not rule.trigger or not present.isdisjoint(rule.trigger)]


_RULES_OF_TRIGGER: dict[str, tuple[int, ...]] = {
    trigger: tuple(i for i, rule in enumerate(RULES) if trigger in rule.trigger) for trigger in _TRIGGERS}
_ALWAYS_RUN = tuple(i for i, rule in enumerate(RULES) if not rule.trigger)


# A negated verb earlier in the same sentence, with only a list between it and the match
# ("Zoom will not use audio, video, chat ... (such as poll results) to train ... models").
# A denial that introduces any act ("we make no attempt to connect data ..., or to build
# profiles") governs every act of its list the same way.
# (unseen12) The negated verb may stand apart from its negation by an aside between commas ("we
# do not, and will not, sell", "we do not, now or in the past, engage in ..."), and "engage in"
# denies what it lists as much as the act itself does ("does not currently engage in targeted
# advertising, selling or profiling").
_NEGATED_AUX = r"\b(?:(?:will|do|does|shall|would|may|can|did|have|has)\s+not|won[’']t|don[’']t|doesn[’']t|never|cannot)"
_ASIDE = r"\s*,[^,.;:()]{1,40},"
_NEGATED_VERB = _re(_NEGATED_AUX + rf"(?:{_ASIDE})?\s+"
                    r"(?:\w+ly\s+)?(?:use|share|sell|disclose|train|collect|process|access|rent|transfer|provide|give|"
                    r"engage\s+in|sold|shared|disclosed|used)\b|"
                    + DENYING_LEAD)
# A negation and its aside right before the part of the sentence a match is in ("we do not, and
# will not, | sell"): the comma that closes the aside does not end the negation's reach.
_NEGATION_BEFORE_ASIDE = _re(_NEGATED_AUX + _ASIDE + r"$")
_SENTENCE_START = re.compile(r"[.;:!?]\s|\n")
_TURN = _re(r"\b(?:but|however|although|though|except|unless|whereas|while|instead)\b|\b(?:and|or),? (?:we|they|it)\b")


# A concessive clause ("While we do not share your contacts, we may share ..."): what it
# denies is conceded; the main clause after its comma states what the service does.
_CONCESSION = _re(r"\b(?:while|whilst|although|though|whereas|even though)\b")


# (fix14a) A condition on the user ("If you have not used the app in 30 days, we may sell ...",
# "If you do not engage with our emails, we may share ..."): a negation inside it, once its
# comma closes it, states when the main clause applies, not that its act is denied.
_CONDITION = _re(r"\b(?:if|unless|when|whenever|once)\b")


def _in_closed_condition(text: str, negation: re.Match, end: int) -> bool:
    """Whether ``negation`` sits in an if/unless/when clause whose comma closes it before ``end``."""
    sentence_start = max((m.end() for m in _SENTENCE_START.finditer(text, max(0, negation.start() - 200),
                                                                     negation.start())), default=0)
    openers = list(_CONDITION.finditer(text, max(sentence_start, negation.start() - 200), negation.start()))
    if not openers or "," in text[openers[-1].end():negation.start()]:
        return False
    return "," in text[negation.end():end]


def _concession_end(text: str, start: int, end: int) -> int | None:
    """Where the concessive clause that ``start`` is in closes (just after its comma), if it
    closes before ``end``; None when ``start`` is in no concessive clause or it runs to ``end``."""
    openers = list(_CONCESSION.finditer(text, sentence_start_within(_SENTENCE_START, text, start, 200), start))
    if not openers or "," in text[openers[-1].end():start]:
        return None
    comma = text.find(",", start, end)
    return comma + 1 if comma != -1 else None


def _negated_sentence(text: str, start: int) -> bool:
    """Whether a negated verb of the same sentence, not turned by "but", "unless"... governs
    ``start`` (one inside a concessive clause closed before ``start`` does not)."""
    for negation in _NEGATED_VERB.finditer(text, sentence_start_within(_SENTENCE_START, text, start, 400), start):
        if (not _TURN.search(text, negation.end(), start) and not _concession_end(text, negation.start(), start)
                and not _in_closed_condition(text, negation, start)):
            return True
    return False


# Categories whose acts are the user's own (a right to delete, to opt out): a prohibition on
# the user there withholds the right, so it stays a (flipped) hit.
USER_ACTS = frozenset({"user_rights"})


def _flip(polarity: str) -> str:
    return "protection" if polarity == "harm" else "harm"


def _part_before(text: str, start: int) -> str:
    """The words before ``start`` in the same part of the sentence (at most _WINDOW chars)."""
    window = text[max(0, start - _WINDOW):start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


# Between a negated match and a later one of its category: the later one only lists examples
# of the first ("We do not use sensitive information, such as your health or sexual
# orientation"), so the negation carries over the commas of the list.
_EXAMPLES = _re(r"[^;.]{0,80}?\b(?:such as|including|like|e\.g\.|for example|for instance)\b[^;.]*$")


def find_rule_hits(text: str, rules: tuple[Rule, ...] = RULES, use_triggers: bool = True) -> list[RuleHit]:
    """Every rule match in one clause, with its polarity, in order of position."""
    if rules is RULES and use_triggers:
        return list(_rule_hits_by_text(text))
    return _rule_hits(text, rules, use_triggers)


# By the clause's text: the classifier reads a clause once, then the assessment reads the same
# clauses' hits again for each category it weighs (hits are frozen; callers get their own list).
@lru_cache(maxsize=1 << 14)
def _rule_hits_by_text(text: str) -> tuple[RuleHit, ...]:
    return tuple(_rule_hits(text, RULES, True))


def _rule_hits(text: str, rules: tuple[Rule, ...], use_triggers: bool) -> list[RuleHit]:
    hits = _find_rule_hits(text, rules, use_triggers)
    plain = without_empty_negations(text)
    negated_end: dict[str, int] = {}      # category -> end of its last hit flipped by a negation
    for index, hit in enumerate(hits):
        end = negated_end.get(hit.category)
        if end is not None and end <= hit.start and _EXAMPLES.match(text, end, hit.start):
            if hit.polarity != "neutral":
                hits[index] = hit = RuleHit(hit.category, "protection", hit.start, hit.end, hit.text, hit.rule)
        if hit.polarity == "protection" and _NEGATION.search(plain, hit.start - len(_part_before(text, hit.start)), hit.end):
            negated_end[hit.category] = hit.end
    return _drop_neutralised(text, hits)


def _find_rule_hits(text: str, rules: tuple[Rule, ...], use_triggers: bool) -> list[RuleHit]:
    hits = []
    plain = without_empty_negations(text)  # "not limited to", "whether or not" deny nothing
    lowered = None
    if use_triggers:
        lowered = text.lower()
        rules = _candidates(lowered, rules)
        if not fold_safe(text):
            lowered = None   # no test of the words the rules need: every search runs
    # The matches of each search (a rule's pattern, requires, excludes, user's acts and
    # negatable: `Rule.search_key`), found once for every rule that searches alike; each rule
    # still reads them as its own hits, in the rules' order.
    found: dict[int, list[re.Match]] = {}
    for rule in rules:
        matches = found.get(rule.search_key)
        if matches is None:
            # Most rules a trigger opens lack a word their pattern needs: no search (the words
            # are a necessary condition read from the regex, so no match is skipped).
            if lowered is not None and not rule.may_match(lowered):
                matches = []
            elif rule.requires is not None and not rule.requires.search(text):
                matches = []
            elif rule.excludes is not None and rule.excludes.search(text):
                matches = []
            else:
                matches = list(_matches_beyond_users_acts(rule, text))
            found[rule.search_key] = matches
        for match in matches:
            hit = _read_match(rule, text, plain, match)
            if hit is not None:
                hits.append(hit)
    hits.sort(key=lambda h: (h.start, h.category))
    return hits


_ANOTHER_ACT_OR_SENTENCE_END = _re(rf"{ANOTHER_ACT}|[.;!?]\s|\n")


def _matches_beyond_users_acts(rule: Rule, text: str):
    """The rule's matches, without those inside a statement of what the user does (the rule's
    ``user_acts``: "you may not use the Services to train models"). A match that runs on past
    the end of that statement (", but we may share ...") is searched again from there."""
    if rule.user_acts is None:
        yield from _matches(rule, text)
        return
    user_acts = list(rule.user_acts.finditer(text))
    if not user_acts:
        yield from _matches(rule, text)
        return
    # every turn found once, each match looks up its neighbours (linear on hostile text)
    turns = list(_ANOTHER_ACT_OR_SENTENCE_END.finditer(text))
    where = _Positions([u.start() for u in user_acts], [t.start() for t in turns])
    pos = 0
    while pos <= len(text):
        for match in _matches(rule, text, pos):
            statement_end = _users_statement_end(match, user_acts, turns, where)
            if statement_end is None:
                yield match
            elif match.start() < statement_end < match.end():
                pos = statement_end
                break
        else:
            return


@dataclass(frozen=True)
class _Positions:
    user_acts: list[int]
    turns: list[int]


def _users_statement_end(match: re.Match, user_acts: list[re.Match], turns: list[re.Match],
                         where: _Positions) -> int | None:
    """Where the statement of the user's act that ``match`` belongs to ends, at the latest the
    match's own end (one of ``user_acts`` in the same sentence with no turn, another party's act
    or a sentence end, between the two), or None when ``match`` is no act of the user's. Only the nearest user
    act on each side can govern: any farther one has the same turn between."""
    at = bisect.bisect_right(where.user_acts, match.start())
    if at:
        user = user_acts[at - 1]
        # (from the user's words on: "you may not scrape the Services, and we may use" is one
        # match of "you may ... use", but the "use" is another party's act)
        following = bisect.bisect_left(where.turns, user.start() + 1)
        turn = turns[following] if following < len(turns) else None
        if turn is None or turn.start() >= match.end():
            return match.end()  # the whole match is the user's
        if turn.start() >= match.start():  # the turn comes inside the match: read on from it
            return turn.start() + 1
    if at < len(user_acts):
        following = bisect.bisect_left(where.turns, match.end())
        if following >= len(turns) or turns[following].start() >= user_acts[at].start():
            return match.end()
    return None


def _matches(rule: Rule, text: str, pos: int = 0):
    """The rule's matches in order (from ``pos``); a match that runs out of a concessive clause
    into the main clause is cut at the clause's comma, each side matched on its own."""
    while pos <= len(text) and (match := rule.pattern.search(text, pos)):
        boundary = _concession_end(text, match.start(), match.end()) if rule.negatable else None
        if boundary is None:
            yield match
            pos = match.end() if match.end() > match.start() else match.end() + 1
            continue
        conceded = rule.pattern.search(text, match.start(), boundary - 1)
        if conceded is not None:
            yield conceded
        pos = boundary


# (session 29, unseen41 CoinDesk) "do not sell (or share) my ...", quoted or not, is the name of
# the user's link ("our privacy policy, terms of use, cookies, and do not sell my personal
# information have been updated"): a service says "your", never "my".
_MY_LINK = _re(r"\bdo not (?:sell|share)(?: or (?:sell|share))? my\b")


def _in_a_control_name(text: str, match: re.Match) -> bool:
    """Whether ``match`` lies inside the quoted name of the user's control (:data:`CONTROL_NAME`),
    or is the act of a "do not sell my ..." link's name."""
    if any(start <= match.start() and match.end() <= end for start, end in _control_names(text)):
        return True
    opening = _MY_LINK.search(text, max(0, match.start() - 8), match.start() + 30)
    return opening is not None and opening.start() <= match.start() < opening.end()


@lru_cache(maxsize=1024)
def _control_names(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the quoted names of the user's controls in one clause (searched once per
    clause, however many matches ask)."""
    return tuple(m.span() for m in CONTROL_NAMES.finditer(text)) if has_quotes(text) else ()


# The consent asked leads straight into the act: "consent to use", "consent before placing",
# "permission for", with nothing done "without" it. Only a consent the service asks (not one it
# "requires" or "gets", nor an "agreement": a licence or a sale made a condition of using the
# service is no gate), and only before a practice with the user's data.
_ASKS_FIRST = consent_asked("will|may|also|first|always|only", "ask|obtain|seek|request", "consent|permission")
_INTO_THE_ACT = _re(r"\s*(?:(?:to|before|for|prior to|in order to)\b|$)")
_WITHOUT_ASKING = _re(r"\bwithout\b")
# A consent deemed given: by using the service, or as a condition of it.
_DEEMED = _re(r"\bcondition of\b|\bby (?:your )?(?:continued |continuing )?(?:use|using|access\w*|visit\w*|brows\w*)\b"
              r"|\bthese terms\b")
_GATED_CATEGORIES = frozenset({"data_sharing", "data_sale", "data_collection", "data_retention", "sensitive_data",
                               "tracking", "advertising", "ai_training"})


def _gated_by_consent(text: str, start: int, reach: int) -> bool:
    """Whether the act at ``start`` is what the service asks the user's consent for first,
    within the same part of the sentence (``reach`` characters before ``start``): "we obtain
    your consent before placing optional cookies". Not when another act begins between the
    consent and the act ("we ask your consent, and we may also share ..."), nor a practice
    done without it, nor a consent deemed given by use or made a condition of the service."""
    part_start = start - reach
    for asked in _ASKS_FIRST.finditer(text, part_start, start):
        between = text[asked.end():start]
        if (_INTO_THE_ACT.match(between) and not _ANOTHER_ACT.search(between)
                and not _WITHOUT_ASKING.search(text, part_start, start) and not _DEEMED.search(text)):
            return True
    return False


def consent_gates(text: str, span: str) -> bool:
    """Whether ``span`` (a protection's words in clause ``text``) is the act the service asks
    consent for first (`_gated_by_consent`)."""
    start = text.find(span)
    return start >= 0 and _gated_by_consent(text, start, len(_part_before(text, start)))


def _read_match(rule: Rule, text: str, plain: str, match: re.Match) -> RuleHit | None:
    """The hit one match makes: its polarity read from the words around it, or None."""
    before = _part_before(text, match.start())
    if rule.polarity == "harm" and _in_a_control_name(text, match):
        # "the “Do Not Sell or Share My Personal Information” link": the name of the user's
        # control over the act, as neutral as the control itself (the link renamed, "Your
        # Privacy Choices", takes no right away while the right is stated beside it).
        return RuleHit(rule.category, "neutral", match.start(), match.end(), match.group(0), rule.note)
    if rule.controllable and rule.polarity == "harm" and _CONTROL.search(before) \
            and not _ANOTHER_ACT.search(text, match.start() + 1, match.end()):
        # The user's control over the act ("withdraw your consent from having your data used to
        # personalize ads"): no harm, and, as a neutral reading, no harm the topic model may
        # read into the clause on its own either (unseen5). A match that runs on into another
        # party's act ("an opt-out before we share your data, and we may sell") names an act the
        # control does not reach.
        return RuleHit(rule.category, "neutral", match.start(), match.end(), match.group(0), rule.note)
    if rule.polarity == "harm" and rule.category in _GATED_CATEGORIES \
            and _gated_by_consent(text, match.start(), len(before)):
        # The act is what the service first asks consent for ("Where required, we obtain your
        # opt-in consent to use cookies for behavioural advertising", "we obtain your consent
        # before placing optional cookies"): the gate is the clause's statement, a protection,
        # as the topic model's reading of such a clause is (`clauses.judge_category`).
        return RuleHit(rule.category, "protection", match.start(), match.end(), match.group(0), rule.note)
    # What the user is forbidden to do ("you may not use the Services to collect
    # biometric data") is the user's obligation: neither a harm the service commits nor
    # a promise it makes. (A right the user may not exercise is still a right withheld.)
    if rule.negatable and rule.category not in USER_ACTS and forbids_user(text, match.start()):
        return None
    polarity = rule.polarity
    # The negation may also be inside the match ("you cannot delete"), or before an aside that
    # closes just before the match's part of the sentence ("we do not, and will not, sell").
    part_start = match.start() - len(before)
    if rule.negatable and (_NEGATION.search(plain, part_start, match.end())
                           or _NEGATION_BEFORE_ASIDE.search(text, max(0, part_start - 120), part_start)
                           or _negated_sentence(plain, match.start())):
        polarity = _flip(polarity)
    return RuleHit(rule.category, polarity, match.start(), match.end(), match.group(0), rule.note)
