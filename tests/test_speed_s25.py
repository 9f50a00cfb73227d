"""CPU of the import, sixth pass (session 25, issue 16), results unchanged: each test compares
the new way with the way it was done before, on cases that exercise it."""

from __future__ import annotations

import glob
import re
import sys

import pytest

from monitor.classify import imposition, restated_reading, took_effect
from monitor.classify.clauses import MODEL_NEEDS, _tried_where_a_word_starts
from monitor.classify.rules import RULES
from monitor.classify.rules import matching
from monitor.classify.rules.base import Rule, _re
from monitor.classify.rules.prefilter import fold_safe
from monitor.classify.rules.references import SECTION_TITLE_NOTE
from monitor.classify.segment import clauses as split_clauses
from monitor.paths import shared_dir
import monitor.text as text_module


def _corpus_versions(step: int = 1) -> list[str]:
    paths = sorted(glob.glob(str(shared_dir() / "corpus" / "ota" / "*" / "*" / "*.md")))
    assert len(paths) > 500
    texts = []
    for path in paths[::step]:
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    return texts


def _corpus_clauses(step: int) -> list[str]:
    return list(dict.fromkeys(c for text in _corpus_versions(step) for c in split_clauses(text)))


# --- rules/matching.py: rules that search alike (18 categories of one neutral reading) searched once ---

def _find_rule_hits_before(text: str, rules, use_triggers: bool):
    """`matching._find_rule_hits` as it was: every rule searched on its own."""
    hits = []
    plain = matching.without_empty_negations(text)
    if use_triggers:
        lowered = text.lower()
        rules = matching._candidates(lowered, rules)
        if fold_safe(text):
            rules = [rule for rule in rules if rule.may_match(lowered)]
    for rule in rules:
        if rule.requires is not None and not rule.requires.search(text):
            continue
        if rule.excludes is not None and rule.excludes.search(text):
            continue
        for match in matching._matches_beyond_users_acts(rule, text):
            hit = matching._read_match(rule, text, plain, match)
            if hit is not None:
                hits.append(hit)
    hits.sort(key=lambda h: (h.start, h.category))
    return hits


_SHARED_SEARCH_TEXTS = [
    # a section named by its title (one neutral reading, 18 categories), around harms
    "As described in the section titled “Sharing Your Data”, we may sell your personal data to advertisers.",
    "See Sections 4 (“Termination”) and 9 (“Arbitration”) for how we may terminate your account at any time.",
    # an announced change that does not say how, and a pointer
    "We are changing how we use your data. For more information, see our Privacy Policy.",
    "To learn more about how we share your information with partners, visit our Cookie Policy.",
    # harm rules that several categories share, negated and conceded
    "Although you may opt out, we will share your information with third parties for advertising.",
    "We do not, and will not, sell your personal information, such as your location or contacts.",
    "You may not use the Services to collect data about other users, and we may share your content with partners.",
    # the long s and the Kelvin sign: every opened rule searched (no word test)
    "We may ſhare your data with third parties and terminate your account at any time.",
    "the \u212aids section: we may change these terms at any time without notice.",
    "",
]


@pytest.mark.parametrize("text", _SHARED_SEARCH_TEXTS)
def test_rule_hits_with_shared_searches_are_those_of_every_rule_searched_alone(text):
    for use_triggers in (True, False):
        assert matching._find_rule_hits(text, RULES, use_triggers) == _find_rule_hits_before(text, RULES, use_triggers)


def test_rules_that_search_alike_share_a_search_key_and_only_they():
    keys: dict[int, tuple] = {}
    for rule in RULES:
        what = (rule.pattern, rule.requires, rule.excludes, rule.user_acts, rule.negatable)
        assert keys.setdefault(rule.search_key, what) == what
    assert len(keys) < len(RULES) - 60       # the neutral readings of 18 categories share four searches
    # a rule made apart with the same regex (equal by text and flags) shares it too; another
    # `requires`, `user_acts` or `negatable` does not
    first = RULES[0]
    twin = Rule("advertising", re.compile(first.pattern.pattern, first.pattern.flags), requires=first.requires,
                excludes=first.excludes, negatable=first.negatable, user_acts=first.user_acts)
    assert twin.search_key == first.search_key
    for other in (Rule(first.category, first.pattern, requires=_re("zzz"), excludes=first.excludes,
                       negatable=first.negatable, user_acts=first.user_acts),
                  Rule(first.category, first.pattern, requires=first.requires, excludes=first.excludes,
                       negatable=not first.negatable, user_acts=first.user_acts)):
        assert other.search_key != first.search_key


