"""Work no longer done more than once across versions (engineer `cpu16`), results unchanged:
each test compares the new way with the way it was done before, on cases that exercise it."""

from __future__ import annotations

import glob
from dataclasses import replace

import pytest

from monitor.classify import assess, framework_left, programme, stated
from monitor.classify.clauses import ClauseResult, load_classifier
from monitor.classify.memos import forget_all
from monitor.classify.moved_out import _LINK, _field
from monitor.classify.reading import clauses_in_context, plain_words
from monitor.paths import shared_dir


# --- programme.py: the whole old text's words read only when a hunk speaks of a programme ---

def _programme_hunks_before(hunks, old_text, new_text) -> set[int]:
    """`hunks_bounding_a_new_programme` as it was: the old text's words read first, always."""
    old = plain_words(old_text or "")
    new_length = len(new_text if new_text is not None else "\n".join(_field(h, "new") for h in hunks))
    written = {index: programme._path(_field(hunk, "section")) for index, hunk in enumerate(hunks)
               if _field(hunk, "kind") in ("added", "modified") and _field(hunk, "new")}
    programmes = {section for index, section in written.items()
                  if plain_words(section.rsplit(" > ", 1)[-1]) not in old
                  and programme._introduces_a_programme(_LINK.sub(r"\1", _field(hunks[index], "new")))}
    bounded: set[int] = set()
    for name in programmes:
        within = {index for index, section in written.items()
                  if section == name or section.startswith(name + " > ")}
        if sum(len(_field(hunks[index], "new")) for index in within) <= programme._SECTION_SHARE * new_length:
            bounded |= within
    return bounded


_OLD_TERMS = ("Account\nWe keep the email address you sign up with and the songs you rate. " * 6
              + "\nRewards Club\nMembers of the club collect points.\n")


def _hunk(kind, section, new, old=""):
    return {"kind": kind, "section": section, "old": old, "new": new}


_PROGRAMME_CASES = [
    # a new section enrolling users in a programme, with its subsection and an unrelated right
    [_hunk("added", "Terms > Beta Testers", "You may sign up for the beta testers program in the app."),
     _hunk("added", "Terms > Beta Testers > Leaving", "You can leave the beta at any time."),
     _hunk("added", "Terms > Account", "You can export your ratings.")],
    # the programme's section already in the old text: not new, nothing bounded
    [_hunk("modified", "Terms > Rewards Club", "You may enrol in the rewards club program to earn points.",
           "Members of the club collect points.")],
    # a feature offered to another party, in a new section
    [_hunk("added", "Terms > For Labels", "We offer a tool for publishers to promote their albums. "
                                          "No listening history is used to pick who sees them.")],
    # no hunk speaks of a programme (the common case: nothing read of the old text)
    [_hunk("added", "Terms > Cookies", "We use cookies to remember your language."),
     _hunk("removed", "Terms > Account", "", "We keep the songs you rate."),
     _hunk("modified", "Terms > Account", "We keep the email address you gave us.", "We keep your email.")],
    # a programme spoken of in a section that is most of the new text (a rewrite): not bounded
    [_hunk("added", "Everything New", "Join our listener panel program. " * 40)],
    # a link's words read, its target not: "[join our tasting program](...)"
    [_hunk("added", "Terms > Tasting", "You may [participate in our tasting program](https://x.example/t).")],
]


@pytest.mark.parametrize("hunks", _PROGRAMME_CASES)
def test_programme_hunks_are_those_read_with_the_old_text_first(hunks):
    new_text = _OLD_TERMS + "\n" + "\n".join(h["new"] for h in hunks)
    for old_text, whole_new in ((_OLD_TERMS, new_text), ("", new_text), (None, None)):
        assert programme.hunks_bounding_a_new_programme(hunks, old_text, whole_new) == \
            _programme_hunks_before(hunks, old_text, whole_new)
    # the cases exercise both answers
    if hunks is _PROGRAMME_CASES[0]:
        assert programme.hunks_bounding_a_new_programme(hunks, _OLD_TERMS, new_text) == {0, 1}


# --- framework_left.py: the frameworks a whole version names, read line by line ---

def _frameworks_searched_whole(text: str) -> frozenset[str]:
    return frozenset(name for name, named in framework_left._FRAMEWORKS.items() if named.search(text))


_FRAMEWORK_TEXTS = [
    "We rely on the EU-U.S. Privacy Shield.\nWe also use adequacy decisions.",
    "privacy\nshield are two words on two lines",          # no name across a line break
    "PRIVACY SHIELD at the start of a line\nand DPF at the end of one: DPF",
    "The Data Privacy Framework (DPF)\r\nand the Safe Harbour principles",
    "DPFs, xDPF and DPF_ are not the acronym\nsafe  harbor with two spaces is no name",
    "\n\nsafe harbor\n\n",
    "a line with nothing\n" * 50 + "Safe Harbor" + "\nmore" * 10,
    "",
]


@pytest.mark.parametrize("text", _FRAMEWORK_TEXTS)
def test_frameworks_named_by_lines_are_those_searched_in_the_whole_text(text):
    forget_all()
    cold = framework_left._frameworks_named(text)
    warm = framework_left._frameworks_named(text)       # every line from the memo
    assert cold == warm == _frameworks_searched_whole(text)


def test_frameworks_named_by_lines_on_every_shared_corpus_version():
    paths = sorted(glob.glob(str(shared_dir() / "corpus" / "ota" / "*" / "*" / "*.md")))
    assert len(paths) > 500
    named = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        expected = _frameworks_searched_whole(text)
        assert framework_left._frameworks_named(text) == expected, path
        named += bool(expected)
    assert named > 10       # the corpus exercises the names found, not only their absence


def test_recourse_left_with_its_framework_still_reads_a_framework_left():
    old = "We take part in the Privacy Shield.\nContact our independent dispute resolution body (free of charge)."
    new = "We now transfer data on standard contractual clauses."
    hunks = [{"kind": "removed", "old": "Contact our independent dispute resolution body (free of charge).", "new": ""}]
    assert framework_left.recourse_left_with_its_framework(hunks, old, new) == {0}
    # the framework still named in the new text: nothing left
    assert framework_left.recourse_left_with_its_framework(hunks, old, new + "\nAnd the Privacy Shield.") == set()


# --- stated.py: whether a clause grants the service a discretion, kept by the clause's text ---

def _grants_discretion_before(result: ClauseResult) -> bool:
    if result.labels:
        return False
    for match in stated._DISCRETION.finditer(result.text):
        near = result.text[max(0, match.start() - stated._FAVOUR_REACH):match.end() + stated._FAVOUR_REACH]
        if stated._services_discretion(result.text, match) and not stated._FAVOUR.search(near):
            return True
    return False


_DISCRETION_CLAUSES = [
    "We may change the price of the plan at our sole discretion.",
    "At its sole and absolute discretion, Quillfeather may close dormant workspaces.",
    "The Vendor may, at its sole discretion, cancel your booking.",
    "Refunds are issued at our sole discretion.",
    "Eligibility is set at the exclusive discretion of the Host.",
    "Eligibility is set at the absolute discretion of us.",
    "Our discretion is limited by law.",
    "We may terminate your account at our sole discretion and forfeit your credits.",
]


def test_discretion_granted_by_text_is_the_clause_read_afresh():
    classifier = load_classifier()
    forget_all(classifier)
    results = classifier.classify(_DISCRETION_CLAUSES)
    # a result without labels of each clause too: the memo is by text, the labels are read apart
    unlabelled = [replace(r, labels=[], evidence={}) if r.labels else replace(r, labels=["arbitration"])
                  for r in results]
    expected = [_grants_discretion_before(r) for r in results + unlabelled]
    for _ in range(2):                                   # cold, then from the memo
        assert [stated.grants_discretion(r) for r in results + unlabelled] == expected
    assert any(expected) and not all(expected)