def test_rule_hits_with_shared_searches_on_shared_corpus_clauses():
    texts = _corpus_clauses(step=4)
    assert len(texts) > 3000
    named = 0
    for text in texts:
        hits = matching._find_rule_hits(text, RULES, True)
        assert hits == _find_rule_hits_before(text, RULES, True), text
        named += any(h.rule == SECTION_TITLE_NOTE for h in hits)
    assert named > 10         # a shared search that matches, read by all its rules
    for text in texts[::10]:
        assert matching._find_rule_hits(text, RULES, False) == _find_rule_hits_before(text, RULES, False), text


# --- clauses.py: the words a model label needs, tried only where one of their first letters stands ---

_MODEL_NEEDS_BEFORE = {k: re.compile(v.pattern.replace(re.search(r"\(\?=\[[a-z]+\]\)", v.pattern).group(0), "", 1),
                                     re.IGNORECASE) for k, v in MODEL_NEEDS.items()}


def test_model_needs_are_the_patterns_as_written_with_a_first_letter_lookahead():
    assert set(_MODEL_NEEDS_BEFORE) == {"unilateral_change", "unilateral_termination", "choice_of_law", "jurisdiction"}
    for before in _MODEL_NEEDS_BEFORE.values():
        assert before.pattern.startswith(r"\b(?:") and "(?=" not in before.pattern[:8]
    assert _tried_where_a_word_starts(r"\b(?:law|var(?:y|ie)|Court)s?\b").pattern == r"\b(?=[Clv])(?:law|var(?:y|ie)|Court)s?\b"
    with pytest.raises(AssertionError):
        _tried_where_a_word_starts(r"\b(?:law|\d+)")      # not a word


_MODEL_NEEDS_TEXTS = [
    "We may CHANGE these terms.", "We may ChAnGe these terms.", "Die Änderung gilt ab sofort.",
    "Your account will be \u212aILLED", "ſuspend", "Suspended accounts", "The Laws of England apply.",
    "LITIGATION in the county of Santa Clara", "This clause names none of the words at all.",
    "x-change and re-post", "_change_ and 1new", "", "İLLEGAL", "ıllegal", "controversies",
]


@pytest.mark.parametrize("text", _MODEL_NEEDS_TEXTS)
def test_model_needs_match_what_they_matched(text):
    for category, pattern in MODEL_NEEDS.items():
        before = _MODEL_NEEDS_BEFORE[category]
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in before.finditer(text)]


def test_a_first_letter_class_matches_what_the_letter_matches_case_insensitively():
    # every code point, against every first letter the lookaheads use (the long s, the Kelvin
    # sign, dotted and dotless i fold to ASCII letters: a class must treat them as the letter does)
    letters = set()
    for pattern in MODEL_NEEDS.values():
        letters |= set(re.search(r"\(\?=\[([a-z]+)\]\)", pattern.pattern).group(1))
    letters |= {"C"}
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for letter in sorted(letters):
        as_class = re.compile(f"[{letter}]", re.IGNORECASE).findall(everything)
        as_letter = re.compile(letter, re.IGNORECASE).findall(everything)
        assert as_class == as_letter, letter


def test_model_needs_on_shared_corpus_clauses():
    texts = _corpus_clauses(step=3)
    found = 0
    for text in texts:
        for category, pattern in MODEL_NEEDS.items():
            answer = bool(pattern.search(text))
            assert answer == bool(_MODEL_NEEDS_BEFORE[category].search(text)), (category, text)
            found += answer
    assert 0 < found < 4 * len(texts)       # both answers exercised


# --- text.py: where a whole version's sections start, found from line end to line end ---

_SECTION_START_BEFORE = re.compile(r"^(?=#{1,6}[ \t]+\w)|(?<=\n\n)(?=[^\W\d_]|\*\*[^\W\d_])", re.MULTILINE)


def _section_starts_before(source: str) -> list[int]:
    return [m.start() for m in _SECTION_START_BEFORE.finditer(source) if m.start() > 0]


def _section_starts(source: str) -> list[int]:
    return [m.end() for m in text_module._SECTION_START.finditer(source)]


_SECTION_TEXTS = [
    "# Title\n\nIntro paragraph.\n\n## Section 1\n\nText.\n\n### Sub\n- item\n- item\n\nParagraph after list.\n",
    "#Not a heading\n\n# \n\n#### Four\n####### Seven hashes\n\n**Bold start** of a paragraph\n\n**1. Numbered bold**\n",
    "\n\n\n\nLetters after empty lines\n\n\n# Heading after three\n\n1. item\n\n_emphasis_ and 9 digits\n\nÉtat\n",
    "# Heading at the start\n#\tTabbed heading\n## \n\nlast", "", "\n", "\n\n", "no newline at all",
    "a\n\nb\n\nc\n# d\n\n\n## e\r\n\r\nf",
]


@pytest.mark.parametrize("source", _SECTION_TEXTS)
def test_section_starts_are_those_of_the_multiline_pattern(source):
    assert _section_starts(source) == _section_starts_before(source)


def test_section_starts_on_every_shared_corpus_version():
    versions = _corpus_versions()
    starts = 0
    for source in versions:
        expected = _section_starts_before(source)
        assert _section_starts(source) == expected
        starts += len(expected)
    assert starts > 10 * len(versions)


# --- imposition.py: the wordings a whole version says, read line by line ---

_WORDING_TEXTS = [
    "# Terms\n\nLast updated: March 1, 2024\n\nThese terms are effective as of April 2, 2024.\n",
    "Last\nupdated March 1, 2024. Effective\ndate: none. We have\nupdated our terms.",
    "Updated\r\nMarch 1, 2024\r\n\r\nThe new terms take effect on 5 May 2024.\r\n",
    "We've updated these terms.\nKey changes:\n- ineffective clauses\n- noneffective\n",
    "reffective\nupdatedness\n_updated_\n**Effective**: 2024-01-01\n[Last updated](#x) 1 July 2023",
    "TAKES EFFECT\nSummary of the changes\nin this update\nOur revised privacy policy",
    "", "\n", "\n\n\n", "effective", "no wording here at all\nnor here",
]


@pytest.mark.parametrize("text", _WORDING_TEXTS)
def test_wordings_read_by_line_are_those_searched_in_the_whole_text(text):
    imposition._wordings_in.cache_clear()
    for wording in (*imposition._LINE_WORDINGS, imposition._CONSENT_BY_USE):
        cold = imposition._says(wording, text)
        assert cold == imposition._says(wording, text) == (wording.search(text) is not None)


def _detect_imposition_before(new_text, old_text=None):
    """`detect_imposition` with every wording searched in the whole text, as it was."""
    saved = imposition._says
    imposition._says = lambda wording, text: wording.search(text) is not None
    try:
        for memo in (imposition._dates_after, imposition._wordings_in, imposition._wordings_in_line):
            memo.cache_clear()
        return imposition.detect_imposition(new_text, old_text)
    finally:
        imposition._says = saved
        imposition._dates_after.cache_clear()


def test_detect_imposition_with_wordings_by_line_on_the_cases():
    for old, new in zip([None, *_WORDING_TEXTS], _WORDING_TEXTS):
        expected = _detect_imposition_before(new, old)
        assert imposition.detect_imposition(new, old) == expected
        assert imposition.detect_imposition(new, old) == expected        # from the memos
    assert imposition.detect_imposition(_WORDING_TEXTS[0])["effective_date"] == "2024-04-02"
    assert imposition.detect_imposition(_WORDING_TEXTS[3], "Old terms.")["announced"] is True


def test_detect_imposition_with_wordings_by_line_on_every_shared_corpus_version():
    versions = _corpus_versions()
    said = [0] * len(imposition._LINE_WORDINGS)
    for text in versions:
        for index, wording in enumerate(imposition._LINE_WORDINGS):
            answer = imposition._says(wording, text)
            assert answer == (wording.search(text) is not None)
            said[index] += answer
    assert all(said)        # each wording said somewhere, and not everywhere
    assert all(n < len(versions) for n in said)
    # the whole reading, version after version of each document, as an import asks it
    by_document: dict[str, list[str]] = {}
    for path in sorted(glob.glob(str(shared_dir() / "corpus" / "ota" / "*" / "*" / "*.md")))[::5]:
        with open(path, encoding="utf-8") as handle:
            by_document.setdefault(path.rsplit("/", 1)[0], []).append(handle.read())
    for texts in by_document.values():
        for old, new in zip([None, *texts], texts):
            expected = _detect_imposition_before(new, old)
            assert imposition.detect_imposition(new, old) == expected


# --- took_effect.py: whether a removed clause is a notice of a coming change, kept by its text ---

_NOTICE_OLD = ("# Terms\n\nOn June 1, 2030, we will update these Terms to clarify how we use your content:\n\n"
               "We may use your posts to train our models.\n\nYou can opt out in your settings.\n\n"
               "## Liability\n\nWe are not liable for lost data.\n")
_NOTICE_HUNKS = [
    {"kind": "removed", "old": "On June 1, 2030, we will update these Terms to clarify how we use your content:", "new": ""},
    {"kind": "moved", "old": "We may use your posts to train our models.", "new": "We may use your posts to train our models."},
    {"kind": "moved", "old": "You can opt out in your settings.", "new": "You can opt out in your settings."},
    {"kind": "removed", "old": "We are not liable for lost data.", "new": ""},
    {"kind": "removed", "old": "The new Policy will take effect on 1 July.", "new": ""},
]