# --- assess.py: a hunk side's clause keys kept by text ---

def _changed_clauses_before(old, new, old_whole=None, new_whole=None):
    old_clauses, new_clauses = ([(assess.without_run_in_heading(c), lead_in) for c, lead_in in clauses_in_context(text, whole)]
                                for text, whole in ((old, old_whole), (new, new_whole)))
    old_keys, new_keys = {plain_words(c) for c, _ in old_clauses}, {plain_words(c) for c, _ in new_clauses}
    return ([(c, lead_in) for c, lead_in in old_clauses if plain_words(c) not in new_keys],
            [(c, lead_in) for c, lead_in in new_clauses if plain_words(c) not in old_keys])


_WHOLE_OLD = ("# Rules\n\nYou may not use the app to:\n\n- resell seats\n- scrape listings\n\n"
              "We keep logs for 30 days. We share logs with our host.\n")
_WHOLE_NEW = ("# Rules\n\nYou may not use the app to:\n\n- resell seats\n- scrape listings\n- mine coins\n\n"
              "We keep logs for 90 days. We share logs with our host.\n")
_SIDES = [
    ("We keep logs for 30 days. We share logs with our host.", "We keep logs for 90 days. We share logs, with our host!"),
    ("- resell seats\n- scrape listings", "- resell seats\n- scrape listings\n- mine coins"),
    ("", "We **keep** logs for [90 days](https://x.example). Same sentence. Same sentence."),
    ("Same sentence. Same sentence.", ""),
    ("Logs: We keep logs for 30 days.", "Logs: We keep logs for 30 days."),
]


@pytest.mark.parametrize("old,new", _SIDES)
def test_changed_clauses_with_keys_by_text_are_those_read_afresh(old, new):
    forget_all()
    for wholes in ((None, None), (_WHOLE_OLD, _WHOLE_NEW)):
        expected = _changed_clauses_before(old, new, *wholes)
        assert assess._changed_clauses(old, new, *wholes) == expected
        assert assess._changed_clauses(old, new, *wholes) == expected     # warm memo


# --- reading.py / stated.py: a whole version's clauses keyed and counted once ---

_QUOTES = ["We do not sell your personal data.", "we don't SELL, rent or monetise your data",
           "Your data may be shared with any third party.", "the and of", "", "Ünïcode wörds and data"]


def test_words_key_and_words_in_order_by_text_are_the_text_read_afresh():
    from monitor.classify import reading
    fresh_key = reading.words_key.__wrapped__
    fresh_order = stated.words_in_order.__wrapped__
    forget_all()
    for _ in range(2):                                   # cold, then from the memos
        assert [reading.words_key(q) for q in _QUOTES] == [fresh_key(q) for q in _QUOTES]
        assert [stated.words_in_order(q) for q in _QUOTES] == [fresh_order(q) for q in _QUOTES]
    assert fresh_key(_QUOTES[0]) == frozenset({"do", "sell", "personal", "data"})


def _runs_of_old_text_before(clauses, old_clauses) -> bool:
    """`runs_of_old_text` as it was: the old clauses' lengths counted at every call."""
    lengths = sorted({len(c.split()) for c in old_clauses if c})

    def whole_clauses(words):
        lead_in = stated._LEAD_IN.match(" ".join(words))
        start = len(lead_in.group(0).split()) if lead_in else 0
        reached, todo = {start}, [start]
        while todo:
            at = todo.pop()
            for n in lengths:
                end = at + n
                if end > len(words):
                    break
                if end not in reached and " ".join(words[at:end]) in old_clauses:
                    if end == len(words):
                        return True
                    reached.add(end)
                    todo.append(end)
        return False

    return all(whole_clauses(stated.words_in_order(clause.text).split()) for clause in clauses)