def test_notices_of_coming_changes_kept_by_text_are_those_searched():
    texts = [h["old"] for h in _NOTICE_HUNKS] + ["We have updated these Terms on March 17, 2030.",
                                                 "Changes coming on 1 May", "we’ll revise our privacy notice", ""]
    took_effect.is_notice_of_coming_change.cache_clear()
    for _ in range(2):      # cold, then from the memo
        assert [took_effect.is_notice_of_coming_change(t) for t in texts] == \
            [took_effect._COMING_CHANGE.search(t) is not None for t in texts] == \
            [True, False, False, False, True, False, True, True, False]
    for _ in range(2):
        assert took_effect.announced_clauses_in_force(_NOTICE_HUNKS, _NOTICE_OLD) == \
            ({1, 2}, {0}, "# Terms\n\n\n\n\n\n\n\n## Liability\n\nWe are not liable for lost data.\n")


def test_notices_of_coming_changes_on_shared_corpus_clauses():
    texts = _corpus_clauses(step=2)
    took_effect.is_notice_of_coming_change.cache_clear()
    found = 0
    for _ in range(2):
        for text in texts:
            answer = took_effect.is_notice_of_coming_change(text)
            assert answer == (took_effect._COMING_CHANGE.search(text) is not None)
            found += answer
    assert found


# --- restated_reading.py: a clause's negations and compared words kept by its text ---

def _model_reading_flipped_before(decision, category, old, new):
    """`model_reading_flipped` with `_negations` and `_compared` computed afresh, as lists."""
    saved = restated_reading._negations, restated_reading._compared
    negations, compared = saved[0].__wrapped__, saved[1].__wrapped__
    restated_reading._negations = lambda text: list(negations(text))
    restated_reading._compared = lambda text: (list(compared(text)[0]), *compared(text)[1:])
    try:
        return restated_reading.model_reading_flipped(decision, category, old, new)
    finally:
        restated_reading._negations, restated_reading._compared = saved


_RESTATED_PAIRS = [
    ("Brevo (ex Sendinblue) may share your info with partners.", "Brevo may share your information with partners."),
    ("We do not sell your data, except to Acme (a Meta company).", "We do not sell your data, except to Acme."),
    ("Facebook may use your photos to train models.", "Products may use your photos to train models."),
    ("We never share info unless required by law.", "We share information unless required by law."),
    ("You can delete your account at any time.", "You can delete your account at any time."),
    ("ACME (\u201cACME\u201d) MAY SHARE YOUR INFO.", "ACME MAY SHARE YOUR INFO."),
]


@pytest.mark.parametrize("old_text, new_text", _RESTATED_PAIRS)
def test_model_reading_flipped_with_memos_is_read_as_before(old_text, new_text):
    from monitor.classify.clauses import load_classifier

    classifier = load_classifier()
    old, new = classifier.classify([old_text, "We keep logs."]), classifier.classify([new_text, "We keep logs for a year."])
    for why, clauses in (("added", new[:1]), ("removed", old[:1]), ("added", new), ("removed", old), ("moved", old)):
        for category in ("data_sharing", "data_sale", "ai_training", "user_rights"):
            decision = {"why": why, "clauses": clauses}
            expected = _model_reading_flipped_before(decision, category, old, new)
            assert restated_reading.model_reading_flipped(decision, category, old, new) == expected
            assert restated_reading.model_reading_flipped(decision, category, old, new) == expected   # from the memos
    for text in (old_text, new_text):
        assert restated_reading._negations(text) == \
            tuple(sorted(m.group(0).lower() for m in restated_reading._NEGATION.finditer(text)))
        assert isinstance(restated_reading._compared(text)[0], tuple)
    if old_text.startswith("Brevo"):      # the same words but for an alias and a short form
        assert restated_reading.model_reading_flipped({"why": "added", "clauses": new[:1]}, "data_sharing", old, new)


# --- history.py: the share of vocabulary with the union counted, not built ---

def _jaccard_before(x, y):
    return len(x & y) / len(x | y) if x | y else 1.0


def test_share_of_vocabulary_is_the_one_of_the_union_built():
    import random

    from monitor.history import _jaccard

    rng = random.Random(25)
    words = [f"w{i}" for i in range(300)]
    cases = [(set(), set()), ({"a"}, set()), (set(), frozenset({"a"})), ({"a", "b"}, {"b", "c"}), ({"a"}, {"a"})]
    cases += [(frozenset(rng.sample(words, rng.randrange(0, 200))), frozenset(rng.sample(words, rng.randrange(0, 200))))
              for _ in range(500)]
    for x, y in cases:
        assert _jaccard(x, y) == _jaccard_before(x, y)
        assert type(_jaccard(x, y)) is float


def test_share_of_vocabulary_on_consecutive_shared_corpus_versions():
    from monitor.diff.suspect import visible_vocabulary
    from monitor.history import _jaccard

    vocabularies = [visible_vocabulary(text, 60_000) for text in _corpus_versions(step=2)]
    for x, y in zip(vocabularies, vocabularies[1:]):
        assert _jaccard(x, y) == _jaccard_before(x, y)