def test_runs_of_old_text_with_lengths_kept_is_the_reading_before():
    old_text_clauses = ["Data we keep", "We keep your uploads for a year.", "We share uploads with our printer.",
                        "As described above", "Uploads"]
    old = frozenset(stated.words_in_order(c) for c in old_text_clauses)
    candidates = ["Data we keepWe keep your uploads for a year.", "We keep your uploads for a year. We share uploads with our printer.",
                  "As mentioned above, we keep your uploads for a year.", "We keep your uploads forever.",
                  "We share uploads with our printer and advertisers.", "UploadsWe share uploads with our printer."]
    forget_all()
    results = [ClauseResult(text=c, labels=[], scores={}, evidence={}, protections={}) for c in candidates]
    for _ in range(2):
        answers = [stated.runs_of_old_text([r], old) for r in results]
        assert answers == [_runs_of_old_text_before([r], old) for r in results]
    assert any(answers) and not all(answers)
    # an old text of other clauses counted apart (the memo is by the set of clauses)
    other = frozenset({"we keep your uploads forever"})
    assert stated.runs_of_old_text(results[3:4], other) is True and stated.runs_of_old_text(results[3:4], old) is False


# --- score.py: a category's breadth kept while its findings are the very objects in force ---

def test_score_with_breadths_kept_across_versions_is_the_score_computed_afresh():
    from monitor.score import TermFinding, compute_score, load_params

    params = load_params()
    weights = {"data_sharing": 0.8, "arbitration": 0.7, "tracking": 0.5}
    terms_doc = [TermFinding("arbitration", 2, "Terms of Service", "Disputes go to binding arbitration.", 1, 0)]
    privacy_v1 = [TermFinding("data_sharing", 2, "Privacy Policy", "We share your data with partners.", 2, 3),
                  TermFinding("tracking", 1, "Privacy Policy", "We use cookies to follow you across sites.", 2, 5)]
    privacy_v2 = [TermFinding("data_sharing", 3, "Privacy Policy", "We share your data with any third party.", 3, 3),
                  TermFinding("tracking", 1, "Privacy Policy", "We use cookies to follow you across sites.", 3, 5)]
    terms_v2 = [TermFinding("arbitration", 2, "Terms of Service", "Disputes go to binding arbitration.", 4, 0),
                TermFinding("data_sharing", 1, "Terms of Service", "We share your name with the payment processor only.", 4, 2)]
    opt_out = [TermFinding("tracking", 0, "Privacy Policy", "You can opt out of tracking cookies.", 5, 6, True)]
    # the documents in force after each version: a new version of one document at a time
    states = [({1: terms_doc}, {}), ({1: terms_doc, 2: privacy_v1}, {}), ({1: terms_doc, 2: privacy_v2}, {}),
              ({1: terms_v2, 2: privacy_v2}, {}), ({1: terms_v2, 2: privacy_v2}, {2: opt_out}),
              ({1: terms_v2, 2: privacy_v2}, {2: opt_out}), ({1: list(terms_v2), 2: privacy_v1}, {2: []})]
    breadths: dict = {}
    kept = 0
    for index, (in_force, protecting) in enumerate(states):
        terms = [f for findings in in_force.values() for f in findings]
        protections = [f for findings in protecting.values() for f in findings]
        at = f"2024-0{index + 1}-01T00:00:00Z"
        before = dict(breadths)
        with_memo = compute_score(terms, [], at=at, params=params, weights=weights, protections=protections,
                                  breadths=breadths)
        afresh = compute_score(terms, [], at=at, params=params, weights=weights, protections=protections)
        assert with_memo.to_json() == afresh.to_json()
        kept += sum(1 for c in before if breadths.get(c) is before[c])
    assert kept >= 3        # the cases exercise the kept breadths, not only new ones
